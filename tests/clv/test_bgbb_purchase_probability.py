"""BG/BB conditional distribution of future transactions, P(X(n, n+n*) = x* | x, t_x, n).

References: Fader, Hardie & Shang (2010), Marketing Science 29(6). The probabilities must
sum to one over x* = 0..n* (a closed-form identity of the model), their mean must equal the
independent closed form of the conditional expectation (FHS 2010 eq. 13), a Monte Carlo
simulation of the BG/BB process conditioned on a history must reproduce them, and lifetimes
(when installed) must agree with the expectation (its eq. 13) and, for a customer with no
history (n = 0), with the count distribution P(X(n*) = x*) of eq. (7).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeoBetaBinom
from loyaltymodels.clv.expectations import (
    bgbb_conditional_expected_purchases,
    bgbb_conditional_purchase_probability,
    bgbb_probability_alive,
)
from loyaltymodels.datasets import load_donations

PUBLISHED = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}

# (x, t_x, n): no repeat transaction, all opportunities taken, a long quiet spell, large n
PATTERNS = np.array(
    [
        [0, 0, 6],
        [6, 6, 6],
        [1, 1, 6],
        [3, 5, 6],
        [0, 0, 0],
        [0, 0, 250],
        [250, 250, 250],
        [120, 180, 300],
        [2, 3, 400],
    ]
)


def _as_patterns(patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return patterns[:, 0][None, :], patterns[:, 1][None, :], patterns[:, 2][None, :]


def _as_draws(*draws: dict[str, float]) -> dict[str, np.ndarray]:
    return {name: np.array([[d[name]] for d in draws]) for name in PUBLISHED}


DRAWS = _as_draws(
    PUBLISHED,
    {"alpha": 0.4, "beta": 3.0, "gamma": 1.8, "delta": 0.9},
    {"alpha": 5.0, "beta": 0.3, "gamma": 0.2, "delta": 12.0},
)


def _pmf_table(patterns: np.ndarray, horizon: int, params: dict) -> np.ndarray:
    history = _as_patterns(patterns)
    return np.stack(
        [
            bgbb_conditional_purchase_probability(k, *history, horizon, **params)
            for k in range(horizon + 1)
        ]
    )


@pytest.mark.parametrize("horizon", [0, 1, 5, 40])
def test_probabilities_sum_to_one(horizon):
    """Closed-form identity: the distribution over x* = 0..n* is proper for every pattern."""
    table = _pmf_table(PATTERNS, horizon, DRAWS)
    assert table.shape == (horizon + 1, 3, len(PATTERNS))
    assert np.all(table >= 0.0)
    np.testing.assert_allclose(table.sum(axis=0), 1.0, rtol=0.0, atol=1e-12)


@pytest.mark.parametrize("horizon", [1, 5, 40])
def test_mean_equals_the_conditional_expectation(horizon):
    """Sum of x* P(x*) equals E[X(n, n+n*)] of FHS (2010) eq. (13), an independent form.

    Eq. (13) takes the difference of log-gamma ratios at n and n+n*, which cancels to
    ~n^2 eps relative precision (3e-10 at n = 250, n* = 1); the patterns with n in the
    hundreds are therefore compared at 1e-8 and checked against 50-digit arithmetic below.
    """
    table = _pmf_table(PATTERNS, horizon, DRAWS)
    mean = np.tensordot(np.arange(horizon + 1), table, axes=1)
    expected = bgbb_conditional_expected_purchases(*_as_patterns(PATTERNS), float(horizon), **DRAWS)
    small = PATTERNS[:, 2] <= 10
    np.testing.assert_allclose(mean[:, small], expected[:, small], rtol=0.0, atol=1e-10)
    np.testing.assert_allclose(mean[:, ~small], expected[:, ~small], rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize(("history", "n_purchases"), [((250, 250, 250), 1), ((120, 180, 300), 3)])
def test_large_histories_match_high_precision_arithmetic(history, n_purchases):
    """The FHS (2010) formula evaluated term by term with 50 significant digits (mpmath)."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 50
    x, t_x, n = history
    horizon = 6
    a, b, g, d = (mp.mpf(repr(value)) for value in PUBLISHED.values())

    def weight(p_a: Any, p_b: Any, t_a: Any, t_b: Any) -> Any:
        return mp.beta(p_a, p_b) / mp.beta(a, b) * mp.beta(t_a, t_b) / mp.beta(g, d)

    alive = weight(a + x, b + n - x, g, d + n)
    likelihood = alive + mp.fsum(
        weight(a + x, b + t_x - x + i, g + 1, d + t_x + i) for i in range(n - t_x)
    )
    k = n_purchases
    future = mp.binomial(horizon, k) * weight(
        a + x + k, b + n - x + horizon - k, g, d + n + horizon
    )
    future += mp.fsum(
        mp.binomial(i, k) * weight(a + x + k, b + n - x + i - k, g + 1, d + n + i)
        for i in range(k, horizon)
    )
    exact = float(future / likelihood)
    ours = bgbb_conditional_purchase_probability(k, x, t_x, n, horizon, *PUBLISHED.values())
    assert float(ours) == pytest.approx(exact, rel=1e-11)


