"""Churn-risk flags: threshold boundaries worked by hand, P(alive) frames, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import risk_from_inactivity, risk_from_p_alive


def test_inactivity_thresholds_are_inclusive_lower_bounds() -> None:
    """With at risk >= 90 and lapsed >= 180: 89 active, 90 at risk, 179 at risk, 180 lapsed."""
    data = pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d"], "days_since_last_purchase": [89, 90, 179, 180]}
    )
    flags = risk_from_inactivity(data)
    assert flags["risk"].tolist() == ["active", "at risk", "at risk", "lapsed"]
    assert list(flags.index) == ["a", "b", "c", "d"]
    assert flags["risk"].cat.ordered


def test_custom_thresholds_in_any_order() -> None:
    data = pd.DataFrame({"weeks": [1, 5, 30]})
    flags = risk_from_inactivity(
        data, inactivity="weeks", customer_id=None, thresholds={"gone": 26, "cooling": 4}
    )
    assert flags["risk"].tolist() == ["active", "cooling", "gone"]


def test_p_alive_flags_from_model_output_frame() -> None:
    """P(alive) below 0.5 is at risk, below 0.2 likely churned; 0.5 itself stays active."""
    summary = pd.DataFrame(
        {"mean": [0.9, 0.5, 0.49, 0.2, 0.19], "lower": [0.8, 0.4, 0.3, 0.1, 0.05]},
        index=pd.Index([1, 2, 3, 4, 5], name="customer_id"),
    )
    flags = risk_from_p_alive(summary)
    assert flags["risk"].tolist() == ["active", "active", "at risk", "at risk", "likely churned"]
    cautious = risk_from_p_alive(summary, column="lower")
    assert cautious["risk"].tolist() == [
        "active",
        "at risk",
        "at risk",
        "likely churned",
        "likely churned",
    ]
    assert flags.index.name == "customer_id"


def test_bad_input() -> None:
    with pytest.raises(LoyaltyDataError, match="negative"):
        risk_from_inactivity(pd.DataFrame({"customer_id": [1], "days_since_last_purchase": [-3]}))
    with pytest.raises(LoyaltyDataError, match="missing column"):
        risk_from_p_alive(pd.DataFrame({"p": [0.3]}))
    with pytest.raises(LoyaltyDataError, match="outside"):
        risk_from_p_alive(pd.DataFrame({"mean": [1.3]}))
    with pytest.raises(LoyaltyDataError, match=r"\[0, 1\]"):
        risk_from_p_alive(pd.DataFrame({"mean": [0.3]}), thresholds={"at risk": 50})
    with pytest.raises(LoyaltyDataError, match="distinct"):
        risk_from_inactivity(
            pd.DataFrame({"customer_id": [1], "days_since_last_purchase": [3]}),
            thresholds={"a": 5, "b": 5},
        )
