"""Individual log-likelihoods of the buy-till-you-die and spend models (NumPy or PyTensor)."""

from typing import Any

from loyaltymodels.clv.likelihoods.backend import NUMPY, pytensor_backend
from loyaltymodels.clv.likelihoods.bgbb import bgbb_loglik
from loyaltymodels.clv.likelihoods.bgnbd import (
    bgnbd_log_common,
    bgnbd_loglik,
    bgnbd_loglik_and_gradient,
)
from loyaltymodels.clv.likelihoods.gamma_gamma import (
    gamma_gamma_loglik,
    gamma_gamma_loglik_and_gradient,
)
from loyaltymodels.clv.likelihoods.pareto_nbd import pareto_nbd_log_terms, pareto_nbd_loglik

__all__ = [
    "NUMPY",
    "bgbb_loglik",
    "bgnbd_log_common",
    "bgnbd_loglik",
    "bgnbd_loglik_and_gradient",
    "gamma_gamma_loglik",
    "gamma_gamma_loglik_and_gradient",
    "pareto_nbd_log_terms",
    "pareto_nbd_loglik",
    "pytensor_backend",
]


def __getattr__(name: str) -> Any:
    # PYTENSOR is built on first access, so that importing the likelihoods never imports PyTensor
    if name == "PYTENSOR":
        return pytensor_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
