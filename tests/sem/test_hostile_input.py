"""SEM defects found with hostile input: each case failed (wrong error or silent result) before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_holzinger_swineford
from loyaltymodels.sem import SEM, average_variance_extracted, composite_reliability

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"


def test_infinite_item_value_names_column_and_row() -> None:
    data = load_holzinger_swineford()
    data.loc[5, "x2"] = np.inf
    with pytest.raises(LoyaltyDataError, match=r"column 'x2' has infinite values in rows \[5\]"):
        SEM(HS_MODEL).fit(data)
    with pytest.raises(LoyaltyDataError, match="infinite values"):
        SEM(HS_MODEL, group="school").fit(data)


def test_duplicate_column_names_are_refused() -> None:
    data = load_holzinger_swineford()
    data = pd.concat([data, data[["x1"]]], axis=1)
    with pytest.raises(LoyaltyDataError, match=r"several columns named \['x1'\]"):
        SEM(HS_MODEL).fit(data)


def test_small_sample_is_empirical_under_identification_not_a_model_error() -> None:
    with pytest.raises(LoyaltyDataError, match="identified, but not empirically") as error:
        SEM(HS_MODEL).fit(load_holzinger_swineford().head(25))
    assert "fix one loading per factor" not in str(error.value)
    assert "With 25 rows" in str(error.value)


def test_extreme_value_rows_are_named() -> None:
    data = load_holzinger_swineford()
    data.loc[3, "x1"] = 1e12
    with pytest.raises(LoyaltyDataError, match=r"rows \[3\] hold extreme values"):
        SEM(HS_MODEL).fit(data)


def test_truly_unidentified_model_is_still_called_not_identified() -> None:
    model = "f =~ x1 + x2\ng =~ x3 + x4\nf ~~ 0*g"  # two-indicator factors, uncorrelated
    with pytest.raises(LoyaltyDataError, match="not identified: the information matrix"):
        SEM(model).fit(load_holzinger_swineford())


def test_na_frees_the_first_loading_as_lavaan() -> None:
    # lavaan 0.6-14: f =~ NA*x1 + x2 + x3; f ~~ 1*f gives loadings 0.724, 0.563, 0.801
    result = SEM("f =~ NA*x1 + x2 + x3\nf ~~ 1*f").fit(load_holzinger_swineford())
    loadings = result.params[result.params["op"] == "=~"]
    assert loadings["free"].all()
    np.testing.assert_allclose(loadings["estimate"], [0.724, 0.563, 0.801], atol=5e-4)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: average_variance_extracted([1.5, 0.8, 0.9]), r"must lie in \[-1, 1\]"),
        (lambda: average_variance_extracted([]), "empty"),
        (lambda: average_variance_extracted([0.7, np.nan]), "missing or infinite"),
        (lambda: composite_reliability([0.8, 0.7], [0.36]), "2 loadings but 1 error"),
        (lambda: composite_reliability([0.8, 0.7], [0.36, -0.1]), "must be >= 0"),
        (lambda: composite_reliability([1.2, 0.7], [0.36, 0.5]), r"must lie in \[-1, 1\]"),
    ],
)
def test_reliability_helpers_check_their_input(call: object, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        call()  # type: ignore[operator]
