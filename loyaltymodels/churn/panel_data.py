"""Validate customer-period panels for the discrete-time hazard model.

A panel has one row per customer and period while the customer is at risk: the ``churned``
indicator is 0 in every period the customer renewed and 1 in the period they left (their last
row). Covariates may be static (the same in every row of a customer) or time-varying.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_in_range,
    check_integer,
    check_no_nan,
    check_numeric,
    describe_rows,
)
from loyaltymodels.churn.outcome import check_churn_outcome

__all__ = ["check_covariate_rows", "check_panel"]


def check_covariate_rows(
    data: pd.DataFrame,
    *,
    period: str,
    covariates: Sequence[str],
    segment: str | None,
    name: str = "data",
) -> None:
    """Check the columns that determine a hazard: present, complete, numeric, whole periods.

    Parameters
    ----------
    data : pandas.DataFrame
        Panel rows (with or without the churn indicator).
    period : str
        The period column (integers >= 1).
    covariates : sequence of str
        Numeric covariate columns.
    segment : str, optional
        The segment column.
    name : str, default "data"
        The argument name used in messages.
    """
    check_dataframe(data, name=name)
    required = [period, *covariates] + ([segment] if segment else [])
    check_columns(data, required, name=name)
    check_no_nan(data, required)
    check_numeric(data, [period, *covariates])
    check_integer(data, [period])
    check_in_range(data, [period], 1, np.inf, what="the periods (1, 2, ...)")


def check_panel(
    data: pd.DataFrame,
    *,
    customer: str,
    period: str,
    churned: str | None,
    covariates: Sequence[str],
    segment: str | None,
) -> pd.DataFrame:
    """Validate a customer-period panel and return it sorted by customer and period.

    Raises :class:`~loyaltymodels.LoyaltyDataError` naming the rows for missing columns, NaN,
    non-numeric values, a churn indicator other than 0/1, duplicated customer-periods, periods
    that are not consecutive within a customer, rows after a customer's churn, and constant
    covariates.

    Parameters
    ----------
    data : pandas.DataFrame
        The panel.
    customer, period : str
        The customer id and period (integers >= 1) columns.
    churned : str or None
        The churn indicator (0/1) column; None for rows to predict, which have none.
    covariates : sequence of str
        Numeric covariate columns.
    segment : str, optional
        The segment column (for segment random effects).

    Returns
    -------
    pandas.DataFrame
        The panel sorted by customer and period (original index kept).
    """
    check_covariate_rows(data, period=period, covariates=covariates, segment=segment)
    check_columns(data, [customer])
    check_no_nan(data, [customer])
    if churned is not None:
        check_columns(data, [churned])
        check_no_nan(data, [churned])
        check_numeric(data, [churned])
        check_churn_outcome(data, churned, covariates)
    ordered = data.sort_values([customer, period], kind="stable")
    ids = ordered[customer].to_numpy()
    periods = ordered[period].to_numpy(dtype="int64")
    same = np.zeros(len(ordered), dtype=bool)
    same[1:] = ids[1:] == ids[:-1]
    step = np.zeros(len(ordered), dtype="int64")
    step[1:] = np.diff(periods)
    duplicated = same & (step == 0)
    if duplicated.any():
        raise LoyaltyDataError(
            f"columns '{customer}', '{period}' repeat a customer-period at "
            f"{describe_rows(ordered.index[duplicated])}; give one row per customer and period."
        )
    gaps = same & (step != 1)
    if gaps.any():
        raise LoyaltyDataError(
            f"column '{period}' is not consecutive within a customer at "
            f"{describe_rows(ordered.index[gaps])}; a customer at risk needs a row in every "
            "period from their first to their last (fill the missing periods)."
        )
    if churned is None:
        return ordered
    events = ordered[churned].to_numpy(dtype=float) == 1
    churned_before = np.zeros(len(ordered), dtype=bool)
    churned_before[1:] = same[1:] & _churned_so_far(ids, events)[:-1]
    if churned_before.any():
        raise LoyaltyDataError(
            f"column '{churned}' has rows after the customer's churn at "
            f"{describe_rows(ordered.index[churned_before])}; a churned customer leaves the "
            "panel: drop the later rows or correct the churn indicator."
        )
    return ordered


def _churned_so_far(ids: np.ndarray, events: np.ndarray) -> np.ndarray:
    """Whether the customer of each row has churned at or before that row (sorted panel)."""
    starts = np.ones(len(ids), dtype=bool)
    starts[1:] = ids[1:] != ids[:-1]
    block = np.cumsum(starts) - 1
    cumulative = np.cumsum(events.astype("int64"))
    before_block = (cumulative - events)[starts][block]
    return np.asarray((cumulative - before_block) > 0)
