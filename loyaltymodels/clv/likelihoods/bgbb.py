"""BG/BB (beta-geometric/beta-Bernoulli) individual log-likelihood for discrete opportunities.

Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time noncontractual
setting", Marketing Science 29(6), 1086-1108, eq. (5).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from loyaltymodels.clv.likelihoods.backend import NUMPY

__all__ = ["bgbb_loglik"]


def bgbb_loglik(
    frequency: Any,
    recency: Any,
    periods: Any,
    alpha: Any,
    beta: Any,
    gamma: Any,
    delta: Any,
    *,
    max_periods: int,
    xp: SimpleNamespace = NUMPY,
) -> Any:
    r"""Log-likelihood of one customer's (x, t_x, n) under the BG/BB model.

    .. math::

        L = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma,\delta+n)}{B(\gamma,\delta)}
          + \sum_{i=0}^{n-t_x-1} \frac{B(\alpha+x, \beta+t_x-x+i)}{B(\alpha,\beta)}
            \frac{B(\gamma+1,\delta+t_x+i)}{B(\gamma,\delta)}

    evaluated with log-sum-exp over the ``max_periods + 1`` possible terms.

    Parameters
    ----------
    frequency, recency, periods : array_like, 1-D
        x (repeat transactions), t_x (the opportunity of the last transaction, 0 if none)
        and n (the number of opportunities).
    alpha, beta, gamma, delta : scalar
        BG/BB parameters.
    max_periods : int
        The largest n in the data (sets the number of terms).
    xp : namespace, default NUMPY
        The array backend.

    Returns
    -------
    array_like
        log P(x, t_x, n) per customer: the probability of the observed transaction pattern.

    Examples
    --------
    >>> import numpy as np
    >>> value = bgbb_loglik(np.array([0]), np.array([0]), np.array([1]), 1.0, 1.0, 1.0, 1.0,
    ...                     max_periods=1)
    >>> round(float(np.exp(value[0])), 6)  # P(no purchase at the one opportunity) = 1 - 1/2 * 1/2
    0.75
    """
    x, t_x, n = frequency[:, None], recency[:, None], periods[:, None]
    lbeta_ab = xp.betaln(alpha, beta)
    lbeta_gd = xp.betaln(gamma, delta)
    alive = xp.betaln(alpha + x, beta + n - x) - lbeta_ab + xp.betaln(gamma, delta + n) - lbeta_gd
    i = np.arange(max_periods)[None, :]
    dropped = (
        xp.betaln(alpha + x, beta + t_x - x + i)
        - lbeta_ab
        + xp.betaln(gamma + 1.0, delta + t_x + i)
        - lbeta_gd
    )
    dropped = xp.where(i <= n - t_x - 1, dropped, -np.inf)
    if xp is NUMPY:
        terms = np.concatenate([alive, dropped], axis=1)
    else:
        import pytensor.tensor as pt

        terms = pt.concatenate([alive, dropped], axis=1)
    return xp.logsumexp(terms, axis=1)
