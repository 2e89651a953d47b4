"""Market damage inputs: broadcasting, plug-in shares and every bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.damage import PARAMETERS, DamageInputs


def test_values_broadcast_keywords_and_defaults(hand_inputs: DamageInputs) -> None:
    point = hand_inputs.point
    assert list(point.columns) == list(PARAMETERS)
    assert point.loc["billing", "customers"] == 10_000
    assert not hand_inputs.uncertain
    minimal = DamageInputs.from_values(
        hand_inputs.point.drop(columns=["told_silent", "deterred_share", "recorded_share"])
    )
    assert minimal.point.loc["billing", "told_silent"] == 0.0
    assert minimal.point.loc["billing", "recorded_share"] == 1.0


def test_counts_plug_in_shares(survey_inputs: DamageInputs) -> None:
    """Observed shares: delivery complaint rate 60 / 120 = 0.5, outcomes 30/60, 10/60, 20/60,
    silent loyalty 40 / 60, no-problem loyalty 630 / 700 = 0.9 (shared by both problems)."""
    point = survey_inputs.point
    assert point.loc["delivery", "complaint_rate"] == 0.5
    assert point.loc["delivery", "mollified"] == pytest.approx(1 / 6)
    assert point.loc["delivery", "loyalty_silent"] == pytest.approx(2 / 3)
    assert (point["loyalty_no_problem"] == 0.9).all()
    assert survey_inputs.uncertain


def test_shared_counts_are_drawn_once(survey_inputs: DamageInputs) -> None:
    draws = survey_inputs.draw(500, np.random.default_rng(0))
    np.testing.assert_array_equal(
        draws["loyalty_no_problem"][:, 0], draws["loyalty_no_problem"][:, 1]
    )
    assert not np.allclose(draws["incidence"][:, 0], draws["incidence"][:, 1])
    total = draws["satisfied"] + draws["mollified"] + draws["dissatisfied"]
    np.testing.assert_allclose(total, 1.0)
    np.testing.assert_array_equal(draws["value"], 200.0)


def test_zero_groups_do_not_break_the_plug_in(
    survey_counts: pd.DataFrame, survey_shared: dict
) -> None:
    counts = survey_counts.copy()
    counts.loc["delivery", ["mollified", "loyal_mollified"]] = 0
    counts.loc["delivery", "complained"] = 50
    inputs = DamageInputs.from_counts(counts, **survey_shared)
    assert inputs.point.loc["delivery", "mollified"] == 0.0
    assert np.isfinite(inputs.point.loc["delivery", "loyalty_mollified"])


def _values(**overrides):
    base = pd.DataFrame(
        {
            "incidence": [0.2],
            "complaint_rate": [0.25],
            "satisfied": [0.6],
            "mollified": [0.2],
            "dissatisfied": [0.2],
        },
        index=["billing"],
    )
    shared = dict(
        customers=10_000,
        value=200,
        loyalty_no_problem=0.9,
        loyalty_silent=0.7,
        loyalty_satisfied=0.85,
        loyalty_mollified=0.6,
        loyalty_dissatisfied=0.3,
    )
    table_overrides = {k: v for k, v in overrides.items() if k in base.columns}
    shared.update({k: v for k, v in overrides.items() if k not in base.columns})
    return DamageInputs.from_values(base.assign(**table_overrides), **shared)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"incidence": [1.2]}, "incidence.*outside"),
        ({"loyalty_silent": -0.1}, "loyalty_silent.*outside"),
        ({"satisfied": [0.7]}, "sum to 1"),
        ({"customers": -5}, "customers.*negative"),
        ({"value": float("nan")}, "value.*missing"),
        ({"told_silent": [1, 2]}, "single number"),
        ({"loyalty": 0.5}, "unknown parameter"),
        ({"loyalty_silent": None}, "needs"),
        ({"complaint_rate": ["high"]}, "numeric|number"),
    ],
)
def test_bad_values_raise(overrides: dict, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        _values(**overrides)


def test_table_and_keyword_conflict_and_duplicate_problems() -> None:
    table = pd.DataFrame({"incidence": [0.2, 0.1]}, index=["a", "a"])
    with pytest.raises(LoyaltyDataError, match="duplicates"):
        DamageInputs.from_values(table)
    with pytest.raises(LoyaltyDataError, match="both as columns"):
        DamageInputs.from_values(pd.DataFrame({"incidence": [0.2]}), incidence=0.3)
    with pytest.raises(LoyaltyDataError, match="DataFrame"):
        DamageInputs.from_values({"incidence": 0.2})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("complained", 250, "complained exceeds"),
        ("satisfied", 25, "must equal complained"),
        ("loyal_satisfied", 21, "loyal_satisfied exceeds"),
        ("loyal_silent", 151, "silent respondents"),
        ("with_problem", 1000, "exceed surveyed"),
        ("complained", 50.5, "whole number"),
        ("mollified", -1, "negative"),
    ],
)
def test_bad_counts_raise(
    survey_counts: pd.DataFrame, survey_shared: dict, column: str, value: float, message: str
) -> None:
    counts = survey_counts.copy().astype(float)
    counts.loc["billing", column] = value
    with pytest.raises(LoyaltyDataError, match=message):
        DamageInputs.from_counts(counts, **survey_shared)


def test_bad_count_keywords(survey_counts: pd.DataFrame, survey_shared: dict) -> None:
    with pytest.raises(LoyaltyDataError, match="loyal_no_problem exceeds"):
        DamageInputs.from_counts(survey_counts, **{**survey_shared, "loyal_no_problem": 701})
    with pytest.raises(LoyaltyDataError, match="no_problem must be positive"):
        DamageInputs.from_counts(
            survey_counts, **{**survey_shared, "no_problem": 0, "loyal_no_problem": 0}
        )
    with pytest.raises(LoyaltyDataError, match="unknown parameter"):
        DamageInputs.from_counts(survey_counts, **{**survey_shared, "incidence": 0.2})
    with pytest.raises(LoyaltyDataError, match="prior"):
        DamageInputs.from_counts(survey_counts, prior=0, **survey_shared)
    with pytest.raises(LoyaltyDataError, match=r"deterred_share.*outside"):
        DamageInputs.from_counts(survey_counts, **{**survey_shared, "deterred_share": 2})
