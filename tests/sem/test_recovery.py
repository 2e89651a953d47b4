"""Parameter recovery on the simulated loyalty survey (true standardized paths 0.28, 0.39,
0.45, R^2 = 0.72: the seed research's population values, tests/reference/PUBLISHED.md)."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels.datasets import simulate_loyalty_survey
from loyaltymodels.sem import SEM, loyalty_model


def _std_paths(fit):
    table = fit.params[(fit.params["op"] == "~") & (fit.params["lval"] == "loyalty")]
    return table.set_index("rval")


def test_simulator_shape_scale_and_truth(survey) -> None:
    data = survey.data
    assert data.shape == (600, 18)
    assert data.min().min() >= 1 and data.max().max() <= 7
    assert all(3 <= len(items) <= 4 for items in survey.items.values())
    phi = np.full((3, 3), 0.35) + 0.65 * np.eye(3)
    paths = survey.true_paths.to_numpy()
    assert survey.true_r2 == pytest.approx(paths @ phi @ paths)
    assert survey.true_r2 == pytest.approx(0.72, abs=0.001)
    mediation = survey.true_mediation
    np.testing.assert_allclose(mediation["direct"] + mediation["indirect"], mediation["total"])


def test_simulator_is_reproducible() -> None:
    a = simulate_loyalty_survey(50, random_seed=3).data
    b = simulate_loyalty_survey(50, random_seed=3).data
    assert a.equals(b)
    assert not a.equals(simulate_loyalty_survey(50, random_seed=4).data)


def test_seed_paths_recovered_within_sampling_error(seed_fit, survey) -> None:
    """n = 600: each standardized path lies within 3 delta-method SEs of its true value."""
    table = _std_paths(seed_fit)
    for name, truth in survey.true_paths.items():
        assert abs(table.loc[name, "std_all"] - truth) < 3 * table.loc[name, "std_all_se"]
    assert seed_fit.r2["loyalty"] == pytest.approx(survey.true_r2, abs=0.08)
    assert seed_fit.fit_indices["cfi"] > 0.95 and seed_fit.fit_indices["rmsea"] < 0.05


@pytest.mark.slow
def test_large_sample_recovers_seed_and_mediated_paths() -> None:
    """n = 40,000: standardized paths within 0.02 of the truth (discretisation of the 7-point
    items biases them by less than 0.01), R^2 within 0.02, mediation split recovered."""
    survey = simulate_loyalty_survey(40_000, random_seed=99)
    items = {k: v for k, v in survey.items.items() if k != "satisfaction"}
    seed = SEM(loyalty_model(items)).fit(survey.data)
    table = _std_paths(seed)
    for name, truth in survey.true_paths.items():
        assert table.loc[name, "std_all"] == pytest.approx(truth, abs=0.02)
    assert seed.r2["loyalty"] == pytest.approx(survey.true_r2, abs=0.02)
    mediated = SEM(loyalty_model(survey.items)).fit(survey.data)
    effects = mediated.effects(bootstrap=0).params.set_index(["from", "to", "effect"])
    for name, row in survey.true_mediation.iterrows():
        assert effects.loc[(name, "loyalty", "direct"), "std_estimate"] == pytest.approx(
            row["direct"], abs=0.02
        )
        assert effects.loc[(name, "loyalty", "indirect"), "std_estimate"] == pytest.approx(
            row["indirect"], abs=0.02
        )


@pytest.mark.slow
def test_bootstrap_interval_coverage() -> None:
    """Coverage of 95% percentile intervals of the value path over 40 surveys of n = 600:
    at least 34 of 40 cover the truth (binomial 0.95: P(< 34) < 0.01)."""
    hits = 0
    for seed in range(40):
        survey = simulate_loyalty_survey(600, random_seed=1000 + seed)
        items = {k: v for k, v in survey.items.items() if k != "satisfaction"}
        fit = SEM(loyalty_model(items)).fit(survey.data)
        effects = fit.effects(bootstrap=200, ci="percentile", random_seed=seed, progress=False)
        row = effects.params.query(
            "`from` == 'value' and to == 'loyalty' and effect == 'direct'"
        ).iloc[0]
        hits += row["std_ci_lower"] <= 0.28 <= row["std_ci_upper"]
    assert hits >= 34
