"""Bayesian churn: contractual retention (shifted-beta-geometric) and covariate hazard models."""

from loyaltymodels.churn.aggregation import CountedPatterns, count_patterns
from loyaltymodels.churn.hazard import LINKS, HazardChurn, log_hazard_terms
from loyaltymodels.churn.hazard_result import HazardChurnResult
from loyaltymodels.churn.sbg import ShiftedBetaGeometric
from loyaltymodels.churn.sbg_data import (
    SurvivalPatterns,
    patterns_from_records,
    patterns_from_survival_counts,
)
from loyaltymodels.churn.sbg_math import (
    sbg_churn_log_probability,
    sbg_derl,
    sbg_log_survival,
    sbg_retention_elasticity,
    sbg_retention_rate,
    sbg_survival,
)
from loyaltymodels.churn.sbg_result import ShiftedBetaGeometricResult, sbg_log_likelihood

__all__ = [
    "LINKS",
    "CountedPatterns",
    "HazardChurn",
    "HazardChurnResult",
    "ShiftedBetaGeometric",
    "ShiftedBetaGeometricResult",
    "SurvivalPatterns",
    "count_patterns",
    "log_hazard_terms",
    "patterns_from_records",
    "patterns_from_survival_counts",
    "sbg_churn_log_probability",
    "sbg_derl",
    "sbg_log_likelihood",
    "sbg_log_survival",
    "sbg_retention_elasticity",
    "sbg_retention_rate",
    "sbg_survival",
]
