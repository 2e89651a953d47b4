"""The simulated SERVQUAL survey: exact true values and their recovery by the estimators."""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import simulate_servqual_survey
from loyaltymodels.datasets.servqual_survey import _observed_mean
from loyaltymodels.servqual import compare_segments, score, zone_of_tolerance


@pytest.fixture(scope="module")
def survey():
    return simulate_servqual_survey(3000, random_seed=20261122)


@pytest.fixture(scope="module")
def gaps(survey):
    return score(survey.expectations, survey.perceptions, weights=survey.weights)


def test_observed_mean_closed_form_matches_monte_carlo() -> None:
    """E[clip(round(X), 1, 7)] for X ~ N(mu, 1), closed form vs 400,000 draws."""
    rng = np.random.default_rng(0)
    for mu in (1.2, 4.0, 6.4):
        draws = np.clip(np.floor(mu + rng.standard_normal(400_000) + 0.5), 1, 7)
        assert float(_observed_mean(np.array(mu), 1.0)) == pytest.approx(draws.mean(), abs=0.01)


def test_shapes_and_reproducibility(survey) -> None:
    assert survey.expectations.shape == (3000, 22)
    assert survey.weights.sum(axis=1).eq(100).all()
    assert set(survey.segment) == {"branch_a", "branch_b"}
    assert survey.perceptions.min().min() >= 1 and survey.perceptions.max().max() <= 7
    again = simulate_servqual_survey(50, random_seed=4)
    pd.testing.assert_frame_equal(
        again.perceptions, simulate_servqual_survey(50, random_seed=4).perceptions
    )
    with pytest.raises(LoyaltyDataError, match="at least 10"):
        simulate_servqual_survey(5, random_seed=1)


def test_recovers_dimension_gaps(survey, gaps) -> None:
    """Parameter recovery: every true dimension and overall gap lies within 3.5 standard
    errors of the estimate (seeded: deterministic), and the estimates sit within 0.1."""
    truth = survey.true_dimensions["gap"]
    estimate = gaps.dimensions["estimate"]
    z = (estimate - truth.loc[estimate.index]) / gaps.dimensions["se"]
    assert (z.abs() < 3.5).all(), z
    assert ((estimate - truth.loc[estimate.index]).abs() < 0.1).all()


def test_recovers_item_gaps(survey, gaps) -> None:
    z = (gaps.items["estimate"] - survey.true_items["gap"]) / gaps.items["se"]
    assert (z.abs() < 4).all(), z


def test_recovers_segment_gaps(survey, gaps) -> None:
    """The responsiveness and empathy shifts of branch_b are recovered and detected."""
    comparison = compare_segments(gaps, survey.segment)
    means = comparison.means.set_index(["segment", "score"])
    for (segment, column), true in survey.true_segment_gaps.stack().items():
        row = means.loc[(segment, column)]
        assert abs(row["estimate"] - true) < 4 * row["se"], (segment, column)
    tests = comparison.tests
    assert tests.loc["responsiveness", "p_holm"] < 1e-6
    assert tests.loc["empathy", "p_holm"] < 1e-3


def test_recovers_msa_and_mss(survey) -> None:
    with pytest.warns(UserWarning, match="adequate service above desired"):
        zot = zone_of_tolerance(survey.adequate, survey.expectations, survey.perceptions)
    for measure in ("msa", "mss"):
        z = (zot.dimensions[measure] - survey.true_dimensions[measure].iloc[:5]) / zot.dimensions[
            f"{measure}_se"
        ]
        assert (z.abs() < 3.5).all(), (measure, z)


@pytest.mark.slow
def test_gap_intervals_cover_at_nominal_rate() -> None:
    """Calibration: over 300 simulated surveys of 150 respondents, the 95% intervals of the
    five dimension gaps and the weighted gap cover the true values at 95% +- 2.5 points."""
    hits = []
    for seed in range(300):
        survey = simulate_servqual_survey(150, random_seed=seed)
        result = score(survey.expectations, survey.perceptions, weights=survey.weights)
        table = result.dimensions.drop(index="overall")
        truth = survey.true_dimensions.loc[table.index, "gap"]
        hits.append(((table["lower"] <= truth) & (truth <= table["upper"])).to_numpy())
    coverage = np.mean(hits)
    assert 0.925 <= coverage <= 0.975, coverage
