"""Improper solutions: a Heywood case is flagged on the result and warned about."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.sem import SEM, ImproperSolutionWarning


def _exact_covariance_data(cov: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    """Data whose sample covariance (divisor N) is exactly ``cov``."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, cov.shape[0]))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(z.T @ z / n)).T
    return pd.DataFrame(z @ np.linalg.cholesky(cov).T, columns=["a", "b", "c"])


def test_heywood_case_is_flagged_and_warned() -> None:
    """Closed form: one factor, three indicators with correlations r_ab = r_ac = 0.9 and
    r_bc = 0.7 give lambda_a^2 = r_ab r_ac / r_bc = 81/70, so the residual variance of a is
    1 - 81/70 = -11/70 and its standardized loading sqrt(81/70) = 1.076 (a Heywood case)."""
    cov = np.array([[1.0, 0.9, 0.9], [0.9, 1.0, 0.7], [0.9, 0.7, 1.0]])
    data = _exact_covariance_data(cov, 200, 1)
    with pytest.warns(ImproperSolutionWarning, match="negative variance"):
        fit = SEM("f =~ a + b + c").fit(data)
    residual = fit.params.query("op == '~~' and lval == 'a' and rval == 'a'")["estimate"].iloc[0]
    assert residual == pytest.approx(-11 / 70, abs=1e-6)
    assert any("negative variance estimate: a ~~ a" in p for p in fit.problems)
    loading = fit.params.query("op == '=~' and rval == 'a'")["std_all"].iloc[0]
    assert loading == pytest.approx(np.sqrt(81 / 70), abs=1e-6)
    assert any("standardized loading beyond +/-1" in p for p in fit.problems)
    assert "Improper solution" in fit.to_markdown()


def test_non_positive_definite_latent_covariance_is_flagged() -> None:
    """Two factors whose indicators correlate more across than within factors: the latent
    correlation estimate exceeds 1, so the latent covariance matrix is not positive definite."""
    rng = np.random.default_rng(3)
    f = rng.normal(size=500)
    data = pd.DataFrame({c: f + rng.normal(scale=0.6, size=500) for c in ["a", "b", "c", "d"]})
    data["b"] = data["a"] + rng.normal(scale=0.5, size=500)
    data["d"] = data["c"] + rng.normal(scale=0.5, size=500)
    data[["a", "c"]] = data[["c", "a"]].to_numpy()
    with pytest.warns(ImproperSolutionWarning):
        fit = SEM("f1 =~ a + b\nf2 =~ c + d").fit(data)
    assert any("not positive definite" in p for p in fit.problems)


def test_proper_solution_has_no_problems(seed_fit) -> None:
    assert seed_fit.problems == []
