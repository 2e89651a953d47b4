"""Pareto/NBD individual log-likelihood.

Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and what will
they do next?", Management Science 33(1); in the form of Fader & Hardie (2005), "A note on
deriving the Pareto/NBD model and related expressions" (2005), eq. (20)-(22).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["pareto_nbd_log_terms", "pareto_nbd_loglik"]


def pareto_nbd_log_terms(
    frequency: Any,
    recency: Any,
    T: Any,
    r: Any,
    alpha: Any,
    s: Any,
    beta: Any,
    *,
    xp: SimpleNamespace = NUMPY,
) -> tuple[Any, Any, Any]:
    r"""Return the log pieces of the Pareto/NBD likelihood: common factor, alive and dropped terms.

    With :math:`w = \max(\alpha, \beta)`, :math:`z(t) = |\alpha-\beta|/(w+t)` and
    :math:`b^* = s+1` if :math:`\alpha \ge \beta`, else :math:`r+x`,

    .. math::

        A_0 = \frac{{}_2F_1(r+s+x, b^*; r+s+x+1; z(t_x))}{(w+t_x)^{r+s+x}}
            - \frac{{}_2F_1(r+s+x, b^*; r+s+x+1; z(T))}{(w+T)^{r+s+x}}

    and :math:`L = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)}
    \left[(\alpha+T)^{-(r+x)}(\beta+T)^{-s} + \frac{s}{r+s+x} A_0\right]`.
    The argument :math:`z` always lies in [0, 1), where the Gauss series converges; the
    difference in :math:`A_0` is taken in log space with ``log1mexp`` so that it neither
    overflows nor cancels. In graphs the 2F1 is
    :func:`~loyaltymodels.clv.likelihoods.hyp2f1.hyp2f1_graph` (twice differentiable).

    Parameters
    ----------
    frequency, recency, T : array_like
        x, t_x and T.
    r, alpha, s, beta : array_like
        Pareto/NBD parameters.
    xp : namespace, default NUMPY
        The array backend.

    Returns
    -------
    tuple
        ``(log_common, log_alive_term, log_dropped_term)``; the log-likelihood is
        ``log_common + logaddexp(log_alive_term, log_dropped_term)`` and P(alive) is
        ``exp(log_alive_term - logaddexp(log_alive_term, log_dropped_term))``.
    """
    x = frequency
    log_common = xp.gammaln(r + x) - xp.gammaln(r) + r * xp.log(alpha) + s * xp.log(beta)
    log_alive = -(r + x) * xp.log(alpha + T) - s * xp.log(beta + T)
    rsx = r + s + x
    alpha_larger = alpha >= beta
    w = xp.where(alpha_larger, alpha, beta)
    b_star = xp.where(alpha_larger, s + 1.0, r + x)
    gap = xp.abs(alpha - beta)

    def log_f(t: Any) -> Any:
        z = gap / (w + t)
        return xp.log(xp.hyp2f1(rsx, b_star, rsx + 1.0, z)) - rsx * xp.log(w + t)

    has_gap = T > recency
    log_f_recency = log_f(recency)
    difference = log_f(T) - log_f_recency
    safe_difference = xp.where(has_gap & (difference < 0), difference, -1.0)
    log_a0 = log_f_recency + xp.log1mexp(safe_difference)
    log_dropped = xp.log(s) - xp.log(rsx) + log_a0
    log_dropped = xp.where(has_gap, log_dropped, log_alive - 1000.0)
    return log_common, log_alive, log_dropped


def pareto_nbd_loglik(
    frequency: Any,
    recency: Any,
    T: Any,
    r: Any,
    alpha: Any,
    s: Any,
    beta: Any,
    *,
    xp: SimpleNamespace = NUMPY,
) -> Any:
    r"""Log-likelihood of one customer's (x, t_x, T) under the Pareto/NBD model.

    See :func:`pareto_nbd_log_terms` for the formula.

    Parameters
    ----------
    frequency, recency, T, r, alpha, s, beta, xp
        As in :func:`pareto_nbd_log_terms`.

    Returns
    -------
    array_like
        ``log_common + logaddexp(log_alive_term, log_dropped_term)`` per customer.

    Examples
    --------
    >>> value = pareto_nbd_loglik(2, 30.43, 38.86, 0.553, 10.578, 0.606, 11.669)
    >>> bool(value < 0)
    True
    """
    log_common, log_alive, log_dropped = pareto_nbd_log_terms(
        frequency, recency, T, r, alpha, s, beta, xp=xp
    )
    return log_common + xp.logaddexp(log_alive, log_dropped)
