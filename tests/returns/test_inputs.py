"""Bad input raises LoyaltyDataError naming the field and the fix, one test per rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.returns import ReturnInputs

from .conftest import HAND


def build(**changes: object) -> ReturnInputs:
    return ReturnInputs.from_values(**{**HAND, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"customers": -5}, "customers must be >= 0"),
        ({"customers": math.nan}, "customers must be a finite number"),
        ({"retention": 1.2}, "retention must lie strictly between 0 and 1"),
        ({"retention": 0.0}, "retention must lie strictly between 0 and 1"),
        ({"retention": (0.8, 0.02)}, "retention_counts"),
        ({"retention": np.array([0.8, 1.1])}, "strictly between 0 and 1"),
        ({"retention": None}, "give the baseline retention once"),
        ({"retention_counts": (80, 100)}, "give the baseline retention once"),
        ({"gap_change": {"tangibles": 1.0}}, "unknown dimension"),
        ({"gap_change": {}}, "gap_change must be a non-empty mapping"),
        ({"gap_change": {"reliability": math.inf}}, "gap_change\\['reliability'\\]"),
        ({"satisfaction_effect": {}}, "satisfaction_effect must be a non-empty mapping"),
        (
            {"satisfaction_effect": {"reliability": (0.5, -0.1), "empathy": 0.3}},
            "negative standard error",
        ),
        ({"retention_effect": (0.5, -0.2)}, "retention_effect has a negative standard error"),
        ({"retention_effect": "strong"}, "retention_effect must be a number"),
        ({"retention_effect": (0.5, math.nan)}, "must be finite"),
        ({"margin": np.array([[1.0, 2.0]])}, "margin draws must be a one-dimensional"),
        ({"margin": np.array([1.0, np.nan])}, "margin draws are not finite"),
        ({"discount_rate": -1.0}, "discount_rate must be > -1"),
        ({"horizon": 0}, "horizon must be a whole number"),
        ({"horizon": 2.5}, "horizon must be a whole number"),
        ({"investment": -1.0}, "investment must be >= 0"),
        ({"cost_per_period": -1.0}, "cost_per_period must be >= 0"),
        ({"investment": 0.0, "cost_per_period": 0.0}, "both 0"),
        ({"horizon": math.inf, "discount_rate": -0.05}, "infinite horizon needs discount_rate"),
        (
            {"horizon": math.inf, "discount_rate": 0.0, "cost_per_period": 10.0},
            "running cost infinite",
        ),
        (
            {"retention_effect": np.ones(10), "margin": np.ones(20)},
            "same length",
        ),
    ],
)
def test_bad_values(changes: dict, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        build(**changes)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ((80.5, 100), "whole numbers"),
        ((120, 100), "0 <= retained <= at_risk"),
        ((0, 0), "0 <= retained <= at_risk"),
        ((100, 100), "strictly between 0 and 1"),
        ((80,), "pair"),
    ],
)
def test_bad_retention_counts(counts: tuple, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        build(retention=None, retention_counts=counts)


def test_bad_prior() -> None:
    with pytest.raises(LoyaltyDataError, match="prior"):
        build(retention=None, retention_counts=(80, 100), prior=0.0)


def test_bad_covariances() -> None:
    dims = ["reliability", "empathy"]
    effects = {"reliability": (0.5, 0.1), "empathy": (0.3, 0.1)}

    def cov(values: list[list[float]], names: list[str] = dims) -> pd.DataFrame:
        return pd.DataFrame(values, index=names, columns=names)

    cases = [
        (np.eye(2), "must be a pandas DataFrame"),
        (cov([[0.01, 0.0], [0.0, 0.01]], ["reliability", "tangibles"]), "unknown dimension"),
        (cov([[0.01, 0.02], [0.02, 0.01]]), "positive semi-definite"),
        (cov([[0.01, 0.001], [0.0, 0.01]]), "symmetric"),
        (cov([[0.04, 0.0], [0.0, 0.01]]), "standard errors"),
        (
            pd.DataFrame(np.eye(2) * 0.01, index=dims, columns=dims[::-1]),
            "same dimensions",
        ),
    ]
    for matrix, message in cases:
        with pytest.raises(LoyaltyDataError, match=message):
            build(satisfaction_effect=effects, satisfaction_effect_cov=matrix)
    drawn = {"reliability": np.array([0.4, 0.5, 0.6]), "empathy": (0.3, 0.1)}
    with pytest.raises(LoyaltyDataError, match="draws"):
        build(
            satisfaction_effect=drawn,
            satisfaction_effect_cov=cov([[0.01, 0.0], [0.0, 0.01]]),
        )


def test_valid_variants_pass() -> None:
    """Numbers, pairs, draws, counts and an infinite horizon with d = 0 are accepted."""
    inputs = build(
        retention=None,
        retention_counts=(800, 1000),
        margin=np.array([90.0, 110.0]),
        horizon=math.inf,
        discount_rate=0.0,
        cost_per_period=0.0,
    )
    assert inputs.retention.beta == (801.0, 201.0)
    assert inputs.margin.estimate == 100.0
    assert inputs.dimensions == ["reliability", "empathy"]
    assert math.isinf(inputs.horizon)
