"""Plots for :mod:`loyaltymodels.returns`: ROI distribution and the return waterfall."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

__all__ = ["plot_return_waterfall", "plot_roi_distribution"]


@plot_docstring("hist")
def plot_roi_distribution(
    results: Any | Sequence[Any],
    *,
    ax: Axes | None = None,
    bins: int = 60,
    **kw: Any,
) -> Axes:
    """Histogram of the Monte Carlo draws of the ROI of one or more plans.

    Each plan's legend entry gives its probability of a positive ROI; the vertical line marks
    break-even (ROI = 0).

    Parameters
    ----------
    results : ExperienceReturnResult or sequence of them
        Fitted plans (for several, best evaluated on the same draws with ``what_if``).
    bins : int, default 60
        Histogram bins (shared by the plans).
    """
    plans: list[Any] = list(results) if isinstance(results, list | tuple) else [results]
    ax = axes_or_new(ax, (7, 4))
    draws = [plan.draws("roi") for plan in plans]
    low = min(float(np.quantile(d, 0.001)) for d in draws)
    high = max(float(np.quantile(d, 0.999)) for d in draws)
    edges: Any = np.linspace(low, high, bins + 1) if high > low else bins
    kw.setdefault("alpha", 0.5)
    for plan, values in zip(plans, draws, strict=True):
        label = f"{plan.label}: P(ROI > 0) = {np.mean(values > 0):.2f}"
        ax.hist(values, bins=edges, density=True, label=label, **kw)
    ax.axvline(0.0, color="black", linewidth=1)
    ax.set_xlabel("ROI = (value - cost) / cost")
    ax.set_ylabel("density")
    ax.set_title("Return on the improvement plan (Monte Carlo draws)")
    ax.legend(fontsize="small")
    return ax


@plot_docstring("bar")
def plot_return_waterfall(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Waterfall from each dimension's value to the plan's net value.

    Bars add the value of closing each dimension's gap alone, the interaction (the plan's
    value minus the sum of the dimensions', for plans that close several gaps), subtract the
    cost, and end at the net value with its interval. All bars are plug-in estimates.

    Parameters
    ----------
    result : ExperienceReturnResult
        A fitted plan.
    """
    table = result.by_dimension()
    parts = table.drop(index=["plan", "interaction"])["value"]
    steps = [(str(name), float(value)) for name, value in parts.items()]
    if len(steps) > 1:
        steps.append(("interaction", float(table.loc["interaction", "value"])))
    cost = float(result.params.loc["cost", "estimate"])
    steps.append(("cost", -cost))
    ax = axes_or_new(ax, (1.1 * len(steps) + 3, 4))
    level = 0.0
    levels = [0.0]
    for position, (_, step) in enumerate(steps):
        colour = "#D55E00" if step < 0 else "#009E73"  # Okabe-Ito: colour-blind safe
        ax.bar(position, step, bottom=level, color=colour, **kw)
        level += step
        levels.append(level)
    net = result.params.loc["net_value"]
    end = len(steps)
    ax.bar(end, net["estimate"], color="#0072B2", **kw)
    if np.isfinite(net["lower"]) and net["upper"] > net["lower"]:
        ax.errorbar(
            end,
            net["estimate"],
            yerr=[[net["estimate"] - net["lower"]], [net["upper"] - net["estimate"]]],
            fmt="none",
            color="black",
            capsize=4,
        )
    ax.set_xticks(range(end + 1), [name for name, _ in steps] + ["net value"], rotation=30)
    ax.axhline(0.0, color="grey", linewidth=0.8)
    bounds = [value for value in (net["lower"], net["upper"]) if np.isfinite(value)]
    low, high = min(*levels, *bounds), max(*levels, *bounds)
    span = high - low if high > low else 1.0
    ax.set_ylim(low - 0.05 * span, high + 0.08 * span)
    ax.set_ylabel("Present value")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    from matplotlib.patches import Patch

    key = [
        Patch(color="#009E73", label="adds value"),
        Patch(color="#D55E00", label="costs"),
        Patch(color="#0072B2", label="net value (bar: interval)"),
    ]
    ax.legend(handles=key, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(f"{result.label}: value by dimension, cost and net value")
    return ax
