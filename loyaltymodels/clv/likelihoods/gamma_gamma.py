"""Gamma-Gamma log-likelihood of the mean repeat spend.

Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", note, eq. (3); the model of
Colombo & Jiang (1999), Journal of Interactive Marketing 13(3).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["gamma_gamma_loglik"]


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
