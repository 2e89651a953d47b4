"""Loyalty metrics: NPS with uncertainty, CES, RFM segments, loyalty index, churn-risk flags."""

from loyaltymodels.metrics.ces import ces
from loyaltymodels.metrics.loyalty_index import (
    LoyaltyIndexResult,
    loyalty_index,
    weights_from_sem,
)
from loyaltymodels.metrics.nps import (
    NPSResult,
    classify_nps,
    nps,
    nps_by_segment,
    nps_from_counts,
)
from loyaltymodels.metrics.nps_bayesian import BayesianNPSResult, nps_bayesian
from loyaltymodels.metrics.nps_difference import nps_difference
from loyaltymodels.metrics.rfm_segments import DEFAULT_RFM_SEGMENTS, rfm_scores, rfm_segments
from loyaltymodels.metrics.risk import risk_from_inactivity, risk_from_p_alive

__all__ = [
    "DEFAULT_RFM_SEGMENTS",
    "BayesianNPSResult",
    "LoyaltyIndexResult",
    "NPSResult",
    "ces",
    "classify_nps",
    "loyalty_index",
    "nps",
    "nps_bayesian",
    "nps_by_segment",
    "nps_difference",
    "nps_from_counts",
    "rfm_scores",
    "rfm_segments",
    "risk_from_inactivity",
    "risk_from_p_alive",
    "weights_from_sem",
]
