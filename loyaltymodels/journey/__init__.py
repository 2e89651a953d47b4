"""Touchpoints and the customer journey: key drivers, flow, loss per touchpoint, monitoring."""

from loyaltymodels.journey.contracts import SurveyData, check_event_log, check_touchpoint_survey
from loyaltymodels.journey.drivers import KeyDriverResult, key_drivers
from loyaltymodels.journey.flow import JourneyFlowResult, journey_flow
from loyaltymodels.journey.loss import (
    churn_panel,
    problem_counts,
    revenue_at_risk,
    touchpoint_churn_effects,
)
from loyaltymodels.journey.monitoring import (
    ControlChartResult,
    ewma_chart,
    ewma_statistic,
    p_chart,
)
from loyaltymodels.journey.priorities import derived_ipa, fix_first, touchpoint_performance
from loyaltymodels.journey.subsets import MAX_EXACT, shapley_from_subsets, subset_r2

__all__ = [
    "MAX_EXACT",
    "ControlChartResult",
    "JourneyFlowResult",
    "KeyDriverResult",
    "SurveyData",
    "check_event_log",
    "check_touchpoint_survey",
    "churn_panel",
    "derived_ipa",
    "ewma_chart",
    "ewma_statistic",
    "fix_first",
    "journey_flow",
    "key_drivers",
    "p_chart",
    "problem_counts",
    "revenue_at_risk",
    "shapley_from_subsets",
    "subset_r2",
    "touchpoint_churn_effects",
    "touchpoint_performance",
]
