r"""Experience loss per touchpoint: revenue at risk (market damage) and effect on churn (hazard).

**Revenue at risk.** Each touchpoint's problem is one problem type of the market damage model
(:mod:`loyaltymodels.damage`; TARP 1979, 1986; Goodman 2009): from the touchpoint survey,
:func:`problem_counts` counts per touchpoint the respondents with a problem there, how many
complained, how their complaints ended (satisfied, mollified, dissatisfied) and how many of each
group are loyal (e.g. intend to return), plus the loyal share of respondents without any
problem. :func:`revenue_at_risk` feeds these counts to
:meth:`~loyaltymodels.damage.DamageInputs.from_counts` and
:class:`~loyaltymodels.damage.MarketDamage`, which carry their sampling uncertainty (Beta and
Dirichlet posteriors) into customers and revenue lost per touchpoint, silent customers,
complaints and word of mouth, with intervals. Incidence is relative to all respondents (a touchpoint
not experienced had no problem). A respondent's complaint and its outcome count for every touchpoint
where they had a problem.

**Effect on churn.** :func:`churn_panel` turns an event log with problem flags into a
customer-period panel whose time-varying covariates ``problem_<touchpoint>`` are 1 in periods
with a problem at that touchpoint; :func:`touchpoint_churn_effects` fits
:class:`~loyaltymodels.churn.HazardChurn` to it, so :math:`e^{\beta_k}` is the odds (logit) or
hazard (cloglog) ratio of churning in a period with a failure at touchpoint :math:`k`.

References
----------
Goodman, J. (2009). *Strategic Customer Service*. AMACOM, New York, chapters 2-3.

Allison, P. D. (1982). Discrete-time methods for the analysis of event histories. *Sociological
Methodology* 13, 61-98.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_in_range,
    check_no_nan,
    check_numeric,
    describe_rows,
)
from loyaltymodels.damage import OUTCOMES, DamageInputs, DamageResult, MarketDamage
from loyaltymodels.journey.contracts import check_event_log
from loyaltymodels.summaries import accepts_former_ci_prob_names

if TYPE_CHECKING:  # the churn models import PyMC, which is slow to load
    from loyaltymodels.churn import HazardChurnResult

__all__ = [
    "churn_panel",
    "problem_counts",
    "revenue_at_risk",
    "touchpoint_churn_effects",
]


def _problem_columns(
    touchpoints: Sequence[str], problem_cols: Mapping[str, str] | None
) -> dict[str, str]:
    if problem_cols is None:
        return {tp: f"problem_{tp}" for tp in touchpoints}
    missing = [tp for tp in touchpoints if tp not in problem_cols]
    if missing:
        raise LoyaltyDataError(f"problem_cols names no column for touchpoint(s) {missing}.")
    return {tp: problem_cols[tp] for tp in touchpoints}


def problem_counts(
    survey: pd.DataFrame,
    *,
    touchpoints: Sequence[str],
    loyalty_col: str,
    problem_cols: Mapping[str, str] | None = None,
    complained_col: str | None = None,
    resolution_col: str | None = None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Count, per touchpoint, what the market damage model needs from a survey.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent.
    touchpoints : sequence of str
        The touchpoints.
    loyalty_col : str
        0/1: the respondent is loyal (repurchases, intends to return).
    problem_cols : mapping of str to str, optional
        Touchpoint -> its 0/1 problem column (NaN where not experienced); default
        ``problem_<touchpoint>``.
    complained_col : str, optional
        0/1: the respondent complained. Without it every problem counts as silent.
    resolution_col : str, optional
        For complainers: ``"satisfied"``, ``"mollified"`` or ``"dissatisfied"``.

    Returns
    -------
    (pandas.DataFrame, dict)
        The per-touchpoint counts (columns of :meth:`DamageInputs.from_counts`) and the shared
        counts ``surveyed``, ``no_problem``, ``loyal_no_problem``.
    """
    check_dataframe(survey, name="survey")
    columns = _problem_columns(touchpoints, problem_cols)
    needed = [*columns.values(), loyalty_col]
    needed += [c for c in (complained_col, resolution_col) if c is not None]
    check_columns(survey, needed, name="survey")
    check_numeric(survey, [*columns.values(), loyalty_col])
    check_no_nan(survey, [loyalty_col])
    check_in_range(survey, [*columns.values(), loyalty_col], 0, 1, what="a 0/1 flag")
    flags = survey[list(columns.values())].fillna(0.0).to_numpy(dtype=float)
    loyal = survey[loyalty_col].to_numpy(dtype=float)
    if complained_col is not None:
        check_numeric(survey, [complained_col])
        check_no_nan(survey, [complained_col])
        complained = survey[complained_col].to_numpy(dtype=float) == 1
    else:
        complained = np.zeros(len(survey), dtype=bool)
    groups = {}
    if complained.any():
        if resolution_col is None:
            raise LoyaltyDataError(
                "complained_col marks complainers but resolution_col is not given; name the "
                f"column holding each complaint's outcome ({list(OUTCOMES)})."
            )
        outcome = survey[resolution_col].astype("object")
        bad = complained & ~outcome.isin(list(OUTCOMES)).to_numpy()
        if bad.any():
            raise LoyaltyDataError(
                f"column '{resolution_col}' must be one of {list(OUTCOMES)} for complainers but "
                f"is not at {describe_rows(survey.index[bad])}; record each complaint's outcome."
            )
        for name in OUTCOMES:
            groups[name] = complained & (outcome == name).to_numpy()
    else:
        groups = {name: np.zeros(len(survey), dtype=bool) for name in OUTCOMES}
    rows = {}
    for j, tp in enumerate(touchpoints):
        had = flags[:, j] == 1
        silent = had & ~complained
        row = {
            "with_problem": int(had.sum()),
            "complained": int((had & complained).sum()),
            "loyal_silent": int((silent & (loyal == 1)).sum()),
        }
        for name in OUTCOMES:
            member = had & groups[name]
            row[name] = int(member.sum())
            row[f"loyal_{name}"] = int((member & (loyal == 1)).sum())
        rows[tp] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "touchpoint"
    none = flags.sum(axis=1) == 0
    shared = {
        "surveyed": len(survey),
        "no_problem": int(none.sum()),
        "loyal_no_problem": int((none & (loyal == 1)).sum()),
    }
    return table, shared


