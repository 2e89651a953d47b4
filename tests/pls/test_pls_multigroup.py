"""Permutation MGA and MICOM: identities with separate fits and simulated known differences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.pls import PLS, micom, permutation_mga

DESCRIPTION = """
xi =~ x1 + x2 + x3
eta1 =~ y1 + y2 + y3
eta2 =~ z1 + z2 + z3
eta1 ~ xi
eta2 ~ xi + eta1
"""


def _group(n: int, path: float, shift: float, seed: int) -> pd.DataFrame:
    """Common-factor data: xi -> eta1 (``path``), eta1 -> eta2 0.5, xi -> eta2 0.2."""
    rng = np.random.default_rng(seed)
    xi = rng.standard_normal(n)
    eta1 = path * xi + np.sqrt(1 - path**2) * rng.standard_normal(n)
    eta2 = 0.2 * xi + 0.5 * eta1 + rng.standard_normal(n) * 0.75
    columns = {}
    for prefix, factor in (("x", xi), ("y", eta1), ("z", eta2)):
        for k, loading in enumerate((0.85, 0.8, 0.75), start=1):
            noise = rng.standard_normal(n) * np.sqrt(1 - loading**2)
            columns[f"{prefix}{k}"] = loading * factor + noise + (shift if prefix == "x" else 0)
    return pd.DataFrame(columns)


@pytest.fixture(scope="module")
def two_groups():
    first = _group(300, 0.7, 0.0, seed=1).assign(segment="a")
    second = _group(300, 0.2, 0.6, seed=2).assign(segment="b")
    return pd.concat([first, second], ignore_index=True)


def test_mga_matches_separate_fits_and_finds_the_difference(two_groups):
    model = PLS(DESCRIPTION)
    result = permutation_mga(model, two_groups, "segment", n_permutations=500, random_seed=3)
    for label in ("a", "b"):
        separate = model.fit(two_groups[two_groups["segment"] == label]).path_coefficients
        column = result.params[f"estimate_{label}"]
        assert column["xi -> eta1"] == pytest.approx(separate.loc["xi", "eta1"], abs=1e-10)
        assert column["eta1 -> eta2"] == pytest.approx(separate.loc["eta1", "eta2"], abs=1e-10)
    assert result.params.loc["xi -> eta1", "p_value"] < 0.01  # 0.7 vs 0.2 in the population
    assert result.params.loc["eta1 -> eta2", "p_value"] > 0.05  # equal in the population
    assert result.n_groups == (300, 300) and result.n_failed == 0


def test_micom_detects_a_mean_shift_but_not_composition(two_groups):
    result = micom(PLS(DESCRIPTION), two_groups, "segment", n_permutations=500, random_seed=4)
    table = result.params
    assert table["compositional_invariance"].all()
    assert not table.loc["xi", "equal_means"]  # the x items are shifted by 0.6 in group b
    assert table.loc["xi", "mean_difference"] < 0
    assert table.loc["eta2", "equal_variances"]


def test_multigroup_bad_input(two_groups):
    model = PLS(DESCRIPTION)
    with pytest.raises(LoyaltyDataError, match="missing column"):
        permutation_mga(model, two_groups, "region")
    three = two_groups.assign(segment=np.resize(["a", "b", "c"], len(two_groups)))
    with pytest.raises(LoyaltyDataError, match="has 3 groups"):
        micom(model, three, "segment")
    tiny = two_groups.assign(segment=["a"] * 597 + ["b"] * 3)
    with pytest.raises(LoyaltyDataError, match="group 'b' of column 'segment' has 3 usable rows"):
        permutation_mga(model, tiny, "segment")
    with pytest.raises(LoyaltyDataError, match="missing values"):
        permutation_mga(model, two_groups.assign(segment=None), "segment")
