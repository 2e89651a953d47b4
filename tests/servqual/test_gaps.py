"""Gap scores, weighted scores and SERVPERF against values worked by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import SERVQUAL, Instrument, score, servperf

TINY = Instrument({"A": ["a1", "a2"], "B": ["b1"]}, scale=(1, 7))
E = pd.DataFrame({"a1": [7, 6, 5], "a2": [6, 6, 7], "b1": [5, 7, 4]})
P = pd.DataFrame({"a1": [5, 6, 6], "a2": [4, 5, 7], "b1": [6, 4, 4]})


def test_gaps_by_hand() -> None:
    """Worked by hand (PZB 1988 gap P - E, overall = mean of dimensions, PBZ 1991).

    Item gaps: a1 = (-2, 0, 1), a2 = (-2, -1, 0), b1 = (1, -3, 0).
    Dimension A per respondent = (-2, -0.5, 0.5), B = (1, -3, 0),
    overall = ((-2+1)/2, (-0.5-3)/2, (0.5+0)/2) = (-0.5, -1.75, 0.25).
    Means: a1 -1/3, a2 -1, b1 -2/3; A -2/3, B -2/3, overall -2/3.
    SD of A: deviations (-4/3, 1/6, 7/6), sum of squares 114/36, variance 57/36,
    SE = sqrt(57/36/3); 95% interval -2/3 +- t(0.975, 2) * SE with t = 4.302653.
    """
    result = score(E, P, instrument=TINY)
    assert result.item_scores["a1"].tolist() == [-2.0, 0.0, 1.0]
    np.testing.assert_allclose(result.respondent_scores["A"], [-2.0, -0.5, 0.5])
    np.testing.assert_allclose(result.respondent_scores["overall"], [-0.5, -1.75, 0.25])
    np.testing.assert_allclose(result.items["estimate"], [-1 / 3, -1.0, -2 / 3])
    np.testing.assert_allclose(result.items["expectation"], [6.0, 19 / 3, 16 / 3])
    np.testing.assert_allclose(result.items["perception"], [17 / 3, 16 / 3, 14 / 3])
    dims = result.dimensions
    np.testing.assert_allclose(dims.loc[["A", "B", "overall"], "estimate"], [-2 / 3] * 3)
    se = np.sqrt(57 / 36 / 3)
    assert dims.loc["A", "se"] == pytest.approx(se)
    assert dims.loc["A", "sd"] == pytest.approx(np.sqrt(57 / 36))
    assert dims.loc["A", "lower"] == pytest.approx(-2 / 3 - 4.302653 * se, abs=1e-6)
    assert dims.loc["A", "upper"] == pytest.approx(-2 / 3 + 4.302653 * se, abs=1e-6)
    assert dims.loc["A", "expectation"] == pytest.approx((6 + 19 / 3) / 2)
    assert (dims["n"] == 3).all()
    assert "weighted_overall" not in dims.index
    assert result.weights is None


def test_weighted_score_by_hand() -> None:
    """Per-respondent allocations (50, 50), (80, 20), (100, 0) (PBZ 1991, w = points / 100):
    weighted = (0.5*-2 + 0.5*1, 0.8*-0.5 + 0.2*-3, 1.0*0.5) = (-0.5, -1.0, 0.5), mean -1/3."""
    allocations = pd.DataFrame({"A": [50, 80, 100], "B": [50, 20, 0]})
    result = score(E, P, instrument=TINY, weights=allocations)
    np.testing.assert_allclose(result.respondent_scores["weighted_overall"], [-0.5, -1.0, 0.5])
    assert result.dimensions.loc["weighted_overall", "estimate"] == pytest.approx(-1 / 3)
    np.testing.assert_allclose(result.weights.sum(axis=1), 1.0)
    # The same allocations out of 10 points are rescaled only when asked.
    with pytest.raises(LoyaltyDataError, match=r"do not sum to 100 at rows 0, 1, 2.*normalise"):
        score(E, P, instrument=TINY, weights=allocations / 10)
    rescaled = score(E, P, instrument=TINY, weights=allocations / 10, normalise=True)
    np.testing.assert_allclose(rescaled.respondent_scores["weighted_overall"], [-0.5, -1.0, 0.5])


def test_single_allocation_for_everyone() -> None:
    """{A: 70, B: 30}: weighted = 0.7 A + 0.3 B = (-1.1, -1.25, 0.35), mean -2/3."""
    result = score(E, P, instrument=TINY, weights={"A": 70, "B": 30})
    np.testing.assert_allclose(result.respondent_scores["weighted_overall"], [-1.1, -1.25, 0.35])
    series = score(E, P, instrument=TINY, weights=pd.Series({"B": 30.0, "A": 70.0}))
    np.testing.assert_allclose(series.respondent_scores["weighted_overall"], [-1.1, -1.25, 0.35])


def test_servperf_by_hand() -> None:
    """SERVPERF (Cronin & Taylor 1992): A = mean(a1, a2) of P = (4.5, 5.5, 6.5), B = (6, 4, 4),
    overall = (5.25, 4.75, 5.25), mean overall 61/12."""
    result = servperf(P, instrument=TINY)
    assert result.method == "servperf"
    np.testing.assert_allclose(result.respondent_scores["A"], [4.5, 5.5, 6.5])
    np.testing.assert_allclose(result.respondent_scores["overall"], [5.25, 4.75, 5.25])
    assert result.dimensions.loc["overall", "estimate"] == pytest.approx(61 / 12)
    assert "expectation" not in result.items.columns


def test_interval_matches_scipy_t_interval() -> None:
    """The interval of the overall score equals scipy's t interval of the same numbers."""
    rng = np.random.default_rng(5)
    e = pd.DataFrame(rng.integers(1, 8, size=(40, 22)), columns=list(SERVQUAL.items))
    p = pd.DataFrame(rng.integers(1, 8, size=(40, 22)), columns=list(SERVQUAL.items))
    result = score(e, p, ci_prob=0.9)
    overall = result.respondent_scores["overall"]
    low, high = stats.t.interval(0.9, 39, loc=overall.mean(), scale=stats.sem(overall))
    row = result.dimensions.loc["overall"]
    assert row["lower"] == pytest.approx(low)
    assert row["upper"] == pytest.approx(high)
    params = result.params
    assert set(params["level"]) == {"item", "dimension", "overall"}
    assert len(params) == 22 + 5 + 1
    assert "overall" in result.to_markdown()


