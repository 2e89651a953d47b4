"""Experience loss per touchpoint: counts by hand, the damage formulas, the hazard panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import simulate_hotel_stays, simulate_hotel_survey
from loyaltymodels.journey import (
    churn_panel,
    derived_ipa,
    fix_first,
    key_drivers,
    problem_counts,
    revenue_at_risk,
    touchpoint_churn_effects,
)

TOUCHPOINTS = ["booking", "check_in", "room", "restaurant", "check_out"]


def _tiny():
    return pd.DataFrame(
        {
            "problem_a": [1, 1, 1, 0, 0, 0, 1, 0],
            "problem_b": [0, 1, np.nan, 0, 0, 1, 0, 0],
            "complained": [1, 0, 0, 0, 0, 1, 1, 0],
            "outcome": ["satisfied", None, None, None, None, "dissatisfied", "mollified", None],
            "loyal": [1, 0, 1, 1, 1, 0, 0, 1],
        }
    )


def test_problem_counts_by_hand():
    table, shared = problem_counts(
        _tiny(),
        touchpoints=["a", "b"],
        loyalty_col="loyal",
        complained_col="complained",
        resolution_col="outcome",
    )
    # a: rows 0, 1, 2, 6 had it; complained 0 (satisfied) and 6 (mollified); silent 1, 2
    assert table.loc["a"].to_dict() == {
        "with_problem": 4,
        "complained": 2,
        "loyal_silent": 1,
        "satisfied": 1,
        "loyal_satisfied": 1,
        "mollified": 1,
        "loyal_mollified": 0,
        "dissatisfied": 0,
        "loyal_dissatisfied": 0,
    }
    assert table.loc["b", "with_problem"] == 2 and table.loc["b", "dissatisfied"] == 1
    # no problem anywhere: rows 3, 4, 7 (all loyal)
    assert shared == {"surveyed": 8, "no_problem": 3, "loyal_no_problem": 3}


def test_revenue_at_risk_follows_the_damage_formulas():
    result = revenue_at_risk(
        _tiny(),
        touchpoints=["a", "b"],
        loyalty_col="loyal",
        complained_col="complained",
        resolution_col="outcome",
        customers=1000,
        value=50,
        random_seed=1,
        draws=500,
    )
    # plug-in for a: q = 4/8, c = 2/4, L0 = 1, L_silent = 1/2, L_S = 1, L_M = 0;
    # lost = N q [(1 - c)(L0 - Ls) + c (s_S (L0 - L_S) + s_M (L0 - L_M))]
    lost = 1000 * 0.5 * (0.5 * 0.5 + 0.5 * (0.5 * 0.0 + 0.5 * 1.0))
    summary = result.summary()
    assert summary.loc["a", "lost_customers"] == pytest.approx(lost)
    assert summary.loc["a", "lost_revenue"] == pytest.approx(50 * lost)
    assert summary.loc["a", "lost_revenue_lower"] < summary.loc["a", "lost_revenue_upper"]


def test_churn_panel_by_hand():
    events = pd.DataFrame(
        {
            "customer": ["x", "x", "x", "y", "y"],
            "touchpoint": ["a", "b", "a", "b", "a"],
            "time": [0.2, 0.5, 2.1, 1.5, 1.7],
            "problem": [0, 1, 1, 0, 0],
            "outcome": [None, None, "churn", None, None],
        }
    )
    panel = churn_panel(events, end=3.5)
    expected = pd.DataFrame(
        {
            "customer_id": ["x", "x", "x", "y", "y", "y"],
            "period": [1, 2, 3, 2, 3, 4],
            "churned": [0, 0, 1, 0, 0, 0],
            "problem_a": [0, 0, 1, 0, 0, 0],
            "problem_b": [1, 0, 0, 0, 0, 0],
        }
    )
    pd.testing.assert_frame_equal(panel, expected, check_dtype=False)


@pytest.mark.slow
def test_hazard_recovers_planted_touchpoint_effects():
    sim = simulate_hotel_stays(8000, random_seed=2)
    panel = churn_panel(sim.events, touchpoints=TOUCHPOINTS)
    effects = touchpoint_churn_effects(panel, touchpoints=TOUCHPOINTS, random_seed=1).effects()
    for tp in TOUCHPOINTS:
        row = effects.loc[f"problem_{tp}"]
        assert row["lower"] < sim.effects[tp] < row["upper"]


def test_fix_first_and_derived_ipa_put_planted_drivers_first():
    sim = simulate_hotel_survey(3000, random_seed=1)
    survey = sim.survey
    drivers = key_drivers(
        survey, outcome="overall", drivers=TOUCHPOINTS, not_experienced="indicator"
    )
    loss = revenue_at_risk(
        survey,
        touchpoints=TOUCHPOINTS,
        loyalty_col="returns",
        complained_col="complained",
        resolution_col="complaint_outcome",
        customers=50_000,
        value=400,
        random_seed=1,
        draws=500,
    )
    table = fix_first(drivers, loss, survey, touchpoints=TOUCHPOINTS, scale_max=10)
    assert set(table.index[:2]) == set(sim.drivers)
    assert table["saving_if_prevented"].to_numpy() == pytest.approx(
        0.5 * table["revenue_at_risk"].to_numpy()
    )
    assert table.loc["restaurant", "performance"] == pytest.approx(survey["restaurant"].mean())
    # stated importance: guests say booking matters most (it does not drive satisfaction)
    stated = pd.DataFrame({tp: [6.0, 7.0] for tp in TOUCHPOINTS}).assign(booking=[9.0, 10.0])
    grid = derived_ipa(drivers, survey, touchpoints=TOUCHPOINTS, stated=stated)
    assert set(grid.table.index[grid.table["quadrant"] == "I"]) == set(sim.drivers)
    assert grid.table.loc["booking", "stated_rank"] == 1
    assert grid.table.loc["booking", "stated_importance"] == 9.5
    assert set(grid.table.index[grid.table["derived_rank"] <= 2]) == set(sim.drivers)


def test_bad_loss_input():
    survey = _tiny()
    with pytest.raises(LoyaltyDataError, match="resolution_col"):
        problem_counts(survey, touchpoints=["a"], loyalty_col="loyal", complained_col="complained")
    with pytest.raises(LoyaltyDataError, match="0/1"):
        problem_counts(survey.assign(problem_a=2), touchpoints=["a"], loyalty_col="loyal")
    bad = survey.assign(outcome=[None] * 8)
    with pytest.raises(LoyaltyDataError, match="complaint's outcome"):
        problem_counts(
            bad,
            touchpoints=["a"],
            loyalty_col="loyal",
            complained_col="complained",
            resolution_col="outcome",
        )
