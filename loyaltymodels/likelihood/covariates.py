r"""Covariate effects on a positive parameter: :math:`\theta_i = \theta \exp(s\, z_i'\gamma)`.

The form of every covariate effect of the likelihood models: on the gamma scale of a purchase
rate (:math:`s = -1`, Fader & Hardie 2007 note on covariates), on a beta-mixing parameter of a
dropout process (:math:`s = +1`), on a cohort's sBG alpha and beta (:math:`s = +1`, a shift on
the log scale).
"""

from __future__ import annotations

from typing import Any

from loyaltymodels.likelihood.backend import NUMPY

__all__ = ["scale_by_covariates"]


def scale_by_covariates(
    base: Any, coefficients: Any, covariates: Any, *, sign: float, xp: Any = NUMPY
) -> Any:
    """Return ``base * exp(sign * covariates @ coefficients)``.

    Parameters
    ----------
    base : array_like
        The baseline parameter: a scalar or per-pattern vector in a PyMC graph, or draws of
        shape ``(D, 1)`` / ``(D, P)``.
    coefficients : array_like
        Coefficients: shape ``(k,)`` in a graph, draws ``(D, k)`` in NumPy.
    covariates : array_like
        Covariate values, shape ``(P, k)``.
    sign : float
        +1 or -1.
    xp : namespace, default NUMPY
        The array backend (:mod:`loyaltymodels.likelihood.backend`).

    Returns
    -------
    array_like
        Shape ``(P,)`` in a graph, ``(D, P)`` for draws.

    Examples
    --------
    >>> import numpy as np
    >>> scale_by_covariates(np.array([[2.0]]), np.array([[np.log(2.0)]]),
    ...                     np.array([[0.0], [1.0]]), sign=-1.0).tolist()
    [[2.0, 1.0]]
    """
    return base * xp.exp(sign * xp.linear(covariates, coefficients))
