"""The experience-return model: gap closed -> satisfaction -> retention -> value -> ROI.

Chains the links the rest of the package measures (SERVQUAL gaps, SEM paths to satisfaction,
the effect of satisfaction on churn, customer value) into the financial return of closing
experience gaps, with Monte Carlo uncertainty from every link (Rust, Zahorik & Keiningham
1995, Return on Quality).
"""

from loyaltymodels.returns.chain import (
    MEASURES,
    experience_return,
    geometric_sum,
    payback_period,
    retention_after,
)
from loyaltymodels.returns.inputs import Link, ReturnInputs
from loyaltymodels.returns.links import (
    baseline_retention_from_hazard,
    margin_from_clv,
    retention_effect_from_hazard,
    satisfaction_effect_covariance_from_sem,
    satisfaction_effects_from_sem,
)
from loyaltymodels.returns.model import ExperienceReturn
from loyaltymodels.returns.plan_file import read_return_plans
from loyaltymodels.returns.result import ExperienceReturnResult
from loyaltymodels.returns.summary import summarise_return
from loyaltymodels.returns.whatif import PlanComparison, compare_plans, what_if

__all__ = [
    "MEASURES",
    "ExperienceReturn",
    "ExperienceReturnResult",
    "Link",
    "PlanComparison",
    "ReturnInputs",
    "baseline_retention_from_hazard",
    "compare_plans",
    "experience_return",
    "geometric_sum",
    "margin_from_clv",
    "payback_period",
    "read_return_plans",
    "retention_after",
    "retention_effect_from_hazard",
    "satisfaction_effect_covariance_from_sem",
    "satisfaction_effects_from_sem",
    "summarise_return",
    "what_if",
]
