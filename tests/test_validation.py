import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels import _validation as v


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"a": [1.0, 2.0, np.nan, -1.0], "b": [1, 1, 1, 1], "c": ["x", "y", "z", "w"]}
    )


def test_error_is_a_value_error() -> None:
    assert issubclass(LoyaltyDataError, ValueError)


def test_missing_columns_named(frame: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match=r"missing column\(s\) \['zz'\]"):
        v.check_columns(frame, ["a", "zz"])


def test_nan_rows_named(frame: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match=r"column 'a' has missing values.*row 2"):
        v.check_no_nan(frame, ["a"])


def test_negative_rows_named(frame: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match="column 'a' is negative at row 3"):
        v.check_nonnegative(frame, ["a"])


def test_non_integer_rows_named() -> None:
    with pytest.raises(LoyaltyDataError, match="not a whole number at row 1"):
        v.check_integer(pd.DataFrame({"n": [1.0, 1.5]}), ["n"])


def test_constant_and_non_numeric(frame: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match="constant"):
        v.check_not_constant(frame, ["b"])
    with pytest.raises(LoyaltyDataError, match="column 'c' is not numeric at rows 0, 1, 2, 3"):
        v.check_numeric(frame, ["c"])


def test_range_and_unique() -> None:
    data = pd.DataFrame({"item": [1, 8, 3], "id": [5, 5, 6]})
    with pytest.raises(LoyaltyDataError, match=r"outside the 1-7 scale \[1, 7\] at row 1"):
        v.check_in_range(data, ["item"], 1, 7, what="the 1-7 scale")
    with pytest.raises(LoyaltyDataError, match="duplicate values at rows 0, 1"):
        v.check_unique(data, "id")


def test_describe_rows_truncates() -> None:
    assert v.describe_rows(range(8)) == "rows 0, 1, 2, 3, 4 (and 3 more)"


def test_probability_and_dataframe_checks() -> None:
    assert v.check_probability(0.5, "share") == 0.5
    with pytest.raises(LoyaltyDataError, match="share must be a share"):
        v.check_probability(1.5, "share")
    with pytest.raises(LoyaltyDataError, match="must be a pandas DataFrame"):
        v.check_dataframe([1, 2])
    with pytest.raises(LoyaltyDataError, match="is empty"):
        v.check_dataframe(pd.DataFrame())


def test_infinite_values_are_refused_with_their_rows() -> None:
    from loyaltymodels._validation import check_finite_number, check_no_nan

    frame = pd.DataFrame({"T": [1.0, np.inf, 3.0, -np.inf], "id": ["a", "b", "c", "d"]})
    with pytest.raises(LoyaltyDataError, match=r"column 'T' is infinite .* rows 1, 3"):
        check_no_nan(frame, ["T", "id"])
    with pytest.raises(LoyaltyDataError, match="margin must be a finite number, got nan"):
        check_finite_number(float("nan"), "margin")
    with pytest.raises(LoyaltyDataError, match=r"rate must lie in \[0, 1\]"):
        check_finite_number(2, "rate", low=0, high=1)
    assert check_finite_number(0.5, "rate", low=0, high=1) == 0.5
