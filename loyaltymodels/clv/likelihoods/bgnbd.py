"""BG/NBD individual log-likelihood.

Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2), 275-284, eq. (6); evaluated in log space as in
Fader & Hardie's note "Overcoming the BG/NBD model's #NUM! error problem" (2013).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy import special

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["bgnbd_log_common", "bgnbd_loglik", "bgnbd_loglik_and_gradient"]


def bgnbd_log_common(
    frequency: Any, r: Any, alpha: Any, a: Any, b: Any, *, xp: SimpleNamespace = NUMPY
) -> Any:
    r"""Return the factor of the BG/NBD likelihood that depends on x alone (not t_x or T).

    .. math::

        \log\frac{B(a, b+x)}{B(a, b)} + \log\frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)}

    Parameters
    ----------
    frequency : array_like
        x.
    r, alpha, a, b : array_like
        BG/NBD parameters.
    xp : namespace, default NUMPY
        The array backend.

    Returns
    -------
    array_like
        The log factor.
    """
    x = frequency
    return (
        xp.gammaln(r + x)
        - xp.gammaln(r)
        + r * xp.log(alpha)
        + xp.betaln(a, b + x)
        - xp.betaln(a, b)
    )


def bgnbd_loglik(
    frequency: Any,
    recency: Any,
    T: Any,
    r: Any,
    alpha: Any,
    a: Any,
    b: Any,
    *,
    xp: SimpleNamespace = NUMPY,
    log_common: Any = None,
) -> Any:
    r"""Log-likelihood of one customer's (x, t_x, T) under the BG/NBD model.

    .. math::

        L = \frac{B(a, b+x)}{B(a, b)} \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)}
            \left[ (\alpha+T)^{-(r+x)}
                   + \delta_{x>0} \frac{a}{b+x-1} (\alpha+t_x)^{-(r+x)} \right]

    The bracket is combined with log-sum-exp, so that large ``x`` (e.g. x=200, t_x=38, T=40)
    does not overflow.

    Parameters
    ----------
    frequency, recency, T : array_like
        Repeat purchases x, time of the last purchase t_x and length of observation T.
    r, alpha, a, b : array_like
        BG/NBD parameters (broadcast against the data).
    xp : namespace, default NUMPY
        The array backend (:data:`~loyaltymodels.clv.likelihoods.backend.PYTENSOR` for graphs).
    log_common : array_like, optional
        :func:`bgnbd_log_common` per customer, if already computed (e.g. once per distinct x
        and gathered, which saves most special-function evaluations).

    Returns
    -------
    array_like
        log L per customer, the density of purchases at the observed times in (0, T].

    Examples
    --------
    >>> round(float(bgnbd_loglik(0, 0.0, 40.0, 0.25, 4.0, 0.8, 2.5)), 8)
    -0.59947382
    """
    x = frequency
    common = bgnbd_log_common(x, r, alpha, a, b, xp=xp) if log_common is None else log_common
    log_alive = -(r + x) * xp.log(alpha + T)
    x_at_least_one = xp.maximum(x, 1)
    log_dropped = xp.log(a) - xp.log(b + x_at_least_one - 1) - (r + x) * xp.log(alpha + recency)
    log_bracket = xp.where(x > 0, xp.logaddexp(log_alive, log_dropped), log_alive)
    return common + log_bracket


def bgnbd_loglik_and_gradient(
    frequency: np.ndarray, recency: np.ndarray, T: np.ndarray, weights: np.ndarray
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    r"""Return the weighted BG/NBD log-likelihood and its exact gradient as a NumPy function.

    With :math:`\ell_i = C(x_i) + \log(e^{A_i} + \delta_{x_i>0} e^{D_i})`, where
    :math:`C` is :func:`bgnbd_log_common`, :math:`A = -(r+x)\log(\alpha+T)` and
    :math:`D = \log a - \log(b+x-1) - (r+x)\log(\alpha+t_x)`, and the weight
    :math:`w = \delta_{x>0} e^{D} / (e^{A} + e^{D})` of the "dropped out after the last purchase"
    branch:

    .. math::

        \partial_r \ell &= \psi(r+x) - \psi(r) + \log\alpha
            - (1-w)\log(\alpha+T) - w\log(\alpha+t_x) \\
        \partial_\alpha \ell &= r/\alpha - (r+x)\left[\frac{1-w}{\alpha+T}
            + \frac{w}{\alpha+t_x}\right] \\
        \partial_a \ell &= \psi(a+b) - \psi(a+b+x) + w/a \\
        \partial_b \ell &= \psi(b+x) - \psi(b) + \psi(a+b) - \psi(a+b+x) - w/(b+x-1)

    The special functions depend on x alone and are evaluated once per distinct x (few), the
    rest once per pattern, so an evaluation over 100,000 patterns takes milliseconds: this is
    what lets ``BetaGeo().fit(method="mle")`` run without building a PyMC model.

    Parameters
    ----------
    frequency, recency, T : numpy.ndarray
        x, t_x and T of each pattern.
    weights : numpy.ndarray
        The number of customers sharing each pattern.

    Returns
    -------
    callable
        ``theta -> (log-likelihood, gradient)`` for ``theta = (r, alpha, a, b)``.

    Examples
    --------
    >>> import numpy as np
    >>> function = bgnbd_loglik_and_gradient(
    ...     np.array([0, 2]), np.array([0.0, 30.0]), np.array([40.0, 40.0]), np.array([3.0, 1.0]))
    >>> theta = np.array([0.25, 4.0, 0.8, 2.5])
    >>> value, gradient = function(theta)
    >>> total = 3 * bgnbd_loglik(0, 0.0, 40.0, *theta) + bgnbd_loglik(2, 30.0, 40.0, *theta)
    >>> bool(np.isclose(value, total)), gradient.shape
    (True, (4,))
    """
    levels, index = np.unique(np.asarray(frequency, dtype=float), return_inverse=True)
    x = levels[index]
    weights = np.asarray(weights, dtype=float)
    repeat = x > 0
    x_at_least_one = np.maximum(x, 1.0)
    end = np.asarray(T, dtype=float)
    last = np.asarray(recency, dtype=float)
    # the x-only terms enter the total once per distinct x, weighted by its customers
    level_weights = np.bincount(index, weights=weights, minlength=levels.size)

    def loglik_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = (float(value) for value in theta)
        common = bgnbd_log_common(levels, r, alpha, a, b)
        log_alive_t = np.log(alpha + end)
        log_alive_tx = np.log(alpha + last)
        rx = r + x
        log_alive = -rx * log_alive_t
        log_dropped = np.log(a) - np.log(b + x_at_least_one - 1.0) - rx * log_alive_tx
        log_dropped = np.where(repeat, log_dropped, -np.inf)
        log_bracket = np.logaddexp(log_alive, log_dropped)
        dropped = np.exp(log_dropped - log_bracket)
        alive = 1.0 - dropped
        value = float(level_weights @ common + weights @ log_bracket)
        psi_ab = special.digamma(a + b)
        psi_abx = special.digamma(a + b + levels)
        gradient = np.array(
            [
                level_weights @ (special.digamma(r + levels) - special.digamma(r) + np.log(alpha))
                - weights @ (alive * log_alive_t + dropped * log_alive_tx),
                level_weights.sum() * r / alpha
                - weights @ (rx * (alive / (alpha + end) + dropped / (alpha + last))),
                level_weights @ (psi_ab - psi_abx) + weights @ dropped / a,
                level_weights
                @ (special.digamma(b + levels) - special.digamma(b) + psi_ab - psi_abx)
                - weights @ (dropped / (b + x_at_least_one - 1.0)),
            ]
        )
        return value, gradient

    return loglik_and_gradient
