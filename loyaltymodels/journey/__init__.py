"""Touchpoints and the customer journey: key drivers, flow, loss per touchpoint, monitoring."""

from loyaltymodels.journey.contracts import SurveyData, check_event_log, check_touchpoint_survey
from loyaltymodels.journey.drivers import KeyDriverResult, key_drivers
from loyaltymodels.journey.flow import JourneyFlowResult, journey_flow
from loyaltymodels.journey.subsets import MAX_EXACT, shapley_from_subsets, subset_r2

__all__ = [
    "MAX_EXACT",
    "JourneyFlowResult",
    "KeyDriverResult",
    "SurveyData",
    "check_event_log",
    "check_touchpoint_survey",
    "journey_flow",
    "key_drivers",
    "shapley_from_subsets",
    "subset_r2",
]
