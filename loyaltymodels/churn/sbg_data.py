"""Turn contract-duration data into counted patterns for the shifted-beta-geometric likelihood.

Two input forms are accepted, and both end up as one row per
``(cohort, covariate pattern, period, churned)`` with the number of customers in ``count``:

* survival counts: customers still active at the start of periods 0, 1, 2, ... (one column per
  cohort). The customers lost between ``t - 1`` and ``t`` churned in period ``t``; those still
  active at the last observed period are right-censored there.
* per-customer records: ``periods`` (the period in which a churner left, or the periods an active
  customer has completed) and ``churned`` (1/0), optionally a cohort column and covariates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_finite,
    check_integer,
    check_no_nan,
    check_nonnegative,
    check_not_constant,
    check_numeric,
    check_unique,
    describe_rows,
)
from loyaltymodels.churn.outcome import check_churn_outcome

__all__ = ["SurvivalPatterns", "patterns_from_records", "patterns_from_survival_counts"]


@dataclass
class SurvivalPatterns:
    """Counted duration patterns, the input of the sBG likelihood.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per pattern: ``cohort``, ``group`` (index into :attr:`groups`), ``period``,
        ``churned`` (bool) and ``count`` (customers).
    groups : pandas.DataFrame
        One row per (cohort, covariate pattern): ``cohort``, the covariate columns and
        ``customers``.
    cohorts : list of str
        The cohort names, in order of appearance.
    covariates : list of str
        The covariate column names (empty when there are none).
    """

    table: pd.DataFrame
    groups: pd.DataFrame
    cohorts: list[str]
    covariates: list[str]

    @property
    def n_customers(self) -> int:
        """The number of customers in the data."""
        return int(self.groups["customers"].sum())


def _as_count_frame(counts: object) -> pd.DataFrame:
    if isinstance(counts, pd.Series):
        return counts.to_frame(name=str(counts.name) if counts.name is not None else "cohort")
    if isinstance(counts, pd.DataFrame):
        return check_dataframe(counts, name="survival counts")
    if isinstance(counts, (Sequence, np.ndarray)) and not isinstance(counts, str):
        values = np.asarray(counts, dtype=float)
        if values.ndim != 1 or values.size == 0:
            raise LoyaltyDataError(
                "survival counts must be a 1-D sequence (customers active at periods 0, 1, ...) "
                "or a DataFrame with one column per cohort."
            )
        return pd.DataFrame({"cohort": values})
    raise LoyaltyDataError(
        f"survival counts must be a sequence, Series or DataFrame, got {type(counts).__name__}."
    )


def patterns_from_survival_counts(
    counts: object, cohort_covariates: pd.DataFrame | None = None
) -> SurvivalPatterns:
    """Convert survival counts into churn/censoring patterns.

    Parameters
    ----------
    counts : sequence, pandas.Series or pandas.DataFrame
        Customers active at the start of consecutive periods, the first row being period 0 (the
        cohort's start). A DataFrame has one column per cohort; a cohort observed for fewer
        periods than the others has trailing NaN.
    cohort_covariates : pandas.DataFrame, optional
        Covariates of the cohorts, indexed by cohort name (the columns of ``counts``).

    Returns
    -------
    SurvivalPatterns
        The counted patterns.

    Examples
    --------
    >>> patterns = patterns_from_survival_counts([1000, 631, 468])
    >>> patterns.table[["period", "churned", "count"]].to_numpy().tolist()
    [[1, True, 369], [2, False, 468], [2, True, 163]]
    """
    frame = _as_count_frame(counts).copy()  # never relabel the caller's frame
    frame.columns = [str(c) for c in frame.columns]
    index = pd.Index(frame.index)
    _check_periods(index)
    columns = list(frame.columns)
    check_numeric(frame, columns)
    check_finite(frame, columns)
    check_nonnegative(frame, columns)
    check_integer(frame, columns)
    rows: list[tuple[str, int, int, bool, float]] = []
    for g, cohort in enumerate(columns):
        alive = _observed_survivors(cohort, frame[cohort].to_numpy(dtype=float), index)
        lost = -np.diff(alive)
        for t, churners in enumerate(lost, start=1):
            if churners > 0:
                rows.append((cohort, g, t, True, float(churners)))
        if alive[-1] > 0:
            rows.append((cohort, g, len(alive) - 1, False, float(alive[-1])))
    table = pd.DataFrame(rows, columns=["cohort", "group", "period", "churned", "count"])
    table = table.sort_values(["group", "period", "churned"], kind="stable", ignore_index=True)
    table["count"] = table["count"].astype("int64")
    groups = pd.DataFrame({"cohort": columns})
    covariate_names: list[str] = []
    if cohort_covariates is not None:
        covariate_names = _check_cohort_covariates(cohort_covariates, columns)
        for name in covariate_names:
            groups[name] = cohort_covariates.loc[columns, name].to_numpy(dtype=float)
    groups["customers"] = table.groupby("group")["count"].sum().reindex(range(len(columns)))
    return SurvivalPatterns(table, groups, columns, covariate_names)


def _check_periods(index: pd.Index) -> None:
    """Require two periods or more, consecutive when the periods are integers."""
    if len(index) < 2:
        raise LoyaltyDataError(
            "survival counts need at least two periods (the cohort size at period 0 and the "
            "customers still active at period 1)."
        )
    if pd.api.types.is_integer_dtype(index) and not (np.diff(index.to_numpy()) == 1).all():
        gaps = index[1:][np.diff(index.to_numpy()) != 1]
        raise LoyaltyDataError(
            f"the periods of the survival counts are not consecutive at {describe_rows(gaps)}; "
            "give one row per period (0, 1, 2, ...) with no gaps."
        )


def _observed_survivors(cohort: str, series: np.ndarray, index: pd.Index) -> np.ndarray:
    """Return the cohort's counts up to its last observed period, checked to only fall."""
    observed = ~np.isnan(series)
    n_observed = int(np.argmin(observed)) if not observed.all() else len(series)
    if observed[n_observed:].any():
        inner = index[n_observed:][observed[n_observed:]]
        raise LoyaltyDataError(
            f"column '{cohort}' has missing values (NaN) before {describe_rows(inner)}; only "
            "trailing periods a cohort has not reached yet may be NaN."
        )
    if n_observed < 2:
        raise LoyaltyDataError(
            f"column '{cohort}' has fewer than two observed periods; a cohort needs its size "
            "at period 0 and at least one later count."
        )
    alive = series[:n_observed]
    if alive[0] <= 0:
        raise LoyaltyDataError(
            f"column '{cohort}' starts with a cohort of {alive[0]:g} customers at "
            f"{describe_rows(index[:1])}; a cohort must have at least one customer."
        )
    lost = -np.diff(alive)
    if (lost < 0).any():
        bad = index[1:n_observed][lost < 0]
        raise LoyaltyDataError(
            f"column '{cohort}' increases at {describe_rows(bad)}: survival counts can only "
            "fall. Give the customers of the original cohort still active, not new sign-ups."
        )
    return alive


def _check_cohort_covariates(covariates: pd.DataFrame, cohorts: list[str]) -> list[str]:
    check_dataframe(covariates, name="cohort_covariates")
    covariates.index = covariates.index.map(str)
    missing = [c for c in cohorts if c not in covariates.index]
    if missing:
        raise LoyaltyDataError(
            f"cohort_covariates has no row for cohort(s) {missing}; index it by the cohort names "
            f"{cohorts}."
        )
    names = [str(c) for c in covariates.columns]
    subset = covariates.loc[cohorts]
    check_numeric(subset, names)
    check_no_nan(subset, names)
    check_not_constant(subset, names)
    return names


def patterns_from_records(
    records: pd.DataFrame,
    *,
    periods: str = "periods",
    churned: str = "churned",
    cohort: str | None = None,
    covariates: Sequence[str] = (),
) -> SurvivalPatterns:
    """Count per-customer duration records into patterns.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per customer.
    periods : str, default "periods"
        For a churner, the period in which they left (>= 1); for an active customer, the periods
        completed so far (>= 0).
    churned : str, default "churned"
        1 when the customer has churned, 0 when still active (right-censored).
    cohort : str, optional
        A column naming each customer's cohort; one cohort when omitted.
    covariates : sequence of str
        Numeric customer or cohort characteristics.

    Returns
    -------
    SurvivalPatterns
        The counted patterns.
    """
    check_dataframe(records, name="records")
    covariates = [str(c) for c in covariates]
    required = [periods, churned, *covariates] + ([cohort] if cohort else [])
    check_columns(records, required, name="records")
    check_no_nan(records, required)
    if "customer_id" in records.columns:
        check_unique(records, "customer_id")
    numeric = [periods, churned, *covariates]
    check_numeric(records, numeric)
    check_integer(records, [periods])
    check_nonnegative(records, [periods])
    check_churn_outcome(records, churned, covariates)
    is_churn = records[churned].to_numpy(dtype=float) == 1
    too_early = is_churn & (records[periods].to_numpy(dtype=float) < 1)
    if too_early.any():
        raise LoyaltyDataError(
            f"column '{periods}' is 0 for churned customers at "
            f"{describe_rows(records.index[too_early])}; a churner leaves in period 1 or later."
        )
    cohort_values = (
        records[cohort].astype(str) if cohort else pd.Series("cohort", index=records.index)
    )
    frame = pd.DataFrame(
        {
            "cohort": cohort_values.to_numpy(),
            "period": records[periods].to_numpy(dtype="int64"),
            "churned": is_churn,
        }
    )
    for name in covariates:
        frame[name] = records[name].to_numpy(dtype=float)
    cohorts = list(pd.unique(frame["cohort"]))
    frame["cohort"] = pd.Categorical(frame["cohort"], categories=cohorts)
    group_keys = ["cohort", *covariates]
    groups = (
        frame.groupby(group_keys, observed=True, sort=True).size().rename("customers").reset_index()
    )
    groups["cohort"] = groups["cohort"].astype(str)
    frame["cohort"] = frame["cohort"].astype(str)
    frame = frame.merge(groups.reset_index(names="group")[[*group_keys, "group"]], on=group_keys)
    table = (
        frame.groupby(["group", "period", "churned"], sort=True)
        .size()
        .rename("count")
        .reset_index()
    )
    table = table[table["count"] > 0]
    table.insert(0, "cohort", groups["cohort"].to_numpy()[table["group"].to_numpy()])
    table = table[table["period"] > 0].reset_index(drop=True)
    return SurvivalPatterns(table, groups, cohorts, covariates)
