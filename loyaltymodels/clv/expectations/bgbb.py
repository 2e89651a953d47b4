"""BG/BB closed-form predictions for discrete opportunities (NumPy).

Fader, Hardie & Shang (2010), Marketing Science 29(6): P(alive at n+1) eq. (11), expected
transactions of a new customer in n opportunities eq. (7), and conditional expected
transactions in the next n* opportunities eq. (13).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from loyaltymodels.clv.likelihoods.bgbb import bgbb_loglik

__all__ = [
    "bgbb_conditional_expected_purchases",
    "bgbb_expected_purchases_new_customer",
    "bgbb_probability_alive",
]


def _loglik(x: Any, t_x: Any, n: Any, alpha: Any, beta: Any, gamma: Any, delta: Any) -> Any:
    # the likelihood broadcast over draws (leading axis) and patterns
    shape = np.broadcast_shapes(np.shape(x), np.shape(alpha))
    out = np.empty(shape)
    max_n = int(np.max(n))
    alpha_b, beta_b, gamma_b, delta_b = (
        np.broadcast_to(v, shape) for v in (alpha, beta, gamma, delta)
    )
    x_b, t_b, n_b = (np.broadcast_to(v, shape) for v in (x, t_x, n))
    for row in range(shape[0]):
        out[row] = bgbb_loglik(
            x_b[row],
            t_b[row],
            n_b[row],
            alpha_b[row][:, None],
            beta_b[row][:, None],
            gamma_b[row][:, None],
            delta_b[row][:, None],
            max_periods=max_n,
        )
    return out


def bgbb_probability_alive(
    x: Any, t_x: Any, n: Any, alpha: Any, beta: Any, gamma: Any, delta: Any
) -> Any:
    r"""P(alive at opportunity n+1 | x, t_x, n).

    .. math::

        P = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n+1)}{B(\gamma,\delta)} \Big/ L

    Parameters
    ----------
    x, t_x, n : numpy.ndarray
        Repeat transactions, last transaction opportunity and number of opportunities,
        shape ``(1, P)``.
    alpha, beta, gamma, delta : numpy.ndarray
        Parameters, shape ``(D, 1)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(D, P)``.
    """
    log_numerator = (
        special.betaln(alpha + x, beta + n - x)
        - special.betaln(alpha, beta)
        + special.betaln(gamma, delta + n + 1.0)
        - special.betaln(gamma, delta)
    )
    return np.exp(log_numerator - _loglik(x, t_x, n, alpha, beta, gamma, delta))


def bgbb_expected_purchases_new_customer(
    t: Any, alpha: Any, beta: Any, gamma: Any, delta: Any
) -> Any:
    r"""Compute the expected transactions of a new customer in the first t opportunities.

    .. math::

        E[X(t)] = \frac{\alpha}{\alpha+\beta}\frac{\delta}{\gamma-1}\left[1 -
        \frac{\Gamma(\gamma+\delta)}{\Gamma(1+\delta)}
        \frac{\Gamma(1+\delta+t)}{\Gamma(\gamma+\delta+t)}\right]

    Parameters
    ----------
    t : float
        The number of opportunities.
    alpha, beta, gamma, delta : numpy.ndarray
        Parameters.

    Returns
    -------
    numpy.ndarray
        The expectation.
    """
    log_ratio = (
        special.gammaln(gamma + delta)
        - special.gammaln(1.0 + delta)
        + special.gammaln(1.0 + delta + t)
        - special.gammaln(gamma + delta + t)
    )
    return alpha / (alpha + beta) * delta / (gamma - 1.0) * -np.expm1(log_ratio)


def bgbb_conditional_expected_purchases(
    x: Any, t_x: Any, n: Any, t: Any, alpha: Any, beta: Any, gamma: Any, delta: Any
) -> Any:
    r"""Compute the expected transactions in the next t opportunities given (x, t_x, n).

    .. math::

        E = \frac{1}{L}\frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha,\beta)}
            \frac{\delta}{\gamma-1}\frac{\Gamma(\gamma+\delta)}{\Gamma(1+\delta)}
            \left[\frac{\Gamma(1+\delta+n)}{\Gamma(\gamma+\delta+n)}
            - \frac{\Gamma(1+\delta+n+t)}{\Gamma(\gamma+\delta+n+t)}\right]

    Parameters
    ----------
    x, t_x, n : numpy.ndarray
        Shape ``(1, P)``.
    t : float
        The number of future opportunities.
    alpha, beta, gamma, delta : numpy.ndarray
        Shape ``(D, 1)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(D, P)``.
    """
    log_front = (
        special.betaln(alpha + x + 1.0, beta + n - x)
        - special.betaln(alpha, beta)
        + special.gammaln(gamma + delta)
        - special.gammaln(1.0 + delta)
        + special.gammaln(1.0 + delta + n)
        - special.gammaln(gamma + delta + n)
    )
    log_tail = (
        special.gammaln(1.0 + delta + n + t)
        - special.gammaln(gamma + delta + n + t)
        - special.gammaln(1.0 + delta + n)
        + special.gammaln(gamma + delta + n)
    )
    loglik = _loglik(x, t_x, n, alpha, beta, gamma, delta)
    return np.exp(log_front - loglik) * delta / (gamma - 1.0) * -np.expm1(log_tail)
