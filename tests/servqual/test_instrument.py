"""The SERVQUAL instrument as data and custom instruments (Parasuraman, Zeithaml & Berry 1988)."""

import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import SERVQUAL, Instrument


def test_servqual_has_22_items_in_published_dimensions() -> None:
    """PZB (1988): tangibles 1-4, reliability 5-9, responsiveness 10-13, assurance 14-17,
    empathy 18-22, on a 7-point scale."""
    assert SERVQUAL.items == tuple(f"q{i}" for i in range(1, 23))
    expected = {
        "tangibles": range(1, 5),
        "reliability": range(5, 10),
        "responsiveness": range(10, 14),
        "assurance": range(14, 18),
        "empathy": range(18, 23),
    }
    for dim, numbers in expected.items():
        assert SERVQUAL.dimensions[dim] == tuple(f"q{i}" for i in numbers)
    assert SERVQUAL.scale == (1, 7)
    assert SERVQUAL.midpoint == 4.0
    table = SERVQUAL.table()
    assert len(table) == 22
    assert table.loc["q17", "dimension"] == "assurance"
    assert table["label"].str.len().min() > 0


def test_sem_description_lists_every_dimension() -> None:
    lines = SERVQUAL.sem_description().splitlines()
    assert lines[0] == "tangibles =~ q1 + q2 + q3 + q4"
    assert lines[-1] == "empathy =~ q18 + q19 + q20 + q21 + q22"


def test_dimension_means() -> None:
    inst = Instrument({"a": ["x", "y"], "b": ["z"]})
    frame = pd.DataFrame({"x": [1.0, 3.0], "y": [3.0, 5.0], "z": [2.0, 2.0]})
    means = inst.dimension_means(frame)
    assert means["a"].tolist() == [2.0, 4.0]
    assert means["b"].tolist() == [2.0, 2.0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dimensions": {}}, "non-empty mapping"),
        ({"dimensions": {"a": ["x"], "b": ["x"]}}, "exactly one dimension"),
        ({"dimensions": {"a": "xy"}}, "must list its item columns"),
        ({"dimensions": {"a": ["x"]}, "scale": (5, 1)}, "lowest < highest"),
        ({"dimensions": {"a": ["x"]}, "scale": (1, 6.5)}, "whole numbers"),
        ({"dimensions": {"a": ["x"]}, "labels": {"z": "zz"}}, "no dimension lists"),
    ],
)
def test_bad_instruments_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        Instrument(**kwargs)


def test_check_responses_names_column_and_rows() -> None:
    inst = Instrument({"a": ["x", "y"]}, scale=(1, 5))
    good = pd.DataFrame({"x": [1, 5], "y": [3, 3], "other": ["u", "v"]})
    assert list(inst.check_responses(good).columns) == ["x", "y"]
    with pytest.raises(LoyaltyDataError, match=r"column 'y' lies outside the 1-5 scale.*row 1"):
        inst.check_responses(pd.DataFrame({"x": [1, 5], "y": [3, 6]}))
    with pytest.raises(LoyaltyDataError, match=r"missing column\(s\) \['y'\]"):
        inst.check_responses(pd.DataFrame({"x": [1, 5]}))
    with pytest.raises(LoyaltyDataError, match="column 'x' has missing values"):
        inst.check_responses(pd.DataFrame({"x": [1, None], "y": [3, 3]}))
    with pytest.raises(LoyaltyDataError, match="column 'x' is not a whole number"):
        inst.check_responses(pd.DataFrame({"x": [1, 2.5], "y": [3, 3]}))
    with pytest.raises(LoyaltyDataError, match="must be a pandas DataFrame"):
        inst.check_responses([[1, 2]])  # type: ignore[arg-type]
