"""Bayesian buy-till-you-die models: RFM summaries, BG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, CLV.

Models store their configuration; ``Model(...).fit(summary, method=..., random_seed=...)``
returns a result with ``.params``, ``.idata``, diagnostics flags and per-customer predictions
(tidy DataFrames of posterior means, SDs and intervals), computed over unique
(frequency, recency, T) patterns in chunks.
"""

from loyaltymodels.clv.bgbb import BetaGeoBetaBinom, BetaGeoBetaBinomResult
from loyaltymodels.clv.bgnbd import BetaGeo, BetaGeoResult
from loyaltymodels.clv.gamma_gamma import GammaGamma, GammaGammaResult
from loyaltymodels.clv.holdout import (
    conditional_expectations,
    customer_holdout,
    holdout_accuracy,
    probability_alive_grid,
    tracking,
)
from loyaltymodels.clv.loo import compare_loo, loo
from loyaltymodels.clv.pareto_nbd import ParetoNBD, ParetoNBDResult
from loyaltymodels.clv.patterns import Patterns, compress_patterns
from loyaltymodels.clv.rfm import TIME_UNITS, rfm_summary, rfm_summary_sql
from loyaltymodels.clv.summary_file import read_summary, write_summary
from loyaltymodels.clv.value import customer_lifetime_value

__all__ = [
    "TIME_UNITS",
    "BetaGeo",
    "BetaGeoBetaBinom",
    "BetaGeoBetaBinomResult",
    "BetaGeoResult",
    "GammaGamma",
    "GammaGammaResult",
    "ParetoNBD",
    "ParetoNBDResult",
    "Patterns",
    "compare_loo",
    "compress_patterns",
    "conditional_expectations",
    "customer_holdout",
    "customer_lifetime_value",
    "holdout_accuracy",
    "loo",
    "probability_alive_grid",
    "read_summary",
    "rfm_summary",
    "rfm_summary_sql",
    "tracking",
    "write_summary",
]
