"""Loyalty index: hand-computed 0-100 rescaling (Fornell et al. 1996) and weights."""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import LoyaltyIndexResult, loyalty_index, weights_from_sem

DATA = pd.DataFrame(
    {"buy1": [7, 1, 4], "buy2": [5, 3, 4], "recommend": [7, 4, 1], "feel": [1, 7, 4]},
    index=pd.Index(["r1", "r2", "r3"], name="respondent"),
)
DIMENSIONS = {
    "behavioural": ["buy1", "buy2"],
    "attitudinal": ["recommend"],
    "emotional": ["feel"],
}


def test_equal_weights_match_hand_computation() -> None:
    """Rescale 100 (x - 1) / 6. Respondent r1: behavioural mean(100, 66.67) = 83.33,
    attitudinal 100, emotional 0; index (83.33 + 100 + 0) / 3 = 61.11.
    """
    result = loyalty_index(DATA, DIMENSIONS)
    assert isinstance(result, LoyaltyIndexResult)
    row = result.scores.loc["r1"]
    assert row["behavioural"] == pytest.approx(250 / 3)
    assert row["attitudinal"] == 100.0
    assert row["emotional"] == 0.0
    assert row["loyalty_index"] == pytest.approx((250 / 3 + 100) / 3)
    assert result.weights.tolist() == pytest.approx([1 / 3] * 3)
    assert result.params.loc["loyalty_index", "mean"] == pytest.approx(
        result.scores["loyalty_index"].mean()
    )


def test_user_weights_are_normalised() -> None:
    """Weights 2 : 1 : 1 -> 0.5, 0.25, 0.25. Respondent r2: behavioural mean(0, 33.33) = 16.67,
    attitudinal 50, emotional 100; index 0.5 x 16.67 + 0.25 x 50 + 0.25 x 100 = 45.83.
    """
    result = loyalty_index(
        DATA, DIMENSIONS, weights={"behavioural": 2, "attitudinal": 1, "emotional": 1}
    )
    assert result.scores.loc["r2", "loyalty_index"] == pytest.approx(0.5 * 50 / 3 + 12.5 + 25)


def test_per_column_scales() -> None:
    data = pd.DataFrame({"ltr": [10, 0], "buy": [5, 1]})
    result = loyalty_index(
        data,
        {"attitudinal": ["ltr"], "behavioural": ["buy"]},
        scale={"ltr": (0, 10), "buy": (1, 5)},
    )
    assert result.scores["loyalty_index"].tolist() == [100.0, 0.0]


def test_weights_from_a_fitted_sem_recover_seed_paths() -> None:
    """Recovery: the simulated loyalty survey's standardized paths 0.28, 0.39, 0.45 give the
    weights 0.28/1.12 = 0.25, 0.39/1.12 = 0.348, 0.45/1.12 = 0.402 (within sampling error).
    """
    sem = pytest.importorskip("loyaltymodels.sem")
    from loyaltymodels.datasets import simulate_loyalty_survey

    survey = simulate_loyalty_survey(1500, random_seed=7)
    items = {k: v for k, v in survey.items.items() if k != "satisfaction"}
    fitted = sem.SEM(sem.loyalty_model(items)).fit(survey.data)
    weights = weights_from_sem(fitted, "loyalty")
    truth = survey.true_paths / survey.true_paths.sum()
    for dimension in ("value", "emotion", "relationship"):
        assert weights[dimension] == pytest.approx(truth[dimension], abs=0.06)
    assert weights.sum() == pytest.approx(1.0)
    dims = {k: items[k] for k in ("value", "emotion", "relationship")}
    index = loyalty_index(survey.data, dims, weights=weights)
    assert index.weights.to_dict() == pytest.approx(weights.to_dict())


def test_bad_input() -> None:
    with pytest.raises(LoyaltyDataError, match="outside"):
        loyalty_index(DATA.assign(feel=[8, 1, 1]), DIMENSIONS)
    with pytest.raises(LoyaltyDataError, match="missing"):
        loyalty_index(DATA.assign(feel=[None, 1, 1]), DIMENSIONS)
    with pytest.raises(LoyaltyDataError, match="exactly the dimensions"):
        loyalty_index(DATA, DIMENSIONS, weights={"behavioural": 1})
    with pytest.raises(LoyaltyDataError, match="non-negative"):
        loyalty_index(
            DATA, DIMENSIONS, weights={"behavioural": 1, "attitudinal": -1, "emotional": 1}
        )
    with pytest.raises(LoyaltyDataError, match="indicator columns"):
        loyalty_index(DATA, {"behavioural": "buy1"})
    with pytest.raises(LoyaltyDataError, match="high > low"):
        loyalty_index(DATA, DIMENSIONS, scale=(7, 1))


def test_weights_from_sem_bad_input() -> None:
    class Fitted:
        params = pd.DataFrame(
            {
                "lval": ["loyalty", "loyalty"],
                "op": ["~", "~"],
                "rval": ["value", "emotion"],
                "std_all": [0.4, -0.1],
            }
        )

    with pytest.raises(LoyaltyDataError, match="non-negative"):
        weights_from_sem(Fitted(), "loyalty")
    with pytest.raises(LoyaltyDataError, match="no regression"):
        weights_from_sem(Fitted(), "satisfaction")
    with pytest.raises(LoyaltyDataError, match="no path"):
        weights_from_sem(Fitted(), "loyalty", dimensions=["price"])
    with pytest.raises(LoyaltyDataError, match="fitted SEM"):
        weights_from_sem(object(), "loyalty")
