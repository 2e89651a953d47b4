"""Shared inputs of the market damage tests: one case worked by hand, one survey."""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels.damage import DamageInputs, MarketDamage

HAND_PROBLEMS = pd.DataFrame(
    {
        "incidence": [0.2],
        "complaint_rate": [0.25],
        "satisfied": [0.6],
        "mollified": [0.2],
        "dissatisfied": [0.2],
    },
    index=pd.Index(["billing"], name="problem"),
)
HAND_SHARED = {
    "customers": 10_000,
    "value": 200.0,
    "loyalty_no_problem": 0.9,
    "loyalty_silent": 0.7,
    "loyalty_satisfied": 0.85,
    "loyalty_mollified": 0.6,
    "loyalty_dissatisfied": 0.3,
    "told_silent": 2.0,
    "told_mollified": 4.0,
    "told_dissatisfied": 10.0,
    "deterred_share": 0.02,
    "recorded_share": 0.5,
}

SURVEY_COUNTS = pd.DataFrame(
    {
        "with_problem": [200, 120],
        "complained": [50, 60],
        "satisfied": [20, 30],
        "mollified": [10, 10],
        "dissatisfied": [20, 20],
        "loyal_silent": [105, 40],
        "loyal_satisfied": [17, 27],
        "loyal_mollified": [6, 5],
        "loyal_dissatisfied": [6, 4],
    },
    index=pd.Index(["billing", "delivery"], name="problem"),
)
SURVEY_SHARED = {
    "surveyed": 1000,
    "no_problem": 700,
    "loyal_no_problem": 630,
    "customers": 10_000,
    "value": 200.0,
    "told_silent": 2.0,
    "told_dissatisfied": 10.0,
    "deterred_share": 0.02,
}


@pytest.fixture(scope="module")
def survey_counts() -> pd.DataFrame:
    return SURVEY_COUNTS.copy()


@pytest.fixture(scope="module")
def survey_shared() -> dict[str, float]:
    return dict(SURVEY_SHARED)


@pytest.fixture(scope="module")
def hand_inputs() -> DamageInputs:
    return DamageInputs.from_values(HAND_PROBLEMS, **HAND_SHARED)


@pytest.fixture(scope="module")
def hand_result(hand_inputs: DamageInputs):
    return MarketDamage().fit(hand_inputs)


@pytest.fixture(scope="module")
def survey_inputs() -> DamageInputs:
    return DamageInputs.from_counts(SURVEY_COUNTS, **SURVEY_SHARED)


@pytest.fixture(scope="module")
def survey_result(survey_inputs: DamageInputs):
    return MarketDamage(draws=4000).fit(survey_inputs, random_seed=2026)
