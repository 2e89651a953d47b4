"""Bad input raises LoyaltyDataError naming what is wrong, where, and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_holzinger_swineford
from loyaltymodels.sem import SEM

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6"


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return load_holzinger_swineford()


def test_items_not_in_data(data: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match=r"missing column\(s\) \['x3'\]"):
        SEM(HS_MODEL).fit(data.drop(columns="x3"))


def test_non_numeric_item(data: pd.DataFrame) -> None:
    bad = data.copy()
    bad["x5"] = bad["x5"].astype(str)
    bad.loc[4, "x5"] = "n/a"
    with pytest.raises(LoyaltyDataError, match=r"column 'x5' is not numeric at row 4"):
        SEM(HS_MODEL).fit(bad)


def test_constant_item(data: pd.DataFrame) -> None:
    bad = data.copy()
    bad["x2"] = 3.0
    with pytest.raises(LoyaltyDataError, match=r"\['x2'\] are constant"):
        SEM(HS_MODEL).fit(bad)


def test_fewer_rows_than_free_parameters(data: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match="12 usable rows but the model has 13 free"):
        SEM(HS_MODEL).fit(data.head(12))


def test_more_parameters_than_moments(data: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match=r"not identified.*4 free parameters.*only 3"):
        SEM("f =~ x1 + x2").fit(data)


def test_empirically_unidentified_model(data: pd.DataFrame) -> None:
    """Two uncorrelated two-indicator factors: df = 2 but each block has 4 parameters for 3
    moments, so the information matrix is singular."""
    with pytest.raises(LoyaltyDataError, match="information matrix is singular"):
        SEM("f =~ x1 + x2\ng =~ x4 + x5\nf ~~ 0*g").fit(data)


def test_not_a_dataframe_and_empty_description() -> None:
    with pytest.raises(LoyaltyDataError, match="pandas DataFrame"):
        SEM(HS_MODEL).fit(np.zeros((10, 6)))  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="description is empty"):
        SEM("  ")


def test_bad_options() -> None:
    with pytest.raises(LoyaltyDataError, match="estimator"):
        SEM(HS_MODEL, estimator="GLS")  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="missing"):
        SEM(HS_MODEL, missing="pairwise")  # type: ignore[arg-type]


def test_all_rows_incomplete(data: pd.DataFrame) -> None:
    bad = data.copy()
    bad["x1"] = np.nan
    with pytest.raises(LoyaltyDataError, match="no complete rows"):
        SEM(HS_MODEL).fit(bad)


def test_bootstrap_needs_complete_data(data: pd.DataFrame) -> None:
    fit = SEM(
        "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\ntextual ~ visual", missing="fiml"
    ).fit(data)
    with pytest.raises(LoyaltyDataError, match="complete data"):
        fit.effects(bootstrap=10)
