"""HTMT (Henseler, Ringle & Sarstedt 2015) and the Fornell-Larcker criterion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.sem import htmt


def _tau_equivalent(correlation: float, n: int, seed: int) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    factors = rng.multivariate_normal([0, 0], [[1, correlation], [correlation, 1]], size=n)
    data = {f"a{k}": factors[:, 0] + rng.normal(scale=0.7, size=n) for k in range(3)}
    data |= {f"b{k}": factors[:, 1] + rng.normal(scale=0.7, size=n) for k in range(4)}
    items = {"a": [f"a{k}" for k in range(3)], "b": [f"b{k}" for k in range(4)]}
    return pd.DataFrame(data), items


def test_htmt_recovers_latent_correlation_for_tau_equivalent_items() -> None:
    """Henseler et al. (2015): for tau-equivalent indicators HTMT is a consistent estimator of
    the construct correlation (parameter recovery, true value 0.6)."""
    data, items = _tau_equivalent(0.6, 20000, 1)
    assert htmt(data, items).loc["a", "b"] == pytest.approx(0.6, abs=0.02)


def test_htmt_closed_form_small_example() -> None:
    """Closed form: mean heterotrait correlation / sqrt(product of mean monotrait correlations)."""
    data, items = _tau_equivalent(0.5, 200, 2)
    corr = data.corr()
    hetero = corr.loc[items["a"], items["b"]].to_numpy().mean()
    mono_a = corr.loc[items["a"], items["a"]].to_numpy()[~np.eye(3, dtype=bool)].mean()
    mono_b = corr.loc[items["b"], items["b"]].to_numpy()[~np.eye(4, dtype=bool)].mean()
    expected = hetero / np.sqrt(mono_a * mono_b)
    table = htmt(data, items)
    assert table.loc["a", "b"] == pytest.approx(expected) == table.loc["b", "a"]
    assert np.isnan(table.loc["a", "a"])


def test_validity_flags_highly_correlated_constructs() -> None:
    from loyaltymodels.sem import SEM

    data, _ = _tau_equivalent(0.95, 800, 3)
    fit = SEM("a =~ a0 + a1 + a2\nb =~ b0 + b1 + b2 + b3").fit(data)
    pair = fit.validity().pairs.iloc[0]
    assert pair["htmt_above_085"] and pair["htmt_above_090"]
    assert not pair["fornell_larcker_ok"]
    fine = SEM("a =~ a0 + a1 + a2\nb =~ b0 + b1 + b2 + b3").fit(_tau_equivalent(0.3, 800, 4)[0])
    pair = fine.validity().pairs.iloc[0]
    assert not pair["htmt_above_085"] and pair["fornell_larcker_ok"]
