"""Plots for :mod:`loyaltymodels.pls`: path diagram and importance-performance map."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring
from loyaltymodels.plotting.diagram import draw_construct, draw_path, fit_view
from loyaltymodels.plotting.point_labels import label_points

__all__ = ["plot_ipma", "plot_pls_path_diagram"]


@plot_docstring()
def plot_pls_path_diagram(result: Any, *, ax: Axes | None = None, digits: int = 2) -> Axes:
    """Draw the inner model of a fitted PLS model: path coefficients, R² and rho_A.

    Constructs are placed left to right by their causal depth (longest chain of causes) and
    alternate above and below the centre line, so that long chains such as the ECSI model stay
    readable; each path's coefficient is written on its arrow.

    Parameters
    ----------
    result : PLSResult
        A fitted PLS model.
    digits : int, default 2
        Decimal places shown.
    """
    ax = axes_or_new(ax, (10, 6))
    spec = result.spec
    depth: dict[str, int] = {}
    for name in spec.causal_order():
        depth[name] = max((depth[c] + 1 for c in spec.antecedents(name)), default=0)
    position: dict[str, tuple[float, float]] = {}
    for level in sorted(set(depth.values())):
        names = [n for n in spec.constructs if depth[n] == level]
        offsets = (
            np.linspace(1.0, -1.0, len(names))
            if len(names) > 1
            else np.array([(-1.0) ** level * 0.8 if 0 < level < max(depth.values()) else 0.0])
        )
        for name, y in zip(names, offsets, strict=True):
            position[name] = (2.6 * level, 2.0 * float(y))
    fmt = f"{{:.{digits}f}}"
    width, height = 1.7, 0.75
    for name, centre in position.items():
        label = name
        if name in result.r2.index:
            label += f"\nR² {fmt.format(result.r2[name])}"
        draw_construct(ax, centre, (width, height), label, 8.5)
    for cause, outcome in spec.paths:
        (x0, y0), (x1, y1) = np.array(position[cause]), np.array(position[outcome])
        direction = np.array([x1 - x0, y1 - y0])
        unit = direction / np.hypot(*direction)
        shrink = np.array([width / 2, height / 2]) * unit
        start, end = np.array([x0, y0]) + shrink, np.array([x1, y1]) - shrink
        middle = start + 0.45 * (end - start)
        coefficient = fmt.format(result.path_coefficients.loc[cause, outcome])
        draw_path(ax, tuple(start), tuple(end), middle, coefficient, 8.5, va="center")
    fit_view(ax, position, 1.2, (0.8, 0.8))
    ax.set_aspect("equal")
    ax.set_axis_off()
    mode = "PLSc" if result.settings.get("consistent") else "PLS"
    ax.set_title(f"{mode} path model (standardized path coefficients, R²)")
    return ax


@plot_docstring("scatter")
def plot_ipma(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Importance-performance map: unstandardized total effect (x) against performance (y).

    Dashed lines mark the mean importance and mean performance, splitting the map into the
    usual quadrants; the upper bound of the target's performance is 100.

    Parameters
    ----------
    result : IPMAResult
        An importance-performance map analysis.
    """
    ax = axes_or_new(ax, (7, 5))
    table = result.params
    ax.scatter(table["importance"], table["performance"], **{"color": "#1f4e79", **kw})
    label_points(ax, table, "importance", "performance", offset=(5, 4), fontsize=9)
    ax.axvline(table["importance"].mean(), color="#888", ls="--", lw=0.8)
    ax.axhline(table["performance"].mean(), color="#888", ls="--", lw=0.8)
    ax.set_xlabel(f"importance (total effect on {result.target})")
    ax.set_ylabel("performance (0-100)")
    ax.set_title(
        f"Importance-performance map: {result.target} (performance {result.target_performance:.1f})"
    )
    return ax
