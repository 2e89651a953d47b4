"""What every ``plot_*`` function shares: where it draws, what it returns, how it is documented.

A plot function takes ``ax`` (the matplotlib Axes to draw on; a new figure of the plot's own
size when omitted), optionally ``**kw`` passed on to its main matplotlib call, and returns the
Axes it drew on. :func:`axes_or_new` makes the Axes; :func:`plot_docstring` writes the shared
part of the docstring (the ``ax`` and ``**kw`` entries and the Returns section) once for all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axes_or_new", "plot_docstring"]

AX_ENTRY = """ax : matplotlib.axes.Axes, optional
    Where to draw; a new figure when omitted."""
"""The docstring entry of the ``ax`` parameter."""

RETURNS_SECTION = """Returns
-------
matplotlib.axes.Axes
    The axes drawn on."""
"""The Returns section of every plot function."""


def axes_or_new(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the Axes of a new figure of ``figsize`` inches when it is None.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        The Axes passed to a plot function.
    figsize : tuple of float
        Width and height of the new figure, in inches.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes to draw on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_docstring[F: Callable[..., Any]](
    method: str | None = None, note: str = ""
) -> Callable[[F], F]:
    """Complete a plot function's docstring with the entries every plot function shares.

    The function's own docstring ends with its Parameters section (without ``ax``); this adds
    the ``ax`` entry, the ``**kw`` entry (when the function takes keyword arguments, which go
    to :meth:`matplotlib.axes.Axes.<method>`, with an optional ``note``) and the Returns section.

    Parameters
    ----------
    method : str, optional
        The Axes method that receives the function's ``**kw``; required when it takes them.
    note : str, optional
        Words added to the ``**kw`` entry (e.g. ``"for the model line"``).

    Returns
    -------
    callable
        A decorator returning the same function with its docstring completed.
    """

    def complete(function: F) -> F:
        keywords = [
            parameter.name
            for parameter in inspect.signature(function).parameters.values()
            if parameter.kind is inspect.Parameter.VAR_KEYWORD
        ]
        if bool(keywords) != (method is not None):
            raise TypeError(f"{function.__name__}: name the Axes method for **kw, and only then.")
        entries = [inspect.cleandoc(function.__doc__ or ""), AX_ENTRY]
        if keywords:
            to = f"Passed to :meth:`matplotlib.axes.Axes.{method}`"
            entries.append(f"**{keywords[0]}\n    {to}{' ' + note if note else ''}.")
        function.__doc__ = "\n".join(entries) + "\n\n" + RETURNS_SECTION + "\n"
        return function

    return complete
