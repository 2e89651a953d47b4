"""Bootstrap against SEMinR's bootstrap_model (stored output) and its own invariants.

``tests/reference/data/seminr_mobi_bootstrap.json`` was written by
``make_seminr_mobi_bootstrap.py`` beside it (seminr 0.2.1).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.pls import PLS

REFERENCE = (
    Path(__file__).resolve().parents[1] / "reference" / "data" / "seminr_mobi_bootstrap.json"
)
KINDS = {"paths": "path", "total": "total", "loadings": "loading", "htmt": "htmt"}


@pytest.fixture(scope="module")
def result(mobi, ecsi_description):
    return PLS(ecsi_description).fit(mobi)


@pytest.fixture(scope="module")
def seminr():
    return json.loads(REFERENCE.read_text())


def _lookup(boot, kind: str, key: str):
    source, target = key.split("|")
    source = source if kind == "loading" else source.lower()
    params = boot.params
    rows = params[
        (params["kind"] == kind) & (params["from"] == source) & (params["to"] == target.lower())
    ]
    assert len(rows) == 1, (kind, key)
    return rows.index[0]


def test_same_resamples_as_seminr_give_the_same_bootstrap(result, seminr):
    reference = seminr["same_indices"]
    boot = result.bootstrap(500, ci="percentile", random_seed=2024)
    assert boot.n_failed == reference["fails"] == 0
    checked = 0
    for name, kind in KINDS.items():
        for key, values in reference[name].items():
            row = _lookup(boot, kind, key)
            position = boot.params.index.get_loc(row)
            draws = boot.draws[:, position]
            assert draws.mean() == pytest.approx(values["mean"], abs=1e-6), (kind, key)
            assert draws.std(ddof=1) == pytest.approx(values["sd"], abs=1e-6), (kind, key)
            assert boot.params.loc[row, "ci_lower"] == pytest.approx(values["q025"], abs=1e-6)
            assert boot.params.loc[row, "ci_upper"] == pytest.approx(values["q975"], abs=1e-6)
            checked += 1
    assert checked == 12 + 21 + 24 + 21


def test_independent_runs_agree_within_monte_carlo_error(result, seminr):
    """2,000 resamples each: SEs agree within 4.5 Monte Carlo SDs (SE of an SE ~ SE/sqrt(2B))."""
    reference = seminr["own_seed"]
    boot = result.bootstrap(2000, ci="percentile", random_seed=99)
    for key, values in reference["paths"].items():
        row = _lookup(boot, "path", key)
        ours = boot.params.loc[row]
        mc_sd = values["sd"] * np.sqrt(2.0 / 2000)
        assert abs(ours["se"] - values["sd"]) < 4.5 * mc_sd, key
        assert abs(ours["boot_mean"] - values["mean"]) < 4.5 * np.sqrt(2 / 2000) * values["sd"]


def test_bca_interval_contains_estimate_and_counts(result):
    boot = result.bootstrap(300, ci="bca", random_seed=3)
    paths = boot.summary()
    assert (paths["ci_lower"] <= paths["estimate"]).all()
    assert (paths["estimate"] <= paths["ci_upper"]).all()
    assert boot.n_boot == 300 and boot.n_failed == 0 and boot.draws.shape[0] == 300
    assert set(boot.params["kind"]) == {
        "weight",
        "loading",
        "path",
        "total",
        "indirect",
        "r2",
        "htmt",
    }
    indirect = boot.table("indirect").loc["image -> loyalty"]
    total = result.total_effects.loc["image", "loyalty"]
    assert indirect["estimate"] == pytest.approx(total - 0.19575533, abs=1e-7)


def test_seeded_bootstrap_is_reproducible_and_sign_change_option(result):
    a = result.bootstrap(100, ci="percentile", random_seed=5)
    b = result.bootstrap(100, ci="percentile", random_seed=5, sign_change="construct")
    np.testing.assert_array_equal(
        a.draws, result.bootstrap(100, ci="percentile", random_seed=5).draws
    )
    # mode A weights start at +1 and no construct flips on mobi: both agree
    np.testing.assert_allclose(a.draws, b.draws)


def test_failed_resamples_are_counted(mobi):
    data = mobi.copy()
    data["CUSCO"] = 5
    data.loc[0, "CUSCO"] = 6  # constant in most resamples that miss row 0
    small = PLS("""
        Satisfaction =~ CUSA1 + CUSA2 + CUSA3
        Complaints =~ CUSCO
        Complaints ~ Satisfaction
    """).fit(data)
    boot = small.bootstrap(200, ci="percentile", random_seed=1)
    assert 0 < boot.n_failed < 200
    assert boot.draws.shape[0] == 200 - boot.n_failed


def test_bad_bootstrap_arguments(result):
    with pytest.raises(LoyaltyDataError, match="ci must be"):
        result.bootstrap(100, ci="normal")
    with pytest.raises(LoyaltyDataError, match="at least 10"):
        result.bootstrap(3)
    with pytest.raises(LoyaltyDataError, match="sign_change"):
        result.bootstrap(100, sign_change="individual")


def test_worker_processes_give_the_same_draws(result):
    one = result.bootstrap(1500, ci="percentile", random_seed=8)
    two = result.bootstrap(1500, ci="percentile", random_seed=8, n_jobs=2)
    np.testing.assert_allclose(one.draws, two.draws)


def test_result_saves_and_loads(result, tmp_path):
    from loyaltymodels.pls import PLSResult

    path = tmp_path / "pls.pkl"
    result.save(path)
    loaded = PLSResult.load(path)
    assert loaded.path_coefficients.equals(result.path_coefficients)
    assert loaded.spec.paths == result.spec.paths


def test_n_jobs_means_what_it_means_everywhere():
    import pandas as pd

    from loyaltymodels.pls.bootstrap import bootstrap_pls
    from loyaltymodels.pls.datasets import load_mobi

    model = PLS("Image =~ IMAG1 + IMAG2 + IMAG3\nLoyalty =~ CUSL1 + CUSL2 + CUSL3\nLoyalty ~ Image")
    result = model.fit(load_mobi())
    with pytest.raises(LoyaltyDataError, match="n_jobs"):
        bootstrap_pls(result, 20, n_jobs=-2)
    one = bootstrap_pls(result, 20, random_seed=1, ci="percentile")
    every_core = bootstrap_pls(result, 20, random_seed=1, ci="percentile", n_jobs=-1)
    pd.testing.assert_frame_equal(one.params, every_core.params)
