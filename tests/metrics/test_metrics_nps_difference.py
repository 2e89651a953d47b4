"""Two-sample NPS test: hand-computed z statistic from the trinomial variances (Rocks 2016)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import nps_difference

A = [10] * 6 + [5] * 4  # NPS 20, Var = (0.6 + 0.4 - 0.04) / 10 = 0.096
B = [10] * 3 + [5] * 7  # NPS -40, Var = (0.3 + 0.7 - 0.16) / 10 = 0.084


def test_difference_matches_hand_computation() -> None:
    """Difference 60 points; SE = 100 sqrt(0.096 + 0.084) = 42.4264; z = 60 / 42.4264 = sqrt(2).

    Two-sided p = 2 (1 - Phi(1.41421)) = 0.157299.
    """
    row = nps_difference(A, B, method="wald").iloc[0]
    assert row["difference"] == pytest.approx(60.0)
    assert row["se"] == pytest.approx(100 * math.sqrt(0.18), rel=1e-12)
    assert row["z"] == pytest.approx(math.sqrt(2), rel=1e-12)
    assert row["p_value"] == pytest.approx(0.157299, abs=1e-6)
    z = stats.norm.ppf(0.975)
    assert row["lower"] == pytest.approx(60 - z * 100 * math.sqrt(0.18))


def test_adjusted_interval_uses_pseudo_counts_in_both_samples() -> None:
    """A adjusted: (6.75 - 4.75) / 13; B adjusted: (3.75 - 7.75) / 13 (promoters - detractors)."""
    row = nps_difference(A, B).iloc[0]
    centre_a, centre_b = 2 / 13, -4 / 13
    var_a = ((6.75 + 4.75) / 13 - centre_a**2) / 13
    var_b = ((3.75 + 7.75) / 13 - centre_b**2) / 13
    z = stats.norm.ppf(0.975)
    assert row["lower"] == pytest.approx(100 * (centre_a - centre_b - z * math.sqrt(var_a + var_b)))
    assert row["difference"] == pytest.approx(60.0)


def test_test_size_under_the_null() -> None:
    """Two samples from the same trinomial: the 5% test rejects about 5% of the time."""
    rng = np.random.default_rng(2)
    rejections = 0
    for _ in range(250):
        first = rng.choice([10, 8, 2], size=250, p=[0.4, 0.35, 0.25])
        second = rng.choice([10, 8, 2], size=250, p=[0.4, 0.35, 0.25])
        rejections += nps_difference(first, second)["p_value"].iloc[0] < 0.05
    assert 0.02 <= rejections / 250 <= 0.085


def test_bad_input() -> None:
    with pytest.raises(LoyaltyDataError, match="outside"):
        nps_difference(A, [11, 3])
    with pytest.raises(LoyaltyDataError, match="ci_prob"):
        nps_difference(A, B, ci_prob=0)
