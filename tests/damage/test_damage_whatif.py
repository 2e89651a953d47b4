"""What-if analyses: hand-computed savings and common random numbers."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.damage import (
    DamageResult,
    improve_complaint_handling,
    prevent_problem,
    what_if,
)


def test_better_complaint_handling_saving_by_hand(hand_result: DamageResult) -> None:
    """Resolving half of the dissatisfied complainers (hand case of test_hand_worked_case):
    satisfied 0.6 -> 0.7 (350 customers), dissatisfied 0.2 -> 0.1 (50 customers).

    satisfied 350 x 0.05 = 17.5; dissatisfied 50 x 0.6 = 30; silent 300 and mollified 30 as
    before; word of mouth (3,000 + 400 + 500) x 0.02 = 78. Total 455.5 against 493:
    saving 37.5 customers = 7,500 in revenue.
    """
    saving = improve_complaint_handling(hand_result, resolved_share=0.5)
    row = saving.params.loc[("total", "lost_customers")]
    assert row["baseline"] == pytest.approx(493.0, rel=1e-12)
    assert row["scenario"] == pytest.approx(455.5, rel=1e-12)
    assert row["saving"] == pytest.approx(37.5, rel=1e-12)
    assert saving.params.loc[("billing", "lost_revenue"), "saving"] == pytest.approx(7500.0)
    assert np.isnan(row["saving_lower"])


def test_prevention_is_linear_in_incidence(survey_result: DamageResult) -> None:
    """Preventing all billing problems saves exactly billing's damage, draw by draw."""
    full = prevent_problem(survey_result, "billing")
    half = prevent_problem(survey_result, "billing", share_prevented=0.5)
    billing = survey_result.params.loc[("billing", "total", "lost_revenue")]
    row = full.params.loc[("total", "lost_revenue")]
    assert row["saving"] == pytest.approx(billing["estimate"], rel=1e-12)
    assert row["saving_lower"] == pytest.approx(billing["lower"], rel=1e-12)
    assert row["saving_upper"] == pytest.approx(billing["upper"], rel=1e-12)
    assert half.params.loc[("total", "lost_revenue"), "saving"] == pytest.approx(
        0.5 * billing["estimate"]
    )
    assert full.params.loc[("delivery", "lost_revenue"), "saving"] == 0.0


def test_generic_what_if_with_values_and_functions(hand_result: DamageResult) -> None:
    """Raising the silent customers' loyalty to 0.8 halves the silent loss: 1,500 x 0.1 = 150."""
    result = what_if(hand_result, {"loyalty_silent": 0.8})
    assert result.params.loc[("billing", "lost_customers"), "saving"] == pytest.approx(150.0)
    doubled = what_if(hand_result, {"value": lambda v: 2 * v})
    assert doubled.params.loc[("total", "lost_revenue"), "scenario"] == pytest.approx(197_200.0)


def test_saving_interval_uses_common_random_numbers(survey_result: DamageResult) -> None:
    saving = improve_complaint_handling(survey_result, resolved_share=0.5)
    row = saving.params.loc[("total", "lost_revenue")]
    assert row["saving_lower"] < row["saving"] < row["saving_upper"]
    # Independent simulations would give a much wider spread than the saving itself.
    baseline = survey_result.summary().loc["total"]
    width = baseline["lost_revenue_upper"] - baseline["lost_revenue_lower"]
    assert row["saving_upper"] - row["saving_lower"] < width


def test_bad_scenarios(hand_result: DamageResult) -> None:
    with pytest.raises(LoyaltyDataError, match="outside"):
        what_if(hand_result, {"complaint_rate": lambda c: 5 * c})
    with pytest.raises(LoyaltyDataError, match="sum to 1"):
        what_if(hand_result, {"satisfied": 0.9})
    with pytest.raises(LoyaltyDataError, match="unknown parameter"):
        what_if(hand_result, {"price": 3})
    with pytest.raises(LoyaltyDataError, match="unknown problem"):
        prevent_problem(hand_result, "shipping")
    with pytest.raises(LoyaltyDataError, match="share"):
        improve_complaint_handling(hand_result, resolved_share=1.5)
    with pytest.raises(LoyaltyDataError, match="empty"):
        what_if(hand_result, {})
    with pytest.raises(LoyaltyDataError, match="negative"):
        what_if(hand_result, {"value": -1})
