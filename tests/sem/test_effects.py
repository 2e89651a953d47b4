"""Direct, indirect and total effects and their bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM, EffectsResult, rmsea_interval
from loyaltymodels.sem.effects import bca_interval, percentile_interval

PD_MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
"""


@pytest.fixture(scope="module")
def pd_fit():
    return SEM(PD_MODEL).fit(load_political_democracy())


def _get(effects: EffectsResult, cause: str, outcome: str, kind: str):
    table = effects.params
    return table[
        (table["from"] == cause) & (table["to"] == outcome) & (table["effect"] == kind)
    ].iloc[0]


def test_point_effects_closed_form(pd_fit) -> None:
    """Bollen (1987): indirect ind60 -> dem65 = b(dem60~ind60) * b(dem65~dem60);
    total = direct + indirect."""
    effects = pd_fit.effects(bootstrap=0)
    paths = pd_fit.params[pd_fit.params["op"] == "~"].set_index(["lval", "rval"])["estimate"]
    indirect = paths[("dem60", "ind60")] * paths[("dem65", "dem60")]
    assert _get(effects, "ind60", "dem65", "indirect")["estimate"] == pytest.approx(indirect)
    assert _get(effects, "ind60", "dem65", "total")["estimate"] == pytest.approx(
        indirect + paths[("dem65", "ind60")]
    )
    std = pd_fit.params[pd_fit.params["op"] == "~"].set_index(["lval", "rval"])["std_all"]
    assert _get(effects, "ind60", "dem65", "indirect")["std_estimate"] == pytest.approx(
        std[("dem60", "ind60")] * std[("dem65", "dem60")]
    )
    assert np.isnan(_get(effects, "ind60", "dem65", "indirect")["ci_lower"])


def test_bootstrap_is_reproducible_and_brackets_estimates(pd_fit) -> None:
    first = pd_fit.effects(bootstrap=60, ci="percentile", random_seed=4, progress=False)
    second = pd_fit.effects(bootstrap=60, ci="percentile", random_seed=4, progress=False)
    np.testing.assert_array_equal(first.params["ci_lower"], second.params["ci_lower"])
    assert first.n_resamples == 60 and first.n_failed == 0
    table = first.params
    assert (table["ci_lower"] < table["estimate"]).all() and (
        table["estimate"] < table["ci_upper"]
    ).all()
    assert "60 resamples, 0 failed" in first.to_markdown()


def test_bootstrap_se_agrees_with_delta_method(mediated_fit) -> None:
    """Peer-method check: bootstrap SD of a direct path is close to its information-based SE."""
    effects = mediated_fit.effects(bootstrap=300, ci="percentile", random_seed=9, progress=False)
    row = _get(effects, "relationship", "loyalty", "direct")
    params = mediated_fit.params
    se = params[
        (params["op"] == "~") & (params["lval"] == "loyalty") & (params["rval"] == "relationship")
    ]["se"].iloc[0]
    assert row["se"] == pytest.approx(se, rel=0.2)


def test_parallel_workers_give_the_same_draws(pd_fit) -> None:
    one = pd_fit.effects(bootstrap=20, ci="percentile", random_seed=2, n_jobs=1, progress=False)
    two = pd_fit.effects(bootstrap=20, ci="percentile", random_seed=2, n_jobs=2, progress=False)
    np.testing.assert_allclose(one.params["ci_upper"], two.params["ci_upper"], rtol=1e-9)


def test_bca_with_no_bias_and_no_acceleration_is_percentile() -> None:
    """Efron (1987): with z0 = 0 and a = 0 the BCa interval is the percentile interval."""
    draws = np.concatenate([np.linspace(-2, 2, 1001)])[:, None]
    jack = np.linspace(-1, 1, 51)[:, None]  # symmetric: acceleration 0
    low, high = bca_interval(draws, np.array([0.0]), jack, 0.9)
    plow, phigh = percentile_interval(draws, 0.9)
    assert low[0] == pytest.approx(plow[0], abs=1e-2) and high[0] == pytest.approx(
        phigh[0], abs=1e-2
    )


def test_failed_resamples_are_counted(pd_fit, monkeypatch) -> None:
    from loyaltymodels.sem import bootstrap
    from loyaltymodels.sem.estimation import MLSolution

    calls = {"n": 0}
    original = bootstrap.fit_ml

    def flaky(structure, cov, start, **kwargs):
        calls["n"] += 1
        if calls["n"] % 5 == 0:
            return MLSolution(start, np.inf, False, "forced failure")
        return original(structure, cov, start, **kwargs)

    monkeypatch.setattr(bootstrap, "fit_ml", flaky)
    effects = pd_fit.effects(bootstrap=25, ci="percentile", random_seed=1, n_jobs=1, progress=False)
    assert effects.n_failed == 5
    assert effects.failure_messages == ["forced failure"] * 5
    assert "5 failed" in effects.to_markdown()


def test_effects_bad_input(pd_fit) -> None:
    with pytest.raises(LoyaltyDataError, match="ci must be"):
        pd_fit.effects(bootstrap=10, ci="normal")
    with pytest.raises(LoyaltyDataError, match=">= 0"):
        pd_fit.effects(bootstrap=-1)
    cfa = SEM("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6").fit(load_holzinger_swineford())
    with pytest.raises(LoyaltyDataError, match="no regressions"):
        cfa.effects(bootstrap=0)


def test_former_interval_name_level_still_works_with_a_future_warning(pd_fit) -> None:  # type: ignore[no-untyped-def]
    new = pd_fit.effects(bootstrap=20, ci="percentile", random_seed=2, ci_prob=0.9, progress=False)
    with pytest.warns(FutureWarning, match="ci_prob"):
        old = pd_fit.effects(
            bootstrap=20, ci="percentile", random_seed=2, level=0.9, progress=False
        )
    pd.testing.assert_frame_equal(new.params, old.params)
    assert new.ci_prob == 0.9
    with pytest.warns(FutureWarning, match="ci_prob"):
        assert old.level == 0.9
    with pytest.warns(FutureWarning, match="ci_prob"):
        assert rmsea_interval(85.305521, 24, 301, level=0.9) == rmsea_interval(
            85.305521, 24, 301, ci_prob=0.9
        )