@accepts_former_ci_prob_names
def revenue_at_risk(
    survey: pd.DataFrame,
    *,
    touchpoints: Sequence[str],
    loyalty_col: str,
    customers: float,
    value: float,
    problem_cols: Mapping[str, str] | None = None,
    complained_col: str | None = None,
    resolution_col: str | None = None,
    draws: int = 4000,
    ci_prob: float = 0.90,
    random_seed: int | None = None,
    **word_of_mouth: float,
) -> DamageResult:
    """Estimate the customers and revenue lost to each touchpoint's problems, with intervals.

    Counts from :func:`problem_counts` go into the market damage model
    (:meth:`DamageInputs.from_counts`, :class:`MarketDamage`); ``result.summary()`` lists the
    lost customers and revenue per touchpoint (the damage model's "problem").

    Parameters
    ----------
    survey, touchpoints, loyalty_col, problem_cols, complained_col, resolution_col
        The survey (one row per respondent) and its columns, as in :func:`problem_counts`.
    customers : float
        The customer base the survey represents.
    value : float
        Revenue (or CLV) of one customer.
    draws : int, default 4000
        Monte Carlo draws.
    ci_prob : float, default 0.90
        Probability of the intervals (``confidence_level=`` still works, with a
        ``FutureWarning``).
    random_seed : int, optional
        Seed of the draws.
    **word_of_mouth : float
        ``told_silent``, ``told_mollified``, ``told_dissatisfied``, ``deterred_share``,
        ``recorded_share`` of the damage model.

    Returns
    -------
    DamageResult
        The damage by touchpoint and path.
    """
    table, shared = problem_counts(
        survey,
        touchpoints=touchpoints,
        loyalty_col=loyalty_col,
        problem_cols=problem_cols,
        complained_col=complained_col,
        resolution_col=resolution_col,
    )
    inputs = DamageInputs.from_counts(
        table, customers=customers, value=value, **shared, **word_of_mouth
    )
    model = MarketDamage(draws=draws, ci_prob=ci_prob)
    return model.fit(inputs, random_seed=random_seed)


