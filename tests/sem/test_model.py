"""SEM fitting: parameter table, R-squared, FIML, listwise counts, display and save/load."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM, SEMResult
from loyaltymodels.sem.fit_indices import FIT_INDEX_NAMES

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"


@pytest.fixture(scope="module")
def hs_data() -> pd.DataFrame:
    return load_holzinger_swineford()


@pytest.fixture(scope="module")
def hs(hs_data: pd.DataFrame) -> SEMResult:
    return SEM(HS_MODEL).fit(hs_data)


def test_params_columns_and_fit_index_names(hs: SEMResult) -> None:
    for column in ["lval", "op", "rval", "estimate", "se", "z", "pvalue", "std_all", "std_all_se"]:
        assert column in hs.params.columns
    assert tuple(hs.fit_indices.index) == FIT_INDEX_NAMES
    fixed = hs.params[~hs.params["free"]]
    assert (fixed["estimate"] == 1.0).all() and fixed["se"].isna().all()


def test_standard_errors_match_finite_difference_hessian(hs: SEMResult) -> None:
    """Closed form: at the ML estimate of a correctly specified covariance structure the
    expected information is (1/2) tr(S^-1 dS S^-1 dS); check it against the numerical Hessian
    of N/2 * F_ML at the saturated point (the implied covariance)."""
    structure, theta = hs.structure, hs.theta
    sigma, _ = structure.implied(theta)
    logdet = np.linalg.slogdet(sigma)[1]
    q = theta.size
    hessian = np.empty((q, q))
    for k in range(q):
        step = 1e-5
        up, down = theta.copy(), theta.copy()
        up[k] += step
        down[k] -= step
        hessian[:, k] = (structure.ml_gradient(up, sigma) - structure.ml_gradient(down, sigma)) / (
            2 * step
        )
    info = structure.expected_information(theta)
    np.testing.assert_allclose(hessian / 2, info, rtol=1e-4, atol=1e-6)
    assert np.isfinite(logdet)


def test_r2_of_indicators_is_one_minus_std_residual(hs: SEMResult) -> None:
    resid = hs.params[(hs.params["op"] == "~~") & (hs.params["lval"] == "x4")]
    assert hs.r2["x4"] == pytest.approx(1 - resid["std_all"].iloc[0])


def test_r2_of_endogenous_latents() -> None:
    fit = SEM("ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem60 ~ ind60").fit(
        load_political_democracy()
    )
    path = fit.params[fit.params["op"] == "~"]["std_all"].iloc[0]
    assert fit.r2["dem60"] == pytest.approx(path**2)


def test_listwise_counts_dropped_rows(hs_data: pd.DataFrame) -> None:
    data = hs_data.copy()
    data.loc[[3, 10, 11], "x5"] = np.nan
    fit = SEM(HS_MODEL).fit(data)
    assert fit.n_dropped == 3 and fit.n == len(data) - 3
    assert "3 dropped" in fit.to_markdown()


def test_fiml_equals_ml_on_complete_data(hs: SEMResult, hs_data: pd.DataFrame) -> None:
    """Closed form: with no missing values FIML with saturated means is ML.

    The SRMR of the model with means counts the p mean residuals (zero here) beside the
    p(p+1)/2 covariance residuals, so it is ML's SRMR times sqrt(45/54) for 9 items.
    """
    fiml = SEM(HS_MODEL, missing="fiml").fit(hs_data)
    np.testing.assert_allclose(fiml.params["estimate"], hs.params["estimate"], atol=1e-5)
    for index in ["chi2", "loglik", "loglik_h1", "cfi", "tli", "rmsea"]:
        assert fiml.fit_indices[index] == pytest.approx(hs.fit_indices[index], abs=1e-5)
    expected_srmr = hs.fit_indices["srmr"] * np.sqrt(45 / 54)
    assert fiml.fit_indices["srmr"] == pytest.approx(expected_srmr, abs=1e-5)


def test_fiml_uses_incomplete_rows(hs_data: pd.DataFrame) -> None:
    data = hs_data.copy()
    rng = np.random.default_rng(3)
    data.loc[rng.random(len(data)) < 0.2, "x2"] = np.nan
    fiml = SEM(HS_MODEL, missing="fiml").fit(data)
    listwise = SEM(HS_MODEL).fit(data)
    assert fiml.n == len(data) and fiml.n_dropped == 0
    assert listwise.n_dropped == data["x2"].isna().sum()
    # observed values are not wasted: the x2 loading keeps a smaller SE than with listwise
    se = {
        name: fit.params.query("op == '=~' and rval == 'x5'")["se"].iloc[0]
        for name, fit in {"fiml": fiml, "listwise": listwise}.items()
    }
    assert se["fiml"] < se["listwise"]


def test_labels_constrain_equal_parameters(hs_data: pd.DataFrame) -> None:
    fit = SEM("visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + x5 + x6").fit(hs_data)
    loadings = fit.params.query("op == '=~' and rval in ['x2', 'x3']")
    assert loadings["estimate"].nunique() == 1
    assert set(loadings["label"]) == {"a"}


def test_summary_markdown_and_save_load(hs: SEMResult, tmp_path) -> None:
    text = hs.to_markdown()
    assert "Chi-square 85.306 on 24 df" in text and "### Latent variables" in text
    pd.testing.assert_frame_equal(hs.summary(), hs.params)  # a read-only copy of the table
    path = tmp_path / "hs.pkl"
    hs.save(path)
    loaded = SEMResult.load(path)
    pd.testing.assert_frame_equal(loaded.params, hs.params)


def test_validity_tables(hs: SEMResult) -> None:
    tables = hs.validity()
    assert tables.fornell_larcker.loc["visual", "visual"] == pytest.approx(
        np.sqrt(hs.reliability().loc["visual", "ave"])
    )
    assert len(tables.pairs) == 3
    assert {"htmt_above_085", "htmt_above_090", "fornell_larcker_ok"} <= set(tables.pairs)
