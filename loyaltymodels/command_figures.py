"""A figure of a subcommand's report: drawn, saved into the report, closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loyaltymodels.report import AnalysisReport

__all__ = ["report_figure"]


@contextmanager
def report_figure(
    report: AnalysisReport,
    stem: str,
    caption: str,
    *,
    figsize: tuple[float, float] = (8, 4.5),
    ncols: int = 1,
) -> Iterator[Any]:
    """Draw a matplotlib figure into a report: the block draws on the axes it is given.

    On leaving the block without an error the figure is saved as ``<stem>.png`` and added to
    the report with its caption (:meth:`AnalysisReport.figure`); the figure is closed either
    way, so that a long run does not keep its figures open.

    Parameters
    ----------
    report : AnalysisReport
        The report.
    stem : str
        The file name without extension.
    caption : str
        The figure caption.
    figsize : (float, float), default (8, 4.5)
        Width and height in inches (the default: the reports' usual one-panel figure).
    ncols : int, default 1
        Axes side by side; above 1 the block is given an array of axes.

    Yields
    ------
    matplotlib.axes.Axes or numpy.ndarray of Axes
        Where to draw (``ax.figure`` is the figure).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize)
    try:
        yield axes
        report.figure(fig, stem, caption)
    finally:
        plt.close(fig)
