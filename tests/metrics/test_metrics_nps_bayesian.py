"""Bayesian NPS: Dirichlet-posterior moments in closed form (Gelman et al. 2013, sec. 3.4)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import nps, nps_bayesian


def test_posterior_moments_match_hand_computation() -> None:
    """Two promoters and one detractor, uniform prior: alpha = (3, 1, 2), alpha_0 = 6.

    E = 100 (3 - 2) / 6 = 16.667;
    Var = [3 x 3 + 2 x 4 + 2 x 3 x 2] / (6^2 x 7) = 29 / 252; SD = 100 sqrt(29/252) = 33.923.
    """
    result = nps_bayesian([9, 10, 3], random_seed=3, draws=20_000)
    assert result.nps == pytest.approx(100 / 6, rel=1e-12)
    assert result.se == pytest.approx(100 * math.sqrt(29 / 252), rel=1e-12)
    np.testing.assert_allclose(result.alpha, [3.0, 1.0, 2.0])
    # The Monte Carlo draws agree with the closed form (4 Monte Carlo standard errors).
    assert abs(result.draws.mean() - result.nps) < 4 * result.se / math.sqrt(20_000)
    assert result.draws.std() == pytest.approx(result.se, rel=0.03)
    assert result.lower < result.nps < result.upper


def test_jeffreys_prior_and_reproducibility() -> None:
    first = nps_bayesian([9, 10, 3, 7], prior=0.5, random_seed=11, draws=500)
    second = nps_bayesian([9, 10, 3, 7], prior=0.5, random_seed=11, draws=500)
    np.testing.assert_array_equal(first.draws, second.draws)
    np.testing.assert_allclose(first.alpha, [2.5, 1.5, 1.5])
    assert first.nps == pytest.approx(100 * (2.5 - 1.5) / 5.5)


def test_large_sample_posterior_matches_frequentist() -> None:
    scores = [10] * 600 + [8] * 250 + [4] * 150
    bayes = nps_bayesian(scores, random_seed=1, draws=4000)
    freq = nps(scores, method="wald")
    assert bayes.nps == pytest.approx(freq.nps, abs=0.2)
    assert bayes.se == pytest.approx(freq.se, rel=0.01)
    assert bayes.prob_positive == 1.0


def test_bad_prior_and_draws() -> None:
    with pytest.raises(LoyaltyDataError, match="prior"):
        nps_bayesian([9, 3], prior=0.0)
    with pytest.raises(LoyaltyDataError, match="draws"):
        nps_bayesian([9, 3], draws=10)
    with pytest.raises(LoyaltyDataError, match="outside"):
        nps_bayesian([9, 12])
