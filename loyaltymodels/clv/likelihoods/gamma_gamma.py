"""Gamma-Gamma log-likelihood of the mean repeat spend.

Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", note, eq. (3); the model of
Colombo & Jiang (1999), Journal of Interactive Marketing 13(3).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy import special

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["gamma_gamma_loglik", "gamma_gamma_loglik_and_gradient"]


def gamma_gamma_loglik(
    frequency: Any,
    monetary_value: Any,
    p: Any,
    q: Any,
    gamma: Any,
    *,
    xp: SimpleNamespace = NUMPY,
) -> Any:
    r"""Log density of a customer's mean spend :math:`\bar z` over :math:`x` repeat purchases.

    .. math::

        f(\bar z \mid p, q, \gamma; x) = \frac{\Gamma(px+q)}{\Gamma(px)\Gamma(q)}
            \frac{\gamma^q\, \bar z^{px-1}\, x^{px}}{(\gamma + x\bar z)^{px+q}}

    Parameters
    ----------
    frequency : array_like
        x, the number of repeat purchases (> 0).
    monetary_value : array_like
        :math:`\bar z`, their mean value (> 0).
    p, q, gamma : array_like
        Gamma-Gamma parameters.
    xp : namespace, default NUMPY
        The array backend.

    Returns
    -------
    array_like
        The log density per customer.

    Examples
    --------
    >>> from scipy import stats
    >>> value = gamma_gamma_loglik(1, 2.0, 3.0, 2.0, 5.0)
    >>> ref = stats.betaprime(3.0, 2.0, scale=5.0).logpdf(2.0)  # x=1: a scaled beta-prime
    >>> bool(abs(value - ref) < 1e-12)
    True
    """
    x, zbar = frequency, monetary_value
    px = p * x
    return (
        xp.gammaln(px + q)
        - xp.gammaln(px)
        - xp.gammaln(q)
        + q * xp.log(gamma)
        + (px - 1.0) * xp.log(zbar)
        + px * xp.log(x)
        - (px + q) * xp.log(gamma + x * zbar)
    )


def gamma_gamma_loglik_and_gradient(
    frequency: np.ndarray, monetary_value: np.ndarray, weights: np.ndarray
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    r"""Return the weighted Gamma-Gamma log-likelihood and its exact gradient (NumPy).

    Differentiating :func:`gamma_gamma_loglik`:

    .. math::

        \partial_p \ell &= x\left[\psi(px+q) - \psi(px) + \log\bar z + \log x
            - \log(\gamma + x\bar z)\right] \\
        \partial_q \ell &= \psi(px+q) - \psi(q) + \log\gamma - \log(\gamma + x\bar z) \\
        \partial_\gamma \ell &= q/\gamma - (px+q)/(\gamma + x\bar z)

    The log-gamma and digamma terms depend on x alone and are evaluated once per distinct x.

    Parameters
    ----------
    frequency, monetary_value : numpy.ndarray
        x (> 0) and the mean repeat spend of each row.
    weights : numpy.ndarray
        The number of customers each row stands for.

    Returns
    -------
    callable
        ``theta -> (log-likelihood, gradient)`` for ``theta = (p, q, gamma)``.

    Examples
    --------
    >>> import numpy as np
    >>> function = gamma_gamma_loglik_and_gradient(
    ...     np.array([1.0, 3.0]), np.array([20.0, 35.0]), np.array([2.0, 1.0]))
    >>> theta = np.array([6.0, 4.0, 15.0])
    >>> value, _ = function(theta)
    >>> total = 2 * gamma_gamma_loglik(1.0, 20.0, *theta) + gamma_gamma_loglik(3.0, 35.0, *theta)
    >>> bool(np.isclose(value, total))
    True
    """
    levels, index = np.unique(np.asarray(frequency, dtype=float), return_inverse=True)
    x = levels[index]
    zbar = np.asarray(monetary_value, dtype=float)
    weights = np.asarray(weights, dtype=float)
    level_weights = np.bincount(index, weights=weights, minlength=levels.size)
    total_weight = float(weights.sum())
    x_zbar = x * zbar
    log_zbar = np.log(zbar)
    log_x = np.log(x)
    # the parts of the log-likelihood that do not involve the parameters' special functions
    weighted_x = weights * x
    weighted_data = float(weighted_x @ (log_zbar + log_x))
    weighted_log_zbar = float(weights @ log_zbar)

    def loglik_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, gamma = (float(value) for value in theta)
        px = p * levels
        log_spend = np.log(gamma + x_zbar)
        shape = p * x + q
        value = (
            level_weights @ (special.gammaln(px + q) - special.gammaln(px))
            - total_weight * (special.gammaln(q) - q * np.log(gamma))
            + p * weighted_data
            - weighted_log_zbar
            - weights @ (shape * log_spend)
        )
        psi_pxq = special.digamma(px + q)
        gradient = np.array(
            [
                (level_weights * levels) @ (psi_pxq - special.digamma(px))
                + weighted_data
                - weighted_x @ log_spend,
                level_weights @ psi_pxq
                - total_weight * (special.digamma(q) - np.log(gamma))
                - weights @ log_spend,
                total_weight * q / gamma - weights @ (shape / (gamma + x_zbar)),
            ]
        )
        return float(value), gradient

    return loglik_and_gradient
