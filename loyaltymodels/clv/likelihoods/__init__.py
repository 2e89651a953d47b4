"""Individual log-likelihoods of the buy-till-you-die and spend models (NumPy or PyTensor)."""

from loyaltymodels.clv.likelihoods.backend import NUMPY, PYTENSOR
from loyaltymodels.clv.likelihoods.bgbb import bgbb_loglik
from loyaltymodels.clv.likelihoods.bgnbd import bgnbd_log_common, bgnbd_loglik
from loyaltymodels.clv.likelihoods.gamma_gamma import gamma_gamma_loglik
from loyaltymodels.clv.likelihoods.pareto_nbd import pareto_nbd_log_terms, pareto_nbd_loglik

__all__ = [
    "NUMPY",
    "PYTENSOR",
    "bgbb_loglik",
    "bgnbd_log_common",
    "bgnbd_loglik",
    "gamma_gamma_loglik",
    "pareto_nbd_log_terms",
    "pareto_nbd_loglik",
]
