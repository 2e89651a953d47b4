"""Plans evaluated on the same draws: zero plans, differences and their intervals."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.returns import (
    ExperienceReturn,
    ExperienceReturnResult,
    ReturnInputs,
    compare_plans,
    what_if,
)


def test_zero_gap_change_returns_nothing(uncertain_result: ExperienceReturnResult) -> None:
    """Closing no gap: Delta s = 0, r1 = r0, value 0 and ROI = -cost / cost = -1 in every draw."""
    nothing = what_if(uncertain_result, {"reliability": 0.0}, label="nothing")
    np.testing.assert_allclose(nothing.draws("value"), 0.0, atol=1e-9)
    np.testing.assert_allclose(nothing.draws("roi"), -1.0, rtol=1e-12)
    assert nothing.params.loc["roi", "estimate"] == pytest.approx(-1.0)
    assert nothing.prob_roi_positive == 0.0
    assert np.isinf(nothing.draws("payback_period")).all()


def test_comparison_on_common_draws_is_sharper(
    uncertain_result: ExperienceReturnResult, uncertain_inputs: ReturnInputs
) -> None:
    """Reliability-only vs empathy-only on the same draws: the difference's interval is
    narrower than the one from independent simulations of the two plans, because the
    uncertainty of r0 and of the margin, shared by both plans, cancels."""
    reliability = what_if(uncertain_result, {"reliability": 0.8}, label="reliability")
    empathy = what_if(uncertain_result, {"empathy": 0.8}, label="empathy")
    comparison = compare_plans(reliability, empathy)
    row = comparison.params.loc["value"]
    assert row["first"] == pytest.approx(reliability.params.loc["value", "estimate"])
    assert row["estimate"] == pytest.approx(row["first"] - row["second"])
    common = comparison.difference_draws("value")
    independent_inputs = uncertain_inputs.with_plan({"empathy": 0.8})
    independent = ExperienceReturn(draws=uncertain_result.n_draws).fit(
        independent_inputs, random_seed=99
    )
    mixed = reliability.draws("value") - independent.draws("value")
    width_common = np.subtract(*np.quantile(common, [0.95, 0.05]))
    width_mixed = np.subtract(*np.quantile(mixed, [0.95, 0.05]))
    assert width_common < 0.8 * width_mixed
    assert row["upper"] - row["lower"] == pytest.approx(width_common, rel=1e-12)
    assert comparison.params.loc["roi", "prob_positive"] == pytest.approx(
        np.mean(common > 0), abs=1e-12
    )
    assert "payback_period" not in comparison.params.index
    via_method = reliability.compare(empathy)
    assert via_method.params.equals(comparison.params)


def test_what_if_changes_costs(hand_result: ExperienceReturnResult) -> None:
    """Same plan at twice the investment: value unchanged, cost up by 5,000."""
    dearer = hand_result.what_if({"reliability": 0.8}, investment=10_000.0)
    assert dearer.params.loc["value", "estimate"] == pytest.approx(
        hand_result.params.loc["value", "estimate"], rel=1e-12
    )
    assert dearer.params.loc["cost", "estimate"] == pytest.approx(
        hand_result.params.loc["cost", "estimate"] + 5000.0, rel=1e-12
    )


def test_bad_plans(hand_result: ExperienceReturnResult, uncertain_result) -> None:
    with pytest.raises(LoyaltyDataError, match="unknown dimension"):
        what_if(hand_result, {"tangibles": 1.0})
    with pytest.raises(LoyaltyDataError, match="investment"):
        what_if(hand_result, {"reliability": 1.0}, investment=-1.0)
    with pytest.raises(LoyaltyDataError, match="different draws"):
        compare_plans(hand_result, uncertain_result)
    with pytest.raises(LoyaltyDataError, match="ExperienceReturnResult"):
        what_if("plan", {"reliability": 1.0})  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="ExperienceReturnResult"):
        compare_plans(hand_result, "plan")  # type: ignore[arg-type]
