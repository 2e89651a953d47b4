"""Plots for :mod:`loyaltymodels.metrics`: NPS by segment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_nps_segments"]


@plot_docstring("plot", "for the points")
def plot_nps_segments(table: pd.DataFrame, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Plot each segment's NPS with its interval; the row ``"all"`` is drawn as a dashed line.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`loyaltymodels.metrics.nps_by_segment` (``nps``, ``lower``, ``upper``, ``n``).
    """
    ax = axes_or_new(ax, (8.0, 0.5 * len(table) + 1.5))
    segments = table.drop(index="all", errors="ignore")
    position = np.arange(len(segments))
    estimate = segments["nps"].to_numpy(dtype=float)
    # the adjusted-Wald interval is centred on the adjusted estimate, so the NPS itself may
    # lie off-centre (or outside it for tiny segments): draw the interval and the point apart
    ax.hlines(
        position,
        segments["lower"].to_numpy(float),
        segments["upper"].to_numpy(float),
        color="#0072B2",
        linewidth=2,
        label="95% interval",
    )
    ax.plot(estimate, position, "o", color="#0072B2", label="NPS", **kw)
    names = zip(segments.index, segments["n"], strict=True)
    ax.set_yticks(position, [f"{label} (n = {n:,})" for label, n in names])
    if "all" in table.index:
        overall = float(table["nps"].loc["all"])
        ax.axvline(overall, color="#555555", linestyle="--", label="all answers")
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xlabel("Net Promoter Score (% promoters - % detractors)")
    ax.set_ylim(len(segments) - 0.5, -0.5)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    return ax
