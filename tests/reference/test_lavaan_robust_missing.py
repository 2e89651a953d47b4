"""MLR with missing values (FIML) against stored lavaan 0.6-14 output.

Source: tests/reference/lavaan/robust_missing.R and its CSV output (lavaan version in every
row): the Holzinger-Swineford CFA on HolzingerSwineford1939 with 10% of x1-x9 deleted at
random (seed 20261202, the data stored as robust_missing_data.csv), fitted with
``estimator = "MLR", missing = "ml"``: Huber-White SEs from the observed information, the
Yuan-Bentler scaled test (``yuan.bentler.mplus``) and the FIML-corrected robust CFI, TLI and
RMSEA, and the SRMR, which under FIML compares the EM moments with the model's, means
included. Compared at lavaan's printed digits (3 decimals; p-values 4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.sem import SEM

LAVAAN = Path(__file__).parent / "lavaan"
HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
MEASURES = [
    "chisq",
    "df",
    "pvalue",
    "chisq.scaled",
    "pvalue.scaled",
    "chisq.scaling.factor",
    "cfi",
    "tli",
    "rmsea",
    "cfi.scaled",
    "tli.scaled",
    "rmsea.scaled",
    "cfi.robust",
    "tli.robust",
    "rmsea.robust",
    "baseline.chisq",
    "baseline.chisq.scaled",
    "baseline.chisq.scaling.factor",
    "srmr",
    "logl",
    "aic",
    "bic",
]


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LAVAAN / f"{name}.csv", keep_default_na=False, na_values=["NA"])
    if "lavaan_version" in frame:
        assert (frame["lavaan_version"] == "0.6.14").all()
    return frame


@pytest.fixture(scope="module")
def mlr_fiml():  # type: ignore[no-untyped-def]
    data = _read("robust_missing_data")
    assert data[[f"x{i}" for i in range(1, 10)]].isna().any(axis=None)
    return SEM(HS_MODEL, estimator="MLR", missing="fiml").fit(data)


@pytest.mark.parametrize("measure", MEASURES)
def test_mlr_fiml_fit_indices_match_lavaan(mlr_fiml, measure: str) -> None:  # type: ignore[no-untyped-def]
    reference = _read("robust_missing_fit")
    reference = reference[reference["model"] == "hs_fiml_mlr"].set_index("measure")["value"]
    key = measure.replace("chisq", "chi2").replace("logl", "loglik").replace(".", "_")
    digits = 4 if "pvalue" in key else 3
    ours = float(mlr_fiml.fit_indices[key])
    assert round(ours, digits) == pytest.approx(round(reference[measure], digits), abs=1e-12)


def test_mlr_fiml_estimates_and_robust_standard_errors_match_lavaan(mlr_fiml) -> None:  # type: ignore[no-untyped-def]
    reference = _read("robust_missing_params")
    reference = reference[
        (reference["model"] == "hs_fiml_mlr") & reference["op"].isin(["=~", "~~"])
    ]
    params = mlr_fiml.params
    keys = {(r.lval, r.op, r.rval): r for r in params.itertuples()}
    for row in reference.itertuples():
        ours = keys.get((row.lhs, row.op, row.rhs)) or keys[(row.rhs, row.op, row.lhs)]
        assert round(ours.estimate, 3) == pytest.approx(round(row.est, 3), abs=1e-12)
        if row.se > 0:
            assert round(ours.se, 3) == pytest.approx(round(row.se, 3), abs=1e-12), row


def test_mlr_fiml_standard_errors_differ_from_ml_fiml(mlr_fiml) -> None:  # type: ignore[no-untyped-def]
    ml = SEM(HS_MODEL, missing="fiml").fit(_read("robust_missing_data"))
    np.testing.assert_allclose(ml.params["estimate"], mlr_fiml.params["estimate"], atol=1e-6)
    free = ml.params["free"]
    assert not np.allclose(ml.params.loc[free, "se"], mlr_fiml.params.loc[free, "se"], atol=1e-3)