def test_mismatched_expectations_and_perceptions() -> None:
    with pytest.raises(LoyaltyDataError, match="expectations has 3 rows but perceptions has 2"):
        score(E, P.iloc[:2], instrument=TINY)
    shifted = P.set_axis([10, 11, 12])
    with pytest.raises(LoyaltyDataError, match="indexed differently"):
        score(E, shifted, instrument=TINY)
    with pytest.raises(LoyaltyDataError, match=r"perceptions is missing column\(s\) \['b1'\]"):
        score(E, P.drop(columns="b1"), instrument=TINY)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (E.assign(a2=[6, 8, 7]), r"column 'a2' lies outside the 1-7 scale .* at row 1"),
        (E.assign(a1=[7, 0, 5]), r"column 'a1' lies outside"),
        (E.assign(b1=[5, np.nan, 4]), r"column 'b1' has missing values \(NaN\) at row 1"),
        (E.assign(b1=[5, 6.5, 4]), r"column 'b1' is not a whole number"),
        (E.assign(b1=["5", "x", "4"]), r"column 'b1' is not numeric"),
    ],
)
def test_bad_answers_raise(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        score(frame, P, instrument=TINY)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"A": 60, "B": 30}, r"do not sum to 100 .*\(totals 90"),
        ({"A": 120, "B": -20}, r"column 'B' is negative"),
        ({"A": 100}, r"missing \['B'\]"),
        ({"A": 50, "B": 40, "C": 10}, r"unknown \['C'\]"),
        ({"A": np.nan, "B": 100}, r"column 'A' has missing values"),
        (pd.DataFrame({"A": [50, 50], "B": [50, 50]}), "one allocation row per respondent"),
        ([50, 50], "must be a dict or Series"),
    ],
)
def test_bad_weights_raise(weights: object, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        score(E, P, instrument=TINY, weights=weights)  # type: ignore[arg-type]


def test_normalise_needs_a_positive_total() -> None:
    with pytest.raises(LoyaltyDataError, match="no points"):
        score(E, P, instrument=TINY, weights={"A": 0, "B": 0}, normalise=True)


def test_bad_confidence() -> None:
    with pytest.raises(LoyaltyDataError, match="ci_prob"):
        score(E, P, instrument=TINY, ci_prob=95)


def test_save_and_load(tmp_path) -> None:
    result = score(E, P, instrument=TINY)
    path = tmp_path / "gaps.lmr"
    result.save(path)
    loaded = type(result).load(path)
    pd.testing.assert_frame_equal(loaded.dimensions, result.dimensions)
