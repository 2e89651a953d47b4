"""Plots for :mod:`loyaltymodels.servqual`: IPA grid, gaps, zone of tolerance, segment gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring
from loyaltymodels.plotting.point_labels import label_points

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from loyaltymodels.servqual import GapResult, IPAResult, SegmentResult, ToleranceResult

__all__ = ["plot_gaps", "plot_ipa", "plot_segment_gaps", "plot_zone_of_tolerance"]

_QUADRANT_CORNERS = {
    "I": (0.02, 0.98, "left", "top"),
    "II": (0.98, 0.98, "right", "top"),
    "III": (0.02, 0.02, "left", "bottom"),
    "IV": (0.98, 0.02, "right", "bottom"),
}


@plot_docstring("scatter")
def plot_ipa(result: IPAResult, *, ax: Axes | None = None, labels: bool = True, **kw: Any) -> Axes:
    """Plot the importance-performance grid: attributes, crosshair and quadrant names.

    Parameters
    ----------
    result : IPAResult
        From :func:`loyaltymodels.servqual.importance_performance`.
    labels : bool, default True
        Write each attribute's name beside its point.
    """
    from loyaltymodels.servqual import QUADRANTS

    ax = axes_or_new(ax, (6.5, 5.5))
    table = result.table
    ax.scatter(table["performance"], table["importance"], zorder=3, **kw)
    if labels:
        label_points(ax, table, "performance", "importance", offset=(4, 3), fontsize=8)
    x0, y0 = result.crosshair
    ax.axvline(x0, color="grey", lw=1)
    ax.axhline(y0, color="grey", lw=1)
    for quadrant, (x, y, ha, va) in _QUADRANT_CORNERS.items():
        ax.text(
            x,
            y,
            f"{quadrant}: {QUADRANTS[quadrant]}",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=8,
            color="dimgrey",
        )
    ax.set_xlabel("performance (mean)")
    ax.set_ylabel("importance (mean)")
    ax.set_title(f"Importance-performance analysis (crosshair: {result.rule})")
    return ax


@plot_docstring("barh")
def plot_gaps(
    result: GapResult, *, level: str = "dimension", ax: Axes | None = None, **kw: Any
) -> Axes:
    """Plot mean scores with their confidence intervals as horizontal bars.

    Parameters
    ----------
    result : GapResult
        From :func:`loyaltymodels.servqual.score` or :func:`~loyaltymodels.servqual.servperf`.
    level : {"dimension", "item"}, default "dimension"
        Plot the dimension and overall scores, or every item.
    """
    table = result.items if level == "item" else result.dimensions
    ax = axes_or_new(ax, (6.5, 0.3 * len(table) + 1.5))
    y = np.arange(len(table))[::-1]
    errors = np.vstack([table["estimate"] - table["lower"], table["upper"] - table["estimate"]])
    ax.barh(y, table["estimate"], xerr=errors, capsize=3, **kw)
    ax.set_yticks(y, [str(name) for name in table.index])
    ax.axvline(0.0, color="black", lw=0.8)
    what = "gap (P - E)" if result.method == "servqual" else "perception"
    ax.set_xlabel(f"mean {what} with {result.confidence:.0%} interval")
    return ax


@plot_docstring()
def plot_zone_of_tolerance(
    result: ToleranceResult, *, level: str = "dimension", ax: Axes | None = None
) -> Axes:
    """Plot each zone of tolerance (adequate to desired) with the mean perception.

    Parameters
    ----------
    result : ToleranceResult
        From :func:`loyaltymodels.servqual.zone_of_tolerance`.
    level : {"dimension", "item"}, default "dimension"
        One bar per dimension or per item.
    """
    table = result.items if level == "item" else result.dimensions
    ax = axes_or_new(ax, (6.5, 0.3 * len(table) + 1.5))
    y = np.arange(len(table))[::-1]
    ax.barh(
        y,
        table["zone_width"],
        left=table["adequate"],
        color="lightsteelblue",
        label="zone of tolerance",
    )
    colours = {"below": "firebrick", "within": "black", "above": "seagreen", "inverted": "grey"}
    ax.scatter(
        table["perceived"],
        y,
        c=[colours[p] for p in table["position"]],
        zorder=3,
        label="perceived (colour: position)",
    )
    ax.set_yticks(y, [str(name) for name in table.index])
    ax.use_sticky_edges = False
    ax.margins(x=0.05)
    ax.set_xlabel("mean answer")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize=8)
    return ax


@plot_docstring("errorbar")
def plot_segment_gaps(result: SegmentResult, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Plot each score's mean by segment with confidence intervals.

    Parameters
    ----------
    result : SegmentResult
        From :func:`loyaltymodels.servqual.compare_segments`.
    """
    means = result.means
    scores = list(dict.fromkeys(means["score"]))
    segments = list(dict.fromkeys(means["segment"]))
    ax = axes_or_new(ax, (6.5, 0.4 * len(scores) + 1.5))
    base = np.arange(len(scores))[::-1].astype(float)
    step = 0.6 / max(len(segments), 1)
    for number, segment in enumerate(segments):
        rows = means[means["segment"] == segment].set_index("score").loc[scores]
        y = base + 0.3 - step * (number + 0.5)
        errors = np.vstack([rows["estimate"] - rows["lower"], rows["upper"] - rows["estimate"]])
        ax.errorbar(rows["estimate"], y, xerr=errors, fmt="o", capsize=3, label=str(segment), **kw)
    ax.set_yticks(base, scores)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_xlabel(f"mean score with {result.confidence:.0%} interval")
    ax.legend(fontsize=8)
    return ax
