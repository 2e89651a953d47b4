"""Results declared frozen are read-only once built, and their tables cannot be changed."""

from __future__ import annotations

import dataclasses
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels._result import Result
from tests.result_examples import EXAMPLES, assert_refuses_assignment


@dataclasses.dataclass(repr=False)
class FrozenExample(Result, frozen=True):
    """A small frozen result: one table, one array, one derived value."""

    values: np.ndarray
    params: pd.DataFrame = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.params = pd.DataFrame({"estimate": self.values})

    @cached_property
    def total(self) -> float:
        return float(self.values.sum())


@dataclasses.dataclass(repr=False)
class OpenExample(Result):
    """A result class that has not opted in stays writable."""

    params: pd.DataFrame


def test_assigning_or_deleting_an_attribute_names_it_and_says_results_are_read_only() -> None:
    result = FrozenExample(np.array([1.0, 2.0]))
    with pytest.raises(AttributeError, match=r"FrozenExample\.params .*read-only"):
        result.params = pd.DataFrame()
    with pytest.raises(AttributeError, match=r"FrozenExample\.values .*read-only"):
        del result.values
    with pytest.raises(AttributeError, match=r"FrozenExample\.new .*read-only"):
        result.new = 1


def test_the_constructor_and_post_init_may_set_attributes_and_cached_properties_work() -> None:
    result = FrozenExample(np.array([1.0, 2.0]))
    assert result.params["estimate"].tolist() == [1.0, 2.0]
    assert result.total == 3.0
    assert result.total == 3.0
    assert dataclasses.replace(result, values=np.array([5.0])).total == 5.0


def test_tables_and_arrays_handed_out_cannot_change_the_result() -> None:
    result = FrozenExample(np.array([1.0, 2.0]))
    table = result.params
    table.loc[0, "estimate"] = 99.0
    table["extra"] = 1
    assert result.params["estimate"].tolist() == [1.0, 2.0]
    assert list(result.params.columns) == ["estimate"]
    with pytest.raises(ValueError, match="read-only"):
        result.values[0] = 99.0
    assert result.values.tolist() == [1.0, 2.0]


def test_result_classes_opt_in_and_others_stay_writable() -> None:
    assert FrozenExample.frozen and not OpenExample.frozen and not Result.frozen
    open_result = OpenExample(pd.DataFrame({"estimate": [1.0]}))
    open_result.params = pd.DataFrame({"estimate": [2.0]})
    assert open_result.params["estimate"].tolist() == [2.0]


def test_a_loaded_frozen_result_is_read_only_too(tmp_path: Path) -> None:
    result = EXAMPLES["nps"]()
    result.save(tmp_path / "frozen.lmr")
    loaded = type(result).load(tmp_path / "frozen.lmr")
    assert loaded.params.equals(result.params)
    with pytest.raises(AttributeError, match="read-only"):
        loaded.params = pd.DataFrame()


FROZEN_KINDS = [
    "servqual_gaps",
    "servqual_tolerance",
    "servqual_reliability",
    "servqual_ipa",
    "servqual_segments",
    "nps",
    "nps_bayesian",
    "loyalty_index",
    "damage",
    "damage_what_if",
    "damage_sensitivity",
    "experience_return",
    "plan_comparison",
    "pls",
    "pls_bootstrap",
    "pls_predict",
    "pls_ipma",
    "pls_mga",
    "pls_micom",
    "key_drivers",
    "journey_flow",
    "control_chart",
]


@pytest.mark.parametrize("kind", FROZEN_KINDS)
def test_every_result_outside_the_model_families_is_read_only(kind: str) -> None:
    result = EXAMPLES[kind]()
    assert_refuses_assignment(result, params=None)
    before = result.summary().copy()
    handed_out = result.summary()
    for column in list(handed_out.columns):
        del handed_out[column]
    pd.testing.assert_frame_equal(result.summary(), before)


def test_pickled_and_copied_results_stay_read_only() -> None:
    import copy
    import pickle

    result = FrozenExample(np.array([1.0, 2.0]))
    for other in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert other.params.equals(result.params)
        with pytest.raises(AttributeError, match="read-only"):
            other.values = np.zeros(1)


@pytest.mark.parametrize("kind", ["bgnbd_mle", "pareto_nbd", "bgbb", "gamma_gamma"])
def test_clv_results_are_read_only_and_still_predict(kind: str) -> None:
    result = EXAMPLES[kind]()
    assert_refuses_assignment(result, params=None, n_customers=0)
    before = result.data.copy()
    handed_out = result.data
    handed_out[handed_out.columns[0]] = -1
    pd.testing.assert_frame_equal(result.data, before)
    predict = result.expected_spend if kind == "gamma_gamma" else result.probability_alive
    table = predict(max_draws=10)
    assert np.isfinite(table["mean"].to_numpy()).all()
