"""Plots for :mod:`loyaltymodels.clv`: tracking, conditional expectations, P(alive), CLV.

Each function draws a table computed elsewhere (:mod:`loyaltymodels.clv.holdout` or a result's
predictions) and computes nothing itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_clv_distribution",
    "plot_conditional_expectations",
    "plot_probability_alive_matrix",
    "plot_tracking",
]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_tracking(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    cumulative: bool = True,
    time_label: str = "week",
    **kw: Any,
) -> Axes:
    """Plot repeat transactions per period, actual vs model, with the calibration end marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`loyaltymodels.clv.holdout.tracking`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    cumulative : bool, default True
        Cumulative totals; False plots the transactions in each period.
    time_label : str, default "week"
        The name of a period on the x axis.
    **kw
        Passed to the model line (:meth:`matplotlib.axes.Axes.plot`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = _axes(ax, (8.0, 4.5))
    suffix = "_cumulative" if cumulative else ""
    period = table.index.to_numpy()
    ax.plot(period, table[f"actual{suffix}"], color="black", label="actual")
    ax.plot(period, table[f"expected{suffix}"], linestyle="--", label="model", **kw)
    lower, upper = table[f"lower{suffix}"], table[f"upper{suffix}"]
    if np.any(upper.to_numpy() > lower.to_numpy()):
        ax.fill_between(period, lower, upper, alpha=0.25, label="95% interval (model)")
    calibration = int((~table["holdout"]).sum())
    if 0 < calibration < len(table):
        ax.axvline(calibration + 0.5, color="grey", linestyle=":", label="end of calibration")
    ax.set_xlabel(time_label)
    kind = (
        "cumulative repeat transactions" if cumulative else f"repeat transactions per {time_label}"
    )
    ax.set_ylabel(kind)
    ax.legend(frameon=False)
    return ax


def plot_conditional_expectations(
    table: pd.DataFrame, *, ax: Axes | None = None, **kw: Any
) -> Axes:
    """Plot mean holdout purchases by calibration frequency: actual vs model with intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`loyaltymodels.clv.holdout.conditional_expectations`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    **kw
        Passed to the model line (:meth:`matplotlib.axes.Axes.errorbar`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = _axes(ax, (6.5, 4.5))
    position = np.arange(len(table))
    expected = table["expected"].to_numpy()
    below = expected - table["lower"].to_numpy()
    above = table["upper"].to_numpy() - expected
    ax.plot(position, table["actual"], color="black", marker="o", label="actual")
    ax.errorbar(
        position,
        expected,
        yerr=np.vstack([below, above]),
        linestyle="--",
        marker="s",
        capsize=3,
        label="model (95% interval)",
        **kw,
    )
    ax.set_xticks(position, [str(label) for label in table.index])
    ax.set_xlabel("purchases in calibration")
    ax.set_ylabel("mean purchases in holdout")
    ax.legend(frameon=False)
    return ax


def plot_probability_alive_matrix(
    matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    cmap: str = "viridis",
    **kw: Any,
) -> Axes:
    """Draw P(alive) over frequency (rows) x recency (columns) as a heat map.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`loyaltymodels.clv.holdout.probability_alive_grid`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    cmap : str, default "viridis"
        The colour map.
    **kw
        Passed to :meth:`matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = _axes(ax, (7.0, 5.0))
    recency = matrix.columns.to_numpy(dtype=float)
    frequency = matrix.index.to_numpy(dtype=float)
    mesh = ax.pcolormesh(
        _edges(recency),
        _edges(frequency),
        np.ma.masked_invalid(matrix.to_numpy(dtype=float)),
        cmap=cmap,
        vmin=0.0,
        vmax=1.0,
        shading="flat",
        **kw,
    )
    ax.figure.colorbar(mesh, ax=ax, label="P(alive)")
    ax.set_xlabel("recency (time of last purchase)")
    ax.set_ylabel("frequency (repeat purchases)")
    return ax


def plot_clv_distribution(
    clv: pd.DataFrame,
    *,
    ax: Axes | None = None,
    bins: int = 50,
    log_scale: bool = True,
    **kw: Any,
) -> Axes:
    """Plot customers ranked by posterior mean CLV with their intervals, and the histogram.

    The main axis shows each customer's mean (line) and interval (band), customers sorted
    by mean; a histogram of the means sits on a secondary axis.

    Parameters
    ----------
    clv : pandas.DataFrame
        Per-customer ``mean``, ``lower``, ``upper`` (``result.customer_lifetime_value(...)``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    bins : int, default 50
        Histogram bins.
    log_scale : bool, default True
        A logarithmic value axis above 1 (linear below): CLV is very skewed.
    **kw
        Passed to the mean line (:meth:`matplotlib.axes.Axes.plot`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (the ranked curve).
    """
    ax = _axes(ax, (8.0, 4.5))
    order = np.argsort(clv["mean"].to_numpy(), kind="stable")
    mean = clv["mean"].to_numpy()[order]
    share = (np.arange(mean.size) + 1) / mean.size
    ax.fill_between(
        share,
        clv["lower"].to_numpy()[order],
        clv["upper"].to_numpy()[order],
        alpha=0.3,
        label="95% interval",
    )
    ax.plot(share, mean, label="posterior mean", **kw)
    if log_scale:
        ax.set_yscale("symlog", linthresh=1.0)  # linear below 1, logarithmic above
    ax.set_xlabel("share of customers (sorted by mean CLV)")
    ax.set_ylabel("customer lifetime value")
    inset = ax.inset_axes((0.1, 0.58, 0.3, 0.36))
    inset.hist(mean, bins=bins, color="grey")
    inset.set_yscale("log")
    inset.set_title("histogram of mean CLV", fontsize="small")
    inset.tick_params(labelsize="x-small")
    ax.legend(frameon=False, loc="upper right")
    return ax


def _edges(centres: np.ndarray) -> np.ndarray:
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[1:] + centres[:-1]) / 2.0
    return np.concatenate(
        [
            [centres[0] - (middle[0] - centres[0])],
            middle,
            [centres[-1] + (centres[-1] - middle[-1])],
        ]
    )
