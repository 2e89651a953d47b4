"""Cronbach's alpha with Feldt's interval, composite reliability and AVE."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import average_variance_extracted, composite_reliability, cronbach_alpha


def test_alpha_equals_the_covariance_form() -> None:
    """Closed form: alpha = k c / (v + (k - 1) c) with mean item variance v, mean covariance c."""
    rng = np.random.default_rng(5)
    f = rng.normal(size=300)
    items = pd.DataFrame({f"q{j}": f + rng.normal(scale=1 + j / 3, size=300) for j in range(4)})
    cov = items.cov().to_numpy()
    k = 4
    v = np.diag(cov).mean()
    c = cov[~np.eye(k, dtype=bool)].mean()
    out = cronbach_alpha(items)
    assert out["alpha"] == pytest.approx(k * c / (v + (k - 1) * c), rel=1e-12)
    assert out["n_items"] == 4 and out["n"] == 300


def test_feldt_interval_formula() -> None:
    """Feldt, Woodruff & Salih (1987): bounds 1 - (1 - alpha) F_{1-g/2} and F_{g/2},
    F(n-1, (n-1)(k-1))."""
    items = pd.DataFrame(
        {"a": [1, 2, 3, 4, 5, 3], "b": [2, 2, 3, 5, 5, 4], "c": [1, 3, 3, 4, 4, 2]}
    )
    out = cronbach_alpha(items, confidence=0.90)
    n, k = 6, 3
    lower = 1 - (1 - out["alpha"]) * stats.f.ppf(0.95, n - 1, (n - 1) * (k - 1))
    upper = 1 - (1 - out["alpha"]) * stats.f.ppf(0.05, n - 1, (n - 1) * (k - 1))
    assert out["lower"] == pytest.approx(lower, rel=1e-12)
    assert out["upper"] == pytest.approx(upper, rel=1e-12)
    assert out["lower"] < out["alpha"] < out["upper"]


def test_feldt_interval_covers_population_alpha() -> None:
    """Parameter recovery: for parallel normal items the 95% interval covers the true alpha
    (k rho / (1 + (k - 1) rho)) in about 95% of 400 simulated samples."""
    rng = np.random.default_rng(20)
    k, rho, n = 4, 0.4, 80
    true_alpha = k * rho / (1 + (k - 1) * rho)
    cov = np.full((k, k), rho) + (1 - rho) * np.eye(k)
    hits = 0
    for _ in range(400):
        sample = pd.DataFrame(rng.multivariate_normal(np.zeros(k), cov, size=n))
        out = cronbach_alpha(sample)
        hits += out["lower"] <= true_alpha <= out["upper"]
    assert 0.91 <= hits / 400 <= 0.98


def test_alpha_counts_rows_used_and_drops_incomplete() -> None:
    items = pd.DataFrame({"a": [1, 2, 3, 4, None], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    assert cronbach_alpha(items)["n"] == 4


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"a": [1, 2, 3]}), "at least two items"),
        (pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}), "'b'"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": [3, 3, 3, 3]}), "constant"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 1]}), "at least 3"),
    ],
)
def test_alpha_bad_input(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        cronbach_alpha(frame)


def test_alpha_rejects_bad_confidence() -> None:
    with pytest.raises(LoyaltyDataError, match="confidence"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]}), confidence=1.5)


def test_composite_reliability_and_ave_closed_form() -> None:
    """Fornell & Larcker (1981): rho_C = (sum l)^2 / ((sum l)^2 + sum(1 - l^2)), AVE = mean l^2."""
    lam = np.array([0.7, 0.8, 0.9])
    theta = 1 - lam**2
    assert composite_reliability(lam, theta) == pytest.approx(2.4**2 / (2.4**2 + theta.sum()))
    assert average_variance_extracted(lam) == pytest.approx((0.49 + 0.64 + 0.81) / 3)


def test_result_reliability_table(seed_fit) -> None:
    table = seed_fit.reliability()
    assert list(table.index) == sorted(["value", "emotion", "relationship", "loyalty"])
    assert set(table.columns) >= {"alpha", "alpha_lower", "alpha_upper", "rho_c", "ave"}
    assert (table["rho_c"].between(0.7, 1)).all()
    assert (table["ave"].between(0.4, 1)).all()
    direct = cronbach_alpha(seed_fit.data[seed_fit.indicators["value"]])["alpha"]
    assert table.loc["value", "alpha"] == pytest.approx(direct)
