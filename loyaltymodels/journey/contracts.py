"""Data contracts of journey analytics: the touchpoint survey and the journey event log.

A **touchpoint survey** has one row per respondent, one satisfaction rating per touchpoint
(missing where the respondent did not experience the touchpoint: missing by design) and one or
more outcome columns (overall satisfaction, likelihood to recommend, repurchase intention, or a
0/1 outcome such as "renewed").

A **journey event log** has one row per contact: customer, touchpoint, time (numbers or
timestamps, non-decreasing within each customer), an optional 0/1 problem flag and an optional
outcome (the absorbing state the journey ended in, such as ``"purchase"`` or ``"churn"``, on
any of the customer's rows; journeys without one end in ``"leave"``).
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
    check_in_range,
    check_moments_finite,
    check_no_nan,
    check_nonnegative,
    check_numeric,
    describe_rows,
)

__all__ = ["SurveyData", "check_event_log", "check_touchpoint_survey"]


@dataclass
class SurveyData:
    """A validated touchpoint survey, split into what a model uses and what it left out.

    Attributes
    ----------
    ratings : pandas.DataFrame
        The driver ratings of the rows used (may hold NaN where not experienced).
    outcome : pandas.Series
        The outcome of the rows used.
    not_experienced : pandas.Series
        Per driver, how many of the rows with an outcome did not experience it.
    n_missing_outcome : int
        Rows left out because the outcome is missing.
    """

    ratings: pd.DataFrame
    outcome: pd.Series
    not_experienced: pd.Series
    n_missing_outcome: int


def check_touchpoint_survey(
    survey: pd.DataFrame,
    *,
    outcome: str,
    drivers: Sequence[str],
    scale: tuple[float, float] | None = None,
    binary: bool = False,
) -> SurveyData:
    """Validate a touchpoint survey for a key-driver analysis.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent.
    outcome : str
        The outcome column.
    drivers : sequence of str
        The touchpoint rating columns (NaN means not experienced).
    scale : (float, float), optional
        The rating scale (lowest, highest); ratings outside it are an error.
    binary : bool, default False
        Whether the outcome must be 0/1.

    Returns
    -------
    SurveyData
        The ratings and outcome of the rows with an outcome, and the counts of what is missing.

    Raises
    ------
    LoyaltyDataError
        On missing or non-numeric columns, ratings outside the scale, a touchpoint nobody
        experienced, a constant outcome, or a non-0/1 binary outcome.
    """
    check_dataframe(survey, name="survey")
    drivers = list(drivers)
    if len(drivers) < 1:
        raise LoyaltyDataError("drivers is empty; name at least one touchpoint rating column.")
    if len(set(drivers)) != len(drivers):
        raise LoyaltyDataError(f"drivers {drivers} repeat a column; name each column once.")
    if outcome in drivers:
        raise LoyaltyDataError(f"outcome '{outcome}' is also listed as a driver; remove it.")
    check_columns(survey, [*drivers, outcome], name="survey")
    check_numeric(survey, [*drivers, outcome])
    check_finite(survey, [*drivers, outcome])
    check_moments_finite(survey, [*drivers, outcome])
    if scale is not None:
        check_in_range(survey, drivers, scale[0], scale[1], what="the rating scale")
    has_outcome = survey[outcome].notna().to_numpy()
    n_missing_outcome = int((~has_outcome).sum())
    used = survey.loc[has_outcome]
    if used.empty:
        raise LoyaltyDataError(f"column '{outcome}' is missing in every row; nothing to explain.")
    ratings = used[drivers].astype(float)
    experienced = ratings.notna().sum()
    never = [d for d in drivers if experienced[d] == 0]
    if never:
        raise LoyaltyDataError(
            f"touchpoint(s) {never} were experienced by nobody (all ratings missing); drop them "
            "from drivers."
        )
    y = used[outcome].astype(float)
    if y.nunique() <= 1:
        raise LoyaltyDataError(
            f"outcome '{outcome}' is constant ({y.iloc[0]!r} in every row); there is no "
            "variation for the touchpoints to explain."
        )
    if binary:
        bad = ~y.isin([0.0, 1.0]).to_numpy()
        if bad.any():
            raise LoyaltyDataError(
                f"column '{outcome}' must be 0/1 for a logistic key-driver analysis but is not "
                f"at {describe_rows(used.index[bad])}; recode it."
            )
    not_experienced = (len(ratings) - experienced).astype(int).rename("not_experienced")
    return SurveyData(
        ratings=ratings,
        outcome=y,
        not_experienced=not_experienced,
        n_missing_outcome=n_missing_outcome,
    )


def _duplicated_events(
    events: pd.DataFrame, customer_codes: np.ndarray, touchpoint_col: str, time_col: str
) -> np.ndarray:
    """Positions of rows repeating an earlier (customer, touchpoint, time), in row order.

    One 64-bit hash per row finds the candidates (rows whose hash occurs more than once); the
    exact comparison runs on those only.
    """
    touch = pd.factorize(events[touchpoint_col])[0].astype(np.uint64)
    time = events[time_col].to_numpy()
    bits = (
        time.astype("datetime64[ns]").view(np.int64)
        if time.dtype.kind == "M"
        else (np.ascontiguousarray(time, dtype=np.float64).view(np.int64))
    )
    key = customer_codes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    key ^= touch * np.uint64(0xC2B2AE3D27D4EB4F)
    key ^= bits.astype(np.uint64) * np.uint64(0x165667B19E3779F9)
    candidates = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy())
    if candidates.size == 0:
        return candidates
    subset = pd.DataFrame(
        {"c": customer_codes[candidates], "t": touch[candidates], "time": time[candidates]}
    )
    return np.asarray(candidates[subset.duplicated().to_numpy()], dtype=np.intp)


def check_event_log(
    events: pd.DataFrame,
    *,
    customer_col: str,
    touchpoint_col: str,
    time_col: str,
    outcome_col: str | None = None,
    problem_col: str | None = None,
    touchpoints: Sequence[str] | None = None,
) -> None:
    """Validate a journey event log.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per contact.
    customer_col, touchpoint_col, time_col : str
        The customer id, touchpoint name and time columns.
    outcome_col : str, optional
        The journey outcome column (missing on rows that carry none).
    problem_col : str, optional
        A 0/1 column flagging contacts where the customer had a problem.
    touchpoints : sequence of str, optional
        The declared touchpoints; any other name in the log is an error.

    Raises
    ------
    LoyaltyDataError
        On missing columns, missing customers/touchpoints/times, unknown touchpoints, negative
        times, events out of time order within a customer, or duplicated events.
    """
    check_dataframe(events, name="events")
    columns = [customer_col, touchpoint_col, time_col]
    optional = [c for c in (outcome_col, problem_col) if c is not None]
    check_columns(events, [*columns, *optional], name="events")
    check_no_nan(events, columns)
    index = events.index
    if touchpoints is not None:
        unknown = ~events[touchpoint_col].isin(list(touchpoints)).to_numpy()
        if unknown.any():
            names = sorted(map(str, events.loc[unknown, touchpoint_col].unique()))[:5]
            raise LoyaltyDataError(
                f"column '{touchpoint_col}' has unknown touchpoint(s) {names} at "
                f"{describe_rows(index[unknown])}; declare them in touchpoints or fix the log."
            )
    time = events[time_col]
    if not pd.api.types.is_datetime64_any_dtype(time):
        check_numeric(events, [time_col])
        check_nonnegative(events, [time_col])
    if problem_col is not None:
        check_numeric(events, [problem_col])
        flags = events[problem_col]
        bad = (flags.notna() & ~flags.isin([0, 1])).to_numpy()
        if bad.any():
            raise LoyaltyDataError(
                f"column '{problem_col}' must be 0/1 but is not at {describe_rows(index[bad])}; "
                "recode the problem flag."
            )
    codes = pd.factorize(events[customer_col])[0]
    duplicated = _duplicated_events(events, codes, touchpoint_col, time_col)
    if duplicated.size:
        raise LoyaltyDataError(
            f"events are duplicated (same {customer_col}, {touchpoint_col} and {time_col}) at "
            f"{describe_rows(index[duplicated])}; remove the duplicates (events.drop_duplicates())."
        )
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    ticks = time.to_numpy()[order]
    same = sorted_codes[1:] == sorted_codes[:-1]
    backwards = same & (ticks[1:] < ticks[:-1])
    if backwards.any():
        rows = index[order[1:][backwards]]
        raise LoyaltyDataError(
            f"column '{time_col}' goes back in time within a customer at {describe_rows(rows)}; "
            f"sort the log by {customer_col} and {time_col} (events.sort_values([...]))."
        )
