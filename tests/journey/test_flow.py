"""Journey flow: a chain solved by hand, recovery of a simulated chain, bad event logs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import simulate_journey_events
from loyaltymodels.journey import journey_flow
from loyaltymodels.journey.flow import wilson_interval


def _log(paths):
    rows = []
    for i, (steps, outcome) in enumerate(paths):
        for k, step in enumerate(steps):
            end = k == len(steps) - 1 and outcome != "leave"
            rows.append(
                {
                    "customer": f"c{i}",
                    "touchpoint": step,
                    "time": float(k),
                    "outcome": outcome if end else None,
                }
            )
    return pd.DataFrame(rows)


HAND_PATHS = [
    (["A"], "leave"),
    (["A"], "leave"),
    (["A", "B"], "purchase"),
    (["A", "B"], "purchase"),
    (["B"], "purchase"),
    (["B", "A"], "leave"),
]


def test_chain_solved_by_hand():
    # Transitions: start -> A 4/6, B 2/6; A -> B 2/5, leave 3/5; B -> A 1/4, purchase 3/4.
    # Conversion c_A = 2/5 c_B, c_B = 3/4 + 1/4 c_A, so c_A = 1/3, c_B = 5/6 and
    # P(purchase) = 2/3 * 1/3 + 1/3 * 5/6 = 1/2.
    # Without A (transitions into A go to leave): c_B = 3/4, conversion 1/3 * 3/4 = 1/4, so the
    # removal effect of A is 1 - (1/4)/(1/2) = 1/2. Without B nothing converts: effect 1.
    result = journey_flow(_log(HAND_PATHS), random_seed=0)
    t = result.transitions
    assert t.loc["start", "A"] == pytest.approx(2 / 3)
    assert t.loc["A", "leave"] == pytest.approx(3 / 5)
    assert t.loc["B", "purchase"] == pytest.approx(3 / 4)
    assert result.conversion.loc["purchase", "estimate"] == pytest.approx(0.5, abs=1e-12)
    assert result.removal.loc["A", "removal_effect"] == pytest.approx(0.5, abs=1e-12)
    assert result.removal.loc["B", "removal_effect"] == pytest.approx(1.0, abs=1e-12)
    assert result.removal["attribution"].sum() == pytest.approx(1.0)
    assert result.dropoff.loc["A", "dropoff"] == pytest.approx(0.6)
    assert result.dropoff.loc["B", "dropoff"] == pytest.approx(0.0)
    assert result.paths["customers"].to_dict() == {
        "A > leave": 2,
        "A > B > purchase": 2,
        "B > purchase": 1,
        "B > A > leave": 1,
    }
    assert result.n_customers == 6 and result.n_events == 9
    # funnel: 6 journeys reach step 1, 3 end there (1 converted); 3 reach step 2 (2 converted)
    steps = result.steps
    assert steps["reached"].tolist() == [6, 3]
    assert steps["converted"].tolist() == [1, 2]
    assert steps["left"].tolist() == [2, 1]


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    low, high = wilson_interval(np.array([3, 0, 17]), np.array([5, 4, 40]), 0.95)
    ref = proportion_confint(
        np.array([3, 0, 17]), np.array([5, 4, 40]), alpha=0.05, method="wilson"
    )
    np.testing.assert_allclose(low, ref[0], atol=1e-12)
    np.testing.assert_allclose(high, ref[1], atol=1e-12)


def test_recovers_simulated_chain_and_intervals_cover():
    sim = simulate_journey_events(40_000, random_seed=3)
    result = journey_flow(sim.events, random_seed=1, draws=400)
    estimated = result.transitions.loc[sim.transitions.index, sim.transitions.columns]
    np.testing.assert_allclose(estimated.to_numpy(), sim.transitions.to_numpy(), atol=0.01)
    # the true conversion probability of the true chain lies in the interval
    from loyaltymodels.journey.flow import absorption_probabilities

    truth = sim.transitions
    states = list(truth.index)
    q = np.zeros((len(states), len(states)))
    q[:, 1:] = truth[states[1:]].to_numpy()
    r = truth[["purchase", "leave"]].to_numpy()
    true_conversion = absorption_probabilities(q, r)[0, 0]
    row = result.conversion.loc["purchase"]
    assert row["lower"] <= true_conversion <= row["upper"]
    assert abs(row["estimate"] - row["observed_share"]) < 0.01


def test_declared_touchpoints_keep_their_order_and_unused_ones():
    result = journey_flow(_log(HAND_PATHS), touchpoints=["B", "A", "C"], random_seed=0)
    assert list(result.removal.index) == ["B", "A", "C"]
    assert result.dropoff.loc["C", "visits"] == 0
    assert result.removal.loc["C", "removal_effect"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (lambda e: e, {"touchpoints": ["A"]}, "unknown touchpoint"),
        (lambda e: e.assign(time=-e["time"]), {}, "negative"),
        (
            lambda e: e.iloc[[1, 0, *range(2, len(e))]].assign(
                time=[1.0, 0.0, *e["time"].iloc[2:]]
            ),
            {},
            None,
        ),
        (lambda e: pd.concat([e, e.iloc[[2]]]), {}, "duplicated"),
        (lambda e: e.assign(time=0.0), {}, None),  # simultaneous contacts are not duplicates
        (lambda e: e.assign(time=np.arange(len(e))[::-1].astype(float)), {}, "back in time"),
        (lambda e: e, {"conversion": "churn"}, "never occurs"),
        (lambda e: e.drop(columns="time"), {}, "missing column"),
    ],
)
def test_bad_event_logs(change, kwargs, message):
    events = change(_log(HAND_PATHS))
    if message is None:  # rows of a customer need not be adjacent, only in time order
        journey_flow(events, random_seed=0)
        return
    with pytest.raises(LoyaltyDataError, match=message):
        journey_flow(events, **kwargs)
