"""Bootstrap of defined parameters in a two-group model.

Checks: a bootstrap refit equals a fit from scratch on the same resampled rows (exact to the
refit tolerance); the bootstrap SDs agree with the delta-method SEs (lavaan's for ``:=``
rows; large-sample equivalence, Sobel 1982); intervals are reproducible with a seed and BCa
runs its jackknife; bad arguments are refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import SEM
from loyaltymodels.sem.defined import definition_labels, definition_values
from loyaltymodels.sem.group_bootstrap import GroupRefit
from loyaltymodels.sem.groups import GroupModel, sample_moments

DESCRIPTION = "\n".join(
    [
        "X =~ x1 + x2 + x3",
        "M =~ m1 + m2 + m3",
        "Y =~ y1 + y2 + y3",
        "M ~ c(a1, a2)*X",
        "Y ~ c(b1, b2)*M + X",
        "ind1 := a1*b1",
        "ind2 := a2*b2",
        "diff := ind1 - ind2",
    ]
)


def _simulate(n: int, seed: int) -> pd.DataFrame:
    """Segments A (a = 0.5, b = 0.4) and B (a = 0.3, b = 0.6); three items per factor."""
    rng = np.random.default_rng(seed)
    paths = np.array([[0.5, 0.4], [0.3, 0.6]]).repeat(n, axis=0)
    x = rng.normal(size=2 * n)
    m = paths[:, 0] * x + rng.normal(scale=0.8, size=2 * n)
    y = paths[:, 1] * m + 0.1 * x + rng.normal(scale=0.8, size=2 * n)
    scores = np.repeat(np.column_stack([x, m, y]), 3, axis=1)
    items = scores * np.tile([1.0, 0.8, 0.9], 3) + rng.normal(scale=0.5, size=(2 * n, 9))
    columns = [f"{name}{i}" for name in "xmy" for i in (1, 2, 3)]
    return pd.DataFrame(items, columns=columns).assign(segment=np.repeat(["A", "B"], n))


@pytest.fixture(scope="module")
def two_groups():  # type: ignore[no-untyped-def]
    return SEM(DESCRIPTION, group="segment").fit(_simulate(250, 11))


def test_refit_equals_a_fit_from_scratch_on_the_same_rows(two_groups) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    rows = [rng.integers(0, len(block), len(block)) for block in two_groups.blocks]
    model = GroupModel(two_groups.table, two_groups.observed, two_groups.latents, 2)
    label_index, fixed = definition_labels(two_groups.table)
    values_at = definition_values([("ind1", "a1*b1"), ("ind2", "a2*b2")], label_index, fixed)

    def statistic(theta: np.ndarray) -> np.ndarray:
        values = values_at(theta, fixed)
        return np.array([values["ind1"], values["ind2"]])

    information = model.information(two_groups.theta, sample_moments(two_groups.blocks))
    theta, message = GroupRefit(model, two_groups.blocks, two_groups.theta, information)(rows)
    assert theta is not None, message
    draws = [statistic(theta)]
    resampled = pd.concat(
        [
            pd.DataFrame(block[r], columns=two_groups.observed).assign(segment=level)
            for block, r, level in zip(
                two_groups.blocks, rows, two_groups.group_levels, strict=True
            )
        ],
        ignore_index=True,
    )
    scratch = SEM(DESCRIPTION, group="segment").fit(resampled).params.set_index("lval")
    np.testing.assert_allclose(
        draws[0], scratch.loc[["ind1", "ind2"], "estimate"].to_numpy(), atol=1e-5
    )


def test_bootstrap_sd_agrees_with_the_delta_method(two_groups) -> None:  # type: ignore[no-untyped-def]
    effects = two_groups.effects(bootstrap=400, ci="percentile", random_seed=3)
    table = effects.params.set_index("from")
    delta = two_groups.params[two_groups.params["op"] == ":="].set_index("lval")
    assert effects.n_failed == 0
    assert list(table.index) == ["ind1", "ind2", "diff"]
    np.testing.assert_allclose(table["estimate"], delta.loc[table.index, "estimate"], atol=1e-9)
    np.testing.assert_allclose(table["se"], delta.loc[table.index, "se"], rtol=0.2)
    assert (table["ci_lower"] < table["estimate"]).all()
    assert (table["estimate"] < table["ci_upper"]).all()
    again = two_groups.effects(bootstrap=400, ci="percentile", random_seed=3)
    pd.testing.assert_frame_equal(effects.params, again.params)


def test_bca_runs_the_jackknife_over_all_respondents() -> None:
    small = SEM(DESCRIPTION, group="segment").fit(_simulate(80, 2))
    bca = small.effects(bootstrap=60, ci="bca", random_seed=1, ci_prob=0.9).params
    percentile = small.effects(bootstrap=60, ci="percentile", random_seed=1, ci_prob=0.9).params
    assert np.isfinite(bca[["ci_lower", "ci_upper"]].to_numpy()).all()
    assert not np.allclose(bca["ci_lower"], percentile["ci_lower"])


def test_bad_arguments(two_groups) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LoyaltyDataError, match="ci must be"):
        two_groups.effects(bootstrap=10, ci="normal")
    with pytest.raises(LoyaltyDataError, match="ci_prob"):
        two_groups.effects(bootstrap=10, ci_prob=95)
    plain = SEM("f =~ x1 + x2 + x3", group="segment").fit(_simulate(60, 1))
    with pytest.raises(LoyaltyDataError, match="no defined parameters"):
        plain.effects(bootstrap=10)
