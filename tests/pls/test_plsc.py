"""Consistent PLS: SEMinR's PLSc on mobi and parameter recovery on simulated populations.

Truth for the recovery tests is a population correlation matrix built from known parameters
(common-factor model for PLSc, composite model for mode B PLS); the data are drawn from it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.pls import PLS

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "data" / "seminr_mobi_pls.json"

# population: xi -> eta1 (0.5); xi -> eta2 (0.3), eta1 -> eta2 (0.4)
PATHS = {("xi", "eta1"): 0.5, ("xi", "eta2"): 0.3, ("eta1", "eta2"): 0.4}
LOADINGS = np.array([0.8, 0.7, 0.6, 0.7])
DESCRIPTION = """
xi =~ x1 + x2 + x3 + x4
eta1 =~ y1 + y2 + y3 + y4
eta2 =~ z1 + z2 + z3 + z4
eta1 ~ xi
eta2 ~ xi + eta1
"""
ITEMS = [f"{p}{k}" for p in "xyz" for k in range(1, 5)]


def _construct_corr() -> np.ndarray:
    r12 = PATHS[("xi", "eta1")]
    r13 = PATHS[("xi", "eta2")] + PATHS[("eta1", "eta2")] * r12
    r23 = PATHS[("xi", "eta2")] * r12 + PATHS[("eta1", "eta2")]
    return np.array([[1.0, r12, r13], [r12, 1.0, r23], [r13, r23, 1.0]])


def _sample(sigma: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(np.zeros(len(sigma)), sigma, size=n)
    return pd.DataFrame(draws, columns=ITEMS)


def test_plsc_matches_seminr_on_mobi(mobi, ecsi_description):
    reference = json.loads(REFERENCE.read_text())["plsc"]
    result = PLS(ecsi_description, consistent=True).fit(mobi)
    paths = pd.DataFrame(reference["paths"]).rename(index=str.lower, columns=str.lower)
    np.testing.assert_allclose(
        result.path_coefficients.loc[paths.index, paths.columns], paths, atol=1e-7
    )
    loadings = pd.DataFrame(reference["loadings"]).rename(columns=str.lower)
    np.testing.assert_allclose(
        result.loadings.loc[loadings.index, loadings.columns], loadings, atol=1e-7
    )
    for construct, values in reference["r_squared"].items():
        assert result.r2[construct.lower()] == pytest.approx(values["Rsq"], abs=1e-8)


def test_plsc_recovers_common_factor_paths_that_pls_attenuates():
    lam = np.kron(np.eye(3), LOADINGS[:, None])
    sigma = lam @ _construct_corr() @ lam.T
    np.fill_diagonal(sigma, 1.0)
    data = _sample(sigma, 20_000, seed=13)
    plsc = PLS(DESCRIPTION, consistent=True).fit(data)
    pls = PLS(DESCRIPTION).fit(data)
    for (cause, outcome), truth in PATHS.items():
        assert plsc.path_coefficients.loc[cause, outcome] == pytest.approx(truth, abs=0.03)
    # plain PLS attenuates the first path (correlation of proxies, not of factors)
    assert pls.path_coefficients.loc["xi", "eta1"] < 0.5 - 0.05
    np.testing.assert_allclose(
        plsc.loadings.loc[["x1", "x2", "x3", "x4"], "xi"], LOADINGS, atol=0.03
    )
    rho_a = plsc.rho_a["xi"]
    truth_rho = LOADINGS.sum() ** 2 / (LOADINGS.sum() ** 2 + (1 - LOADINGS**2).sum())
    assert rho_a == pytest.approx(truth_rho, abs=0.02)


def test_mode_b_recovers_composite_population():
    """Composite population: within-block correlations free, between blocks S w r w' S."""
    rng = np.random.default_rng(5)
    weights_true = [
        np.array([0.5, 0.3, 0.4, 0.2]),
        np.array([0.2, 0.6, 0.3, 0.3]),
        np.array([0.4, 0.4, 0.2, 0.3]),
    ]
    blocks = []
    for _ in range(3):
        a = rng.uniform(0.2, 0.5, size=(4, 4))
        block = (a + a.T) / 2
        np.fill_diagonal(block, 1.0)
        blocks.append(block)
    scaled = [w / np.sqrt(w @ s @ w) for w, s in zip(weights_true, blocks, strict=True)]
    phi = _construct_corr()
    sigma = np.zeros((12, 12))
    for i in range(3):
        for j in range(3):
            rows, cols = slice(4 * i, 4 * i + 4), slice(4 * j, 4 * j + 4)
            if i == j:
                sigma[rows, cols] = blocks[i]
            else:
                loads = np.outer(blocks[i] @ scaled[i], blocks[j] @ scaled[j])
                sigma[rows, cols] = loads * phi[i, j]
    data = _sample(sigma, 20_000, seed=7)
    result = PLS(DESCRIPTION.replace("=~", "<~")).fit(data)
    for (cause, outcome), truth in PATHS.items():
        assert result.path_coefficients.loc[cause, outcome] == pytest.approx(truth, abs=0.03)
    for k, name in enumerate(["xi", "eta1", "eta2"]):
        items = ITEMS[4 * k : 4 * k + 4]
        np.testing.assert_allclose(result.weights.loc[items, name], scaled[k], atol=0.05)
