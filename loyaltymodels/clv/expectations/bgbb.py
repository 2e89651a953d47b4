"""BG/BB closed-form predictions for discrete opportunities (NumPy).

Fader, Hardie & Shang (2010), Marketing Science 29(6): P(alive at n+1) eq. (11), expected
transactions of a new customer in n opportunities eq. (7), conditional expected
transactions in the next n* opportunities eq. (13), and the conditional distribution of
the number of transactions in the next n* opportunities.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.expectations.closed_forms import ClosedForms
from loyaltymodels.clv.likelihoods.bgbb import bgbb_loglik

__all__ = [
    "BGBB_CLOSED_FORMS",
    "bgbb_conditional_expected_purchases",
    "bgbb_conditional_purchase_probability",
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


def _whole_number(value: Any, name: str) -> int:
    number = float(value)
    if not np.isfinite(number) or number < 0 or number != int(number):
        raise LoyaltyDataError(
            f"{name} must be a non-negative whole number of transaction opportunities, "
            f"got {value!r}; round it to a whole number of opportunities."
        )
    return int(number)


def _log_binomial(total: int, chosen: int) -> float:
    return float(
        special.gammaln(total + 1.0)
        - special.gammaln(chosen + 1.0)
        - special.gammaln(total - chosen + 1.0)
    )


def bgbb_conditional_purchase_probability(
    n_purchases: int,
    frequency: Any,
    recency: Any,
    periods: Any,
    t: float,
    alpha: Any,
    beta: Any,
    gamma: Any,
    delta: Any,
) -> Any:
    r"""P(exactly x* transactions in the next n* opportunities | x, t_x, n).

    A customer alive at opportunity k buys there with probability :math:`p`; they are alive
    at opportunity k with probability :math:`(1-\theta)^k` (dropout happens at the start of
    an opportunity, as in the likelihood). Given the history, the customer either died
    within the first n opportunities (then :math:`x^* = 0`), or was alive through n and then
    stays alive through n+n*, or dies at the start of opportunity n+i+1,
    :math:`i = 0, \dots, n^*-1`, after buying x* times in i opportunities. Integrating over
    the joint posterior of :math:`(p, \theta)`, with the likelihood :math:`L(x, t_x, n)` of
    :func:`~loyaltymodels.clv.likelihoods.bgbb_loglik`,

    .. math::

        P(X(n, n+n^*) = x^*) = \delta_{x^*=0}\left[1 - \frac{1}{L}
            \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n)}{B(\gamma,\delta)}\right]
        + \frac{1}{L}\binom{n^*}{x^*}
            \frac{B(\alpha+x+x^*, \beta+n-x+n^*-x^*)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n+n^*)}{B(\gamma,\delta)}
        + \frac{1}{L}\sum_{i=x^*}^{n^*-1}\binom{i}{x^*}
            \frac{B(\alpha+x+x^*, \beta+n-x+i-x^*)}{B(\alpha,\beta)}
            \frac{B(\gamma+1, \delta+n+i)}{B(\gamma,\delta)}

    (Fader, Hardie & Shang 2010, Marketing Science 29(6)). The bracket is the
    probability of having died by opportunity n, i.e. one minus P(alive at n), not at n+1:
    the death at the start of n+1 is the i = 0 term of the sum. The terms are evaluated in
    log space (``betaln``, then the recursion :math:`B(a, b+1) = B(a, b)\,b/(a+b)` along
    the sum) and accumulated with log-sum-exp.

    Parameters
    ----------
    n_purchases : int
        x*, the number of future transactions (>= 0); probabilities are 0 for x* > n*.
    frequency, recency, periods : numpy.ndarray
        x (repeat transactions), t_x (opportunity of the last one, 0 if none) and n
        (opportunities observed); shape ``(1, P)`` or scalars.
    t : int or float
        n*, the number of future opportunities (a whole number, e.g. ``5`` or ``5.0``).
    alpha, beta, gamma, delta : numpy.ndarray
        Parameters, shape ``(D, 1)`` or scalars.

    Returns
    -------
    numpy.ndarray
        The probability, broadcast over parameters and patterns (``(D, P)``).

    Raises
    ------
    LoyaltyDataError
        If ``n_purchases`` or ``t`` is not a non-negative whole number.

    Examples
    --------
    Three donation histories over n = 6 years (no repeat gift; 3 gifts, the last in year 6;
    a gift every year) at the published estimates, over the next 5 years:

    >>> import numpy as np
    >>> x, t_x, n = np.array([[0, 3, 6]]), np.array([[0, 6, 6]]), np.array([[6, 6, 6]])
    >>> published = [np.array([[v]]) for v in (1.204, 0.750, 0.657, 2.783)]
    >>> pmf = np.stack([
    ...     bgbb_conditional_purchase_probability(k, x, t_x, n, 5, *published) for k in range(6)
    ... ])
    >>> for column in pmf[:, 0].T:
    ...     print(column.round(3).tolist())
    [0.952, 0.03, 0.012, 0.004, 0.001, 0.0]
    [0.162, 0.191, 0.221, 0.211, 0.151, 0.064]
    [0.077, 0.067, 0.069, 0.098, 0.193, 0.496]
    >>> bool(np.allclose(pmf.sum(axis=0), 1.0))
    True
    >>> mean = np.tensordot(np.arange(6), pmf, axes=1)
    >>> bool(np.allclose(mean, bgbb_conditional_expected_purchases(x, t_x, n, 5, *published)))
    True
    """
    future = _whole_number(n_purchases, "n_purchases")
    horizon = _whole_number(t, "t")
    inputs = [np.asarray(v, dtype=float) for v in (frequency, recency, periods)]
    params = [np.asarray(v, dtype=float) for v in (alpha, beta, gamma, delta)]
    shape = np.broadcast_shapes(*(v.shape for v in (*inputs, *params)))
    if len(shape) > 2:
        raise LoyaltyDataError(
            f"expected patterns of shape (1, P) and parameters of shape (D, 1), got {shape}."
        )
    grid = (1,) * (2 - len(shape)) + shape
    x, t_x, n, a, b, g, d = (np.broadcast_to(v, shape).reshape(grid) for v in (*inputs, *params))
    if future > horizon:
        return np.zeros(shape)

    loglik = _loglik(x, t_x, n, a, b, g, d)
    log_ab = special.betaln(a, b)
    log_gd = special.betaln(g, d)
    alive_through_n = special.betaln(a + x, b + n - x) - log_ab + special.betaln(g, d + n) - log_gd
    # alive through n + n*, with x* of the n* future opportunities taken
    log_total = (
        _log_binomial(horizon, future)
        + special.betaln(a + x + future, b + n - x + horizon - future)
        - log_ab
        + special.betaln(g, d + n + horizon)
        - log_gd
    )
    # alive through n + i, dead at the start of n + i + 1, x* of the i opportunities taken;
    # the beta functions move from i to i + 1 by B(a, b + 1) = B(a, b) b / (a + b)
    purchase_shape = a + x + future
    no_purchase_shape = b + n - x - future
    purchase_part = special.betaln(purchase_shape, no_purchase_shape + future) - log_ab
    dropout_part = special.betaln(g + 1.0, d + n + future) - log_gd
    for i in range(future, horizon):
        term = _log_binomial(i, future) + purchase_part + dropout_part
        log_total = np.logaddexp(log_total, term)
        purchase_part = purchase_part - np.log1p(purchase_shape / (no_purchase_shape + i))
        dropout_part = dropout_part - np.log1p((g + 1.0) / (d + n + i))
    probability = np.exp(log_total - loglik)
    if future == 0:
        dead_by_n = np.maximum(-np.expm1(alive_through_n - loglik), 0.0)
        probability = probability + dead_by_n
    return probability.reshape(shape)


# the closed forms the fitted model's predictions use
BGBB_CLOSED_FORMS = ClosedForms(
    probability_alive=bgbb_probability_alive,
    conditional_expected_purchases=bgbb_conditional_expected_purchases,
    conditional_purchase_probability=bgbb_conditional_purchase_probability,
    expected_purchases_new_customer=bgbb_expected_purchases_new_customer,
)
