"""Pareto/NBD closed-form predictions (NumPy, broadcasting over draws x patterns).

Schmittlein, Morrison & Colombo (1987), Management Science 33(1); expressions as in Fader &
Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions": P(alive)
eq. (18), E[X(t)] eq. (19), E[Y(t) | x, t_x, T] eq. (22). The conditional PMF integrates the
dropout time numerically (Gauss-Legendre), following Fader & Hardie's note "Deriving the
conditional PMF of the Pareto/NBD model" (2014).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from loyaltymodels.clv.expectations.closed_forms import ClosedForms
from loyaltymodels.clv.likelihoods.pareto_nbd import pareto_nbd_log_terms

__all__ = [
    "PARETO_NBD_CLOSED_FORMS",
    "pareto_nbd_conditional_expected_purchases",
    "pareto_nbd_conditional_purchase_probability",
    "pareto_nbd_expected_purchases_new_customer",
    "pareto_nbd_probability_alive",
]

_QUADRATURE_NODES = 48


def pareto_nbd_probability_alive(
    frequency: Any,
    recency: Any,
    T: Any,
    r: Any,
    alpha: Any,
    s: Any,
    beta: Any,
) -> Any:
    r"""P(alive at T | x, t_x, T): the likelihood's "alive" term over the whole likelihood.

    .. math::

        P(\text{alive}) = \left[1 + \frac{s}{r+s+x}(\alpha+T)^{r+x}(\beta+T)^s A_0\right]^{-1}

    Parameters
    ----------
    frequency, recency, T : numpy.ndarray
        The history: x repeat purchases, the last at t_x, in an observation period of length T.
    r, alpha : numpy.ndarray
        Shape and scale of the gamma distribution of the purchase rate.
    s, beta : numpy.ndarray
        Shape and scale of the gamma distribution of the dropout rate (all broadcast).

    Returns
    -------
    numpy.ndarray
        P(alive) for each customer (and draw).
    """
    _, log_alive, log_dropped = pareto_nbd_log_terms(frequency, recency, T, r, alpha, s, beta)
    return special.expit(log_alive - log_dropped)


def _one_minus_ratio_power_over(s_minus_1: np.ndarray, log_ratio: np.ndarray) -> Any:
    # [1 - exp((s-1) * log_ratio)] / (s-1), continuous at s = 1 (limit: -log_ratio)
    small = np.abs(s_minus_1) < 1e-10
    safe = np.where(small, 1.0, s_minus_1)
    return np.where(small, -log_ratio, -np.expm1(safe * log_ratio) / safe)


def pareto_nbd_conditional_expected_purchases(
    frequency: Any,
    recency: Any,
    T: Any,
    t: Any,
    r: Any,
    alpha: Any,
    s: Any,
    beta: Any,
) -> Any:
    r"""Compute the expected purchases in (T, T+t] given the history (x, t_x, T).

    .. math::

        E[Y(t)] = P(\text{alive})\frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}
        \left[1 - \left(\frac{\beta+T}{\beta+T+t}\right)^{s-1}\right]

    Parameters
    ----------
    frequency, recency, T, r, alpha, s, beta
        As in :func:`pareto_nbd_probability_alive`.
    t : float
        The horizon.

    Returns
    -------
    numpy.ndarray
        E[Y(t)] for each customer (and draw).
    """
    alive = pareto_nbd_probability_alive(frequency, recency, T, r, alpha, s, beta)
    log_ratio = np.log(beta + T) - np.log(beta + T + t)
    rate = (r + frequency) * (beta + T) / (alpha + T)
    return alive * rate * _one_minus_ratio_power_over(s - 1.0, log_ratio)


def pareto_nbd_expected_purchases_new_customer(
    t: Any, r: np.ndarray, alpha: np.ndarray, s: np.ndarray, beta: np.ndarray
) -> Any:
    r"""Compute the expected purchases of a new customer in (0, t].

    .. math::

        E[X(t)] = \frac{r\beta}{\alpha(s-1)}
        \left[1 - \left(\frac{\beta}{\beta+t}\right)^{s-1}\right]

    Parameters
    ----------
    t : float
        The horizon.
    r, alpha, s, beta
        As in :func:`pareto_nbd_probability_alive`.

    Returns
    -------
    numpy.ndarray
        E[X(t)].
    """
    log_ratio = np.log(beta) - np.log(beta + t)
    return r * beta / alpha * _one_minus_ratio_power_over(s - 1.0, log_ratio)


def pareto_nbd_conditional_purchase_probability(
    n: int,
    frequency: Any,
    recency: Any,
    T: Any,
    t: Any,
    r: Any,
    alpha: Any,
    s: Any,
    beta: Any,
) -> Any:
    r"""P(exactly n purchases in (T, T+t] | x, t_x, T).

    Given alive at T, :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)` and
    :math:`\mu \sim \text{Gamma}(s, \beta+T)`. With :math:`\text{NBD}_n(u)` the probability of
    n purchases in a period of length u,

    .. math::

        P(Y=n) = P(\text{alive})\left[\left(\tfrac{\beta+T}{\beta+T+t}\right)^s\text{NBD}_n(t)
        + \int_0^t \frac{s(\beta+T)^s}{(\beta+T+\tau)^{s+1}}\text{NBD}_n(\tau)\,d\tau\right]
        + (1-P(\text{alive}))\,\delta_{n=0}

    with the integral over the dropout time taken by 48-node Gauss-Legendre quadrature.

    Parameters
    ----------
    n : int
        The number of purchases.
    frequency, recency, T, t, r, alpha, s, beta
        As in :func:`pareto_nbd_conditional_expected_purchases`.

    Returns
    -------
    numpy.ndarray
        P(Y = n) for each customer (and draw).
    """
    x = np.asarray(frequency, dtype=float)
    alive = pareto_nbd_probability_alive(x, recency, T, r, alpha, s, beta)
    shape = r + x
    rate_scale = alpha + T
    drop_scale = beta + T
    log_norm = special.gammaln(shape + n) - special.gammaln(shape) - special.gammaln(n + 1.0)

    def nbd(u: float | np.ndarray) -> Any:
        log_p = log_norm + shape * np.log(rate_scale / (rate_scale + u))
        if n > 0:
            log_p = log_p + n * np.log(u / (rate_scale + u))
        return np.exp(log_p)

    survive = np.exp(s * (np.log(drop_scale) - np.log(drop_scale + t))) * nbd(t)
    nodes, node_weights = np.polynomial.legendre.leggauss(_QUADRATURE_NODES)
    integral = np.zeros(np.broadcast_shapes(np.shape(survive), np.shape(alive)))
    for node, weight in zip(nodes, node_weights, strict=True):
        tau = 0.5 * t * (node + 1.0)
        density = s * np.exp(s * np.log(drop_scale) - (s + 1.0) * np.log(drop_scale + tau))
        integral = integral + 0.5 * t * weight * density * nbd(tau)
    conditional = alive * (survive + integral)
    return conditional + (1.0 - alive) if n == 0 else conditional


# the closed forms the fitted model's predictions use
PARETO_NBD_CLOSED_FORMS = ClosedForms(
    probability_alive=pareto_nbd_probability_alive,
    conditional_expected_purchases=pareto_nbd_conditional_expected_purchases,
    conditional_purchase_probability=pareto_nbd_conditional_purchase_probability,
    expected_purchases_new_customer=pareto_nbd_expected_purchases_new_customer,
)
