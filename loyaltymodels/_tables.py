"""Build small tables and render tables for display: rounding happens here and nowhere else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from tabulate import tabulate

__all__ = ["attributes_row", "markdown_table"]


def attributes_row(
    source: Any, names: Sequence[str], *, label: str, index_name: str
) -> pd.DataFrame:
    """Return a one-row table of the attributes ``names`` of ``source``.

    Parameters
    ----------
    source : object
        Where the values are read (``getattr``).
    names : sequence of str
        The attributes, in column order.
    label : str
        The row's label.
    index_name : str
        The name of the index.

    Returns
    -------
    pandas.DataFrame
        One row, one column per attribute.
    """
    return pd.DataFrame(
        {name: [getattr(source, name)] for name in names},
        index=pd.Index([label], name=index_name),
    )


def markdown_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """Render ``frame`` as a Markdown table, floats rounded to ``digits``, integers kept whole.

    pandas' own ``to_markdown`` turns an all-numeric frame into one float array, which prints
    counts as ``1500.000``; here every column keeps its own type.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (its index is shown as the first column).
    digits : int, default 3
        Decimal places for floats.

    Returns
    -------
    str
        The Markdown table.

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"n": [1500], "share": [0.12345]}, index=["a"])))
    |    |    n |   share |
    |:---|-----:|--------:|
    | a  | 1500 |   0.123 |
    """
    index_name = "" if frame.index.name is None else str(frame.index.name)
    headers = [index_name, *(str(column) for column in frame.columns)]
    rows = [
        [label, *(value.item() if hasattr(value, "item") else value for value in values)]
        for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True)
    ]
    return str(tabulate(rows, headers=headers, tablefmt="pipe", floatfmt=f".{digits}f"))
