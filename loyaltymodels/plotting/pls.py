"""Plots for :mod:`loyaltymodels.pls`: path diagram and importance-performance map."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from loyaltymodels.plotting.sem import plot_path_diagram

__all__ = ["plot_ipma", "plot_pls_path_diagram"]


def plot_pls_path_diagram(result: Any, *, ax: Axes | None = None, digits: int = 2) -> Axes:
    """Draw the inner model of a fitted PLS model with paths, loadings and R².

    PLS estimates are standardized, so the SEM path diagram is drawn from them directly.

    Parameters
    ----------
    result : PLSResult
        A fitted PLS model.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    digits : int, default 2
        Decimal places shown.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    params = result.params[result.params["op"].isin(["=~", "~"])]
    view = SimpleNamespace(
        params=params.assign(std_all=params["estimate"]), latents=result.constructs, r2=result.r2
    )
    ax = plot_path_diagram(view, ax=ax, digits=digits)
    mode = "PLSc" if result.settings.get("consistent") else "PLS"
    ax.set_title(f"{mode} path model (standardized estimates)")
    return ax


def plot_ipma(result: Any, *, ax: Axes | None = None, **kw: Any) -> Axes:
    """Importance-performance map: unstandardized total effect (x) against performance (y).

    Dashed lines mark the mean importance and mean performance, splitting the map into the
    usual quadrants; the upper bound of the target's performance is 100.

    Parameters
    ----------
    result : IPMAResult
        An importance-performance map analysis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    **kw
        Passed to ``Axes.scatter``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    table = result.params
    ax.scatter(table["importance"], table["performance"], **{"color": "#1f4e79", **kw})
    for name, row in table.iterrows():
        ax.annotate(str(name), (row["importance"], row["performance"]),
                    textcoords="offset points", xytext=(5, 4), fontsize=9)
    ax.axvline(table["importance"].mean(), color="#888", ls="--", lw=0.8)
    ax.axhline(table["performance"].mean(), color="#888", ls="--", lw=0.8)
    ax.set_xlabel(f"importance (total effect on {result.target})")
    ax.set_ylabel("performance (0-100)")
    ax.set_title(
        f"Importance-performance map: {result.target} "
        f"(performance {result.target_performance:.1f})"
    )
    return ax
