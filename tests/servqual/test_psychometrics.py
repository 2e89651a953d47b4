"""Alpha per dimension and the reliability of difference scores (Peter, Churchill & Brown 1993)."""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import (
    Instrument,
    difference_score_reliability,
    dimension_alphas,
    gap_reliability,
)


def test_difference_score_reliability_worked_case() -> None:
    """Peter, Churchill & Brown (1993) formula worked by hand:
    sd_E 1.2, sd_P 0.9, r_EE 0.85, r_PP 0.80, r_PE 0.4 ->
    (0.81*0.80 + 1.44*0.85 - 2*0.4*1.2*0.9) / (0.81 + 1.44 - 0.864) = 1.008 / 1.386 = 8/11."""
    assert difference_score_reliability(0.85, 0.80, 1.2, 0.9, 0.4) == pytest.approx(8 / 11)


def test_difference_score_reliability_special_cases() -> None:
    """Uncorrelated components of equal variance: the mean of the reliabilities.
    Equal variances, r = 0.8, r_PE = 0.5: (0.8 + 0.8 - 1) / (2 - 1) = 0.6 (Lord 1958)."""
    assert difference_score_reliability(0.7, 0.9, 1.0, 1.0, 0.0) == pytest.approx(0.8)
    assert difference_score_reliability(0.8, 0.8, 1.0, 1.0, 0.5) == pytest.approx(0.6)
    values = difference_score_reliability(
        np.array([0.85, 0.8]),
        np.array([0.8, 0.8]),
        np.array([1.2, 1.0]),
        np.array([0.9, 1]),
        np.array([0.4, 0.5]),
    )
    np.testing.assert_allclose(values, [8 / 11, 0.6])


INST = Instrument({"A": ["a1", "a2", "a3"], "B": ["b1", "b2"], "C": ["c1"]}, scale=(1, 7))


def _answers(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(4, 1, size=(60, 1))
    values = np.clip(np.round(base + rng.normal(0, 0.8, size=(60, 6))), 1, 7)
    return pd.DataFrame(values.astype(int), columns=list(INST.items))


def _alpha(values: np.ndarray) -> float:
    k = values.shape[1]
    return k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / values.sum(axis=1).var(ddof=1))


def test_gap_reliability_table_from_components() -> None:
    """Every column is recomputed independently: alpha by Cronbach's formula, SDs and
    correlation of the dimension means, and the PCB formula on them."""
    e, p = _answers(1), _answers(2)
    table = gap_reliability(e, p, instrument=INST).table
    for dim, items in INST.dimensions.items():
        cols = list(items)
        if len(cols) > 1:
            assert table.loc[dim, "alpha_expectation"] == pytest.approx(_alpha(e[cols].to_numpy()))
            gaps = (p[cols] - e[cols]).to_numpy()
            assert table.loc[dim, "alpha_gap"] == pytest.approx(_alpha(gaps))
        em, pm = e[cols].mean(axis=1), p[cols].mean(axis=1)
        assert table.loc[dim, "correlation_ep"] == pytest.approx(np.corrcoef(em, pm)[0, 1])
        expected = difference_score_reliability(
            table.loc[dim, "alpha_expectation"],
            table.loc[dim, "alpha_perception"],
            em.std(),
            pm.std(),
            np.corrcoef(em, pm)[0, 1],
        )
        if len(cols) > 1:
            assert table.loc[dim, "difference_reliability"] == pytest.approx(expected)
    assert np.isnan(table.loc["C", "alpha_perception"])
    assert (table["alpha_perception_lower"].dropna() < table["alpha_perception"].dropna()).all()
    assert table["n"].tolist() == [60, 60, 60]
    assert table["n_items"].tolist() == [3, 2, 1]


def test_dimension_alphas_use_feldt_interval() -> None:
    alphas = dimension_alphas(_answers(3), instrument=INST, ci_prob=0.9)
    assert alphas.loc["A", "lower"] < alphas.loc["A", "alpha"] < alphas.loc["A", "upper"]
    assert alphas.loc["A", "n"] == 60


def test_constant_item_raises() -> None:
    e = _answers(1).assign(a1=4)
    with pytest.raises(LoyaltyDataError, match="constant"):
        gap_reliability(e, _answers(2), instrument=INST)
