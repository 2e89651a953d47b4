"""Predictions at fixed (true) parameters: closed forms, laws of probability, Monte Carlo.

References: Fader, Hardie & Lee (2005) for BG/NBD, Fader & Hardie (2005 note) for Pareto/NBD,
Fader, Hardie & Shang (2010) for BG/BB, Fader & Hardie (2013) for Gamma-Gamma. Data simulated
from the models (``loyaltymodels.datasets``) check the conditional expectations through the
law of total expectation: averaged over customers, E[Y(t) | history] equals
E[X(T+t)] - E[X(T)] of a new customer, and the mean P(alive) equals the share truly alive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo, BetaGeoBetaBinom, GammaGamma, ParetoNBD
from loyaltymodels.datasets import (
    load_cdnow_summary,
    simulate_bgbb,
    simulate_bgnbd,
    simulate_pareto_nbd,
)

BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PARETO = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
BGBB = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary(with_spend=True)


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return BetaGeo().with_parameters(cdnow, BGNBD)


@pytest.fixture(scope="module")
def pareto(cdnow):
    return ParetoNBD().with_parameters(cdnow, PARETO)


@pytest.fixture(scope="module")
def spend(cdnow):
    return GammaGamma().with_parameters(cdnow, SPEND)


def test_prediction_frames_are_tidy(bgnbd, cdnow):
    table = bgnbd.probability_alive()
    assert list(table.columns) == ["mean", "sd", "lower", "upper"]
    assert table.index.name == "customer_id"
    assert table.index.equals(pd.Index(cdnow["customer_id"]))
    # a point fit has sd 0 and bounds equal to the mean
    assert (table["sd"] == 0).all()
    assert np.allclose(table["lower"], table["mean"]) and np.allclose(table["upper"], table["mean"])
    assert (table.loc[cdnow["customer_id"][cdnow["frequency"] == 0], "mean"] == 1.0).all()


def test_bgnbd_expected_purchases_equal_the_published_closed_form(bgnbd):
    """FHL (2005) eq. (10) with scipy's 2F1 in its original (non-transformed) form."""
    one = pd.DataFrame({"customer_id": [1], "frequency": [2], "recency": [30.43], "T": [38.86]})
    r, alpha, a, b = BGNBD.values()
    x, t_x, T, t = 2, 30.43, 38.86, 39.0
    alive = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    z = t / (alpha + T + t)
    expected = (
        alive
        * (a + b + x - 1)
        / (a - 1)
        * (
            1
            - ((alpha + T) / (alpha + T + t)) ** (r + x)
            * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        )
    )
    assert bgnbd.expected_purchases(one, t=t)["mean"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert bgnbd.probability_alive(one)["mean"].iloc[0] == pytest.approx(alive, rel=1e-12)


@pytest.mark.parametrize("name", ["bgnbd", "pareto"])
def test_purchase_probability_is_a_distribution_with_the_right_mean(name, request):
    result = request.getfixturevalue(name)
    sample = result.data.iloc[:50]
    probabilities = np.column_stack(
        [result.purchase_probability(sample, n=n, t=39.0)["mean"].to_numpy() for n in range(80)]
    )
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-8)
    mean = probabilities @ np.arange(80)
    expected = result.expected_purchases(sample, t=39.0)["mean"].to_numpy()
    assert np.allclose(mean, expected, rtol=1e-6)


@pytest.mark.parametrize(
    ("model", "params", "simulate"),
    [
        (BetaGeo(), BGNBD, simulate_bgnbd),
        (ParetoNBD(), PARETO, simulate_pareto_nbd),
    ],
)
def test_conditional_predictions_obey_total_expectation(model, params, simulate):
    data, _ = simulate(40_000, **params, latent=True, random_seed=11)
    result = model.with_parameters(data.drop(columns=["alive"]), params)
    alive = result.probability_alive()["mean"].to_numpy()
    share = data["alive"].to_numpy().mean()
    assert alive.mean() == pytest.approx(share, abs=4 * np.sqrt(share * (1 - share) / len(data)))
    t = 26.0
    conditional = result.expected_purchases(t=t)["mean"].to_numpy()
    T = data["T"].to_numpy()
    new = result.expected_purchases_new_customer(np.concatenate([T + t, T]))["mean"].to_numpy()
    unconditional = new[: len(T)] - new[len(T) :]
    sem = conditional.std() / np.sqrt(len(T))
    assert conditional.mean() == pytest.approx(unconditional.mean(), abs=4 * sem)


def test_new_customer_expectation_matches_simulation():
    """BG/NBD E[X(t)] (FHL 2005 eq. 7) against the mean of 200,000 simulated customers."""
    data, _ = simulate_bgnbd(
        200_000, **BGNBD, observation_weeks=30.0, acquisition_weeks=1e-9, random_seed=3
    )
    fixed = BetaGeo().with_parameters(data, BGNBD)
    expected = fixed.expected_purchases_new_customer(30.0)["mean"].iloc[0]
    sem = data["frequency"].std() / np.sqrt(len(data))
    assert data["frequency"].mean() == pytest.approx(expected, abs=4 * sem)


