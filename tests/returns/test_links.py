"""Links taken from fitted SEM and hazard results, and the margin implied by a CLV."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.churn import HazardChurn, HazardChurnResult
from loyaltymodels.datasets import simulate_loyalty_survey, simulate_subscription_panel
from loyaltymodels.returns import (
    ExperienceReturn,
    ReturnInputs,
    margin_from_clv,
    retention_effect_from_hazard,
    satisfaction_effect_covariance_from_sem,
    satisfaction_effects_from_sem,
)
from loyaltymodels.sem import SEM, SEMResult, loyalty_model


@pytest.fixture(scope="module")
def sem_result() -> SEMResult:
    survey = simulate_loyalty_survey(400, random_seed=7)
    return SEM(loyalty_model(survey.items)).fit(survey.data)


@pytest.fixture(scope="module")
def hazard_result() -> HazardChurnResult:
    panel, _ = simulate_subscription_panel(n_customers=2000, n_periods=6, random_seed=3)
    return HazardChurn().fit(panel, covariates=["satisfaction", "complaint"], method="mle")


def test_satisfaction_effects_are_the_sem_paths(sem_result: SEMResult) -> None:
    effects = satisfaction_effects_from_sem(sem_result)
    assert list(effects) == ["value", "emotion", "relationship"]
    table = sem_result.params
    rows = table[(table["op"] == "~") & (table["lval"] == "satisfaction")].set_index("rval")
    for dimension, (estimate, se) in effects.items():
        assert estimate == rows.loc[dimension, "estimate"]
        assert se == rows.loc[dimension, "se"]
        assert estimate > 0 and se > 0
    scaled = satisfaction_effects_from_sem(sem_result, dimensions=["emotion"], scale=2.0)
    assert scaled == {"emotion": (2 * effects["emotion"][0], 2 * effects["emotion"][1])}


def test_covariance_block_matches_standard_errors(sem_result: SEMResult) -> None:
    """The diagonal of the covariance block is the squared SEs; the paths of correlated
    dimensions are negatively correlated (they compete to explain satisfaction)."""
    effects = satisfaction_effects_from_sem(sem_result)
    cov = satisfaction_effect_covariance_from_sem(sem_result)
    se = np.array([effects[d][1] for d in cov.index])
    np.testing.assert_allclose(np.sqrt(np.diag(cov.to_numpy())), se, rtol=1e-10)
    assert cov.loc["value", "emotion"] < 0
    inputs = ReturnInputs.from_values(
        gap_change={"emotion": 0.5, "relationship": 0.5},
        satisfaction_effect=effects,
        satisfaction_effect_cov=cov,
        retention=0.8,
        retention_effect=(0.3, 0.05),
        customers=1000,
        margin=100,
        discount_rate=0.05,
        horizon=4,
        investment=1000,
    )
    result = ExperienceReturn(draws=20_000).fit(inputs, random_seed=4)
    g = np.array([0.0, 0.5, 0.5])
    expected = float(np.sqrt(g @ cov.to_numpy() @ g))
    assert result.params.loc["satisfaction_change", "sd"] == pytest.approx(expected, rel=0.04)


def test_sem_helpers_reject_bad_requests(sem_result: SEMResult) -> None:
    with pytest.raises(LoyaltyDataError, match="no regression 'delight"):
        satisfaction_effects_from_sem(sem_result, outcome="delight")
    with pytest.raises(LoyaltyDataError, match="no path from \\['price'\\]"):
        satisfaction_effects_from_sem(sem_result, dimensions=["price"])
    with pytest.raises(LoyaltyDataError, match="scale"):
        satisfaction_effects_from_sem(sem_result, scale=0.0)
    with pytest.raises(LoyaltyDataError, match="SEMResult"):
        satisfaction_effects_from_sem("model")


def test_retention_effect_flips_the_churn_coefficient(hazard_result: HazardChurnResult) -> None:
    """gamma = -beta_churn: the simulated churn coefficient of satisfaction is -0.25, so the
    retention effect is +0.25 (within 3 SEs of the estimate)."""
    estimate, se = retention_effect_from_hazard(hazard_result)
    row = hazard_result.params.loc["satisfaction"]
    assert estimate == -row["estimate"]
    assert se == row["sd"]
    assert abs(estimate - 0.25) < 3 * se
    with pytest.raises(LoyaltyDataError, match="no posterior draws"):
        retention_effect_from_hazard(hazard_result, use_draws=True)


def test_retention_effect_rejects_other_links_and_names(hazard_result: HazardChurnResult) -> None:
    with pytest.raises(LoyaltyDataError, match="no covariate 'delight'"):
        retention_effect_from_hazard(hazard_result, "delight")
    cloglog = HazardChurnResult(
        hazard_result.fit,
        dataclasses.replace(hazard_result.spec, link="cloglog"),
        n_rows=hazard_result.n_rows,
        n_patterns=hazard_result.n_patterns,
        n_customers=hazard_result.n_customers,
        n_churned=hazard_result.n_churned,
    )
    with pytest.raises(LoyaltyDataError, match="link='logit'"):
        retention_effect_from_hazard(cloglog)
    with pytest.raises(LoyaltyDataError, match="HazardChurnResult"):
        retention_effect_from_hazard(object())


def test_chain_from_fitted_results(sem_result: SEMResult, hazard_result) -> None:
    """A plan built from the fitted links runs end to end and improves retention."""
    inputs = ReturnInputs.from_values(
        gap_change={"relationship": 0.5},
        satisfaction_effect=satisfaction_effects_from_sem(sem_result),
        retention=0.85,
        retention_effect=retention_effect_from_hazard(hazard_result),
        customers=10_000,
        margin=margin_from_clv(600.0, 0.75, 0.25),
        discount_rate=0.01,
        horizon=24,
        investment=50_000,
    )
    result = ExperienceReturn(draws=2000).fit(inputs, random_seed=5)
    assert result.params.loc["retention_gain", "lower"] > 0
    assert result.params.loc["value", "estimate"] > 0


def test_margin_from_clv() -> None:
    """m = CLV (1 + d - r) / r, the inverse of CLV = m r / (1 + d - r) (Gupta & Lehmann 2003)."""
    margin = margin_from_clv(1000.0, 0.9, 0.01)
    assert margin * 0.9 / (1.01 - 0.9) == pytest.approx(1000.0, rel=1e-14)
    for bad in ({"retention": 1.0}, {"discount_rate": -0.1}, {"clv": float("nan")}):
        with pytest.raises(LoyaltyDataError):
            margin_from_clv(**{"clv": 100.0, "retention": 0.8, "discount_rate": 0.0, **bad})


def test_observed_path_model_from_simulated_chain() -> None:
    """A regression of an observed satisfaction score on observed gap scores (semopy lays it
    out as loadings): the helper returns the paths, which equal OLS (ML and OLS share the
    point estimates; Bollen 1989, ch. 4), and the true effects 0.9/0.6/0.3 lie within 3.5 SEs."""
    import statsmodels.api as sm

    from loyaltymodels.datasets import simulate_experience_chain

    survey, _, truth = simulate_experience_chain(2000, 2, random_seed=3)
    dims = ["reliability", "responsiveness", "empathy"]
    sem = SEM(f"satisfaction ~ {' + '.join(dims)}").fit(survey)
    effects = satisfaction_effects_from_sem(sem)
    assert sorted(effects) == sorted(dims)
    ols = sm.OLS(survey["satisfaction"], sm.add_constant(survey[dims])).fit()
    for d in dims:
        estimate, se = effects[d]
        assert estimate == pytest.approx(ols.params[d], rel=1e-5)
        assert se == pytest.approx(ols.bse[d], rel=0.01)  # ML divides by N, OLS by N - 4
        assert abs(estimate - truth["satisfaction_effects"][d]) < 3.5 * se
    cov = satisfaction_effect_covariance_from_sem(sem, dimensions=["empathy", "reliability"])
    assert cov.loc["empathy", "empathy"] == pytest.approx(effects["empathy"][1] ** 2)


def test_baseline_retention_from_hazard(hazard_result: HazardChurnResult) -> None:
    """r0 = (prod_t (1 - h_t))^(1/T) with logit h_t = baseline_t + b'x at the profile, from
    the parameter table by hand; more satisfied customers are retained more."""
    from loyaltymodels.returns import baseline_retention_from_hazard

    params = hazard_result.params["estimate"]
    periods = hazard_result.spec.periods
    x = {"satisfaction": 8.0, "complaint": float(hazard_result.spec.center[1])}
    eta = np.array([params[f"baseline[{t}]"] for t in periods])
    eta = eta + params["satisfaction"] * x["satisfaction"] + params["complaint"] * x["complaint"]
    by_hand = float(np.prod(1 / (1 + np.exp(eta))) ** (1 / len(periods)))
    r0 = baseline_retention_from_hazard(hazard_result, {"satisfaction": 8.0})
    assert r0 == pytest.approx(by_hand, rel=1e-12)
    assert baseline_retention_from_hazard(hazard_result, {"satisfaction": 4.0}) < r0
    with pytest.raises(LoyaltyDataError, match="unknown covariates"):
        baseline_retention_from_hazard(hazard_result, {"delight": 1.0})
    with pytest.raises(LoyaltyDataError, match="no posterior draws"):
        baseline_retention_from_hazard(hazard_result, use_draws=True)
