"""Validation of customer summaries handed to the buy-till-you-die and spend models."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    check_columns,
    check_dataframe,
    check_integer,
    check_no_nan,
    check_nonnegative,
    check_not_constant,
    check_numeric,
    check_positive,
    check_rows,
    check_unique,
)

__all__ = ["CUSTOMER_ID", "count_customers", "validate_summary"]

CUSTOMER_ID = "customer_id"
WEIGHTS = "weights"


def count_customers(data: pd.DataFrame) -> int | float:
    """Return the number of customers a summary stands for: the sum of ``weights``, else rows.

    A summary grouped into weighted patterns (one row per distinct (frequency, recency, T)
    with the number of customers in ``weights``) counts its customers, not its rows.

    Parameters
    ----------
    data : pandas.DataFrame
        The (validated) summary.

    Returns
    -------
    int or float
        The count (a float only when the weights are not whole numbers).

    Examples
    --------
    >>> import pandas as pd
    >>> count_customers(pd.DataFrame({"frequency": [0, 2], "weights": [40.0, 2.0]}))
    42
    """
    if WEIGHTS not in data.columns:
        return len(data)
    total = float(data[WEIGHTS].to_numpy(dtype=float).sum())
    return int(total) if total.is_integer() else total


def validate_summary(
    data: object,
    *,
    time_column: str | None = "T",
    spend: bool = False,
    covariates: Sequence[str] = (),
    discrete: bool = False,
) -> pd.DataFrame:
    """Check a summary (one row per customer) and return it.

    Required columns: ``frequency``, ``recency`` and ``time_column`` (plus
    ``monetary_value`` with ``spend=True`` and the covariate columns). Optional:
    ``customer_id`` (must be unique) and ``weights`` (a positive count per row).

    Parameters
    ----------
    data : pandas.DataFrame
        The summary, as :func:`~loyaltymodels.clv.rfm_summary` returns it.
    time_column : str, default "T"
        The column with the length of observation (``"periods"`` for discrete opportunities).
    spend : bool, default False
        Require and check ``monetary_value`` (positive for repeat buyers).
    covariates : sequence of str
        Covariate columns (numeric, complete, not constant).
    discrete : bool, default False
        Discrete opportunities (BG/BB): recency and T are whole numbers and x <= t_x.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself.
    """
    data = check_dataframe(data, name="summary")
    timing = ["recency", time_column] if time_column is not None else []
    required = ["frequency", *timing, *covariates]
    if spend:
        required.append("monetary_value")
    check_columns(data, required, name="summary")
    optional = [c for c in (WEIGHTS,) if c in data.columns]
    check_numeric(data, [*required, *optional])
    check_no_nan(data, [*required, *optional])
    if CUSTOMER_ID in data.columns:
        check_no_nan(data, [CUSTOMER_ID])
        check_unique(data, CUSTOMER_ID)
    check_nonnegative(data, ["frequency"])
    check_integer(data, ["frequency"])
    check_positive(data, optional)
    index = data.index
    frequency = data["frequency"].to_numpy(dtype=float)
    if time_column is not None:
        _check_timing(data, time_column, frequency, discrete)
    if spend:
        check_rows(
            "monetary_value",
            (frequency > 0) & (data["monetary_value"].to_numpy(dtype=float) <= 0),
            index,
            "is not positive for customers with repeat purchases",
            "the Gamma-Gamma model needs positive spend (remove returns and refunds)",
        )
    if covariates:
        check_not_constant(data, list(covariates))
    return data


def _check_timing(
    data: pd.DataFrame, time_column: str, frequency: np.ndarray, discrete: bool
) -> None:
    index = data.index
    check_nonnegative(data, ["recency"])
    check_positive(data, [time_column])
    recency = data["recency"].to_numpy(dtype=float)
    length = data[time_column].to_numpy(dtype=float)
    check_rows(
        "recency",
        recency > length * (1 + 1e-12),
        index,
        f"exceeds '{time_column}'",
        "the last purchase must fall inside the observation window (recency <= T)",
    )
    check_rows(
        "recency",
        (frequency == 0) & (recency != 0),
        index,
        "is not 0 although 'frequency' is 0",
        "recency is the time from the first to the last purchase, so customers without "
        "repeat purchases have 0",
    )
    if discrete:
        check_integer(data, ["recency", time_column])
        check_rows(
            "frequency",
            frequency > recency,
            index,
            "exceeds 'recency'",
            "with discrete opportunities x <= t_x (the opportunity of the last transaction)",
        )
