"""Market damage model (TARP; Goodman 2009): a case worked by hand, and survey counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.damage import PATHS, DamageInputs, DamageResult, MarketDamage


def test_hand_worked_case(hand_result: DamageResult) -> None:
    """A case worked by hand with the TARP market damage formulas (Goodman 2009, ch. 2-3).

    10,000 customers, incidence 0.2 -> 2,000 with the problem; complaint rate 0.25 ->
    500 complain, 1,500 stay silent. Outcomes 0.6 / 0.2 / 0.2 -> 300 satisfied, 100 mollified,
    100 dissatisfied. Loyalty without the problem 0.9.

    silent:        1,500 x (0.90 - 0.70) = 300
    satisfied:       300 x (0.90 - 0.85) =  15
    mollified:       100 x (0.90 - 0.60) =  30
    dissatisfied:    100 x (0.90 - 0.30) =  60
    word of mouth: (1,500 x 2 + 100 x 4 + 100 x 10) x 0.02 = 4,400 x 0.02 = 88
    total lost customers 493; at 200 each, lost revenue 98,600 (silent 60,000; WOM 17,600).
    Complaints recorded: 500 x 0.5 = 250; complaint multiplier 2,000 / 250 = 1 / (0.25 x 0.5) = 8.
    """
    lost = hand_result.by_path("lost_customers")
    expected = {
        "silent": 300.0,
        "complained_satisfied": 15.0,
        "complained_mollified": 30.0,
        "complained_dissatisfied": 60.0,
        "word_of_mouth": 88.0,
        "total": 493.0,
    }
    for path, value in expected.items():
        assert lost.loc["billing", path] == pytest.approx(value, rel=1e-12)
    revenue = hand_result.by_path("lost_revenue")
    assert revenue.loc["billing", "total"] == pytest.approx(98_600.0, rel=1e-12)
    assert revenue.loc["billing", "silent"] == pytest.approx(60_000.0, rel=1e-12)
    assert revenue.loc["billing", "word_of_mouth"] == pytest.approx(17_600.0, rel=1e-12)
    market = hand_result.market["estimate"]
    assert market[("billing", "customers_with_problem")] == pytest.approx(2000.0, rel=1e-12)
    assert market[("billing", "complaints_recorded")] == pytest.approx(250.0, rel=1e-12)
    assert market[("billing", "complaint_multiplier")] == pytest.approx(8.0, rel=1e-12)
    summary = hand_result.summary()
    assert summary.loc["total", "lost_revenue"] == pytest.approx(98_600.0, rel=1e-12)
    assert np.isnan(summary.loc["total", "lost_revenue_lower"])  # point inputs: no interval


def test_params_are_tidy_and_totals_add_up(hand_result: DamageResult) -> None:
    params = hand_result.params
    assert params.index.names == ["problem", "path", "measure"]
    assert list(params.columns) == ["estimate", "mean", "sd", "lower", "upper"]
    by_path = hand_result.by_path()
    assert by_path.loc["billing", list(PATHS)].sum() == pytest.approx(
        by_path.loc["billing", "total"]
    )


def test_counts_plug_in_equals_values_with_observed_shares(survey_result: DamageResult) -> None:
    """Plug-in estimates use the observed shares: billing incidence 200/1000, complaint rate
    50/200, outcomes 20/50, 10/50, 20/50, loyalty 630/700 = 0.9, silent 105/150 = 0.7,
    satisfied 17/20, mollified 6/10, dissatisfied 6/20.

    Billing by hand: silent 1,500 x 0.2 = 300; satisfied 200 x 0.05 = 10; mollified
    100 x 0.3 = 30; dissatisfied 200 x 0.6 = 120; WOM (1,500 x 2 + 200 x 10) x 0.02 = 100;
    total 560 customers.
    """
    lost = survey_result.by_path("lost_customers")
    assert lost.loc["billing", "total"] == pytest.approx(560.0, rel=1e-12)
    # Multipliers: billing 2,000 / 500 = 4, delivery 1,200 / 600 = 2, all 3,200 / 1,100.
    multiplier = survey_result.summary()["complaint_multiplier"]
    assert multiplier.tolist() == pytest.approx([4.0, 2.0, 3200 / 1100], rel=1e-12)
    assert lost.loc["billing", "word_of_mouth"] == pytest.approx(100.0, rel=1e-12)
    values = DamageInputs.from_values(
        survey_result.inputs.point.drop(columns=["customers", "value"]),
        customers=10_000,
        value=200.0,
    )
    same = MarketDamage().fit(values)
    pd.testing.assert_frame_equal(same.by_path(), survey_result.by_path())


def test_monte_carlo_mean_matches_posterior_expectation(survey_result: DamageResult) -> None:
    """Each path is a product of independent posterior factors, so its expectation is the
    product of the posterior means, e.g. silent = N E[q] (1 - E[c]) (E[L0] - E[Ls]) with
    E[q] = (1 + 200) / (2 + 1000), E[c] = 51/202, E[L0] = 631/702, E[Ls] = 106/152.
    The Monte Carlo mean must agree within 4 Monte Carlo standard errors.
    """
    e_q, e_c = 201 / 1002, 51 / 202
    e_l0, e_ls = 631 / 702, 106 / 152
    expected_silent = 10_000 * e_q * (1 - e_c) * (e_l0 - e_ls)
    row = survey_result.params.loc[("billing", "silent", "lost_customers")]
    assert abs(row["mean"] - expected_silent) < 4 * row["sd"] / np.sqrt(4000)
    e_sd = 21 / 53  # Dirichlet(21, 11, 21) marginal mean of the dissatisfied share
    e_ld = 7 / 22
    expected_dissatisfied = 10_000 * e_q * e_c * e_sd * (e_l0 - e_ld)
    row = survey_result.params.loc[("billing", "complained_dissatisfied", "lost_customers")]
    assert abs(row["mean"] - expected_dissatisfied) < 4 * row["sd"] / np.sqrt(4000)


def test_intervals_contain_estimates_and_are_reproducible(
    survey_inputs: DamageInputs, survey_result: DamageResult
) -> None:
    totals = survey_result.params.xs("total", level="path")
    assert (totals["lower"] < totals["estimate"]).all()
    assert (totals["estimate"] < totals["upper"]).all()
    again = MarketDamage(draws=4000).fit(survey_inputs, random_seed=2026)
    pd.testing.assert_frame_equal(again.params, survey_result.params)
    other = MarketDamage(draws=4000).fit(survey_inputs, random_seed=1)
    assert not np.allclose(other.params["lower"], survey_result.params["lower"])
    draws = survey_result.total_draws()
    assert draws.shape == (4000,)
    assert np.mean(draws) == pytest.approx(totals.loc[("total", "lost_revenue"), "mean"])


def test_more_respondents_narrow_the_interval(
    survey_result: DamageResult, survey_counts: pd.DataFrame, survey_shared: dict
) -> None:
    big = DamageInputs.from_counts(
        survey_counts * 10,
        **{**survey_shared, "surveyed": 10_000, "no_problem": 7000, "loyal_no_problem": 6300},
    )
    wide = survey_result.summary().loc["total"]
    narrow = MarketDamage(draws=2000).fit(big, random_seed=3).summary().loc["total"]
    assert narrow["lost_revenue"] == pytest.approx(wide["lost_revenue"], rel=1e-12)
    width = lambda row: row["lost_revenue_upper"] - row["lost_revenue_lower"]  # noqa: E731
    assert width(narrow) < 0.5 * width(wide)


def test_satisfied_complainers_more_loyal_than_unaffected_count_as_gain(
    hand_inputs: DamageInputs,
) -> None:
    point = hand_inputs.point.assign(loyalty_satisfied=0.95)
    result = MarketDamage().fit(DamageInputs.from_values(point))
    assert result.by_path("lost_customers").loc["billing", "complained_satisfied"] == (
        pytest.approx(300 * (0.9 - 0.95))
    )


def test_result_save_and_load(survey_result: DamageResult, tmp_path) -> None:
    path = tmp_path / "damage.lmr"
    survey_result.save(path)
    loaded = DamageResult.load(path)
    pd.testing.assert_frame_equal(loaded.params, survey_result.params)
    assert "lost_revenue" in survey_result.to_markdown()


def test_model_configuration_is_validated(hand_inputs: DamageInputs) -> None:
    with pytest.raises(LoyaltyDataError, match="draws"):
        MarketDamage(draws=10)
    with pytest.raises(LoyaltyDataError, match="confidence_level"):
        MarketDamage(confidence_level=1.5)
    with pytest.raises(LoyaltyDataError, match="DamageInputs"):
        MarketDamage().fit(pd.DataFrame({"incidence": [0.1]}))  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="measure"):
        MarketDamage().fit(hand_inputs).by_path("profit")  # type: ignore[arg-type]


@pytest.mark.slow
def test_interval_coverage_on_simulated_surveys() -> None:
    """Recovery with known truth: simulate 300 surveys of 1,500 respondents from fixed true
    shares; the 90% interval of the total lost customers should cover the true value about 90%
    of the time (Bayesian intervals with a flat prior are close to frequentist here).
    """
    truth = dict(
        incidence=0.15,
        complaint_rate=0.3,
        satisfied=0.5,
        mollified=0.2,
        dissatisfied=0.3,
        loyalty_no_problem=0.85,
        loyalty_silent=0.65,
        loyalty_satisfied=0.8,
        loyalty_mollified=0.55,
        loyalty_dissatisfied=0.25,
    )
    true_inputs = DamageInputs.from_values(
        pd.DataFrame({k: [v] for k, v in truth.items()}, index=["p"]),
        customers=50_000,
        value=100.0,
        told_silent=1.0,
        told_dissatisfied=8.0,
        deterred_share=0.03,
    )
    true_total = MarketDamage().fit(true_inputs).summary().loc["total", "lost_customers"]
    rng = np.random.default_rng(99)
    model = MarketDamage(draws=1500, ci_prob=0.9)
    hits, reps = 0, 300
    for rep in range(reps):
        surveyed = 1500
        with_problem = rng.binomial(surveyed, truth["incidence"])
        no_problem = surveyed - with_problem
        complained = rng.binomial(with_problem, truth["complaint_rate"])
        outcome = rng.multinomial(
            complained, [truth["satisfied"], truth["mollified"], truth["dissatisfied"]]
        )
        silent = with_problem - complained
        counts = pd.DataFrame(
            {
                "with_problem": [with_problem],
                "complained": [complained],
                "satisfied": [outcome[0]],
                "mollified": [outcome[1]],
                "dissatisfied": [outcome[2]],
                "loyal_silent": [rng.binomial(silent, truth["loyalty_silent"])],
                "loyal_satisfied": [rng.binomial(outcome[0], truth["loyalty_satisfied"])],
                "loyal_mollified": [rng.binomial(outcome[1], truth["loyalty_mollified"])],
                "loyal_dissatisfied": [rng.binomial(outcome[2], truth["loyalty_dissatisfied"])],
            },
            index=["p"],
        )
        inputs = DamageInputs.from_counts(
            counts,
            surveyed=surveyed,
            no_problem=no_problem,
            loyal_no_problem=rng.binomial(no_problem, truth["loyalty_no_problem"]),
            customers=50_000,
            value=100.0,
            told_silent=1.0,
            told_dissatisfied=8.0,
            deterred_share=0.03,
        )
        row = model.fit(inputs, random_seed=rep).params.loc[("total", "total", "lost_customers")]
        hits += row["lower"] <= true_total <= row["upper"]
    assert 0.85 <= hits / reps <= 0.95
