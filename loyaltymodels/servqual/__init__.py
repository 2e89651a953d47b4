"""SERVQUAL gap scoring, zone of tolerance, SERVPERF and importance-performance analysis."""

from loyaltymodels.servqual.cfa import dimension_cfa
from loyaltymodels.servqual.gaps import GapResult, score, servperf
from loyaltymodels.servqual.instrument import SERVQUAL, Instrument
from loyaltymodels.servqual.ipa import QUADRANTS, IPAResult, importance_performance
from loyaltymodels.servqual.psychometrics import (
    ReliabilityResult,
    difference_score_reliability,
    dimension_alphas,
    gap_reliability,
)
from loyaltymodels.servqual.segments import SegmentResult, compare_segments, welch_anova
from loyaltymodels.servqual.tolerance import ToleranceResult, zone_of_tolerance

__all__ = [
    "QUADRANTS",
    "SERVQUAL",
    "GapResult",
    "IPAResult",
    "Instrument",
    "ReliabilityResult",
    "SegmentResult",
    "ToleranceResult",
    "compare_segments",
    "difference_score_reliability",
    "dimension_alphas",
    "dimension_cfa",
    "gap_reliability",
    "importance_performance",
    "score",
    "servperf",
    "welch_anova",
    "zone_of_tolerance",
]