def test_bgbb_predictions_obey_total_expectation():
    data, _ = simulate_bgbb(30_000, **BGBB, periods=6, random_seed=5)
    result = BetaGeoBetaBinom().with_parameters(data, BGBB)
    conditional = result.expected_purchases(t=5)["mean"].to_numpy()
    new = result.expected_purchases_new_customer([11.0, 6.0])["mean"].to_numpy()
    sem = conditional.std() / np.sqrt(len(conditional))
    assert conditional.mean() == pytest.approx(new[0] - new[1], abs=4 * sem)
    alive = result.probability_alive()["mean"]
    assert ((alive > 0) & (alive <= 1)).all()


def test_bgbb_fits_weighted_patterns_and_predicts_per_row():
    from loyaltymodels.datasets import load_donations

    donations = load_donations()
    result = BetaGeoBetaBinom().with_parameters(donations, BGBB)
    table = result.expected_purchases(t=5)
    assert len(table) == len(donations)
    weights = donations["weights"].to_numpy()
    # weighted mean of conditional expectations = unconditional E[X(11)] - E[X(6)]
    new = result.expected_purchases_new_customer([11.0, 6.0])["mean"].to_numpy()
    assert np.average(table["mean"], weights=weights) == pytest.approx(new[0] - new[1], rel=0.03)


def test_expected_spend_shrinks_towards_the_population_mean(spend, cdnow):
    table = spend.expected_spend()
    p, q, gamma = SPEND.values()
    population = p * gamma / (q - 1)
    zero = cdnow["frequency"] == 0
    assert np.allclose(table["mean"][zero.to_numpy()], population)
    repeat = cdnow[~zero]
    x, zbar = repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy()
    weight = p * x / (p * x + q - 1)
    assert np.allclose(table["mean"][~zero.to_numpy()], (1 - weight) * population + weight * zbar)


def test_customer_lifetime_value_is_the_discounted_sum(bgnbd, spend, cdnow):
    sample = cdnow.iloc[:40]
    clv = bgnbd.customer_lifetime_value(
        sample, spend_result=spend, horizon=3, discount_rate=0.02, margin=0.3, time_unit="W"
    )
    step = 365.25 / 12 / 7
    cumulative = [np.zeros(len(sample))] + [
        bgnbd.expected_purchases(sample, t=k * step)["mean"].to_numpy() for k in (1, 2, 3)
    ]
    discounted = sum((cumulative[k] - cumulative[k - 1]) / 1.02**k for k in (1, 2, 3))
    expected = 0.3 * spend.expected_spend(sample)["mean"].to_numpy() * discounted
    assert np.allclose(clv["mean"].to_numpy(), expected, rtol=1e-12)
    undiscounted = bgnbd.customer_lifetime_value(
        sample, spend_result=spend, horizon=3, discount_rate=0.0, time_unit=step
    )
    assert np.allclose(
        undiscounted["mean"], spend.expected_spend(sample)["mean"].to_numpy() * cumulative[3]
    )


def test_chunking_and_threads_do_not_change_results(bgnbd, monkeypatch):
    import loyaltymodels.clv.prediction as engine

    whole = bgnbd.expected_purchases(t=10.0)
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 37)
    chunked = bgnbd.expected_purchases(t=10.0, n_jobs=2)
    pd.testing.assert_frame_equal(whole, chunked)


def test_return_draws_gives_draws_by_customers(bgnbd, cdnow):
    draws = bgnbd.probability_alive(return_draws=True)
    assert draws.shape == (1, len(cdnow))


def test_prediction_arguments_are_checked(bgnbd, spend):
    with pytest.raises(LoyaltyDataError, match="t must be"):
        bgnbd.expected_purchases(t=-1)
    with pytest.raises(LoyaltyDataError, match="n must be"):
        bgnbd.purchase_probability(n=1.5, t=3)
    with pytest.raises(LoyaltyDataError, match="interval"):
        bgnbd.probability_alive(interval=1.5)
    with pytest.raises(LoyaltyDataError, match="spend_result"):
        bgnbd.customer_lifetime_value(spend_result=bgnbd)
    with pytest.raises(LoyaltyDataError, match="time_unit"):
        bgnbd.customer_lifetime_value(spend_result=spend, time_unit="fortnight")
    with pytest.raises(LoyaltyDataError, match="horizon"):
        bgnbd.customer_lifetime_value(spend_result=spend, horizon=0)


def test_agrees_with_lifetimes_at_fixed_parameters(cdnow):
    """Cross-check with lifetimes' BetaGeoFitter/ParetoNBDFitter/GammaGammaFitter (peer)."""
    lifetimes = pytest.importorskip("lifetimes")
    bgf = lifetimes.BetaGeoFitter()
    bgf.params_ = pd.Series(BGNBD)
    sample = cdnow.iloc[:200]
    x, t_x, T = (sample[c] for c in ("frequency", "recency", "T"))
    ours = BetaGeo().with_parameters(sample, BGNBD)
    assert np.allclose(
        ours.expected_purchases(t=10.0)["mean"].to_numpy(),
        bgf.conditional_expected_number_of_purchases_up_to_time(10.0, x, t_x, T),
        rtol=1e-6,
    )
    assert np.allclose(
        ours.probability_alive()["mean"].to_numpy(),
        bgf.conditional_probability_alive(x, t_x, T),
        rtol=1e-6,
    )
