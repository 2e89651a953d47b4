"""Simulators: distributions against closed forms, reproducibility, and recovery by a peer.

References: the BG/NBD count distribution P(X(t) = x) (Fader, Hardie & Lee 2005, eq. 8) and
mean E[X(t)] (eq. 9); the Pareto/NBD mean (Schmittlein, Morrison & Colombo 1987); the BG/BB
count distribution P(X(n) = x) (Fader, Hardie & Shang 2010, eq. 8); the Gamma-Gamma mean
E[zbar] = p gamma / (q - 1) (Fader & Hardie 2013). Slow tier: lifetimes' maximum-likelihood
fitters recover the true parameters from the simulated summaries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from loyaltymodels.clv.rfm import rfm_summary
from loyaltymodels.datasets import (
    simulate_bgbb,
    simulate_bgnbd,
    simulate_gamma_gamma,
    simulate_pareto_nbd,
)

N = 100_000


def bgnbd_count_pmf(x: int, t: float, r: float, alpha: float, a: float, b: float) -> float:
    """P(X(t) = x) for BG/NBD, Fader, Hardie & Lee (2005) eq. (8)."""
    betaln, gammaln = special.betaln, special.gammaln
    odds = t / (alpha + t)
    value = np.exp(
        betaln(a, b + x)
        - betaln(a, b)
        + gammaln(r + x)
        - gammaln(r)
        - gammaln(x + 1)
        + r * np.log(alpha / (alpha + t))
        + x * np.log(odds)
    )
    if x > 0:
        partial = sum(
            np.exp(gammaln(r + j) - gammaln(r) - gammaln(j + 1) + j * np.log(odds))
            for j in range(x)
        )
        value += np.exp(betaln(a + 1, b + x - 1) - betaln(a, b)) * (
            1 - (alpha / (alpha + t)) ** r * partial
        )
    return float(value)


def bgbb_count_pmf(x: int, n: int, alpha: float, beta: float, gamma: float, delta: float) -> float:
    """P(X(n) = x) for BG/BB, Fader, Hardie & Shang (2010) eq. (8)."""
    betaln = special.betaln
    value = special.comb(n, x) * np.exp(
        betaln(alpha + x, beta + n - x)
        - betaln(alpha, beta)
        + betaln(gamma, delta + n)
        - betaln(gamma, delta)
    )
    for i in range(x, n):
        value += special.comb(i, x) * np.exp(
            betaln(alpha + x, beta + i - x)
            - betaln(alpha, beta)
            + betaln(gamma + 1, delta + i)
            - betaln(gamma, delta)
        )
    return float(value)


def _z(observed: float, expected: float, n: int) -> float:
    return (observed - expected) / np.sqrt(expected * (1 - expected) / n)


@pytest.mark.parametrize("daily", [False, True])
def test_bgnbd_counts_follow_the_closed_form(daily):
    data, truth = simulate_bgnbd(N, acquisition_weeks=0, daily=daily, random_seed=11)
    params = {k: truth[k] for k in ("r", "alpha", "a", "b")}
    for x in range(6):
        expected = bgnbd_count_pmf(x, 39.0, **params)
        # daily resolution merges same-day purchases and adds the last day: tiny shift
        assert abs(_z((data["frequency"] == x).mean(), expected, N)) < 4.5, x


def test_bgnbd_summary_is_consistent():
    data, _ = simulate_bgnbd(N, latent=True, random_seed=12)
    assert (data["recency"] <= data["T"]).all()
    assert ((data["frequency"] == 0) == (data["recency"] == 0)).all()
    assert data["T"].between(27.0, 39.0).all()
    # a customer who has dropped out made at least one repeat purchase
    assert (data.loc[~data["alive"], "frequency"] > 0).all()
    assert {"lambda_", "p_"} <= set(data.columns)


def test_pareto_nbd_mean_count():
    """E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)]."""
    data, t = simulate_pareto_nbd(N, acquisition_weeks=0, random_seed=13)
    expected = (
        t["r"]
        * t["beta"]
        / (t["alpha"] * (t["s"] - 1))
        * (1 - (t["beta"] / (t["beta"] + 39.0)) ** (t["s"] - 1))
    )
    se = data["frequency"].std() / np.sqrt(N)
    assert abs(data["frequency"].mean() - expected) < 4 * se
    assert (data["recency"] <= data["T"]).all()


def test_bgbb_counts_follow_the_closed_form():
    data, t = simulate_bgbb(N, random_seed=14)
    for x in range(7):
        expected = bgbb_count_pmf(x, 6, t["alpha"], t["beta"], t["gamma"], t["delta"])
        assert abs(_z((data["frequency"] == x).mean(), expected, N)) < 4.5, x
    assert (data["frequency"] <= data["recency"]).all()
    assert ((data["frequency"] == 0) == (data["recency"] == 0)).all()


def test_gamma_gamma_mean_spend():
    data, t = simulate_gamma_gamma(N, random_seed=15)
    expected = t["p"] * t["gamma"] / (t["q"] - 1)
    se = data["monetary_value"].std() / np.sqrt(N)
    assert abs(data["monetary_value"].mean() - expected) < 4 * se
    zero, _ = simulate_gamma_gamma([0, 0, 3], random_seed=1)
    assert zero["monetary_value"].tolist()[:2] == [0.0, 0.0]


@pytest.mark.parametrize("simulate", [simulate_bgnbd, simulate_pareto_nbd])
def test_daily_summary_equals_rfm_summary_of_the_log(simulate):
    summary, _ = simulate(5_000, daily=True, random_seed=16)
    log, truth = simulate(5_000, transactions=True, random_seed=16)
    rebuilt = rfm_summary(
        log,
        customer_col="customer_id",
        datetime_col="date",
        observation_end=truth["observation_end"],
    )
    pd.testing.assert_frame_equal(summary, rebuilt, check_dtype=False, check_exact=True)
    # daily time: recency and T are whole days
    assert np.allclose(summary["T"] * 7, np.round(summary["T"] * 7))


def test_log_with_spend_has_one_row_per_purchase():
    log, truth = simulate_bgnbd(2_000, transactions=True, spend=(6.25, 3.74, 15.44), random_seed=3)
    assert list(log.columns) == ["customer_id", "date", "spend"]
    assert log["customer_id"].nunique() == 2_000
    assert (log["spend"] > 0).all()
    assert log["date"].max() <= truth["observation_end"]
    assert log.groupby("customer_id")["date"].is_monotonic_increasing.all()


def test_same_seed_same_data_and_generators_accepted():
    one, _ = simulate_bgnbd(1_000, random_seed=5)
    two, _ = simulate_bgnbd(1_000, random_seed=np.random.default_rng(5))
    other, _ = simulate_bgnbd(1_000, random_seed=6)
    pd.testing.assert_frame_equal(one, two)
    assert not one.equals(other)


@pytest.mark.parametrize(
    "call",
    [
        lambda: simulate_bgnbd(0),
        lambda: simulate_bgnbd(10, r=-1.0),
        lambda: simulate_pareto_nbd(10, acquisition_weeks=40.0),
        lambda: simulate_bgbb(10, periods=0),
        lambda: simulate_gamma_gamma([1, -2]),
        lambda: simulate_bgnbd(10, daily=True, acquisition_weeks=45.0),
    ],
)
def test_bad_settings_raise(call):
    with pytest.raises(ValueError, match="must be"):
        call()


# ---------------------------------------------------------------- slow: peer recovery


def _within(estimates: pd.Series, errors: pd.Series, truth: dict, names: list[str]) -> None:
    for name in names:
        gap = abs(float(estimates[name]) - truth[name])
        assert gap < 3.5 * float(errors[name]), (name, float(estimates[name]), truth[name])


@pytest.mark.slow
def test_lifetimes_recovers_bgnbd_truth():
    lifetimes = pytest.importorskip("lifetimes")
    data, truth = simulate_bgnbd(30_000, random_seed=21)
    fitter = lifetimes.BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    _within(fitter.params_, fitter.standard_errors_, truth, ["r", "alpha", "a", "b"])


@pytest.mark.slow
def test_lifetimes_likelihood_ratio_accepts_pareto_nbd_truth():
    """lifetimes has no Pareto/NBD standard errors: use 2 (LL(mle) - LL(truth)) ~ chi2(4)."""
    pytest.importorskip("lifetimes")
    from lifetimes.fitters.pareto_nbd_fitter import ParetoNBDFitter

    data, truth = simulate_pareto_nbd(20_000, random_seed=23)
    fitter = ParetoNBDFitter().fit(data["frequency"], data["recency"], data["T"])
    names = ["r", "alpha", "s", "beta"]
    columns = [data[c].to_numpy() for c in ("frequency", "recency", "T")]
    weights = np.ones(len(data))

    def nll(values: np.ndarray) -> float:
        return ParetoNBDFitter._negative_log_likelihood(values, *columns, weights, 0.0)

    statistic = 2 * (
        nll(np.array([truth[k] for k in names])) - nll(fitter.params_[names].to_numpy())
    )
    assert 0 <= statistic < stats.chi2.ppf(0.999, 4)
    assert abs(fitter.params_["r"] - truth["r"]) < 0.1 * truth["r"]


@pytest.mark.slow
def test_lifetimes_recovers_bgbb_truth():
    lifetimes = pytest.importorskip("lifetimes")
    data, truth = simulate_bgbb(30_000, random_seed=23)
    patterns = data.groupby(["frequency", "recency", "T"]).size().reset_index(name="weights")
    fitter = lifetimes.BetaGeoBetaBinomFitter().fit(
        patterns["frequency"], patterns["recency"], patterns["T"], weights=patterns["weights"]
    )
    _within(fitter.params_, fitter.standard_errors_, truth, ["alpha", "beta", "gamma", "delta"])


@pytest.mark.slow
def test_lifetimes_recovers_gamma_gamma_truth():
    lifetimes = pytest.importorskip("lifetimes")
    data, truth = simulate_gamma_gamma(20_000, random_seed=24)
    fitter = lifetimes.GammaGammaFitter().fit(data["frequency"], data["monetary_value"])
    truth = {"p": truth["p"], "q": truth["q"], "v": truth["gamma"]}  # lifetimes calls gamma v
    _within(fitter.params_, fitter.standard_errors_, truth, ["p", "q", "v"])
