"""Closed forms of the shifted-beta-geometric (sBG) model of contract duration, in NumPy.

Each customer renews at the end of every period with probability ``1 - theta`` and ``theta``
varies across customers as Beta(alpha, beta). ``T`` is the period in which a customer churns
(``T >= 1``); a customer is active at the start of period ``t`` when ``T > t``. Everything
broadcasts over arrays of ``alpha`` and ``beta`` (e.g. posterior draws).

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing* 21(1), 76-90.

Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
perils of ignoring heterogeneity. *Marketing Science* 29(1), 85-93.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import hyp2f1

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.likelihood.backend import NUMPY

__all__ = [
    "sbg_churn_log_probability",
    "sbg_derl",
    "sbg_log_survival",
    "sbg_retention_elasticity",
    "sbg_retention_rate",
    "sbg_survival",
]


def _as_float(xp: Any, *arrays: Any) -> list[Any]:
    """Floats for NumPy; graph variables as they are."""
    return [np.asarray(a, dtype=float) for a in arrays] if xp is NUMPY else list(arrays)


def sbg_churn_log_probability(t: Any, alpha: Any, beta: Any, *, xp: Any = NUMPY) -> Any:
    r"""Log-probability that a customer churns in period ``t``.

    .. math:: P(T = t \mid \alpha, \beta) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)},
              \quad t = 1, 2, \ldots

    Parameters
    ----------
    t : array_like of int
        Periods (>= 1).
    alpha, beta : array_like
        Beta mixing parameters (> 0).
    xp : namespace, default NUMPY
        The array backend (:mod:`loyaltymodels.likelihood.backend`): the same formula builds
        the PyTensor graph the sBG model is fitted with.

    Returns
    -------
    numpy.ndarray
        ``log P(T = t)``, broadcast over the inputs.

    Examples
    --------
    >>> float(np.exp(sbg_churn_log_probability(1, 1.0, 1.0)))
    0.5
    """
    t, alpha, beta = _as_float(xp, t, alpha, beta)
    return xp.betaln(alpha + 1.0, beta + t - 1.0) - xp.betaln(alpha, beta)


def sbg_log_survival(t: Any, alpha: Any, beta: Any, *, xp: Any = NUMPY) -> Any:
    r"""Log of the survival function, the probability of being active at the start of period ``t``.

    .. math:: S(t \mid \alpha, \beta) = P(T > t) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)},
              \quad t = 0, 1, \ldots

    Parameters
    ----------
    t : array_like of int
        Periods (>= 0).
    alpha, beta, xp
        As in :func:`sbg_churn_log_probability`.

    Returns
    -------
    numpy.ndarray
        ``log S(t)``.
    """
    t, alpha, beta = _as_float(xp, t, alpha, beta)
    return xp.betaln(alpha, beta + t) - xp.betaln(alpha, beta)


def sbg_survival(t: ArrayLike, alpha: ArrayLike, beta: ArrayLike) -> NDArray:
    r"""Survival function :math:`S(t) = B(\alpha, \beta + t) / B(\alpha, \beta)`.

    Parameters
    ----------
    t, alpha, beta : array_like
        As in :func:`sbg_log_survival`.

    Returns
    -------
    numpy.ndarray
        The share of a cohort still active at the start of period ``t``.

    Examples
    --------
    >>> sbg_survival([0, 1, 2], 1.0, 1.0).tolist()  # S(t) = 1 / (t + 1) when alpha = beta = 1
    [1.0, 0.5, 0.3333333333333333]
    """
    return np.asarray(np.exp(sbg_log_survival(t, alpha, beta)))


def sbg_retention_rate(t: ArrayLike, alpha: ArrayLike, beta: ArrayLike) -> NDArray:
    r"""Cohort retention rate in period ``t``: the share of those active in ``t - 1`` who renew.

    .. math:: r_t = \frac{S(t)}{S(t - 1)} = \frac{\beta + t - 1}{\alpha + \beta + t - 1},
              \quad t = 1, 2, \ldots

    It increases with ``t``: heterogeneity sorts out the churn-prone customers first.

    Parameters
    ----------
    t : array_like of int
        Periods (>= 1).
    alpha, beta : array_like
        As in :func:`sbg_churn_log_probability`.

    Returns
    -------
    numpy.ndarray
        The retention rates.

    Examples
    --------
    >>> sbg_retention_rate([1, 2], 1.0, 1.0).tolist()
    [0.5, 0.6666666666666666]
    """
    t = np.asarray(t, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    beta = np.asarray(beta, dtype=float)
    return np.asarray((beta + t - 1.0) / (alpha + beta + t - 1.0))


def _check_discount_rate(discount_rate: float) -> float:
    rate = float(discount_rate)
    if not np.isfinite(rate) or rate <= 0.0:
        raise LoyaltyDataError(
            f"discount_rate must be a positive number (e.g. 0.1), got {discount_rate!r}."
        )
    return rate


def sbg_derl(
    discount_rate: float, alpha: ArrayLike, beta: ArrayLike, renewals: ArrayLike = 0
) -> NDArray:
    r"""Discounted expected residual lifetime (DERL) of a customer who has made ``n`` renewals.

    The customer is active in period ``n + 1`` (``T > n``) and faces the next renewal decision.
    DERL is the expected number of future renewals (payments at each renewal, the first one
    undiscounted), discounted at rate ``d`` per period (Fader & Hardie 2010, eq. 6):

    .. math::

        \mathrm{DERL}(d \mid \alpha, \beta, n)
          = \sum_{t = n + 1}^{\infty} \frac{S(t)}{S(n)} \left(\frac{1}{1 + d}\right)^{t - n - 1}
          = \frac{\beta + n}{\alpha + \beta + n}\;
            {}_2F_1\!\left(1, \beta + n + 1; \alpha + \beta + n + 1; \frac{1}{1 + d}\right).

    Multiplying by the net cash flow per renewal gives the customer's expected residual value.

    Parameters
    ----------
    discount_rate : float
        ``d`` > 0, per period.
    alpha, beta : array_like
        Beta mixing parameters (> 0).
    renewals : array_like of int, default 0
        ``n``, the renewals already made (0 for a customer in the first period).

    Returns
    -------
    numpy.ndarray
        DERL, in periods.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
    the perils of ignoring heterogeneity. *Marketing Science* 29(1), 85-93.

    Examples
    --------
    >>> round(float(sbg_derl(0.1, 0.704, 1.182)), 4)
    2.9647
    """
    rate = _check_discount_rate(discount_rate)
    n = np.asarray(renewals, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    beta = np.asarray(beta, dtype=float)
    first_renewal = (beta + n) / (alpha + beta + n)
    return np.asarray(
        first_renewal * hyp2f1(1.0, beta + n + 1.0, alpha + beta + n + 1.0, 1.0 / (1.0 + rate))
    )


def sbg_retention_elasticity(
    discount_rate: float,
    alpha: ArrayLike,
    beta: ArrayLike,
    renewals: ArrayLike = 0,
    increase: float = 0.01,
) -> NDArray:
    r"""Retention elasticity of the residual value: % change in DERL per % change in retention.

    Every customer's renewal probability ``1 - theta`` is raised by the proportion ``e``
    (``increase``). Since a customer's cash flow ``k`` periods ahead carries the weight
    :math:`(1 - \theta)^{k + 1} (1 + d)^{-k}`, raising ``1 - theta`` to ``(1 + e)(1 - theta)`` is
    the same as multiplying by ``1 + e`` and discounting at ``d'`` with ``1 + d' = (1 + d)/(1 + e)``
    (Fader & Hardie 2010, section 4), so

    .. math::

        \eta = \frac{1}{e}\left[\frac{(1 + e)\,\mathrm{DERL}(d' \mid \alpha, \beta, n)}
                                     {\mathrm{DERL}(d \mid \alpha, \beta, n)} - 1\right].

    Ignoring heterogeneity (one constant retention rate) understates this elasticity.

    Parameters
    ----------
    discount_rate : float
        ``d`` > ``increase``.
    alpha, beta, renewals
        As in :func:`sbg_derl` (the reference given there).
    increase : float, default 0.01
        The proportional increase ``e`` of every renewal probability (0.01 = 1%).

    Returns
    -------
    numpy.ndarray
        The elasticity (dimensionless).
    """
    rate = _check_discount_rate(discount_rate)
    step = float(increase)
    if not 0.0 < step < rate:
        raise LoyaltyDataError(
            f"increase must lie in (0, discount_rate) = (0, {rate}), got {increase!r}; "
            "use a small proportional increase such as 0.01."
        )
    shifted_rate = (1.0 + rate) / (1.0 + step) - 1.0
    base = sbg_derl(rate, alpha, beta, renewals)
    raised = (1.0 + step) * sbg_derl(shifted_rate, alpha, beta, renewals)
    return np.asarray((raised / base - 1.0) / step)
