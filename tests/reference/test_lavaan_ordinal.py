"""Ordinal items (WLSMV, DWLS, ULSMV) against stored lavaan 0.6-14 output.

Source: tests/reference/lavaan/ordinal.R and its CSV output (lavaan version in every row): the
Holzinger-Swineford items cut into 3-5 categories at their quantiles (ordinal_hs.csv), a
three-factor CFA (WLSMV, DWLS, ULSMV), an SEM with latent regressions (WLSMV), and two schools
(configural; equal thresholds and loadings). Estimates, standard errors, standardized values,
thresholds, polychoric correlations, lavaan's NACOV and the fit measures are compared at
lavaan's printed digits (3 decimals).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import SEM, measurement_invariance
from loyaltymodels.sem.ordinal_moments import ordinal_moments

LAVAAN = Path(__file__).parent / "lavaan"
SCRIPT = (LAVAAN / "ordinal.R").read_text()
CFA = SCRIPT.split('cfa_model <- "')[1].split('"')[0]
SEM_MODEL = SCRIPT.split('sem_model <- "')[1].split('"')[0]
TWO_GROUPS = {"group": "school"}
FITS = {
    "cfa_wlsmv": (CFA, {"estimator": "WLSMV"}),
    "cfa_dwls": (CFA, {"estimator": "DWLS"}),
    "cfa_ulsmv": (CFA, {"estimator": "ULSMV"}),
    "sem_wlsmv": (SEM_MODEL, {}),
    "configural_wlsmv": (CFA, TWO_GROUPS),
    "metric_wlsmv": (CFA, {**TWO_GROUPS, "group_equal": ["loadings"]}),
    "equal_wlsmv": (CFA, {**TWO_GROUPS, "group_equal": ["thresholds", "loadings"]}),
    "binary_equal_wlsmv": (CFA, {**TWO_GROUPS, "group_equal": ["thresholds", "loadings"]}),
}
BINARY = ["x1", "x4", "x7"]  # made binary (category > 2) in binary_equal_wlsmv
ITEMS = [f"x{i}" for i in range(1, 10)]
# robust CFI/TLI/RMSEA for categorical data (Savalei 2021) are not computed
NOT_COMPUTED = {"cfi.robust", "tli.robust", "rmsea.robust"}


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LAVAAN / f"{name}.csv", keep_default_na=False, na_values=["NA"])
    assert (frame["lavaan_version"] == "0.6.14").all()
    return frame


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(LAVAAN / "ordinal_hs.csv")


@pytest.fixture(scope="module")
def results(data: pd.DataFrame) -> dict:
    binary = data.assign(**{item: (data[item] > 2).astype(int) for item in BINARY})
    return {
        name: SEM(model, ordered=ITEMS, **options).fit(  # type: ignore[call-overload]
            binary if name.startswith("binary") else data
        )
        for name, (model, options) in FITS.items()
    }


def test_thresholds_and_polychoric_correlations_match_lavcor(data: pd.DataFrame) -> None:
    reference = _read("ordinal_sampstat")
    moments = ordinal_moments((data[ITEMS] - 1).to_numpy(), [4, 4, 4, 3, 3, 3, 5, 5, 5])
    np.testing.assert_allclose(moments.statistics, reference["value"], atol=5e-7)
    gamma = _read("ordinal_gamma").drop(columns=["name", "lavaan_version"]).to_numpy()
    np.testing.assert_allclose(moments.gamma, gamma, atol=1e-6)


@pytest.mark.parametrize("name", list(FITS))
def test_fit_measures_match_lavaan(results: dict, name: str) -> None:
    reference = _read("ordinal_fit")
    reference = reference[(reference["model"] == name) & ~reference["measure"].isin(NOT_COMPUTED)]
    ours = results[name].fit_indices
    assert len(reference) >= 10
    for measure, value in zip(reference["measure"], reference["value"], strict=True):
        key = measure.replace("chisq", "chi2").replace(".", "_")
        if np.isnan(value):
            assert np.isnan(ours[key]), (name, measure)
            continue
        digits = 4 if "pvalue" in key else 3
        assert round(ours[key], digits) == pytest.approx(round(value, digits), abs=1e-12), (
            name,
            measure,
            ours[key],
            value,
        )


@pytest.mark.parametrize("name", list(FITS))
def test_estimates_errors_and_thresholds_match_lavaan(results: dict, name: str) -> None:
    reference = _read("ordinal_params")
    reference = reference[reference["model"] == name]
    merged = reference.merge(
        results[name].params,
        left_on=["lhs", "op", "rhs", "group"],
        right_on=["lval", "op", "rval", "group"],
        how="left",
    )
    assert merged["estimate"].notna().all()
    ours = results[name].params
    assert (ours["op"] == "|").sum() == (reference["op"] == "|").sum()
    np.testing.assert_allclose(merged["estimate"], merged["est"], atol=5e-4)
    np.testing.assert_allclose(merged["std_all"], merged["std.all"], atol=5e-4)
    free = merged["free"].astype(bool)
    assert (merged.loc[~free, "se_x"] == 0).all()
    np.testing.assert_allclose(merged.loc[free, "se_y"], merged.loc[free, "se_x"], atol=5e-4)


def test_equal_thresholds_free_scale_factors_and_latent_means(results: dict) -> None:
    params = results["equal_wlsmv"].params
    second = params[params["group"] == 2]
    assert second.loc[second["op"] == "~*~", "free"].all()
    latent_means = second[(second["op"] == "~1") & second["lval"].isin(["visual", "speed"])]
    assert latent_means["free"].all()
    first = params[params["group"] == 1]
    assert not first.loc[first["op"].isin(["~*~", "~1"]), "free"].any()


def test_ordinal_ladder_reproduces_lavtestlrt_scaled_shifted(data: pd.DataFrame) -> None:
    """lavTestLRT (Satorra 2000, scaled-shifted) between the two-school WLSMV fits."""
    reference = _read("ordinal_lrt").set_index(["model", "versus"])
    ladder = measurement_invariance(CFA, data, group="school", ordered=ITEMS).params
    assert list(ladder.index) == ["configural", "metric", "scalar"]
    fit = _read("ordinal_fit").set_index(["model", "measure"])["value"]
    for level, name in (("configural", "configural_wlsmv"), ("metric", "metric_wlsmv")):
        assert round(ladder.loc[level, "chi2_scaled"], 3) == round(fit[name, "chisq.scaled"], 3)
    pairs = {
        "metric": ("metric_wlsmv", "configural_wlsmv"),
        "scalar": ("equal_wlsmv", "metric_wlsmv"),
    }
    for level, key in pairs.items():
        expected = reference.loc[key]
        assert round(ladder.loc[level, "delta_chi2"], 3) == round(expected["chisq_diff"], 3)
        assert ladder.loc[level, "delta_df"] == expected["df_diff"]
        assert round(ladder.loc[level, "delta_pvalue"], 4) == round(expected["pvalue"], 4)
    two = measurement_invariance(
        CFA, data, group="school", ordered=True, levels=["configural", "scalar"]
    )
    assert two.params.loc["scalar", "group_equal"] == "thresholds"
    with pytest.raises(LoyaltyDataError, match="strict"):
        measurement_invariance(CFA, data, group="school", ordered=True, levels=["strict"])
