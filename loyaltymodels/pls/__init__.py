"""Partial least squares path modelling (PLS-SEM) of customer-satisfaction-index models.

``PLS(description).fit(data)`` returns a :class:`PLSResult` with outer weights, loadings, path
coefficients, R^2, f^2, VIFs, construct scores, effects and the reliability and validity tables
reviewers ask for (Hair et al., *A Primer on PLS-SEM*); ``consistent=True`` gives PLSc.
"""

from loyaltymodels.pls.datasets import MOBI_ITEMS, load_mobi
from loyaltymodels.pls.model import PLS
from loyaltymodels.pls.multigroup import MGAResult, MICOMResult, micom, permutation_mga
from loyaltymodels.pls.result import PLSConvergenceWarning, PLSResult
from loyaltymodels.pls.syntax import PLSSpec, parse_pls_description
from loyaltymodels.pls.two_stage import interaction_effects

__all__ = [
    "MOBI_ITEMS",
    "PLS",
    "MGAResult",
    "MICOMResult",
    "PLSConvergenceWarning",
    "PLSResult",
    "PLSSpec",
    "interaction_effects",
    "load_mobi",
    "micom",
    "parse_pls_description",
    "permutation_mga",
]
