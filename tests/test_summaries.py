"""One sd convention (ArviZ's), labelled intervals and the ci_prob name across the package.

References: ArviZ 1.x ``summary``/``eti``/``hdi`` computed on the same draws in the test (the
peer), and the closed form of the sample sd of 1..5 (sqrt(2.5) = 1.581 with ddof=1, sqrt(2) =
1.414 with ddof=0).
"""

from __future__ import annotations

import warnings

import arviz as az
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.churn.sbg_result import summarise_draws as churn_summarise_draws
from loyaltymodels.clv.result import summarise_draws as clv_summarise_draws
from loyaltymodels.returns.model import summarise_draws as returns_summarise_draws
from loyaltymodels.returns.model import summarise_return
from loyaltymodels.summaries import (
    equal_tailed_interval,
    hdi_interval,
    resolve_ci_prob,
    summarise_draws,
    wald_interval,
)

ONE_TO_FIVE = np.array([1.0, 2.0, 3.0, 4.0, 5.0])


def test_same_draws_give_the_same_sd_everywhere():
    """The draws 1..5 once gave 1.414 (clv) and 1.581 (churn, returns); now 1.581 everywhere."""
    expected = np.sqrt(2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        clv = clv_summarise_draws(ONE_TO_FIVE[:, None], 0.9)[1, 0]
        churn = churn_summarise_draws(ONE_TO_FIVE)["sd"]
        returns = returns_summarise_draws(3.0, ONE_TO_FIVE, 0.9)["sd"]
    new = summarise_draws(ONE_TO_FIVE).sd
    assert np.allclose(
        [clv, churn, returns, new, summarise_return(3.0, ONE_TO_FIVE, 0.9)["sd"]], expected
    )
    assert round(float(expected), 3) == 1.581


def test_agrees_with_arviz_summary_eti_and_hdi():
    draws = np.random.default_rng(7).gamma(2.0, size=(2000, 3))
    summary = summarise_draws(draws, ci_prob=0.9)
    for k in range(draws.shape[1]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            table = az.summary(
                {"x": draws[None, :, k]}, round_to="none", ci_prob=0.9, ci_kind="eti"
            )
        assert summary.mean[k] == pytest.approx(table["mean"].iloc[0], rel=1e-12)
        assert summary.sd[k] == pytest.approx(table["sd"].iloc[0], rel=1e-12)
        eti = np.asarray(az.eti(draws[:, k], prob=0.9))
        assert summary.interval.lower[k] == pytest.approx(eti[0], rel=1e-12)
        assert summary.interval.upper[k] == pytest.approx(eti[1], rel=1e-12)
        hdi = np.asarray(az.hdi(draws[:, k], prob=0.9))
        ours = hdi_interval(draws[:, k], 0.9)
        assert (ours.lower, ours.upper) == pytest.approx(tuple(hdi), rel=1e-12)


def test_intervals_record_probability_and_kind():
    draws = np.random.default_rng(3).normal(size=(1000, 2))
    assert equal_tailed_interval(draws, 0.8).kind == "eti"
    assert summarise_draws(draws, 0.8, ci_kind="hdi").interval.kind == "hdi"
    wald = wald_interval(np.array([1.0]), np.array([0.5]), 0.9)
    assert (wald.kind, wald.prob) == ("wald", 0.9)
    z = stats.norm.ppf(0.95)
    assert np.allclose([wald.lower[0], wald.upper[0]], [1.0 - 0.5 * z, 1.0 + 0.5 * z])
    # equal-tailed bounds of n-d draws along another axis match numpy's linear quantiles
    cube = np.random.default_rng(4).gamma(3.0, size=(5, 301, 4))
    interval = equal_tailed_interval(cube, 0.95, axis=1)
    assert np.allclose(interval.lower, np.quantile(cube, 0.025, axis=1))
    assert np.allclose(interval.upper, np.quantile(cube, 0.975, axis=1))


@pytest.mark.parametrize("old", ["interval", "confidence_level", "level", "confidence"])
def test_old_probability_names_warn_and_still_work(old):
    with pytest.warns(FutureWarning, match="ci_prob"):
        assert resolve_ci_prob(None, 0.95, **{old: 0.9}) == 0.9
    with pytest.raises(LoyaltyDataError, match="once"):
        resolve_ci_prob(0.8, 0.95, **{old: 0.9})


def test_bad_probability_is_refused():
    for bad in (0.0, 1.0, 1.5, float("nan"), "high"):
        with pytest.raises(LoyaltyDataError, match="ci_prob"):
            summarise_draws(ONE_TO_FIVE, bad)  # type: ignore[arg-type]


def test_the_three_former_summaries_are_deprecated():
    with pytest.warns(FutureWarning, match="loyaltymodels.summaries"):
        clv_summarise_draws(ONE_TO_FIVE[:, None], 0.9)
    with pytest.warns(FutureWarning, match="loyaltymodels.summaries"):
        churn_summarise_draws(ONE_TO_FIVE)
    with pytest.warns(FutureWarning, match="summarise_return"):
        returns_summarise_draws(3.0, ONE_TO_FIVE, 0.9)


def test_metrics_take_ci_prob_and_the_former_name_with_a_warning():
    from loyaltymodels.metrics import ces, nps

    scores = [10, 9, 9, 8, 7, 6, 3, 10, 2, 9]
    new = nps(scores, ci_prob=0.9)
    with pytest.warns(FutureWarning, match="'confidence_level' is renamed 'ci_prob'"):
        old = nps(scores, confidence_level=0.9)
    assert (old.lower, old.upper) == (new.lower, new.upper)
    assert new.confidence_level == 0.9
    with pytest.warns(FutureWarning, match="ci_prob"):
        ces([1, 5, 7, 6, 4], confidence_level=0.8)
    with pytest.raises(LoyaltyDataError, match="once"), warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        nps(scores, ci_prob=0.9, confidence_level=0.9)


def test_servqual_takes_ci_prob_and_the_former_name_with_a_warning():
    from loyaltymodels.datasets import simulate_servqual_survey
    from loyaltymodels.servqual import score

    survey = simulate_servqual_survey(120, random_seed=2)
    new = score(survey.expectations, survey.perceptions, ci_prob=0.9)
    with pytest.warns(FutureWarning, match="'confidence' is renamed 'ci_prob'"):
        old = score(survey.expectations, survey.perceptions, confidence=0.9)
    pd.testing.assert_frame_equal(new.dimensions, old.dimensions)
    assert new.confidence == 0.9


def test_monte_carlo_models_take_ci_prob_and_the_former_name_with_a_warning():
    from loyaltymodels.damage import MarketDamage
    from loyaltymodels.returns import ExperienceReturn, ReturnInputs

    assert MarketDamage(ci_prob=0.8).ci_prob == 0.8
    with pytest.warns(FutureWarning, match="'confidence_level' is renamed 'ci_prob'"):
        assert MarketDamage(confidence_level=0.8).ci_prob == 0.8
    with pytest.raises(LoyaltyDataError, match="once"), warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        ExperienceReturn(ci_prob=0.8, confidence_level=0.7)
    with pytest.warns(FutureWarning, match="ci_prob"):
        model = ExperienceReturn(draws=200, confidence_level=0.8)
    inputs = ReturnInputs.from_values(
        gap_change={"reliability": 0.8},
        satisfaction_effect={"reliability": 0.5},
        retention=0.8,
        retention_effect=0.5,
        customers=1000,
        margin=100,
        discount_rate=0.0,
        horizon=1,
        investment=1000,
    )
    result = model.fit(inputs, random_seed=1)
    assert result.ci_prob == 0.8
    assert result.summary().attrs["interval_kind"] == "eti"
    with pytest.warns(FutureWarning, match="renamed ci_prob"):
        assert result.confidence_level == 0.8
