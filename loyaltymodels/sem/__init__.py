"""Covariance-based structural equation models of loyalty (on semopy).

``SEM(description).fit(data)`` returns an :class:`SEMResult` with lavaan-compatible estimates,
standard errors, standardized solutions, fit indices, reliability and validity tables,
bootstrap effects and improper-solution diagnostics; ``SEM(..., group=...)`` fits several
groups at once and :func:`measurement_invariance` runs the invariance ladder.
"""

from loyaltymodels.sem.effects import EffectsResult
from loyaltymodels.sem.fit_indices import rmsea_interval
from loyaltymodels.sem.group_result import GroupSEMResult
from loyaltymodels.sem.invariance import InvarianceResult, measurement_invariance
from loyaltymodels.sem.model import SEM
from loyaltymodels.sem.problems import ImproperSolutionWarning
from loyaltymodels.sem.reliability import (
    average_variance_extracted,
    composite_reliability,
    cronbach_alpha,
)
from loyaltymodels.sem.result import SEMResult
from loyaltymodels.sem.templates import ecsi_model, loyalty_model
from loyaltymodels.sem.validity import ValidityTables, htmt

__all__ = [
    "SEM",
    "EffectsResult",
    "GroupSEMResult",
    "ImproperSolutionWarning",
    "InvarianceResult",
    "SEMResult",
    "ValidityTables",
    "average_variance_extracted",
    "composite_reliability",
    "cronbach_alpha",
    "ecsi_model",
    "htmt",
    "loyalty_model",
    "measurement_invariance",
    "rmsea_interval",
]
