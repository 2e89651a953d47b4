"""Shifted-beta-geometric fits of Fader & Hardie (2007), "How to project customer retention",
Journal of Interactive Marketing 21(1), on the Berry & Linoff (2004) renewal series, years 0-7.

Published maximum-likelihood estimates (tests/reference/PUBLISHED.md):
regular alpha=0.704, beta=1.182,
log-likelihood -1680.27; high end alpha=0.668, beta=3.806, log-likelihood -1611.16.
"""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.churn import (
    ShiftedBetaGeometric,
    patterns_from_survival_counts,
    sbg_log_likelihood,
    sbg_survival,
)
from loyaltymodels.datasets import load_retention

PUBLISHED = {
    "regular": {"alpha": 0.704, "beta": 1.182, "log_likelihood": -1680.27},
    "high_end": {"alpha": 0.668, "beta": 3.806, "log_likelihood": -1611.16},
}


@pytest.fixture(scope="module")
def retention() -> pd.DataFrame:
    return load_retention()


@pytest.fixture(scope="module")
def mle(retention):
    return ShiftedBetaGeometric().fit(retention, method="mle", random_seed=1)


def _segment_log_likelihood(retention, result, segment) -> float:
    patterns = patterns_from_survival_counts(retention[segment])
    alpha = result.params.loc[(segment, "alpha"), "estimate"]
    beta = result.params.loc[(segment, "beta"), "estimate"]
    return sbg_log_likelihood(patterns, np.array([alpha]), np.array([beta]))


@pytest.mark.parametrize("segment", list(PUBLISHED))
def test_mle_reproduces_published_estimates(retention, mle, segment) -> None:
    """MLE: alpha, beta to 3 decimals and each segment's log-likelihood to 2."""
    published = PUBLISHED[segment]
    assert mle.params.loc[(segment, "alpha"), "estimate"] == pytest.approx(
        published["alpha"], abs=5e-4
    )
    assert mle.params.loc[(segment, "beta"), "estimate"] == pytest.approx(
        published["beta"], abs=5e-4
    )
    loglik = _segment_log_likelihood(retention, mle, segment)
    assert loglik == pytest.approx(published["log_likelihood"], abs=5e-3)
    assert mle.flags == []


def test_map_with_flat_priors_reproduces_published(retention, mle) -> None:
    """MAP with flat priors = the MLE: same estimates; summed log-likelihood = maximised density."""
    result = ShiftedBetaGeometric(flat_priors=True).fit(retention, method="map", random_seed=1)
    for segment, published in PUBLISHED.items():
        assert result.params.loc[(segment, "alpha"), "estimate"] == pytest.approx(
            published["alpha"], abs=5e-4
        )
        assert result.params.loc[(segment, "beta"), "estimate"] == pytest.approx(
            published["beta"], abs=5e-4
        )
    total = sum(p["log_likelihood"] for p in PUBLISHED.values())
    assert result.log_likelihood == pytest.approx(total, abs=1e-2)
    assert result.fit.max_logp == pytest.approx(result.log_likelihood, abs=1e-6)


def test_projection_to_year_12_follows_the_published_parameters(mle) -> None:
    """Year-1 retention r_1 = b/(a+b) = 0.6267; S(12) = B(a, b+12)/B(a, b) at published values."""
    rate = mle.retention_rate(1, cohort="regular").loc[1, "mean"]
    assert rate == pytest.approx(1.182 / (0.704 + 1.182), abs=5e-4)
    survival = mle.survival(12, cohort="regular")
    assert survival.loc[0, "mean"] == 1.0
    assert survival.loc[12, "mean"] == pytest.approx(
        float(sbg_survival(12, 0.704, 1.182)), abs=1e-3
    )
