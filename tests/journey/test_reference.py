"""Key drivers of the swiss data against an independent base-R computation.

Source: tests/journey/reference/make_swiss_reference.R (R 4.2.2, base R only): LMG as the mean
increase in R^2 from ``lm()`` over all 120 orderings of the five regressors, Johnson's (2000)
relative weights from ``eigen()``; data ``datasets::swiss`` (Mosteller & Tukey 1977). The full
model's R^2 = 0.7067 is the published value of ``summary(lm(Fertility ~ ., swiss))`` (also the
"70.67%" of Grömping 2006's relaimpo examples).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.journey import key_drivers

REFERENCE = Path(__file__).parent / "reference"


@pytest.fixture(scope="module")
def swiss() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "swiss.csv")


@pytest.fixture(scope="module")
def r_values() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "swiss_importance_r.csv", index_col="driver")


@pytest.mark.parametrize(
    ("method", "column"), [("shapley", "lmg"), ("relative_weights", "relative_weight")]
)
def test_swiss_matches_base_r(swiss, r_values, method, column):
    drivers = list(r_values.index)
    result = key_drivers(swiss, outcome="Fertility", drivers=drivers, method=method)
    np.testing.assert_allclose(result.table["estimate"], r_values[column], rtol=0, atol=1e-12)
    assert result.r2 == pytest.approx(r_values["r2"].iloc[0], abs=1e-12)
    assert round(result.r2, 4) == 0.7067
