"""PLS estimates and assessment on mobi against the SEMinR Python port (stored output).

The reference file ``tests/reference/data/seminr_mobi_pls.json`` was written by
``tests/reference/data/make_seminr_mobi_pls.py`` (seminr 0.2.1, mode A, path weighting).
The model is the package's ECSI template on the shipped mobi data (lower-case names).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.pls import PLS

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "data" / "seminr_mobi_pls.json"


@pytest.fixture(scope="module")
def result(mobi, ecsi_description):
    return PLS(ecsi_description).fit(mobi)


@pytest.fixture(scope="module")
def seminr():
    return json.loads(REFERENCE.read_text())


def _frame(block) -> pd.DataFrame:
    """Construct names to lower case (item names are upper case and stay)."""
    frame = pd.DataFrame(block).astype(float).rename(columns=str.lower)
    if not frame.index[0].isupper():
        frame = frame.rename(index=str.lower)
    return frame


def test_weights_loadings_paths(result, seminr):
    for name, ours in [("weights", result.weights), ("loadings", result.loadings)]:
        theirs = _frame(seminr[name])
        np.testing.assert_allclose(ours.loc[theirs.index, theirs.columns], theirs, atol=1e-7)
    paths = _frame(seminr["paths"])
    np.testing.assert_allclose(
        result.path_coefficients.loc[paths.index, paths.columns], paths, atol=1e-7
    )
    for construct, values in seminr["r_squared"].items():
        assert result.r2[construct.lower()] == pytest.approx(values["Rsq"], abs=1e-8)
        assert result.adjusted_r2[construct.lower()] == pytest.approx(values["AdjRsq"], abs=1e-8)


def test_reliability_and_htmt(result, seminr):
    table = result.reliability()
    for construct, values in seminr["reliability"].items():
        for column, value in values.items():
            assert table.loc[construct.lower(), column] == pytest.approx(value, abs=1e-7)
    htmt = _frame(seminr["htmt"])
    for a in htmt.index:
        for b in htmt.columns:
            if np.isfinite(htmt.loc[a, b]):
                assert result.htmt.loc[a, b] == pytest.approx(htmt.loc[a, b], abs=1e-7)
