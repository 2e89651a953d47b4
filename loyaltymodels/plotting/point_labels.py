"""Names written beside the points of a scatter plot (importance-performance grids and maps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["label_points"]


def label_points(
    ax: Axes,
    table: pd.DataFrame,
    x: str,
    y: str,
    *,
    offset: tuple[float, float],
    fontsize: float,
) -> None:
    """Write each row's index name beside its point ``(table[x], table[y])``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The scatter plot.
    table : pandas.DataFrame
        One row per point, indexed by the names.
    x, y : str
        The columns holding the points' coordinates.
    offset : tuple of float
        Where the name starts, right of and above the point, in points.
    fontsize : float
        The names' font size.
    """
    for name, row in table.iterrows():
        ax.annotate(
            str(name),
            (row[x], row[y]),
            textcoords="offset points",
            xytext=offset,
            fontsize=fontsize,
        )
