"""Segment comparison: Welch's ANOVA, classic ANOVA and Holm against scipy and statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import Instrument, compare_segments, score, welch_anova

INST = Instrument({"A": ["a1", "a2"], "B": ["b1", "b2"]}, scale=(1, 7))


@pytest.fixture(scope="module")
def gaps():
    rng = np.random.default_rng(11)
    n = 90
    e = pd.DataFrame(rng.integers(4, 8, size=(n, 4)), columns=list(INST.items))
    p = pd.DataFrame(rng.integers(1, 8, size=(n, 4)), columns=list(INST.items))
    p.loc[60:, ["a1", "a2"]] = np.minimum(p.loc[60:, ["a1", "a2"]] + 2, 7)
    groups = pd.Series(np.repeat(["north", "south", "west"], 30))
    return score(e, p, instrument=INST), groups


def test_welch_anova_matches_scipy() -> None:
    """scipy.stats.f_oneway(equal_var=False) implements Welch (1951)."""
    rng = np.random.default_rng(2)
    samples = [rng.normal(0, s, size=m) for s, m in ((1, 12), (2, 20), (0.5, 9))]
    f, df1, _, p = welch_anova(samples)
    reference = stats.f_oneway(*samples, equal_var=False)
    assert f == pytest.approx(reference.statistic)
    assert p == pytest.approx(reference.pvalue)
    assert df1 == 2.0


def test_two_groups_is_welch_t_test() -> None:
    """With two groups F = t^2 and df2 is the Welch-Satterthwaite df (worked: 5.88, 4.4118)."""
    a, b = np.array([1.0, 2, 3, 4]), np.array([3.0, 5, 7, 9])
    f, _, df2, p = welch_anova([a, b])
    t = stats.ttest_ind(a, b, equal_var=False)
    assert f == pytest.approx(t.statistic**2)
    assert f == pytest.approx(5.88)
    assert df2 == pytest.approx(t.df)
    assert p == pytest.approx(t.pvalue)


def test_compare_segments(gaps) -> None:
    result, groups = gaps
    comparison = compare_segments(result, groups)
    tests = comparison.tests
    assert list(tests.index) == ["A", "B", "overall"]
    for score_name in tests.index:
        samples = [result.respondent_scores[score_name][groups == g] for g in groups.unique()]
        reference = stats.f_oneway(*samples, equal_var=False)
        assert tests.loc[score_name, "statistic"] == pytest.approx(reference.statistic)
        pooled = np.concatenate(samples)
        between = sum(len(s) * (s.mean() - pooled.mean()) ** 2 for s in samples)
        eta = between / ((pooled - pooled.mean()) ** 2).sum()
        assert tests.loc[score_name, "eta_squared"] == pytest.approx(eta)
    # the shifted dimension differs, the untouched one does not
    assert tests.loc["A", "p_value"] < 0.001
    means = comparison.means.set_index(["score", "segment"])
    west = result.respondent_scores.loc[60:, "A"]
    assert means.loc[("A", "west"), "estimate"] == pytest.approx(west.mean())
    assert means.loc[("A", "west"), "n"] == 30


def test_holm_matches_statsmodels(gaps) -> None:
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    result, groups = gaps
    tests = compare_segments(result, groups, level="item").tests
    expected = multitest.multipletests(tests["p_value"], method="holm")[1]
    np.testing.assert_allclose(tests["p_holm"], expected)


def test_classic_anova(gaps) -> None:
    result, groups = gaps
    tests = compare_segments(result, groups, test="anova").tests
    samples = [result.respondent_scores["B"][groups == g] for g in groups.unique()]
    reference = stats.f_oneway(*samples)
    assert tests.loc["B", "statistic"] == pytest.approx(reference.statistic)
    assert tests.loc["B", "p_value"] == pytest.approx(reference.pvalue)
    assert tests.loc["B", "df2"] == 87


def test_groups_as_a_list(gaps) -> None:
    result, groups = gaps
    from_list = compare_segments(result, list(groups)).tests
    pd.testing.assert_frame_equal(from_list, compare_segments(result, groups).tests)


@pytest.mark.parametrize(
    ("make_groups", "kwargs", "message"),
    [
        (lambda g: g.where(g.index != 5), {}, r"column 'groups' has missing values .* row 5"),
        (lambda g: g.iloc[:80].tolist(), {}, "80 values for 90 respondents"),
        (lambda g: g.iloc[:80], {}, "no segment for rows 80"),
        (lambda g: pd.Series(["x"] * 90), {}, "single segment"),
        (lambda g: g.where(g.index != 0, "lonely"), {}, r"\['lonely'\] have fewer than 2"),
        (lambda g: g, {"test": "kruskal"}, "test must be one of"),
        (lambda g: g, {"level": "respondent"}, "level must be"),
    ],
)
def test_bad_groups(gaps, make_groups, kwargs, message) -> None:
    result, groups = gaps
    with pytest.raises(LoyaltyDataError, match=message):
        compare_segments(result, make_groups(groups), **kwargs)
