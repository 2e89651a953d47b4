"""Plots for :mod:`loyaltymodels.journey`: key drivers, removal effects and control charts."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

__all__ = ["plot_control_chart", "plot_key_drivers", "plot_removal_effects"]


def _interval_bars(table: Any, column: str, ax: Axes | None, colour: str, **kw: Any) -> Axes:
    """Horizontal bars of ``table[column]`` sorted ascending, with lower/upper error bars."""
    table = table.sort_values(column)
    ax = axes_or_new(ax, (7, 0.4 * len(table) + 1.5))
    rows = np.arange(len(table))
    xerr = None
    if "lower" in table:
        xerr = np.vstack([table[column] - table["lower"], table["upper"] - table[column]]).clip(0)
    ax.barh(rows, table[column], xerr=xerr, color=kw.pop("color", colour), **kw)
    ax.set_yticks(rows, [str(name) for name in table.index])
    return ax


@plot_docstring("barh")
def plot_key_drivers(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Horizontal bars of each driver's importance, with bootstrap intervals when present.

    Parameters
    ----------
    result : KeyDriverResult
        From :func:`loyaltymodels.journey.key_drivers`.
    """
    ax = _interval_bars(result.table, "estimate", ax, "tab:blue", **kw)
    ax.set_xlabel(f"contribution to {result.r2_kind} ({result.method.replace('_', ' ')})")
    ax.set_title(f"Key drivers of {result.outcome} ({result.r2_kind} = {result.r2:.3f})")
    return ax


@plot_docstring("barh")
def plot_removal_effects(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Bars of each touchpoint's removal effect on conversion, with intervals.

    Parameters
    ----------
    result : JourneyFlowResult
        From :func:`loyaltymodels.journey.journey_flow`.
    """
    ax = _interval_bars(result.removal, "removal_effect", ax, "tab:green", **kw)
    ax.set_xlabel(f"removal effect on P({result.conversion_state})")
    ax.set_title("What each touchpoint contributes to conversion")
    return ax


@plot_docstring("plot", "for the statistic")
def plot_control_chart(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Draw the charted statistic with its centre line, limits and alarms marked.

    Parameters
    ----------
    result : ControlChartResult
        From :func:`loyaltymodels.journey.p_chart` or :func:`~loyaltymodels.journey.ewma_chart`.
    """
    table = result.table
    ax = axes_or_new(ax, (8, 3.5))
    x = np.arange(len(table))
    ax.plot(x, table["statistic"], marker="o", markersize=3, **kw)
    ax.step(x, table["upper"], where="mid", color="tab:red", linewidth=1, label="limits")
    ax.step(x, table["lower"], where="mid", color="tab:red", linewidth=1)
    ax.plot(x, table["center"], color="black", linewidth=1, label="centre")
    alarm = table["alarm"].to_numpy()
    ax.plot(x[alarm], table["statistic"].to_numpy()[alarm], "o", color="tab:red", label="alarm")
    if "value" in table and result.kind == "ewma":
        ax.plot(x, table["value"], ".", color="grey", alpha=0.5, label="period value")
    labels = [str(label) for label in table.index]
    step = max(1, len(labels) // 10)
    ax.set_xticks(x[::step], labels[::step])
    ax.set_title("p-chart of the problem rate" if result.kind == "p" else "EWMA chart")
    ax.legend(loc="best", fontsize="small")
    return ax
