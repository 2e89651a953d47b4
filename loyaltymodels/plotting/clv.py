"""Plots for :mod:`loyaltymodels.clv`: tracking, conditional expectations, P(alive), CLV.

Each function draws a table computed elsewhere (:mod:`loyaltymodels.clv.holdout` or a result's
predictions) and computes nothing itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
"""Okabe-Ito colours, distinguishable with the common colour-vision deficiencies."""

__all__ = [
    "plot_clv_distribution",
    "plot_conditional_expectations",
    "plot_probability_alive_matrix",
    "plot_tracking",
]


@plot_docstring("plot", "for the model line")
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
    cumulative : bool, default True
        Cumulative totals; False plots the transactions in each period.
    time_label : str, default "week"
        The name of a period on the x axis.
    """
    ax = axes_or_new(ax, (8.0, 4.5))
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


@plot_docstring("errorbar", "for the model line")
def plot_conditional_expectations(
    table: pd.DataFrame, *, ax: Axes | None = None, **kw: Any
) -> Axes:
    """Plot mean holdout purchases by calibration frequency: actual vs model with intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`loyaltymodels.clv.holdout.conditional_expectations`.
    """
    ax = axes_or_new(ax, (6.5, 4.5))
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


@plot_docstring("pcolormesh")
def plot_probability_alive_matrix(
    matrix: Any,
    *,
    ax: Axes | None = None,
    cmap: str = "viridis",
    T: float | None = None,
    **kw: Any,
) -> Axes:
    """Draw P(alive) over frequency (rows) x recency (columns) as a heat map.

    Parameters
    ----------
    matrix : pandas.DataFrame or TransactionResult
        From :func:`loyaltymodels.clv.holdout.probability_alive_grid`, or directly a fitted
        BG/NBD or Pareto/NBD result (the grid is then built for customers observed for ``T``).
    cmap : str, default "viridis"
        The colour map (viridis is readable in grey and with colour-vision deficiencies).
    T : float, optional
        With a result: the observation length of the grid; default the longest ``T`` in the
        fitted data.
    """
    if not isinstance(matrix, pd.DataFrame):
        from loyaltymodels.clv.holdout import probability_alive_grid

        length = float(matrix.data["T"].max()) if T is None else float(T)
        matrix = probability_alive_grid(matrix, T=length)
    ax = axes_or_new(ax, (7.0, 5.0))
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
    ax.figure.colorbar(mesh, ax=ax, label="P(alive): probability the customer is still active")
    ax.set_xlabel("Recency (time of the last purchase)")
    ax.set_ylabel("Frequency (repeat purchases)")
    return ax


@plot_docstring("hist")
def plot_clv_distribution(
    clv: pd.DataFrame,
    *,
    ax: Axes | None = None,
    bins: int = 40,
    one_time: Any = None,
    currency: str = "",
    **kw: Any,
) -> Axes:
    """Histogram of customer lifetime value: how many customers are worth how much.

    Customers are counted by their CLV (``mean``, or ``estimate`` for a point fit); values above
    the 99th percentile are gathered in the last bar, labelled with the largest value. With
    ``one_time`` the bars are split into repeat buyers and one-time buyers (whose value rests
    on the average spend of all customers). The median interval width is stated when the
    table has intervals.

    Parameters
    ----------
    clv : pandas.DataFrame
        Per-customer ``mean`` (or ``estimate``), optional ``lower``/``upper``
        (``result.customer_lifetime_value(...)``).
    bins : int, default 40
        Histogram bins.
    one_time : array of bool, optional
        True for the customers without a repeat purchase, in the rows' order.
    currency : str, optional
        A currency symbol for the value axis.
    """
    from matplotlib.ticker import FuncFormatter

    ax = axes_or_new(ax, (8.0, 4.5))
    column = "mean" if "mean" in clv.columns else "estimate"
    value = clv[column].to_numpy(dtype=float)
    cap = float(np.quantile(value, 0.99)) if value.size > 1 else float(value.max())
    shown = np.minimum(value, cap)
    edges = np.linspace(min(0.0, float(shown.min())), max(cap, 1e-9), bins + 1)
    if one_time is None:
        groups = [shown]
        labels = [f"customers ({value.size:,})"]
        colours = [PALETTE[0]]
    else:
        mask = np.asarray(one_time, dtype=bool)
        groups = [shown[~mask], shown[mask]]
        labels = [f"repeat buyers ({(~mask).sum():,})", f"one-time buyers ({mask.sum():,})"]
        colours = [PALETTE[0], PALETTE[1]]
    ax.hist(groups, bins=list(edges), stacked=True, color=colours, label=labels, **kw)
    ax.set_xlabel("Customer lifetime value" + (f" ({currency})" if currency else ""))
    ax.set_ylabel("Number of customers")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{currency}{x:,.0f}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    notes = [f"median {currency}{np.median(value):,.2f}", f"mean {currency}{value.mean():,.2f}"]
    if value.max() > cap:
        notes.append(f"last bar: all above {currency}{cap:,.0f} (max {currency}{value.max():,.0f})")
    if {"lower", "upper"} <= set(clv.columns):
        width = np.median(clv["upper"].to_numpy(dtype=float) - clv["lower"].to_numpy(dtype=float))
        notes.append(f"median 95% interval width {currency}{width:,.2f}")
    ax.text(
        0.98, 0.70, "\n".join(notes), transform=ax.transAxes, ha="right", va="top", fontsize="small"
    )
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
