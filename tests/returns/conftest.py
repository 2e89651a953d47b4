"""Shared inputs of the experience-return tests: a case worked by hand and an uncertain one."""

from __future__ import annotations

import pytest

from loyaltymodels.returns import ExperienceReturn, ExperienceReturnResult, ReturnInputs

#: Worked by hand in tests/returns/test_chain.py::test_hand_worked_case.
HAND = {
    "gap_change": {"reliability": 0.8},
    "satisfaction_effect": {"reliability": (0.5, 0.0), "empathy": (0.3, 0.0)},
    "retention": 0.8,
    "retention_effect": (0.5, 0.0),
    "customers": 1000,
    "margin": 100.0,
    "discount_rate": 0.1,
    "horizon": 3,
    "investment": 5000.0,
    "cost_per_period": 500.0,
}

#: The same plan with sampling uncertainty in every link.
UNCERTAIN = {
    **HAND,
    "gap_change": {"reliability": 0.8, "empathy": 0.5},
    "satisfaction_effect": {"reliability": (0.5, 0.1), "empathy": (0.3, 0.08)},
    "retention": None,
    "retention_counts": (1600, 2000),
    "retention_effect": (0.5, 0.12),
    "margin": (100.0, 10.0),
    "horizon": 5,
}


@pytest.fixture(scope="module")
def hand_inputs() -> ReturnInputs:
    return ReturnInputs.from_values(**HAND)


@pytest.fixture(scope="module")
def hand_result(hand_inputs: ReturnInputs) -> ExperienceReturnResult:
    return ExperienceReturn(draws=200).fit(hand_inputs, random_seed=1)


@pytest.fixture(scope="module")
def uncertain_inputs() -> ReturnInputs:
    return ReturnInputs.from_values(**UNCERTAIN)


@pytest.fixture(scope="module")
def uncertain_result(uncertain_inputs: ReturnInputs) -> ExperienceReturnResult:
    return ExperienceReturn(draws=20_000).fit(uncertain_inputs, random_seed=2026)