def churn_panel(
    events: pd.DataFrame,
    *,
    customer_col: str = "customer",
    touchpoint_col: str = "touchpoint",
    time_col: str = "time",
    problem_col: str = "problem",
    outcome_col: str = "outcome",
    churn_state: str = "churn",
    period_length: float = 1.0,
    end: float | None = None,
    touchpoints: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Customer-period panel with one time-varying problem covariate per touchpoint.

    Period :math:`t` covers times :math:`[(t-1)h, th)` for ``period_length`` :math:`h`. A
    customer is at risk from the period of their first event to the period of their churn
    (the period of their last event, when the journey's outcome is ``churn_state``) or, if
    they did not churn, to the period of ``end`` (default: the last event in the log).

    Parameters
    ----------
    events : pandas.DataFrame
        The event log with a 0/1 problem flag.
    customer_col, touchpoint_col, time_col, problem_col, outcome_col : str
        Column names.
    churn_state : str, default "churn"
        The outcome that means the customer churned.
    period_length : float, default 1.0
        Length of a period in the time unit of ``time_col`` (numeric times).
    end : float, optional
        End of observation.
    touchpoints : sequence of str, optional
        The declared touchpoints.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id``, ``period``, ``churned`` and ``problem_<touchpoint>``.
    """
    check_event_log(
        events,
        customer_col=customer_col,
        touchpoint_col=touchpoint_col,
        time_col=time_col,
        outcome_col=outcome_col,
        problem_col=problem_col,
        touchpoints=touchpoints,
    )
    check_numeric(events, [time_col])
    if not period_length > 0:
        raise LoyaltyDataError(f"period_length must be > 0, got {period_length!r}.")
    customer, ids = pd.factorize(events[customer_col])
    names = (
        list(touchpoints)
        if touchpoints is not None
        else sorted(map(str, pd.unique(events[touchpoint_col])))
    )
    touch = pd.Categorical(events[touchpoint_col].astype(str), categories=names).codes
    period = np.floor(events[time_col].to_numpy(dtype=float) / period_length).astype(np.int64) + 1
    n = len(ids)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, customer, period)
    last_event = np.zeros(n, dtype=np.int64)
    np.maximum.at(last_event, customer, period)
    churned = np.zeros(n, dtype=bool)
    outcome = events[outcome_col].astype("object")
    churned[customer[(outcome == churn_state).to_numpy()]] = True
    horizon = int(np.floor(end / period_length)) + 1 if end is not None else int(period.max())
    if (last_event > horizon).any():
        raise LoyaltyDataError(f"events occur after end={end}; raise end or drop them.")
    stop = np.where(churned, last_event, horizon)
    length = stop - first + 1
    row_customer = np.repeat(np.arange(n), length)
    offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    row_period = first[row_customer] + offsets
    panel = pd.DataFrame(
        {
            "customer_id": np.asarray(ids)[row_customer],
            "period": row_period,
            "churned": ((row_period == stop[row_customer]) & churned[row_customer]).astype(int),
        }
    )
    flag = events[problem_col].fillna(0).to_numpy(dtype=float) == 1
    start_row = np.cumsum(length) - length
    row_of_event = start_row[customer] + (period - first[customer])
    for j, name in enumerate(names):
        hit = np.zeros(len(panel), dtype=np.int8)
        hit[row_of_event[flag & (touch == j)]] = 1
        panel[f"problem_{name}"] = hit
    return panel


def touchpoint_churn_effects(
    panel: pd.DataFrame,
    *,
    touchpoints: Sequence[str],
    method: str = "mle",
    link: str = "logit",
    random_seed: int | None = None,
    **fit_options: Any,
) -> HazardChurnResult:
    """Fit the discrete-time hazard model with one problem covariate per touchpoint.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`churn_panel`.
    touchpoints : sequence of str
        The touchpoints whose ``problem_<touchpoint>`` columns enter the model.
    method : str, default "mle"
        Passed to :meth:`HazardChurn.fit` (``"nuts"`` for full posteriors).
    link : {"logit", "cloglog"}, default "logit"
        Odds ratios (logit) or hazard ratios (cloglog).
    random_seed : int, optional
        Seed of the fit.
    **fit_options
        Further options of :meth:`HazardChurn.fit` (draws, tune, chains).

    Returns
    -------
    HazardChurnResult
        ``.effects()`` gives the ratio of each touchpoint failure.
    """
    from loyaltymodels.churn import HazardChurn

    covariates = [f"problem_{tp}" for tp in touchpoints]
    return HazardChurn(link).fit(
        panel,
        covariates=covariates,
        customer="customer_id",
        period="period",
        churned="churned",
        method=method,
        random_seed=random_seed,
        **fit_options,
    )
