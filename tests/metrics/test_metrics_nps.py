"""NPS: hand-computed trinomial variance and intervals (Rocks 2016), segments, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import NPSResult, classify_nps, nps, nps_by_segment, nps_from_counts

Z95 = stats.norm.ppf(0.975)
# 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0-6).
SAMPLE = [10, 9, 9, 10, 9, 7, 8, 8, 3, 6]


def test_wald_matches_hand_computed_trinomial_variance() -> None:
    """Hand computation (Rocks 2016, eq. 2): p_P = 0.5, p_D = 0.2, n = 10.

    NPS = 100 (0.5 - 0.2) = 30; Var = (0.5 + 0.2 - 0.3^2) / 10 = 0.061;
    SE = 100 sqrt(0.061) = 24.698178; Wald 95%: 30 ± 1.959964 x 24.698178 = [-18.4075, 78.4075].
    """
    result = nps(SAMPLE, method="wald")
    assert isinstance(result, NPSResult)
    assert result.nps == pytest.approx(30.0, abs=1e-12)
    assert result.se == pytest.approx(100 * math.sqrt(0.061), rel=1e-12)
    assert result.lower == pytest.approx(30 - Z95 * 100 * math.sqrt(0.061), rel=1e-12)
    assert result.upper == pytest.approx(78.40754, abs=1e-5)
    assert (result.n, result.promoters, result.passives, result.detractors) == (10, 5, 3, 2)


def test_adjusted_wald_adds_rocks_pseudo_counts() -> None:
    """Adjusted Wald (Rocks 2016; Lewis & Sauro 2021): add 3/4 promoter, 3/2 passive, 3/4 detractor.

    Counts (5.75, 4.5, 2.75), n = 13: centre = 3/13 = 0.230769;
    Var = (8.5/13 - (3/13)^2) / 13 = 0.0461994; interval 23.0769 ± 1.96 x 21.4940
    = [-19.0506, 65.2045]. The reported score and SE stay the unadjusted 30 and 24.698.
    """
    result = nps(SAMPLE)
    centre = 3 / 13
    se = math.sqrt((8.5 / 13 - centre**2) / 13)
    assert result.method == "adjusted"
    assert result.lower == pytest.approx(100 * (centre - Z95 * se), rel=1e-12)
    assert result.upper == pytest.approx(100 * (centre + Z95 * se), rel=1e-12)
    assert result.lower == pytest.approx(-19.0506, abs=1e-4)
    assert result.nps == pytest.approx(30.0)
    assert result.se == pytest.approx(100 * math.sqrt(0.061))
    table = result.summary()
    assert list(table.index) == ["wald", "adjusted"]
    assert table.loc["adjusted", "centre"] == pytest.approx(100 * centre)


def test_all_promoters_adjusted_interval_is_not_degenerate() -> None:
    """Five promoters: Wald SE = 0 gives [100, 100]; adjusted counts (5.75, 1.5, 0.75), n = 8.

    centre 0.625, Var = (0.8125 - 0.390625) / 8 = 0.052734375; lower = 62.5 - 1.96 x 22.964
    = 17.49; the upper bound 107.5 is clipped to 100.
    """
    wald = nps([9, 10, 10, 9, 9], method="wald")
    assert (wald.se, wald.lower, wald.upper) == (0.0, 100.0, 100.0)
    adjusted = nps([9, 10, 10, 9, 9])
    assert adjusted.lower == pytest.approx(100 * (0.625 - Z95 * math.sqrt(0.052734375)))
    assert adjusted.upper == 100.0


def test_counts_give_the_same_result_as_answers() -> None:
    """Tabulated counts (5, 3, 2) reproduce the answers' result; 50/30/20 of 100 gives
    SE = 100 sqrt((0.7 - 0.09) / 100) = 7.8102.
    """
    from_answers = nps(SAMPLE)
    from_counts = nps_from_counts(5, 3, 2)
    pd.testing.assert_frame_equal(from_answers.params, from_counts.params)
    assert nps_from_counts(50, 30, 20, method="wald").se == pytest.approx(100 * math.sqrt(0.0061))
    for bad in [(-1, 3, 2), (1.5, 3, 2), (0, 0, 0)]:
        with pytest.raises(LoyaltyDataError):
            nps_from_counts(*bad)


def test_confidence_level_widens_interval() -> None:
    narrow = nps(SAMPLE, ci_prob=0.80, method="wald")
    wide = nps(SAMPLE, ci_prob=0.99, method="wald")
    assert wide.upper - wide.lower > narrow.upper - narrow.lower
    assert narrow.upper - narrow.lower == pytest.approx(2 * stats.norm.ppf(0.9) * narrow.se)


def test_wald_coverage_on_simulated_trinomial() -> None:
    """Parameter recovery: true shares (0.45, 0.30, 0.25), NPS = 20; 95% intervals cover ~95%."""
    rng = np.random.default_rng(5)
    hits = 0
    for _ in range(400):
        answers = rng.choice([10, 8, 2], size=300, p=[0.45, 0.30, 0.25])
        result = nps(answers)
        hits += result.lower <= 20.0 <= result.upper
    assert 0.92 <= hits / 400 <= 0.98


def test_classify_nps_boundaries() -> None:
    labels = classify_nps(pd.Series([0, 6, 7, 8, 9, 10], index=list("abcdef")))
    assert labels.tolist() == [
        "detractor",
        "detractor",
        "passive",
        "passive",
        "promoter",
        "promoter",
    ]
    assert list(labels.index) == list("abcdef")


def test_missing_answers_raise_or_are_counted() -> None:
    with pytest.raises(LoyaltyDataError, match="missing"):
        nps([10, np.nan, 3])
    result = nps([10, np.nan, 3], missing="exclude")
    assert (result.n, result.n_missing, result.nps) == (2, 1, 0.0)


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([10, 11, 3], "outside"),
        ([10, -1], "outside"),
        ([9.5, 3], "whole number"),
        (["high", "low"], "numeric|number"),
        ([], "empty"),
    ],
)
def test_bad_scores_raise(scores: list, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        nps(scores)


def test_bad_options_raise() -> None:
    with pytest.raises(LoyaltyDataError, match="ci_prob"):
        nps(SAMPLE, ci_prob=95)
    with pytest.raises(LoyaltyDataError, match="method"):
        nps(SAMPLE, method="exact")  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="DataFrame"):
        nps(pd.DataFrame({"a": SAMPLE}))


def test_by_segment_matches_per_group_scores() -> None:
    data = pd.DataFrame({"ltr": [*SAMPLE, 0, 0, 10, 9], "region": ["north"] * 10 + ["south"] * 4})
    table = nps_by_segment(data, "ltr", "region", method="wald")
    assert list(table.index) == ["north", "south", "all"]
    assert table.loc["north", "nps"] == pytest.approx(30.0)
    assert table.loc["south", "nps"] == pytest.approx(0.0)
    assert table.loc["south", "se"] == pytest.approx(50.0)  # sqrt((0.5 + 0.5 - 0) / 4) = 0.5
    assert table.loc["all", "n"] == 14
    assert table.loc["all", "nps"] == pytest.approx(100 * (7 - 4) / 14)


def test_by_segment_bad_input() -> None:
    data = pd.DataFrame({"ltr": [10, 3], "region": ["a", None]})
    with pytest.raises(LoyaltyDataError, match="region"):
        nps_by_segment(data, "ltr", "region")
    with pytest.raises(LoyaltyDataError, match="missing column"):
        nps_by_segment(data, "score", "region")
