"""Small valid inputs that the cases spoil one way at a time."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd


@cache
def _cdnow() -> pd.DataFrame:
    from loyaltymodels.datasets import load_cdnow_summary

    return load_cdnow_summary(with_spend=True).head(300)


def summary(**changes: Any) -> pd.DataFrame:
    """A CDNOW summary (300 customers) with ``column=(row, value)`` changes applied."""
    frame = _cdnow().copy()
    for column, (row, value) in changes.items():
        if column not in frame.columns:
            frame[column] = 1.0 + (np.arange(len(frame)) % 3)
        if isinstance(value, str):
            frame[column] = frame[column].astype(object)
        elif frame[column].dtype.kind in "iu" and not float(value).is_integer():
            frame[column] = frame[column].astype(float)
        frame.loc[frame.index[row], column] = value
    return frame


@cache
def _donations() -> pd.DataFrame:
    from loyaltymodels.datasets import load_donations

    return load_donations()


def donations() -> pd.DataFrame:
    """The BG/BB donations patterns (with ``weights``)."""
    return _donations().copy()


def retention() -> pd.DataFrame:
    """The published sBG survival counts (two cohorts)."""
    from loyaltymodels.datasets import load_retention

    return load_retention()


@cache
def _records() -> pd.DataFrame:
    from loyaltymodels.datasets import simulate_sbg_cohorts

    records, _ = simulate_sbg_cohorts(cohort_size=200, records=True, random_seed=4)
    return records


def records() -> pd.DataFrame:
    """Per-customer sBG records: ``periods``, ``churned``, ``cohort``."""
    return _records().copy()


@cache
def _panel() -> pd.DataFrame:
    from loyaltymodels.datasets import simulate_subscription_panel

    panel, _ = simulate_subscription_panel(n_customers=200, random_seed=1)
    return panel


def panel() -> pd.DataFrame:
    """A customer-period panel with ``satisfaction``, ``complaint`` and ``plan``."""
    return _panel().copy().astype({"satisfaction": float})


@cache
def _servqual() -> Any:
    from loyaltymodels.datasets import simulate_servqual_survey

    return simulate_servqual_survey(60, random_seed=42)


def servqual() -> Any:
    """A simulated SERVQUAL survey (60 respondents)."""
    return _servqual()


def problems(**changes: Any) -> pd.DataFrame:
    """Damage problem table (two problems) with column changes."""
    frame = pd.DataFrame(
        {
            "incidence": [0.2, 0.1],
            "complaint_rate": [0.25, 0.4],
            "satisfied": [0.6, 0.5],
            "mollified": [0.2, 0.3],
            "dissatisfied": [0.2, 0.2],
        },
        index=pd.Index(["billing", "delivery"], name="problem"),
    )
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object if isinstance(value, str) else float)
        frame.iloc[row, frame.columns.get_loc(column)] = value
    return frame


DAMAGE_VALUES: dict[str, Any] = {
    "customers": 10_000,
    "value": 200.0,
    "loyalty_no_problem": 0.9,
    "loyalty_silent": 0.7,
    "loyalty_satisfied": 0.85,
    "loyalty_mollified": 0.6,
    "loyalty_dissatisfied": 0.3,
}

RETURN_VALUES: dict[str, Any] = {
    "gap_change": {"reliability": 0.8},
    "satisfaction_effect": {"reliability": 0.5},
    "retention": 0.8,
    "retention_effect": 0.5,
    "customers": 1000,
    "margin": 100.0,
    "discount_rate": 0.1,
    "horizon": 3,
    "investment": 5000.0,
}


def transactions() -> pd.DataFrame:
    """A small transaction log: ``id``, ``date`` (ISO strings), ``spend``."""
    return pd.DataFrame(
        {
            "id": [1, 1, 1, 2, 2, 3],
            "date": [
                "2024-01-01",
                "2024-01-15",
                "2024-02-20",
                "2024-01-05",
                "2024-03-01",
                "2024-02-02",
            ],
            "spend": [10.0, 12.5, 8.0, 30.0, 25.0, 5.0],
        }
    )
