"""Control charts against Montgomery's formulas and their false-alarm rates by simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.journey import ewma_chart, ewma_statistic, p_chart


def test_p_chart_limits_follow_montgomery_varying_n():
    # Montgomery (2020), eq. 7.8 with n_i: p_bar +- 3 sqrt(p_bar (1 - p_bar) / n_i)
    d = np.array([12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22])
    n = np.array([100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110])
    chart = p_chart(pd.Series(d, index=pd.RangeIndex(1, 16, name="week")), n)
    p_bar = d.sum() / n.sum()
    t = chart.table
    assert t["center"].iloc[0] == pytest.approx(p_bar)
    np.testing.assert_allclose(t["upper"], p_bar + 3 * np.sqrt(p_bar * (1 - p_bar) / n))
    np.testing.assert_allclose(
        t["lower"], np.maximum(0, p_bar - 3 * np.sqrt(p_bar * (1 - p_bar) / n))
    )
    assert chart.alarms == list(t.index[(d / n > t["upper"]) | (d / n < t["lower"])])
    assert chart.first_alarm == 15


def test_p_chart_false_alarm_rate_by_simulation():
    rng = np.random.default_rng(1)
    p0, sizes = 0.08, rng.integers(50, 400, size=200)
    chart = p_chart(np.zeros(200, dtype=int) + 1, sizes, center=p0)
    upper, lower = chart.table["upper"].to_numpy(), chart.table["lower"].to_numpy()
    # exact probability of a point outside the limits under the binomial, per period
    exact = stats.binom.sf(np.floor(upper * sizes + 1e-9), sizes, p0) + stats.binom.cdf(
        np.ceil(lower * sizes - 1e-9) - 1, sizes, p0
    )
    draws = rng.binomial(sizes, p0, size=(20_000, 200))
    rates = np.array([p_chart(row, sizes, center=p0).table["alarm"].mean() for row in draws[:50]])
    outside = ((draws / sizes > upper) | (draws / sizes < lower)).mean()
    assert outside == pytest.approx(exact.mean(), rel=0.05)
    assert rates.mean() == pytest.approx(exact.mean(), abs=0.004)


def test_ewma_statistic_and_exact_limits_match_montgomery():
    rng = np.random.default_rng(2)
    x = rng.normal(10, 1, size=30)
    chart = ewma_chart(x, target=10.0, sigma=1.0, lam=0.1, L=2.7)
    z, expected = 10.0, []
    for value in x:
        z = 0.1 * value + 0.9 * z
        expected.append(z)
    np.testing.assert_allclose(chart.table["statistic"], expected, atol=1e-12)
    i = np.arange(1, 31)
    width = 2.7 * np.sqrt(0.1 / 1.9 * (1 - 0.9 ** (2 * i)))  # Montgomery eq. 9.24-9.25
    np.testing.assert_allclose(chart.table["upper"], 10 + width, atol=1e-12)
    np.testing.assert_allclose(chart.table["lower"], 10 - width, atol=1e-12)
    steady = ewma_chart(x, target=10.0, sigma=1.0, lam=0.1, L=2.7, exact_limits=False)
    np.testing.assert_allclose(steady.table["upper"], 10 + 2.7 * np.sqrt(0.1 / 1.9))
    means = ewma_chart(x, sizes=np.full(30, 25), target=10.0, sigma=5.0, lam=0.1, L=2.7)
    np.testing.assert_allclose(means.table["upper"], chart.table["upper"], atol=1e-12)


def _run_lengths(lam, L, shift, series=4000, horizon=6000, seed=3):
    rng = np.random.default_rng(seed)
    width = L * np.sqrt(lam / (2 - lam))
    z = np.zeros(series)
    first = np.full(series, horizon)
    for start in range(0, horizon, 300):
        block = rng.normal(shift, 1.0, size=(series, 300))
        zs = ewma_statistic(block, lam, z)
        z = zs[:, -1]
        hit = np.abs(zs) > width
        alarm = np.where(hit.any(axis=1), hit.argmax(axis=1) + start + 1, horizon)
        first = np.minimum(first, alarm)
    return first


@pytest.mark.parametrize(("lam", "L"), [(0.1, 2.814), (0.2, 2.962)])
def test_ewma_in_control_arl_is_500(lam, L):
    # Lucas & Saccucci (1990); Montgomery (2020) Table 9.11: ARL0 = 500 for these schemes
    run = _run_lengths(lam, L, 0.0)
    assert run.mean() == pytest.approx(500, rel=0.06)


def test_ewma_detects_one_sigma_shift_quickly():
    # Montgomery (2020) Table 9.11: lambda = 0.1, L = 2.814, shift 1 sigma -> ARL 10.3
    run = _run_lengths(0.1, 2.814, 1.0, horizon=600)
    assert run.mean() == pytest.approx(10.3, rel=0.06)


def test_planted_shift_is_flagged():
    rng = np.random.default_rng(4)
    # daily means of 50 answers (sd 1.2); satisfaction drops by half a point from day 40
    x = np.r_[rng.normal(8.0, 1.2 / np.sqrt(50), 40), rng.normal(7.5, 1.2 / np.sqrt(50), 20)]
    chart = ewma_chart(x, sizes=np.full(60, 50), baseline=40)
    assert chart.settings["sigma"] == pytest.approx(1.2, rel=0.3)
    assert chart.first_alarm is not None and chart.first_alarm >= 40
    assert not chart.table["alarm"].iloc[:40].any()


def test_bad_input():
    with pytest.raises(LoyaltyDataError, match="problems <= sizes"):
        p_chart([5, 12], [10, 10])
    with pytest.raises(LoyaltyDataError, match="missing"):
        p_chart([1, np.nan], [10, 10])
    with pytest.raises(LoyaltyDataError, match="strictly between 0 and"):
        p_chart([0, 0], [10, 10])
    with pytest.raises(LoyaltyDataError, match="standard deviation is zero"):
        ewma_chart([3.0, 3.0, 3.0])
    with pytest.raises(LoyaltyDataError, match="lam"):
        ewma_chart([3.0, 2.0, 3.0], lam=1.5)