def test_one_opportunity_ahead_matches_probability_alive():
    """Timing convention, against ``bgbb_probability_alive`` (FHS 2010 eq. 11): with n* = 1,
    x* = 1 needs the customer alive at opportunity n+1 (posterior mass of (1-theta)^(n+1))
    and buying there, E[p | alive, x, n] = (alpha+x)/(alpha+beta+n)."""
    x, t_x, n = _as_patterns(PATTERNS)
    alive_next = bgbb_probability_alive(x, t_x, n, **DRAWS)
    buy = bgbb_conditional_purchase_probability(1, x, t_x, n, 1, **DRAWS)
    # one opportunity: x* = 1 iff alive at n+1 and buys, E[p | alive] = (alpha+x)/(alpha+beta+n)
    a, b = DRAWS["alpha"], DRAWS["beta"]
    np.testing.assert_allclose(buy, alive_next * (a + x) / (a + b + n), rtol=1e-12)


def test_more_purchases_than_opportunities_has_probability_zero():
    value = bgbb_conditional_purchase_probability(4, *_as_patterns(PATTERNS), 3, **DRAWS)
    assert value.shape == (3, len(PATTERNS))
    assert np.all(value == 0.0)


def test_scalar_inputs_broadcast():
    table = [
        bgbb_conditional_purchase_probability(k, 2, 4, 6, 3, *PUBLISHED.values()) for k in range(4)
    ]
    assert all(np.ndim(value) == 0 for value in table)
    assert sum(table) == pytest.approx(1.0, abs=1e-14)


@pytest.mark.parametrize(
    ("n_purchases", "horizon"), [(1.5, 5), (-1, 5), (0, 2.5), (0, -1), (0, np.nan)]
)
def test_function_rejects_non_whole_counts(n_purchases, horizon):
    with pytest.raises(LoyaltyDataError, match="whole number"):
        bgbb_conditional_purchase_probability(
            n_purchases, *_as_patterns(PATTERNS), horizon, **DRAWS
        )


# ---------------------------------------------------------------- Monte Carlo

MC_CUSTOMERS = 400_000
MC_OBSERVED, MC_FUTURE = 6, 5


@pytest.fixture(scope="module")
def simulated_histories():
    """BG/BB customers over n + n* opportunities: alive at opportunity k iff k <= omega,
    P(omega >= k) = (1 - theta)^k, buying with probability p at each opportunity alive."""
    rng = np.random.default_rng(20100601)
    p = rng.beta(PUBLISHED["alpha"], PUBLISHED["beta"], MC_CUSTOMERS)
    theta = rng.beta(PUBLISHED["gamma"], PUBLISHED["delta"], MC_CUSTOMERS)
    alive_for = rng.geometric(theta) - 1
    opportunity = np.arange(1, MC_OBSERVED + MC_FUTURE + 1)
    buys = (rng.random((MC_CUSTOMERS, opportunity.size)) < p[:, None]) & (
        opportunity[None, :] <= alive_for[:, None]
    )
    observed = buys[:, :MC_OBSERVED]
    return pd.DataFrame(
        {
            "frequency": observed.sum(axis=1),
            "recency": np.where(observed, opportunity[:MC_OBSERVED], 0).max(axis=1),
            "future": buys[:, MC_OBSERVED:].sum(axis=1),
        }
    )


@pytest.mark.parametrize("history", [(0, 0), (1, 1), (2, 4), (4, 6), (6, 6)])
def test_simulated_future_transactions_follow_the_formula(simulated_histories, history):
    """Empirical distribution of X(6, 11) among simulated customers with history (x, t_x)
    within 4 Monte Carlo standard errors of the formula, for every x*."""
    x, t_x = history
    group = simulated_histories.query("frequency == @x and recency == @t_x")["future"]
    assert len(group) > 2_000
    empirical = np.bincount(group, minlength=MC_FUTURE + 1) / len(group)
    params = {name: np.array([[value]]) for name, value in PUBLISHED.items()}
    formula = _pmf_table(np.array([[x, t_x, MC_OBSERVED]]), MC_FUTURE, params)[:, 0, 0]
    standard_error = np.sqrt(formula * (1.0 - formula) / len(group))
    assert np.all(np.abs(empirical - formula) <= 4.0 * standard_error + 1e-4)


