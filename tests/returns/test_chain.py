"""The chain worked by hand (closed forms) and its geometric sums."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loyaltymodels.returns import (
    ExperienceReturn,
    ExperienceReturnResult,
    ReturnInputs,
    geometric_sum,
    retention_after,
)

from .conftest import HAND


def test_hand_worked_case(hand_result: ExperienceReturnResult) -> None:
    """Every output of the hand case of conftest.HAND, worked by hand (all SEs 0).

    N = 1000 customers, r0 = 0.8, beta_reliability = 0.5, gap closed 0.8 -> Delta s = 0.4;
    gamma = 0.5 -> logit r1 = ln 4 + 0.2, r1 = 1 / (1 + e^-0.2 / 4) = 0.8300941067199045,
    retention gain 0.030094106719904423.
    r1^t - r0^t for t = 1, 2, 3: 0.030094106719904423, 0.04905622601111603,
    0.05998151241048599; extra customer-periods 1000 x their sum = 139.13184514150646;
    extra customers at the horizon 1000 x 0.05998151241048599 = 59.98151241048599.
    Discounted at 10% (v = 1/1.1) with margin 100: 2735.827883627675, 4054.2335546376876,
    4506.499805445979, so V = 11296.561243711341 (cumulative 2735.83, 6790.06, 11296.56).
    Cost: 5000 + 500 (1/1.1 + 1/1.21 + 1/1.331) = 6243.425995492111 (cumulative cost
    5454.55, 5867.77, 6243.43), so the plan pays back in period 2 (6790.06 >= 5867.77, while
    2735.83 < 5454.55 in period 1). Net value 5053.135248219231, ROI 0.809352950105872,
    break-even investment V - 500 x 2.48685... = 10053.13524821923.
    """
    expected = {
        "satisfaction_change": 0.4,
        "retention_baseline": 0.8,
        "retention_improved": 0.8300941067199045,
        "retention_gain": 0.030094106719904423,
        "extra_customer_periods": 139.13184514150646,
        "extra_customers_at_horizon": 59.98151241048599,
        "value": 11296.561243711341,
        "cost": 6243.425995492111,
        "net_value": 5053.135248219231,
        "roi": 0.809352950105872,
        "break_even_investment": 10053.13524821923,
        "payback_period": 2.0,
    }
    table = hand_result.params
    for measure, value in expected.items():
        assert table.loc[measure, "estimate"] == pytest.approx(value, rel=1e-10, abs=1e-12)
        assert table.loc[measure, "mean"] == pytest.approx(value, rel=1e-10, abs=1e-12)
        assert table.loc[measure, "lower"] == pytest.approx(value, rel=1e-10, abs=1e-12)
        assert table.loc[measure, "upper"] == pytest.approx(value, rel=1e-10, abs=1e-12)
    assert table.loc["roi", "prob_positive"] == 1.0
    assert hand_result.prob_roi_positive == 1.0


def test_explicit_sums_agree_with_closed_forms(hand_result: ExperienceReturnResult) -> None:
    """The closed forms against the defining sums over t = 1..H."""
    r0, r1 = 0.8, hand_result.params.loc["retention_improved", "estimate"]
    v = 1 / 1.1
    value = sum(1000 * 100 * (r1**t - r0**t) * v**t for t in range(1, 4))
    cost = 5000 + sum(500 * v**t for t in range(1, 4))
    assert hand_result.params.loc["value", "estimate"] == pytest.approx(value, rel=1e-12)
    assert hand_result.params.loc["cost", "estimate"] == pytest.approx(cost, rel=1e-12)


def test_infinite_horizon_equals_long_finite_sum() -> None:
    """H = infinity: V = m N [v r1 / (1 - v r1) - v r0 / (1 - v r0)] = 40882.7894167068, and the
    cost 5000 + 500 / 0.1 = 10000; both equal the sums to t = 2000 (the tail is < 1e-100)."""
    inputs = ReturnInputs.from_values(**{**HAND, "horizon": math.inf})
    result = ExperienceReturn(draws=100).fit(inputs, random_seed=1)
    r0, r1 = 0.8, result.params.loc["retention_improved", "estimate"]
    t = np.arange(1, 2001, dtype=float)
    v = 1 / 1.1
    long_value = float(np.sum(1000 * 100 * (r1**t - r0**t) * v**t))
    long_periods = float(np.sum(1000 * (r1**t - r0**t)))
    params = result.params["estimate"]
    assert params["value"] == pytest.approx(40882.7894167068, rel=1e-10)
    assert params["value"] == pytest.approx(long_value, rel=1e-10)
    assert params["extra_customer_periods"] == pytest.approx(long_periods, rel=1e-10)
    assert params["extra_customer_periods"] == pytest.approx(885.6110326406776, rel=1e-10)
    assert params["cost"] == pytest.approx(10_000.0, rel=1e-12)
    assert params["extra_customers_at_horizon"] == 0.0
    finite = ReturnInputs.from_values(**{**HAND, "horizon": 2000})
    long_run = ExperienceReturn(draws=100).fit(finite, random_seed=1).params["estimate"]
    assert long_run["value"] == pytest.approx(params["value"], rel=1e-10)
    assert long_run["payback_period"] == params["payback_period"] == 2.0


def test_geometric_sum_cases() -> None:
    assert float(geometric_sum(0.5, 3)) == pytest.approx(0.875, rel=1e-15)
    assert float(geometric_sum(1.0, 7)) == 7.0
    assert float(geometric_sum(1.0 + 1e-14, 7)) == pytest.approx(7.0, rel=1e-12)
    assert float(geometric_sum(1.1, 2)) == pytest.approx(1.1 + 1.21, rel=1e-14)
    assert float(geometric_sum(0.9, math.inf)) == pytest.approx(9.0, rel=1e-14)
    np.testing.assert_allclose(geometric_sum(0.5, np.array([1.0, 2.0])), [0.5, 0.75])


def test_zero_discount_and_no_running_cost() -> None:
    """d = 0, H = 2, no running cost: V = m N (r1 - r0 + r1^2 - r0^2), break-even = V."""
    inputs = ReturnInputs.from_values(
        **{**HAND, "discount_rate": 0.0, "horizon": 2, "cost_per_period": 0.0}
    )
    params = ExperienceReturn(draws=100).fit(inputs).params["estimate"]
    r1 = params["retention_improved"]
    value = 100_000 * (r1 - 0.8 + r1**2 - 0.64)
    assert params["value"] == pytest.approx(value, rel=1e-12)
    assert params["break_even_investment"] == pytest.approx(value, rel=1e-12)
    assert params["cost"] == 5000.0


def test_plan_that_does_not_pay_back() -> None:
    """With an investment of 50,000 the hand plan (V = 11,296.56) never pays back in 3 periods."""
    inputs = ReturnInputs.from_values(**{**HAND, "investment": 50_000.0})
    result = ExperienceReturn(draws=100).fit(inputs)
    assert math.isinf(result.params.loc["payback_period", "estimate"])
    assert np.isnan(result.params.loc["payback_period", "mean"])
    assert result.params.loc["roi", "estimate"] < 0
    assert result.prob_roi_positive == 0.0


def test_retention_after_is_logistic_shift() -> None:
    r1 = retention_after(np.array([0.5, 0.8]), np.array([1.0, 0.5]), np.array([0.0, 0.4]))
    np.testing.assert_allclose(r1, [0.5, 1 / (1 + 0.25 * math.exp(-0.2))], rtol=1e-14)
