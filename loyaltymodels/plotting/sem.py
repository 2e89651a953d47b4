"""Plots for :mod:`loyaltymodels.sem`: the path diagram of a fitted model."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring
from loyaltymodels.plotting.diagram import draw_construct, draw_path, fit_view

__all__ = ["plot_path_diagram"]


def _levels(structural: list[str], paths: list[tuple[str, str]]) -> dict[str, int]:
    """Column of each structural variable: the length of the longest path leading to it."""
    level = dict.fromkeys(structural, 0)
    for _ in range(len(structural)):
        for cause, outcome in paths:
            level[outcome] = max(level[outcome], level[cause] + 1)
    return level


@plot_docstring()
def plot_path_diagram(result: Any, *, ax: Axes | None = None, digits: int = 2) -> Axes:
    """Draw the structural model of a fitted SEM with standardized coefficients.

    Latent variables are ellipses arranged left to right by their position in the causal
    order; arrows carry the standardized path coefficients (``std_all``), each latent variable
    lists its items with standardized loadings and shows its R-squared.

    Parameters
    ----------
    result : SEMResult
        A fitted model.
    digits : int, default 2
        Decimal places of the coefficients shown.
    """
    ax = axes_or_new(ax, (9, 6))
    params = result.params
    regressions = params[params["op"] == "~"]
    loadings = params[params["op"] == "=~"]
    paths = list(zip(regressions["rval"], regressions["lval"], strict=True))
    structural = list(dict.fromkeys([*result.latents, *regressions["lval"], *regressions["rval"]]))
    level = _levels(structural, paths)
    columns: dict[int, list[str]] = {}
    for name in structural:
        columns.setdefault(level[name], []).append(name)
    position = {}
    last = max(columns)
    for col, names in columns.items():
        heights = np.linspace(1, -1, len(names)) if len(names) > 1 else np.zeros(1)
        if 0 < col < last and len(names) == 1:
            heights = np.array([1.45])  # a lone mediator sits above the direct paths
        for name, height_k in zip(names, heights, strict=True):
            position[name] = (col * 3.0, float(height_k) * 2.2)
    width, height = 1.6, 0.8
    fmt = f"{{:.{digits}f}}"
    for name, (x, y) in position.items():
        x, y = float(x), float(y)
        label = name
        if name in result.r2.index:
            label += f"\nR² = {fmt.format(result.r2[name])}"
        draw_construct(ax, (x, y), (width, height), label, 9)
        items = loadings[loadings["lval"] == name]
        if len(items):
            text = "  ".join(f"{row.rval} {fmt.format(row.std_all)}" for row in items.itertuples())
            ax.text(x, y - height * 0.85, text, ha="center", va="top", fontsize=7, color="#555")
    for row in regressions.itertuples():
        (x0, y0), (x1, y1) = position[row.rval], position[row.lval]
        side = width / 2 * np.sign(x1 - x0 or 1)
        label_at = ((x0 + x1) / 2, (y0 + y1) / 2 + 0.12)
        draw_path(ax, (x0 + side, y0), (x1 - side, y1), label_at, fmt.format(row.std_all), 9)
    fit_view(ax, position, 1.5, (1.6, 1.0))
    ax.set_axis_off()
    ax.set_title("Path diagram (standardized estimates)")
    return ax
