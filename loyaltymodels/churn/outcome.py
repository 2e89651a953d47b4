"""The churn outcome of a record or panel row: a 0/1 indicator, modelled by covariates that vary."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from loyaltymodels._validation import check_in_range, check_integer, check_not_constant

__all__ = ["check_churn_outcome"]


def check_churn_outcome(data: pd.DataFrame, churned: str, covariates: Sequence[str]) -> None:
    """Check that ``churned`` holds 0 and 1 only and that every covariate varies.

    The columns are assumed present, complete and numeric. A covariate that takes one value
    only is confounded with the baseline (sBG) or the period intercepts (hazard) and cannot be
    estimated.

    Parameters
    ----------
    data : pandas.DataFrame
        The records or panel rows.
    churned : str
        The churn indicator column.
    covariates : sequence of str
        The covariate columns (none to check when empty).

    Raises
    ------
    LoyaltyDataError
        Naming the rows whose indicator is not 0 or 1, or the constant covariates.
    """
    check_in_range(data, [churned], 0, 1, what="the churn indicator")
    check_integer(data, [churned])
    if covariates:
        check_not_constant(data, covariates)
