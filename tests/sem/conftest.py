"""Fitted models shared by the SEM tests (fitted once per module that uses them)."""

from __future__ import annotations

import pytest

from loyaltymodels.datasets import SimulatedLoyaltySurvey, simulate_loyalty_survey
from loyaltymodels.sem import SEM, SEMResult, loyalty_model


@pytest.fixture(scope="session")
def survey() -> SimulatedLoyaltySurvey:
    return simulate_loyalty_survey(600, random_seed=11)


@pytest.fixture(scope="session")
def seed_items(survey: SimulatedLoyaltySurvey) -> dict[str, list[str]]:
    return {k: v for k, v in survey.items.items() if k != "satisfaction"}


@pytest.fixture(scope="session")
def seed_fit(survey: SimulatedLoyaltySurvey, seed_items: dict[str, list[str]]) -> SEMResult:
    return SEM(loyalty_model(seed_items)).fit(survey.data)


@pytest.fixture(scope="session")
def mediated_fit(survey: SimulatedLoyaltySurvey) -> SEMResult:
    return SEM(loyalty_model(survey.items)).fit(survey.data)
