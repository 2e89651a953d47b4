"""Plots for :mod:`loyaltymodels.churn`.

Each ``plot_*`` takes a fitted result, draws on ``ax`` (a new one when omitted) and returns it;
the numbers come from the result's own methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import ScalarFormatter

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

__all__ = [
    "plot_churn_effects",
    "plot_retention_rate",
    "plot_sbg_survival",
    "plot_segment_survival",
]


FIGSIZE = (6.4, 4.0)
"""The size of a new figure of the churn plots, in inches."""


def _bands(ax: Axes, frame: pd.DataFrame, group: str, **kw: Any) -> None:
    for name, part in frame.groupby(group, sort=False):
        (line,) = ax.plot(part.index, part["mean"], marker="o", markersize=3, label=str(name), **kw)
        if (part["upper"] > part["lower"]).any():
            ax.fill_between(
                part.index, part["lower"], part["upper"], color=line.get_color(), alpha=0.2
            )


def _label_periods(ax: Axes, ylabel: str, *, share: bool, **legend: Any) -> Axes:
    """Label a plot of projections over periods; a share gets the y range 0 to 1."""
    ax.set_xlabel("period")
    ax.set_ylabel(ylabel)
    if share:
        ax.set_ylim(0, 1.02)
    ax.legend(frameon=False, **legend)
    return ax


@plot_docstring("plot", "for the projected curves")
def plot_sbg_survival(
    result: Any,
    *,
    periods: int = 12,
    observed: pd.DataFrame | None = None,
    calibration_end: int | None = None,
    ax: Axes | None = None,
    **kw: Any,
) -> Axes:
    """Projected survival of each cohort with its 95% interval, and the observed shares.

    Parameters
    ----------
    result : ShiftedBetaGeometricResult
        A fitted sBG model.
    periods : int, default 12
        The projection horizon.
    observed : pandas.DataFrame, optional
        Survival counts (one column per cohort), shown as shares of the period-0 count.
    calibration_end : int, optional
        Draw a vertical line at the last calibration period.
    """
    ax = axes_or_new(ax, FIGSIZE)
    _bands(ax, result.survival(periods), "cohort", **kw)
    if observed is not None:
        shares = observed / observed.iloc[0]
        for column in shares.columns:
            ax.plot(shares.index, shares[column], linestyle="none", marker="x", color="black")
        ax.plot([], [], linestyle="none", marker="x", color="black", label="observed")
    if calibration_end is not None:
        ax.axvline(calibration_end, color="grey", linestyle=":", linewidth=1)
    return _label_periods(ax, "share still active", share=True)


@plot_docstring("plot")
def plot_retention_rate(
    result: Any, *, periods: int = 12, ax: Axes | None = None, **kw: Any
) -> Axes:
    """Projected retention rate of each cohort, with its 95% interval.

    Parameters
    ----------
    result, periods
        As for :func:`plot_sbg_survival`.
    """
    ax = axes_or_new(ax, FIGSIZE)
    _bands(ax, result.retention_rate(periods), "cohort", **kw)
    return _label_periods(ax, "retention rate", share=False)


@plot_docstring()
def plot_churn_effects(
    result: Any,
    *,
    truth: Mapping[str, float] | None = None,
    per: Mapping[str, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Forest plot of the covariate effects as odds or hazard ratios with 95% intervals.

    Parameters
    ----------
    result : HazardChurnResult
        A fitted hazard model.
    truth : mapping, optional
        True coefficients (link scale) of a simulation, shown as crosses.
    per : mapping, optional
        Covariate changes the ratios refer to (see ``HazardChurnResult.effects``).
    """
    ax = axes_or_new(ax, FIGSIZE)
    effects = result.effects(per=per)
    y = np.arange(len(effects))[::-1]
    ratio = effects["ratio"].to_numpy()
    errors = np.vstack([ratio - effects["ratio_lower"], effects["ratio_upper"] - ratio])
    ax.errorbar(ratio, y, xerr=errors, fmt="o", capsize=3, label="estimate (95% interval)")
    if truth is not None:
        true_ratio = [
            np.exp(effects.loc[name, "per"] * truth[name]) if name in truth else np.nan
            for name in effects.index
        ]
        ax.plot(true_ratio, y, linestyle="none", marker="x", color="black", label="truth")
    ax.axvline(1.0, color="grey", linewidth=1)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(ScalarFormatter())
    ax.set_ylim(-0.6, len(effects) - 0.4)
    ax.set_yticks(
        y, [f"{name} (+{p:g})" for name, p in zip(effects.index, effects["per"], strict=True)]
    )
    ax.set_xlabel(str(effects["measure"].iloc[0]).replace("_", " "))
    ax.legend(frameon=False)
    return ax


@plot_docstring("plot")
def plot_segment_survival(
    result: Any,
    profile: Mapping[str, float] | None = None,
    *,
    label: str | None = None,
    ax: Axes | None = None,
    **kw: Any,
) -> Axes:
    """Survival curves per segment for a covariate profile, with 95% intervals.

    Parameters
    ----------
    result : HazardChurnResult
        A fitted hazard model.
    profile : mapping, optional
        Covariate values (others at their means), see ``HazardChurnResult.segment_survival``.
    label : str, optional
        A suffix for the legend entries (e.g. ``"satisfaction 3"``).
    """
    ax = axes_or_new(ax, FIGSIZE)
    curves = result.segment_survival(profile)
    if label:
        curves = curves.assign(segment=curves["segment"] + f", {label}")
    _bands(ax, curves, "segment", **kw)
    return _label_periods(ax, "probability still active", share=True, fontsize="small")
