"""Checks of survey data handed to the SEM: duplicate column names and infinite values."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError, check_moments_finite

__all__ = ["check_item_columns"]


def check_item_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Refuse duplicate names among the model's columns and infinite item values.

    Parameters
    ----------
    data : pandas.DataFrame
        The survey data.
    columns : sequence of str
        The model's observed variables.

    Raises
    ------
    LoyaltyDataError
        Naming the duplicated columns, or the column and first rows holding +-inf.

    Examples
    --------
    >>> check_item_columns(pd.DataFrame({"a": [1.0, np.inf]}), ["a"])
    Traceback (most recent call last):
    ...
    loyaltymodels._validation.LoyaltyDataError: column 'a' has infinite values in rows [1]; ...
    """
    wanted = set(columns)
    duplicated = sorted(
        {str(c) for c in data.columns[data.columns.duplicated(keep=False)] if c in wanted}
    )
    if duplicated:
        raise LoyaltyDataError(
            f"the data have several columns named {duplicated}; rename or drop the copies so "
            "each model variable is one column."
        )
    for column in columns:
        values = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float)
        infinite = np.isinf(values)
        if infinite.any():
            rows = list(data.index[infinite][:5])
            raise LoyaltyDataError(
                f"column {column!r} has infinite values in rows {rows}; replace them by the "
                "true answers or by NaN (missing) before fitting."
            )
    check_moments_finite(data, list(columns))
