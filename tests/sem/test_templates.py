"""Model templates: loyalty model and ECSI."""

from __future__ import annotations

import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import SEM, ecsi_model, loyalty_model
from loyaltymodels.sem.templates import ECSI_CONSTRUCTS


def test_loyalty_model_with_satisfaction_mediator(survey) -> None:
    spec = loyalty_model(survey.items)
    assert "satisfaction ~ value + emotion + relationship" in spec
    assert "loyalty ~ value + emotion + relationship + satisfaction" in spec
    without = loyalty_model(survey.items, satisfaction=False)
    assert "satisfaction" not in without


def test_loyalty_model_bad_mapping() -> None:
    with pytest.raises(LoyaltyDataError, match=r"lacks construct\(s\) \['loyalty'\]"):
        loyalty_model({"value": ["v1"], "emotion": ["e1"], "relationship": ["r1"]})
    with pytest.raises(LoyaltyDataError, match="not valid variable names"):
        loyalty_model(
            {"value": ["v 1"], "emotion": ["e1"], "relationship": ["r1"], "loyalty": ["l1"]}
        )
    with pytest.raises(LoyaltyDataError, match="has no items"):
        loyalty_model({"value": [], "emotion": ["e1"], "relationship": ["r1"], "loyalty": ["l1"]})


def test_ecsi_model_structure_and_fit(survey) -> None:
    """Tenenhaus et al. (2005): six structural equations among seven constructs."""
    items = {c: [f"{c}{k}" for k in (1, 2, 3)] for c in ECSI_CONSTRUCTS}
    spec = ecsi_model(items)
    regressions = [line for line in spec.splitlines() if " ~ " in line]
    assert len(regressions) == 6
    assert "satisfaction ~ image + expectation + quality + value" in regressions
    with pytest.raises(LoyaltyDataError, match="lacks construct"):
        ecsi_model({"image": ["i1"]})


def test_template_fits(seed_fit) -> None:
    assert set(seed_fit.latents) == {"value", "emotion", "relationship", "loyalty"}
    assert seed_fit.converged
    assert isinstance(
        SEM(
            loyalty_model(
                {
                    "value": ["v1", "v2", "v3"],
                    "emotion": ["e1", "e2", "e3"],
                    "relationship": ["r1", "r2", "r3"],
                    "loyalty": ["l1", "l2", "l3"],
                }
            )
        ),
        SEM,
    )
