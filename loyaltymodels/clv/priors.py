"""Default priors of the CLV models, and how a prior specification becomes a PyMC variable.

A prior is written as ``(distribution, parameters)`` with a :mod:`pymc` distribution name, e.g.
``("Gamma", {"alpha": 2.0, "beta": 1.0})``. Defaults are weakly informative:

- shape parameters (r, a, b, s, p, q and the BG/BB alpha, beta, gamma, delta):
  ``HalfNormal(sigma=10)``: nearly flat over the values seen in practice (0.1-10) and
  ruling out only absurd magnitudes;
- scale parameters (alpha, beta of the purchase and dropout rates, gamma of spend), whose size
  depends on the time or currency unit: ``HalfCauchy(beta=10)``, heavy-tailed so that
  days, weeks or thousands of dollars are all plausible;
- covariate coefficients: ``Normal(mu=0, sigma=2.5)``, weakly informative for covariates on a
  unit scale (Gelman et al. 2008, "A weakly informative default prior distribution for
  logistic and other regression models", Annals of Applied Statistics 2(4)).

``method="mle"`` replaces every prior by a flat one (``HalfFlat`` for positive parameters,
``Flat`` for coefficients), so the mode is the maximum-likelihood estimate.
"""

from __future__ import annotations

from typing import Any

from loyaltymodels.likelihood.parameters import (
    Parameter,
    PriorSpec,
    graph_variable,
    resolve_priors,
)

__all__ = [
    "COEFFICIENT_PRIOR",
    "SCALE_PRIOR",
    "SHAPE_PRIOR",
    "PriorSpec",
    "prior_variable",
    "resolve_priors",
]

SHAPE_PRIOR: PriorSpec = ("HalfNormal", {"sigma": 10.0})
SCALE_PRIOR: PriorSpec = ("HalfCauchy", {"beta": 10.0})
COEFFICIENT_PRIOR: PriorSpec = ("Normal", {"mu": 0.0, "sigma": 2.5})


def prior_variable(
    name: str, spec: PriorSpec, *, flat: bool, positive: bool = True, shape: int | None = None
) -> Any:
    """Create the PyMC variable ``name`` inside the current model context.

    Parameters
    ----------
    name : str
        The variable name.
    spec : PriorSpec
        The prior.
    flat : bool
        Use a flat prior instead (for maximum likelihood).
    positive : bool, default True
        Whether the parameter is positive (decides the flat prior's support).
    shape : int, optional
        A vector of this length (coefficients).

    Returns
    -------
    pytensor variable
        The random variable (see :func:`loyaltymodels.likelihood.graph_variable`).
    """
    parameter = Parameter(name, spec, positive=positive, size=shape)
    return graph_variable(parameter, flat=flat, created={})
