"""BG/NBD individual log-likelihood.

Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2), 275-284, eq. (6); evaluated in log space as in
Fader & Hardie's note "Overcoming the BG/NBD model's #NUM! error problem" (2013).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["bgnbd_log_common", "bgnbd_loglik"]


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
        The log-likelihood per customer.

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
