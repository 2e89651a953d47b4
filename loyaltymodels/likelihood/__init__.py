"""The likelihood-model core: declare parameters and one log-likelihood; the core fits.

See :mod:`loyaltymodels.likelihood.model` for the contract and ``CONTRIBUTING.md`` ("Adding a
model") for the recipe.
"""

from loyaltymodels.likelihood.backend import NUMPY, pytensor_backend
from loyaltymodels.likelihood.covariates import scale_by_covariates
from loyaltymodels.likelihood.model import (
    FitSettings,
    LikelihoodModel,
    LoglikAndGradient,
    fit_model,
)
from loyaltymodels.likelihood.parameters import (
    Parameter,
    PriorSpec,
    graph_variable,
    resolve_priors,
)
from loyaltymodels.likelihood.patterns import Patterns, compress_patterns, pattern_codes

__all__ = [
    "NUMPY",
    "FitSettings",
    "LikelihoodModel",
    "LoglikAndGradient",
    "Parameter",
    "Patterns",
    "PriorSpec",
    "compress_patterns",
    "fit_model",
    "graph_variable",
    "pattern_codes",
    "pytensor_backend",
    "resolve_priors",
    "scale_by_covariates",
]
