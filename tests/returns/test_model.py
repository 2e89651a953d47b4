"""Monte Carlo propagation: moments of the drawn links and of the outputs, tables, draws."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.returns import ExperienceReturn, ExperienceReturnResult, ReturnInputs

from .conftest import HAND, UNCERTAIN


def test_satisfaction_change_moments(uncertain_result: ExperienceReturnResult) -> None:
    """Delta s = sum_d beta_d Delta g_d with independent normal beta_d:
    mean 0.5 x 0.8 + 0.3 x 0.5 = 0.55, sd sqrt(0.1^2 0.8^2 + 0.08^2 0.5^2) = 0.0894427191.
    With 20,000 draws the mean is within 4 Monte Carlo SEs and the sd within 4% (its relative
    Monte Carlo SE is 1 / sqrt(2 x 20,000) = 0.5%)."""
    draws = uncertain_result.draws("satisfaction_change")
    sd = math.sqrt(0.1**2 * 0.8**2 + 0.08**2 * 0.5**2)
    assert abs(draws.mean() - 0.55) < 4 * sd / math.sqrt(draws.size)
    assert draws.std(ddof=1) == pytest.approx(sd, rel=0.04)
    assert uncertain_result.params.loc["satisfaction_change", "estimate"] == pytest.approx(0.55)


def test_joint_covariance_of_satisfaction_effects() -> None:
    """With cov(beta) = [[0.01, -0.006], [-0.006, 0.0064]], sd(Delta s) =
    sqrt(0.8^2 0.01 + 0.5^2 0.0064 - 2 x 0.8 x 0.5 x 0.006) = sqrt(0.0032) = 0.0565685."""
    dims = ["reliability", "empathy"]
    cov = pd.DataFrame([[0.01, -0.006], [-0.006, 0.0064]], index=dims, columns=dims)
    inputs = ReturnInputs.from_values(**UNCERTAIN, satisfaction_effect_cov=cov)
    draws = ExperienceReturn(draws=20_000).fit(inputs, random_seed=3).draws("satisfaction_change")
    assert draws.std(ddof=1) == pytest.approx(math.sqrt(0.0032), rel=0.04)
    assert abs(draws.mean() - 0.55) < 4 * math.sqrt(0.0032 / draws.size)


def test_retention_counts_give_beta_posterior(uncertain_result: ExperienceReturnResult) -> None:
    """1600 of 2000 retained, uniform prior: r0 ~ Beta(1601, 401), mean 1601/2002 = 0.7997003,
    sd sqrt(ab / ((a+b)^2 (a+b+1))) = 0.0089423; the plug-in estimate is 1600/2000 = 0.8."""
    a, b = 1601.0, 401.0
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    row = uncertain_result.params.loc["retention_baseline"]
    assert row["estimate"] == 0.8
    assert abs(row["mean"] - a / (a + b)) < 4 * sd / math.sqrt(uncertain_result.n_draws)
    assert row["sd"] == pytest.approx(sd, rel=0.04)


def test_given_draws_are_resampled_together() -> None:
    """Draws given for two links keep their pairing (one common index)."""
    rng = np.random.default_rng(5)
    gamma = rng.normal(0.5, 0.1, size=3000)
    inputs = ReturnInputs.from_values(**{**HAND, "retention_effect": gamma, "margin": 200 * gamma})
    result = ExperienceReturn(draws=1000).fit(inputs, random_seed=1)
    np.testing.assert_allclose(result.links["margin"], 200 * result.links["retention_effect"])
    assert np.isin(result.links["retention_effect"], gamma).all()
    same_length = ExperienceReturn(draws=3000).fit(inputs, random_seed=1)
    np.testing.assert_array_equal(same_length.links["retention_effect"], gamma)
    assert inputs.retention_effect.estimate == pytest.approx(gamma.mean())


def test_outputs_follow_their_draws(uncertain_result: ExperienceReturnResult) -> None:
    params = uncertain_result.params
    value = uncertain_result.draws("value")
    assert params.loc["value", "mean"] == pytest.approx(value.mean(), rel=1e-12)
    assert params.loc["value", "median"] == pytest.approx(np.median(value), rel=1e-12)
    lower, upper = np.quantile(value, [0.05, 0.95])
    assert params.loc["value", "lower"] == pytest.approx(lower, rel=1e-12)
    assert params.loc["value", "upper"] == pytest.approx(upper, rel=1e-12)
    net = uncertain_result.draws("net_value")
    np.testing.assert_allclose(net, value - params.loc["cost", "estimate"], rtol=1e-12)
    assert uncertain_result.prob_roi_positive == pytest.approx(np.mean(net > 0))
    assert params.loc["roi", "prob_positive"] == params.loc["net_value", "prob_positive"]
    assert 0 < uncertain_result.prob_roi_positive < 1
    with pytest.raises(LoyaltyDataError, match="measure"):
        uncertain_result.draws("profit")


def test_by_dimension(uncertain_result: ExperienceReturnResult) -> None:
    """Each dimension alone, the plan, and the interaction (plan - sum of the dimensions)."""
    table = uncertain_result.by_dimension()
    assert list(table.index) == ["reliability", "empathy", "plan", "interaction"]
    assert table.loc["reliability", "satisfaction_change"] == pytest.approx(0.4)
    assert table.loc["empathy", "satisfaction_change"] == pytest.approx(0.15)
    plan = uncertain_result.params.loc["value", "estimate"]
    assert table.loc["plan", "value"] == pytest.approx(plan)
    parts = table.loc["reliability", "value"] + table.loc["empathy", "value"]
    assert table.loc["interaction", "value"] == pytest.approx(plan - parts)
    assert table.loc["reliability", "value_lower"] < table.loc["reliability", "value"]
    assert table.loc["plan", "share_of_value"] == pytest.approx(1.0)


def test_single_dimension_has_no_interaction(hand_result: ExperienceReturnResult) -> None:
    table = hand_result.by_dimension()
    assert list(table.index) == ["reliability", "plan", "interaction"]
    assert table.loc["interaction", "value"] == pytest.approx(0.0, abs=1e-9)


def test_display_and_persistence(uncertain_result: ExperienceReturnResult, tmp_path) -> None:
    text = uncertain_result.to_markdown()
    assert "net_value" in text and "prob_positive" in text
    assert uncertain_result.summary().attrs["draws"] == 20_000
    path = tmp_path / "plan.lmr"
    uncertain_result.save(path)
    loaded = ExperienceReturnResult.load(path)
    pd.testing.assert_frame_equal(loaded.params, uncertain_result.params)


def test_seed_reproducible(uncertain_inputs: ReturnInputs) -> None:
    model = ExperienceReturn(draws=500)
    first = model.fit(uncertain_inputs, random_seed=11).params
    again = model.fit(uncertain_inputs, random_seed=11).params
    other = model.fit(uncertain_inputs, random_seed=12).params
    pd.testing.assert_frame_equal(first, again)
    assert first.loc["value", "mean"] != other.loc["value", "mean"]


def test_model_settings_and_inputs_are_checked(hand_inputs: ReturnInputs) -> None:
    with pytest.raises(LoyaltyDataError, match="draws"):
        ExperienceReturn(draws=10)
    with pytest.raises(LoyaltyDataError, match="confidence_level"):
        ExperienceReturn(confidence_level=1.0)
    with pytest.raises(LoyaltyDataError, match="ReturnInputs"):
        ExperienceReturn().fit({"gap_change": {}})  # type: ignore[arg-type]
