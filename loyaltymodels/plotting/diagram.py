"""The pieces of a matplotlib path diagram: constructs as ellipses, paths as labelled arrows.

Used by the SEM and the PLS path diagrams, so that both draw constructs, arrows and
coefficients the same way and fit the view around the constructs the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from matplotlib.patches import Ellipse

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_construct", "draw_path", "fit_view"]

CONSTRUCT_FILL = "#dbe9f6"
"""Fill colour of a construct's ellipse."""

LINE_COLOUR = "#1f4e79"
"""Colour of the ellipses' outline and of the arrows."""


def draw_construct(
    ax: Axes, centre: tuple[float, float], size: tuple[float, float], label: str, fontsize: float
) -> None:
    """Draw a construct as an ellipse with its label in the middle.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    centre : tuple of float
        The ellipse's centre (x, y).
    size : tuple of float
        The ellipse's width and height.
    label : str
        The text inside (the name, often with R²).
    fontsize : float
        The label's font size.
    """
    width, height = size
    ax.add_patch(Ellipse(centre, width, height, facecolor=CONSTRUCT_FILL, edgecolor=LINE_COLOUR))
    ax.text(centre[0], centre[1], label, ha="center", va="center", fontsize=fontsize)


def draw_path(
    ax: Axes,
    start: Any,
    end: Any,
    label_at: Iterable[float],
    label: str,
    fontsize: float,
    **text: Any,
) -> None:
    """Draw a path as an arrow from cause to outcome and write its coefficient in a white box.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    start, end : tuple of float
        Where the arrow starts (at the cause) and ends (at the outcome).
    label_at : iterable of float
        Where the coefficient is written (x, y).
    label : str
        The coefficient, formatted.
    fontsize : float
        The coefficient's font size.
    **text
        Passed to :meth:`matplotlib.axes.Axes.text` (e.g. ``va``).
    """
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "->", "color": LINE_COLOUR, "lw": 1.2},
    )
    x, y = label_at
    box = {"facecolor": "white", "edgecolor": "none", "pad": 1}
    ax.text(x, y, label, ha="center", fontsize=fontsize, bbox=box, **text)


def fit_view(
    ax: Axes,
    position: dict[str, tuple[float, float]],
    x_margin: float,
    y_margins: tuple[float, float],
) -> None:
    """Set the view to the constructs' centres plus margins.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The diagram's axes.
    position : dict of str to tuple of float
        Each construct's centre (x, y).
    x_margin : float
        Room left of the leftmost and right of the rightmost centre.
    y_margins : tuple of float
        Room below the lowest and above the highest centre.
    """
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - x_margin, max(xs) + x_margin)
    ax.set_ylim(min(ys) - y_margins[0], max(ys) + y_margins[1])
