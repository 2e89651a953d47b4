r"""Which touchpoint to fix first: derived importance, performance gap and money at risk.

:func:`derived_ipa` places touchpoints in the importance-performance grid of
:func:`loyaltymodels.servqual.importance_performance` (Martilla & James 1977), with the
*derived* importance of a key-driver analysis (each touchpoint's share of :math:`R^2`) on the
importance axis instead of stated importance, and the mean rating among respondents who
experienced the touchpoint on the performance axis.

:func:`fix_first` ranks touchpoints by three criteria, each ranked 1 (most urgent) to
:math:`p`: derived importance (share of :math:`R^2`), the performance gap (scale maximum minus
mean rating) and revenue at risk (market damage model). The ``priority`` is the mean of the
three ranks (ties broken by revenue at risk); a touchpoint that is important, poorly rated and
costly comes first. The table also gives the saving if a share of the touchpoint's problems were
prevented (:func:`loyaltymodels.damage.prevent_problem`, with its interval) and, when a hazard
fit is given, the churn odds ratio of a failure at the touchpoint.

References
----------
Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*
41(1), 77-79.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import LoyaltyDataError, check_columns
from loyaltymodels.damage import DamageResult, prevent_problem
from loyaltymodels.journey.drivers import KeyDriverResult

if TYPE_CHECKING:  # the churn and servqual packages load PyMC and semopy, which is slow
    from loyaltymodels.churn import HazardChurnResult
    from loyaltymodels.servqual import IPAResult

__all__ = ["derived_ipa", "fix_first", "touchpoint_performance"]


def touchpoint_performance(
    survey: pd.DataFrame, touchpoints: Sequence[str], ci_prob: float = 0.95
) -> pd.DataFrame:
    r"""Mean rating per touchpoint among those who experienced it, with a Student-t interval.

    Parameters
    ----------
    survey : pandas.DataFrame
        The touchpoint survey.
    touchpoints : sequence of str
        Rating columns.
    ci_prob : float, default 0.95
        Coverage.

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint: ``performance``, ``performance_se``, ``performance_lower``,
        ``performance_upper``, ``performance_n``.
    """
    check_columns(survey, list(touchpoints), name="survey")
    ratings = survey[list(touchpoints)].astype(float)
    n = ratings.notna().sum()
    if (n < 2).any():
        raise LoyaltyDataError(
            f"touchpoint(s) {list(n.index[n < 2])} have fewer than two ratings; drop them."
        )
    mean, se = ratings.mean(), ratings.sem()
    half = stats.t.ppf(0.5 + ci_prob / 2.0, n - 1) * se
    return pd.DataFrame(
        {
            "performance": mean,
            "performance_se": se,
            "performance_lower": mean - half,
            "performance_upper": mean + half,
            "performance_n": n.astype(int),
        }
    ).rename_axis("touchpoint")


def _importance(drivers: KeyDriverResult, touchpoints: Sequence[str]) -> pd.DataFrame:
    missing = [tp for tp in touchpoints if tp not in drivers.table.index]
    if missing:
        raise LoyaltyDataError(
            f"touchpoint(s) {missing} are not among the key drivers {list(drivers.table.index)}."
        )
    table = drivers.table.loc[list(touchpoints)]
    out = pd.DataFrame({"importance": table["share"]})
    if "lower" in table:
        out["importance_lower"] = table["lower"] / drivers.r2
        out["importance_upper"] = table["upper"] / drivers.r2
    return out


def derived_ipa(
    drivers: KeyDriverResult,
    survey: pd.DataFrame,
    *,
    touchpoints: Sequence[str] | None = None,
    crosshair: str | tuple[float, float] = "mean",
    ci_prob: float = 0.95,
    stated: pd.DataFrame | None = None,
) -> IPAResult:
    """Importance-performance grid with derived importance (share of R-squared).

    Parameters
    ----------
    drivers : KeyDriverResult
        From :func:`~loyaltymodels.journey.key_drivers`.
    survey : pandas.DataFrame
        The touchpoint survey (for the mean ratings).
    touchpoints : sequence of str, optional
        The touchpoints to place (default: every driver that is a survey column).
    crosshair : {"mean", "median"} or (float, float), default "mean"
        Where the quadrant lines go (see :func:`~loyaltymodels.servqual.importance_performance`).
    ci_prob : float, default 0.95
        Coverage of the performance intervals.
    stated : pandas.DataFrame, optional
        Stated importance ratings (one row per respondent, one column per touchpoint) to set
        beside the derived importance: adds ``stated_importance`` (mean rating),
        ``stated_rank`` and ``derived_rank`` (1 = most important).

    Returns
    -------
    IPAResult
        The grid; ``importance`` is the share of R-squared (with bootstrap bounds when the
        key-driver analysis was bootstrapped) and ``performance`` the mean rating.
    """
    from loyaltymodels.servqual import importance_performance

    names = (
        list(touchpoints)
        if touchpoints is not None
        else [d for d in drivers.table.index if d in survey.columns]
    )
    importance = _importance(drivers, names)
    performance = touchpoint_performance(survey, names, ci_prob)
    grid = importance_performance(
        importance["importance"].to_frame().T.reset_index(drop=True),
        performance["performance"].to_frame().T.reset_index(drop=True),
        crosshair=crosshair,
        ci_prob=ci_prob,
    )
    table = grid.table
    for column in ("lower", "upper"):
        if f"importance_{column}" in importance:
            table[f"importance_{column}"] = importance[f"importance_{column}"].to_numpy()
        table[f"performance_{column}"] = performance[f"performance_{column}"].to_numpy()
    table["performance_se"] = performance["performance_se"].to_numpy()
    table["performance_n"] = performance["performance_n"].to_numpy()
    table["importance_n"] = drivers.n_used
    if stated is not None:
        means = touchpoint_performance(stated, names, ci_prob)["performance"]
        table["stated_importance"] = means.to_numpy()
        table["stated_rank"] = means.rank(ascending=False, method="min").to_numpy()
        table["derived_rank"] = table["importance"].rank(ascending=False, method="min")
    return dataclasses.replace(grid, table=table)


def fix_first(
    drivers: KeyDriverResult,
    loss: DamageResult,
    survey: pd.DataFrame,
    *,
    touchpoints: Sequence[str],
    scale_max: float,
    share_prevented: float = 0.5,
    churn: HazardChurnResult | None = None,
) -> pd.DataFrame:
    """Rank touchpoints by importance, performance gap and revenue at risk.

    Parameters
    ----------
    drivers : KeyDriverResult
        Derived importance (:func:`~loyaltymodels.journey.key_drivers`).
    loss : DamageResult
        Revenue at risk per touchpoint (:func:`~loyaltymodels.journey.revenue_at_risk`).
    survey : pandas.DataFrame
        The touchpoint survey (mean ratings).
    touchpoints : sequence of str
        The touchpoints to rank (drivers, survey columns and damage problems).
    scale_max : float
        The top of the rating scale (the gap is ``scale_max`` minus the mean rating).
    share_prevented : float, default 0.5
        The what-if: the share of each touchpoint's problems prevented.
    churn : HazardChurnResult, optional
        From :func:`~loyaltymodels.journey.touchpoint_churn_effects`; adds the churn ratio.

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint in priority order: ``importance`` (share of R-squared),
        ``performance``, ``gap``, ``revenue_at_risk`` with ``lower``/``upper``,
        ``saving_if_prevented`` with ``saving_lower``/``saving_upper``, optionally
        ``churn_ratio`` with its bounds, the three ranks and ``priority``.
    """
    names = list(touchpoints)
    table = _importance(drivers, names)
    performance = touchpoint_performance(survey, names)
    table["performance"] = performance["performance"]
    table["gap"] = scale_max - performance["performance"]
    summary = loss.summary()
    unknown = [tp for tp in names if tp not in summary.index]
    if unknown:
        raise LoyaltyDataError(f"touchpoint(s) {unknown} are not problems of the damage result.")
    table["revenue_at_risk"] = summary.loc[names, "lost_revenue"]
    table["revenue_lower"] = summary.loc[names, "lost_revenue_lower"]
    table["revenue_upper"] = summary.loc[names, "lost_revenue_upper"]
    for tp in names:
        saving = prevent_problem(loss, tp, share_prevented=share_prevented).params
        row = saving.xs("lost_revenue", level="measure").loc[[tp]].iloc[0]
        table.loc[tp, "saving_if_prevented"] = row["saving"]
        table.loc[tp, "saving_lower"] = row["saving_lower"]
        table.loc[tp, "saving_upper"] = row["saving_upper"]
    if churn is not None:
        effects = churn.effects()
        labels = [f"problem_{tp}" for tp in names]
        table["churn_ratio"] = effects.loc[labels, "ratio"].to_numpy()
        table["churn_ratio_lower"] = effects.loc[labels, "ratio_lower"].to_numpy()
        table["churn_ratio_upper"] = effects.loc[labels, "ratio_upper"].to_numpy()
    table["rank_importance"] = table["importance"].rank(ascending=False, method="min")
    table["rank_gap"] = table["gap"].rank(ascending=False, method="min")
    table["rank_money"] = table["revenue_at_risk"].rank(ascending=False, method="min")
    table["priority"] = table[["rank_importance", "rank_gap", "rank_money"]].mean(axis=1)
    order = np.lexsort((-table["revenue_at_risk"].to_numpy(), table["priority"].to_numpy()))
    return table.iloc[order].rename_axis("touchpoint")
