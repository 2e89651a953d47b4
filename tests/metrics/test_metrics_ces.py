"""CES: hand-computed mean, t interval and Wilson interval (checked against statsmodels)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import ces


def test_seven_point_version_matches_hand_computation() -> None:
    """Answers 7, 6, 5, 3, 4: mean 5, s = sqrt(10 / 4), SE = s / sqrt(5) = 0.707107.

    t_{4, 0.975} = 2.776445, so the interval is 5 ± 1.963243; easy answers (5-7): 3 of 5.
    """
    row = ces([7, 6, 5, 3, 4]).iloc[0]
    assert row["ces"] == 5.0
    assert row["se"] == pytest.approx(math.sqrt(2.5 / 5), rel=1e-12)
    assert row["upper"] == pytest.approx(5 + stats.t.ppf(0.975, 4) * math.sqrt(0.5))
    assert row["upper"] == pytest.approx(6.963243, abs=1e-6)
    assert row["easy_share"] == 0.6
    assert bool(row["higher_is_better"]) is True


def test_wilson_interval_matches_statsmodels() -> None:
    """Peer check: statsmodels' proportion_confint(method="wilson")."""
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    row = ces([7, 6, 5, 3, 4]).iloc[0]
    low, high = proportion.proportion_confint(3, 5, alpha=0.05, method="wilson")
    assert row["easy_lower"] == pytest.approx(low, rel=1e-10)
    assert row["easy_upper"] == pytest.approx(high, rel=1e-10)


def test_five_point_version_counts_low_effort_as_easy() -> None:
    row = ces([1, 2, 3, 5], scale=5).iloc[0]
    assert row["ces"] == 2.75
    assert row["easy_share"] == 0.5
    assert bool(row["higher_is_better"]) is False


def test_missing_excluded_and_counted() -> None:
    row = ces([7, np.nan, 5], missing="exclude").iloc[0]
    assert (row["n"], row["n_missing"], row["ces"]) == (2, 1, 6.0)


@pytest.mark.parametrize(
    ("scores", "scale", "message"),
    [
        ([8, 3], 7, "outside"),
        ([6, 3], 5, "outside"),
        ([0, 3], 7, "outside"),
        ([3, 4], 10, "scale"),
        ([3.5, 4], 7, "whole"),
        ([3, np.nan], 7, "missing"),
        ([], 7, "empty"),
    ],
)
def test_bad_input(scores: list, scale: int, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        ces(scores, scale=scale)  # type: ignore[arg-type]
