"""Partial least squares path modelling (PLS-SEM) of customer-satisfaction-index models.

``PLS(description).fit(data)`` returns a :class:`PLSResult` with outer weights, loadings, path
coefficients, R^2, f^2, VIFs, construct scores, effects and the reliability and validity tables
reviewers ask for (Hair et al., *A Primer on PLS-SEM*); ``consistent=True`` gives PLSc.
"""

from loyaltymodels.pls.datasets import MOBI_ITEMS, load_mobi
from loyaltymodels.pls.model import PLS
from loyaltymodels.pls.result import PLSConvergenceWarning, PLSResult
from loyaltymodels.pls.syntax import PLSSpec, parse_pls_description

__all__ = [
    "MOBI_ITEMS",
    "PLS",
    "PLSConvergenceWarning",
    "PLSResult",
    "PLSSpec",
    "load_mobi",
    "parse_pls_description",
]