# ---------------------------------------------------------------- public API


@pytest.fixture(scope="module")
def donations():
    return load_donations()


@pytest.fixture(scope="module")
def published_result(donations):
    return BetaGeoBetaBinom().with_parameters(donations, PUBLISHED)


def test_purchase_probability_on_donations_is_a_distribution(published_result, donations):
    """Donations at the published FHS (2010) estimates: P(n gifts in the next 5 years)."""
    tables = [published_result.purchase_probability(n=k, t=5) for k in range(6)]
    for table in tables:
        assert list(table.columns) == ["mean", "sd", "lower", "upper"]
        assert len(table) == len(donations)
    means = np.column_stack([table["mean"].to_numpy() for table in tables])
    np.testing.assert_allclose(means.sum(axis=1), 1.0, atol=1e-12)
    expected = published_result.expected_purchases(t=5)["mean"].to_numpy()
    np.testing.assert_allclose(means @ np.arange(6), expected, atol=1e-10)
    # fixed parameters: one draw, so no spread
    assert np.all(tables[0]["sd"] == 0.0)
    np.testing.assert_allclose(tables[0]["lower"], tables[0]["upper"])
    # more gifts than opportunities: impossible
    assert np.all(published_result.purchase_probability(n=6, t=5)["mean"] == 0.0)


def test_purchase_probability_draws_array(published_result, donations):
    values = published_result.purchase_probability(n=1, t=3, return_draws=True)
    assert values.shape == (1, len(donations))


@pytest.mark.parametrize(("n", "t"), [(0, 2.5), (-1, 5), (1.5, 5), (0, -1)])
def test_purchase_probability_rejects_bad_input(published_result, n, t):
    with pytest.raises(LoyaltyDataError):
        published_result.purchase_probability(n=n, t=t)


# ---------------------------------------------------------------- lifetimes


@pytest.fixture(scope="module")
def lifetimes_fitter():
    lifetimes = pytest.importorskip("lifetimes")
    fitter = lifetimes.BetaGeoBetaBinomFitter()
    fitter.params_ = pd.Series(PUBLISHED)
    return fitter


def test_lifetimes_conditional_expectation_agrees(lifetimes_fitter, donations):
    """lifetimes 0.11 BetaGeoBetaBinomFitter has no conditional PMF (only the Pareto/NBD
    fitter has ``conditional_probability_of_n_purchases_up_to_time``); its eq. (13)
    expectation is compared with the mean of ours on the donation patterns."""
    x, t_x, n = (donations[c].to_numpy() for c in ("frequency", "recency", "periods"))
    horizon = 5
    params = {name: np.array([[value]]) for name, value in PUBLISHED.items()}
    table = np.stack(
        [
            bgbb_conditional_purchase_probability(k, x[None], t_x[None], n[None], horizon, **params)
            for k in range(horizon + 1)
        ]
    )[:, 0]
    peer = lifetimes_fitter.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, n)
    np.testing.assert_allclose(np.arange(horizon + 1) @ table, peer, rtol=1e-9)
    if hasattr(lifetimes_fitter, "conditional_probability_of_n_purchases_up_to_time"):
        for k in range(horizon + 1):
            peer_pmf = lifetimes_fitter.conditional_probability_of_n_purchases_up_to_time(
                k, horizon, x, t_x, n
            )
            np.testing.assert_allclose(table[k], peer_pmf, rtol=1e-9)


def test_lifetimes_count_distribution_of_a_new_customer_agrees(lifetimes_fitter):
    """With no history (n = 0) the conditional PMF is the count distribution P(X(n*) = x*)
    of FHS (2010) eq. (7), which lifetimes computes (times the customer count)."""
    horizon = 8
    lifetimes_fitter.data = pd.DataFrame(
        {"frequency": np.arange(horizon + 1), "weights": np.ones(horizon + 1)}
    )
    peer = lifetimes_fitter.expected_number_of_transactions_in_first_n_periods(horizon)
    peer_pmf = peer["model"].to_numpy() / (horizon + 1)
    params = {name: np.array([[value]]) for name, value in PUBLISHED.items()}
    ours = _pmf_table(np.array([[0, 0, 0]]), horizon, params)[:, 0, 0]
    np.testing.assert_allclose(ours, peer_pmf, rtol=1e-9)
