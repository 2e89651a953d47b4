"""BG/NBD closed-form predictions (NumPy, broadcasting over draws x patterns).

Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2):
P(alive) eq. (13), E[X(t)] eq. (7), E[Y(t) | x, t_x, T] eq. (10); the conditional PMF follows
Fader, Hardie & Lee's note "Deriving the conditional PMF of the BG/NBD model" (2007/2019).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from loyaltymodels.clv.expectations.closed_forms import ClosedForms

__all__ = [
    "BGNBD_CLOSED_FORMS",
    "bgnbd_conditional_expected_purchases",
    "bgnbd_conditional_purchase_probability",
    "bgnbd_expected_purchases_new_customer",
    "bgnbd_probability_alive",
]


def bgnbd_probability_alive(
    frequency: Any,
    recency: Any,
    T: Any,
    r: Any,
    alpha: Any,
    a: Any,
    b: Any,
) -> Any:
    r"""P(alive at T | x, t_x, T).

    .. math::

        P(\text{alive}) = \left[1 + \delta_{x>0}\frac{a}{b+x-1}
        \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}

    Parameters
    ----------
    frequency, recency, T : numpy.ndarray
        The history: x repeat purchases, the last at t_x, in an observation period of length T.
    r, alpha : numpy.ndarray
        Shape and scale of the gamma distribution of the purchase rate.
    a, b : numpy.ndarray
        The beta distribution of the dropout probability (all broadcast).

    Returns
    -------
    numpy.ndarray
        P(alive), 1 for customers without repeat purchases.

    Examples
    --------
    >>> float(bgnbd_probability_alive(0, 0.0, 40.0, 0.25, 4.0, 0.8, 2.5))
    1.0
    """
    x = np.asarray(frequency, dtype=float)
    safe_b = b + np.maximum(x, 1.0) - 1.0
    log_odds_dead = (
        np.log(a) - np.log(safe_b) + (r + x) * (np.log(alpha + T) - np.log(alpha + recency))
    )
    return np.where(x > 0, special.expit(-log_odds_dead), 1.0)


def _alive_future_purchases(
    frequency: Any,
    T: Any,
    t: Any,
    r: Any,
    alpha: Any,
    a: Any,
    b: Any,
) -> Any:
    # E[purchases in (T, T+t] | alive at T]: the BG/NBD E[X(t)] with updated parameters, written
    # with Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A,C-B;C;z) so that large x
    # cannot overflow: (a+b+x-1)/(a-1) * [1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)].
    x = np.asarray(frequency, dtype=float)
    z = t / (alpha + T + t)
    hyper = special.hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)
    return (a + b + x - 1.0) / (a - 1.0) * (1.0 - np.exp((a - 1.0) * np.log1p(-z)) * hyper)


def bgnbd_conditional_expected_purchases(
    frequency: Any,
    recency: Any,
    T: Any,
    t: Any,
    r: Any,
    alpha: Any,
    a: Any,
    b: Any,
) -> Any:
    r"""Compute the expected purchases in (T, T+t] given the history (x, t_x, T).

    .. math::

        E[Y(t)] = P(\text{alive}) \frac{a+b+x-1}{a-1}\left[1 -
        \left(\frac{\alpha+T}{\alpha+T+t}\right)^{r+x}
        {}_2F_1\!\left(r+x, b+x; a+b+x-1; \frac{t}{\alpha+T+t}\right)\right]

    Parameters
    ----------
    frequency, recency, T, r, alpha, a, b
        As in :func:`bgnbd_probability_alive`.
    t : float
        The horizon.

    Returns
    -------
    numpy.ndarray
        E[Y(t)] for each customer (and draw).

    Examples
    --------
    >>> value = bgnbd_conditional_expected_purchases(2, 30.43, 38.86, 39.0,
    ...                                              0.243, 4.414, 0.793, 2.426)
    >>> round(float(value), 3)
    1.226
    """
    alive = bgnbd_probability_alive(frequency, recency, T, r, alpha, a, b)
    return alive * _alive_future_purchases(frequency, T, t, r, alpha, a, b)


def bgnbd_expected_purchases_new_customer(
    t: Any, r: np.ndarray, alpha: np.ndarray, a: np.ndarray, b: np.ndarray
) -> Any:
    r"""Compute the expected repeat purchases of a new customer in (0, t].

    .. math::

        E[X(t)] = \frac{a+b-1}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
        {}_2F_1\!\left(r, b; a+b-1; \frac{t}{\alpha+t}\right)\right]

    Parameters
    ----------
    t : float
        The horizon.
    r, alpha, a, b
        As in :func:`bgnbd_probability_alive`.

    Returns
    -------
    numpy.ndarray
        E[X(t)].
    """
    return _alive_future_purchases(0.0, 0.0, t, r, alpha, a, b)


def bgnbd_conditional_purchase_probability(
    n: int,
    frequency: Any,
    recency: Any,
    T: Any,
    t: Any,
    r: Any,
    alpha: Any,
    a: Any,
    b: Any,
) -> Any:
    r"""P(exactly n purchases in (T, T+t] | x, t_x, T).

    Given alive at T, :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)` and
    :math:`p \sim \text{Beta}(a, b+x)`; with :math:`\text{NBD}_j` the NBD probability of j
    purchases in t under the updated gamma,

    .. math::

        P(Y=n) = P(\text{alive})\left[\frac{B(a, b+x+n)}{B(a, b+x)}\text{NBD}_n
        + \delta_{n>0}\frac{B(a+1, b+x+n-1)}{B(a, b+x)}
          \Big(1 - \sum_{j<n}\text{NBD}_j\Big)\right] + (1 - P(\text{alive}))\,\delta_{n=0}

    Parameters
    ----------
    n : int
        The number of purchases.
    frequency, recency, T, t, r, alpha, a, b
        As in :func:`bgnbd_conditional_expected_purchases`.

    Returns
    -------
    numpy.ndarray
        P(Y = n) for each customer (and draw).
    """
    x = np.asarray(frequency, dtype=float)
    alive = bgnbd_probability_alive(x, recency, T, r, alpha, a, b)
    shape = r + x
    z = t / (alpha + T + t)
    log_nbd = (
        special.gammaln(shape + n)
        - special.gammaln(shape)
        - special.gammaln(n + 1.0)
        + shape * np.log1p(-z)
        + n * np.log(z)
    )
    base = special.betaln(a, b + x)
    stay = np.exp(special.betaln(a, b + x + n) - base + log_nbd)
    if n > 0:
        drop = np.exp(special.betaln(a + 1.0, b + x + n - 1.0) - base) * special.betainc(
            n, shape, z
        )
        return alive * (stay + drop)
    return alive * stay + (1.0 - alive)


# the closed forms the fitted model's predictions use
BGNBD_CLOSED_FORMS = ClosedForms(
    probability_alive=bgnbd_probability_alive,
    conditional_expected_purchases=bgnbd_conditional_expected_purchases,
    conditional_purchase_probability=bgnbd_conditional_purchase_probability,
    expected_purchases_new_customer=bgnbd_expected_purchases_new_customer,
)
