r"""Simulator: customers whose experience gaps drive satisfaction and satisfaction drives churn.

The chain of the experience-return model (:mod:`loyaltymodels.returns`) with known links, so
that estimates of every link and the predicted return of closing a gap can be checked against
the truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["simulate_experience_chain", "true_retention_gain"]

_GAP_MEANS = {"reliability": -1.2, "responsiveness": -0.9, "empathy": -0.6}
_EFFECTS = {"reliability": 0.9, "responsiveness": 0.6, "empathy": 0.3}
_MEAN_SATISFACTION = 7.0


def _logit(p: float) -> float:
    return float(np.log(p) - np.log1p(-p))


def simulate_experience_chain(
    n_customers: int = 5000,
    n_periods: int = 8,
    *,
    gap_means: Mapping[str, float] | None = None,
    satisfaction_effects: Mapping[str, float] | None = None,
    retention_effect: float = 0.35,
    baseline_retention: float = 0.85,
    gap_sd: float = 0.8,
    gap_correlation: float = 0.3,
    satisfaction_sd: float = 1.0,
    random_seed: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    r"""Simulate a survey of experience gaps and satisfaction, and the customers' churn.

    Customer :math:`i` has a gap score :math:`g_{id}` (perception minus expectation, in points
    of the answer scale) on each dimension :math:`d`, jointly normal with means ``gap_means``,
    standard deviation ``gap_sd`` and correlation ``gap_correlation``; a satisfaction score

    .. math:: s_i = \alpha + \sum_d \beta_d\, g_{id} + \varepsilon_i, \qquad
              \varepsilon_i \sim N(0, \sigma_s^2),

    with :math:`\alpha` set so that the mean satisfaction is 7 (on a 0-10 scale); and a
    constant per-period churn probability :math:`h_i` with

    .. math:: \operatorname{logit}(1 - h_i) = \operatorname{logit}(r_0) + \gamma\,(s_i - \bar s),

    so a customer of average satisfaction :math:`\bar s` is retained with probability
    :math:`r_0` each period and :math:`\gamma` is the change in the log-odds of retention per
    satisfaction point (the churn model's logit coefficient is :math:`-\gamma`). Customers are
    followed for ``n_periods`` periods or until they churn.

    Parameters
    ----------
    n_customers : int, default 5000
        Customers (all answer the survey).
    n_periods : int, default 8
        Periods observed.
    gap_means : mapping, optional
        Mean gap per dimension; default reliability -1.2, responsiveness -0.9, empathy -0.6.
    satisfaction_effects : mapping, optional
        :math:`\beta_d`; default reliability 0.9, responsiveness 0.6, empathy 0.3.
    retention_effect : float, default 0.35
        :math:`\gamma`.
    baseline_retention : float, default 0.85
        :math:`r_0`, the retention of a customer of average satisfaction.
    gap_sd, gap_correlation : float
        Spread and correlation of the gap scores.
    satisfaction_sd : float, default 1.0
        :math:`\sigma_s`.
    random_seed : int, optional
        Seed of the NumPy Generator.

    Returns
    -------
    survey : pandas.DataFrame
        One row per customer: ``customer_id``, one gap column per dimension, ``satisfaction``.
    panel : pandas.DataFrame
        One row per customer and period at risk: ``customer_id``, ``period``,
        ``satisfaction``, ``churned`` (for :class:`~loyaltymodels.churn.HazardChurn`).
    truth : dict
        ``gap_means``, ``satisfaction_effects``, ``satisfaction_intercept``,
        ``mean_satisfaction``, ``retention_effect``, ``baseline_retention`` and
        ``churn_effect`` (:math:`-\gamma`).

    Examples
    --------
    >>> survey, panel, truth = simulate_experience_chain(500, random_seed=1)
    >>> list(survey.columns)
    ['customer_id', 'reliability', 'responsiveness', 'empathy', 'satisfaction']
    >>> truth["churn_effect"]
    -0.35
    """
    means = dict(gap_means or _GAP_MEANS)
    effects = dict(satisfaction_effects or {d: _EFFECTS.get(d, 0.5) for d in means})
    if set(effects) != set(means):
        raise LoyaltyDataError(
            f"gap_means {sorted(means)} and satisfaction_effects {sorted(effects)} must name "
            "the same dimensions."
        )
    if int(n_customers) != n_customers or n_customers < 10:
        raise LoyaltyDataError(f"n_customers must be a whole number >= 10, got {n_customers!r}.")
    if int(n_periods) != n_periods or n_periods < 1:
        raise LoyaltyDataError(f"n_periods must be a whole number >= 1, got {n_periods!r}.")
    if not 0.0 < baseline_retention < 1.0:
        raise LoyaltyDataError(
            f"baseline_retention must lie strictly between 0 and 1, got {baseline_retention!r}."
        )
    dims = list(means)
    k = len(dims)
    if k > 1 and not -1.0 / (k - 1) < gap_correlation < 1.0:
        raise LoyaltyDataError(
            f"gap_correlation {gap_correlation!r} does not give a valid correlation matrix for "
            f"{k} dimensions."
        )
    rng = np.random.default_rng(random_seed)
    n = int(n_customers)
    correlation = np.full((k, k), gap_correlation) + np.eye(k) * (1.0 - gap_correlation)
    mu = np.array([means[d] for d in dims])
    beta = np.array([effects[d] for d in dims])
    gaps = mu + gap_sd * rng.standard_normal((n, k)) @ np.linalg.cholesky(correlation).T
    intercept = _MEAN_SATISFACTION - float(beta @ mu)
    satisfaction = intercept + gaps @ beta + rng.normal(0.0, satisfaction_sd, size=n)

    eta = _logit(baseline_retention) + retention_effect * (satisfaction - _MEAN_SATISFACTION)
    churn = 1.0 / (1.0 + np.exp(eta))
    churn_period = rng.geometric(churn)
    observed = np.minimum(churn_period, n_periods)
    ids = np.repeat(np.arange(1, n + 1), observed)
    starts = np.cumsum(observed) - observed
    period = np.arange(observed.sum()) - np.repeat(starts, observed) + 1
    last = period == np.repeat(observed, observed)
    churned = last & (np.repeat(churn_period, observed) <= n_periods)

    survey = pd.DataFrame({"customer_id": np.arange(1, n + 1)})
    for j, d in enumerate(dims):
        survey[d] = gaps[:, j]
    survey["satisfaction"] = satisfaction
    panel = pd.DataFrame(
        {
            "customer_id": ids,
            "period": period.astype("int64"),
            "satisfaction": satisfaction[ids - 1],
            "churned": churned.astype("int64"),
        }
    )
    truth = {
        "gap_means": means,
        "satisfaction_effects": effects,
        "satisfaction_intercept": intercept,
        "mean_satisfaction": _MEAN_SATISFACTION,
        "retention_effect": float(retention_effect),
        "baseline_retention": float(baseline_retention),
        "churn_effect": -float(retention_effect),
    }
    return survey, panel, truth


def true_retention_gain(truth: Mapping[str, Any], gap_change: Mapping[str, float]) -> float:
    r"""Return the true retention gain of a customer of average satisfaction for a gap change.

    :math:`\operatorname{logistic}(\operatorname{logit} r_0 + \gamma \sum_d \beta_d \Delta g_d)
    - r_0` with the simulation's true links.

    Parameters
    ----------
    truth : mapping
        The ``truth`` of :func:`simulate_experience_chain`.
    gap_change : mapping of str to float
        Points of gap closed per dimension.

    Returns
    -------
    float
        The gain in per-period retention.

    Examples
    --------
    >>> _, _, truth = simulate_experience_chain(50, random_seed=1)
    >>> round(true_retention_gain(truth, {"reliability": 0.5}), 6)  # 0.35 x 0.9 x 0.5
    0.018995
    """
    r0 = float(truth["baseline_retention"])
    effects = truth["satisfaction_effects"]
    delta = sum(float(effects[d]) * float(v) for d, v in gap_change.items())
    eta = _logit(r0) + float(truth["retention_effect"]) * delta
    return float(1.0 / (1.0 + np.exp(-eta)) - r0)
