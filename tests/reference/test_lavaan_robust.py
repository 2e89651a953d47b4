"""MLM and MLR against stored lavaan 0.6-14 output, one and two groups.

Source: tests/reference/lavaan/robust.R and its CSV output (lavaan version in every row):
Holzinger-Swineford CFA and Bollen's Political Democracy model (one group), the
Holzinger-Swineford CFA by school (configural and metric), and the Satorra-Bentler (2001)
scaled difference test. Compared at lavaan's printed digits (3 decimals).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM, measurement_invariance

LAVAAN = Path(__file__).parent / "lavaan"
SCRIPT = (LAVAAN / "robust.R").read_text()
HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
PD_MODEL = SCRIPT.split('pd_model <- "')[1].split('"')[0]
FITS = {
    "hs_mlm": (HS_MODEL, "hs", {"estimator": "MLM"}),
    "hs_mlr": (HS_MODEL, "hs", {"estimator": "MLR"}),
    "pd_mlm": (PD_MODEL, "pd", {"estimator": "MLM"}),
    "pd_mlr": (PD_MODEL, "pd", {"estimator": "MLR"}),
    "hs_configural_mlm": (HS_MODEL, "hs", {"estimator": "MLM", "group": "school"}),
    "hs_metric_mlm": (
        HS_MODEL,
        "hs",
        {"estimator": "MLM", "group": "school", "group_equal": ["loadings"]},
    ),
    "hs_configural_mlr": (HS_MODEL, "hs", {"estimator": "MLR", "group": "school"}),
    "hs_metric_mlr": (
        HS_MODEL,
        "hs",
        {"estimator": "MLR", "group": "school", "group_equal": ["loadings"]},
    ),
}


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LAVAAN / f"{name}.csv", keep_default_na=False, na_values=["NA"])
    assert (frame["lavaan_version"] == "0.6.14").all()
    return frame


@pytest.fixture(scope="module")
def results() -> dict:
    data = {"hs": load_holzinger_swineford(), "pd": load_political_democracy()}
    return {
        name: SEM(model, **options).fit(data[which])  # type: ignore[call-overload]
        for name, (model, which, options) in FITS.items()
    }


@pytest.mark.parametrize("name", list(FITS))
def test_scaled_and_robust_fit_indices_match_lavaan(results: dict, name: str) -> None:
    reference = _read("robust_fit")
    reference = reference[reference["model"] == name]
    ours = results[name].fit_indices
    for measure, value in zip(reference["measure"], reference["value"], strict=True):
        key = measure.replace("chisq", "chi2").replace(".", "_")
        digits = 4 if "pvalue" in key else 3
        assert round(ours[key], digits) == pytest.approx(round(value, digits), abs=1e-12), (
            name,
            measure,
            ours[key],
            value,
        )


@pytest.mark.parametrize("name", list(FITS))
def test_robust_standard_errors_match_lavaan(results: dict, name: str) -> None:
    reference = _read("robust_params")
    reference = reference[(reference["model"] == name) & reference["op"].isin(["=~", "~", "~~"])]
    params = results[name].params
    if "group" not in params:
        params = params.assign(group=1)
    merged = reference.merge(
        params,
        left_on=["lhs", "op", "rhs", "group"],
        right_on=["lval", "op", "rval", "group"],
        how="left",
    )
    missing = merged["estimate"].isna()
    if missing.any():  # covariances listed the other way round
        swapped = reference[missing.to_numpy()].merge(
            params,
            left_on=["rhs", "op", "lhs", "group"],
            right_on=["lval", "op", "rval", "group"],
            how="left",
        )
        merged = pd.concat([merged[~missing], swapped], ignore_index=True)
    assert merged["estimate"].notna().all()
    free = merged["se_x"] > 0
    np.testing.assert_allclose(merged.loc[free, "se_y"], merged.loc[free, "se_x"], atol=5e-4)


def test_satorra_bentler_2001_difference_in_the_ladder() -> None:
    reference = _read("robust_lrt").set_index("model")
    data = load_holzinger_swineford()
    for estimator in ("MLM", "MLR"):
        ladder = measurement_invariance(
            HS_MODEL, data, group="school", estimator=estimator, levels=["configural", "metric"]
        ).params
        expected = reference.loc[f"hs_metric_{estimator.lower()}"]
        assert round(ladder.loc["metric", "delta_chi2"], 3) == round(expected["chisq_diff"], 3)
        assert ladder.loc["metric", "delta_df"] == expected["df_diff"]
        assert round(ladder.loc["metric", "delta_pvalue"], 4) == round(expected["pvalue"], 4)
