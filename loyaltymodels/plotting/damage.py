"""Plots for :mod:`loyaltymodels.damage`: tornado diagram and damage by path."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

__all__ = ["plot_damage_by_path", "plot_tornado"]

_PATH_LABELS = {
    "silent": "silent (did not complain)",
    "complained_satisfied": "complained, satisfied",
    "complained_mollified": "complained, mollified",
    "complained_dissatisfied": "complained, unresolved",
    "word_of_mouth": "word of mouth",
}


@plot_docstring("barh", "(``low_color`` and ``high_color`` set the two colours)")
def plot_tornado(result: Any, *, ax: Axes | None = None, top: int | None = None, **kw: Any) -> Axes:
    """Tornado diagram of a sensitivity table (:func:`loyaltymodels.damage.sensitivity`).

    Each bar runs from the baseline (vertical line) to the total damage at an input's low value
    (blue) and at its high value (orange); the widest swing is on top.

    Parameters
    ----------
    result : SensitivityResult
        The sensitivity analysis.
    top : int, optional
        Show only the ``top`` widest swings.
    """
    table = result.params if top is None else result.params.head(top)
    ax = axes_or_new(ax, (7, 0.4 * len(table) + 1.5))
    rows = np.arange(len(table))[::-1]
    base = float(result.baseline)
    for column, colour, label in (
        ("output_at_low", kw.pop("low_color", "tab:blue"), "input at its low value"),
        ("output_at_high", kw.pop("high_color", "tab:orange"), "input at its high value"),
    ):
        ax.barh(rows, table[column].to_numpy() - base, left=base, color=colour, label=label, **kw)
    ax.set_yticks(rows, [str(name) for name in table.index])
    ax.legend(loc="lower right", fontsize="small")
    ax.axvline(result.baseline, color="black", linewidth=1)
    ax.set_xlabel(f"total {result.measure.replace('_', ' ')}")
    ax.set_title("Sensitivity of the market damage (tornado)")
    return ax


@plot_docstring("barh")
def plot_damage_by_path(
    result: Any, *, measure: str = "lost_revenue", ax: Axes | None = None, **kw: Any
) -> Axes:
    """Stacked bars of the damage by problem type and path, with the total's interval.

    Parameters
    ----------
    result : DamageResult
        The fitted market damage model.
    measure : {"lost_revenue", "lost_customers"}, default "lost_revenue"
        The quantity shown.
    """
    table = result.by_path(measure).drop(index="total")
    paths = [p for p in table.columns if p != "total"]
    ax = axes_or_new(ax, (8, 0.6 * len(table) + 2))
    rows = np.arange(len(table))[::-1]
    positive = np.zeros(len(table))
    negative = np.zeros(len(table))
    for path in paths:
        values = table[path].to_numpy()
        left = np.where(values >= 0, positive, negative)
        ax.barh(rows, values, left=left, label=_PATH_LABELS.get(path, path), **kw)
        positive += np.clip(values, 0, None)
        negative += np.clip(values, None, 0)
    bounds = result.by_path(measure, "lower").drop(index="total")["total"].to_numpy()
    uppers = result.by_path(measure, "upper").drop(index="total")["total"].to_numpy()
    totals = table["total"].to_numpy()
    if np.all(np.isfinite(bounds)):
        ax.errorbar(
            totals,
            rows,
            xerr=[totals - bounds, uppers - totals],
            fmt="o",
            color="black",
            capsize=4,
            label=f"total, {result.ci_prob:.0%} interval",
        )
    ax.set_yticks(rows, [str(p) for p in table.index])
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel(measure.replace("_", " "))
    ax.set_title("Market damage by problem and path")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax
