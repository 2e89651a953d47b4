"""Scores by segment with a test of differences between segments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.servqual._intervals import mean_table
from loyaltymodels.servqual.gaps import GapResult
from loyaltymodels.servqual.table_result import TableResult
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["SegmentResult", "compare_segments", "welch_anova"]

_TESTS = ("welch", "anova")


def welch_anova(samples: Sequence[np.ndarray]) -> tuple[float, float, float, float]:
    r"""Welch's heteroscedastic one-way ANOVA.

    With group sizes :math:`n_g`, means :math:`m_g`, variances :math:`s_g^2`, weights
    :math:`w_g = n_g / s_g^2`, :math:`W = \sum_g w_g` and :math:`\tilde m = \sum_g w_g m_g / W`:

    .. math::

        F = \frac{\sum_g w_g (m_g - \tilde m)^2 / (k-1)}
                 {1 + \frac{2(k-2)}{k^2-1}\,\Lambda}, \qquad
        \Lambda = \sum_g \frac{(1 - w_g/W)^2}{n_g - 1},

    on :math:`k-1` and :math:`(k^2-1)/(3\Lambda)` degrees of freedom. With two groups it is
    Welch's t-test (:math:`F = t^2`).

    Parameters
    ----------
    samples : sequence of numpy.ndarray
        One array of scores per group (at least two groups of at least two values with
        non-zero variance).

    Returns
    -------
    tuple of float
        ``(F, df1, df2, p_value)``.

    References
    ----------
    Welch, B. L. (1951). On the comparison of several mean values: an alternative approach.
    Biometrika 38(3/4), 330-336.

    Examples
    --------
    >>> import numpy as np
    >>> f, df1, df2, p = welch_anova([np.array([1.0, 2, 3, 4]), np.array([3.0, 5, 7, 9])])
    >>> round(f, 4), df1, round(df2, 4)
    (5.88, 1.0, 4.4118)
    """
    k = len(samples)
    n = np.array([len(s) for s in samples], dtype=float)
    means = np.array([np.mean(s) for s in samples])
    variances = np.array([np.var(s, ddof=1) for s in samples])
    w = n / variances
    total = w.sum()
    grand = (w * means).sum() / total
    spread = (w * (means - grand) ** 2).sum() / (k - 1)
    lam = ((1.0 - w / total) ** 2 / (n - 1)).sum()
    f_value = spread / (1.0 + 2.0 * (k - 2) / (k**2 - 1) * lam)
    df1 = float(k - 1)
    df2 = float((k**2 - 1) / (3.0 * lam))
    return float(f_value), df1, df2, float(stats.f.sf(f_value, df1, df2))


def _classic_anova(samples: Sequence[np.ndarray]) -> tuple[float, float, float, float]:
    result = stats.f_oneway(*samples)
    k = len(samples)
    n = sum(len(s) for s in samples)
    return float(result.statistic), float(k - 1), float(n - k), float(result.pvalue)


def _eta_squared(samples: Sequence[np.ndarray]) -> float:
    pooled = np.concatenate(samples)
    grand = pooled.mean()
    between = sum(len(s) * (np.mean(s) - grand) ** 2 for s in samples)
    total = ((pooled - grand) ** 2).sum()
    return float(between / total) if total > 0 else float("nan")


def _holm(p_values: np.ndarray) -> np.ndarray:
    order = np.argsort(p_values)
    m = len(p_values)
    adjusted = np.empty(m)
    running = 0.0
    for rank, position in enumerate(order):
        running = max(running, (m - rank) * p_values[position])
        adjusted[position] = min(1.0, running)
    return adjusted


class SegmentResult(TableResult):
    """Scores by segment with tests of difference, from :func:`compare_segments`.

    Attributes
    ----------
    means : pandas.DataFrame
        Long table: ``score`` (dimension, overall or item), ``segment``, ``estimate``, ``sd``,
        ``se``, ``lower``, ``upper``, ``n``.
    tests : pandas.DataFrame
        Per score: ``statistic`` (F), ``df1``, ``df2``, ``p_value``, ``p_holm`` (Holm-adjusted
        across the scores), ``eta_squared``.
    test : str
        ``"welch"`` or ``"anova"``.
    confidence : float
        Coverage of the intervals.
    """

    summary_table: ClassVar[str] = "tests"
    params_table: ClassVar[str] = "means"
    means: pd.DataFrame
    tests: pd.DataFrame
    test: str
    confidence: float


@accepts_former_ci_prob_names
def compare_segments(
    result: GapResult,
    groups: pd.Series | Sequence[object] | np.ndarray,
    *,
    level: str = "dimension",
    test: str = "welch",
    ci_prob: float = 0.95,
) -> SegmentResult:
    r"""Compare SERVQUAL (or SERVPERF) scores between segments of respondents.

    For every dimension score and the overall score(s) (``level="dimension"``), or every item
    (``level="item"``), reports the mean per segment with a Student-t interval and tests
    :math:`H_0`: equal means in all segments, by Welch's (1951) heteroscedastic ANOVA (default;
    see :func:`welch_anova`) or the classic one-way ANOVA F test. :math:`\eta^2 =
    SS_\text{between}/SS_\text{total}` measures the size of the difference, and Holm's (1979)
    step-down adjustment controls the family-wise error across the scores tested.

    Parameters
    ----------
    result : GapResult
        From :func:`score` or :func:`servperf`.
    groups : pandas.Series or array-like
        The segment of each respondent: a Series indexed like the responses, or a sequence in
        the responses' row order. No missing values.
    level : {"dimension", "item"}, default "dimension"
        Which scores to compare.
    test : {"welch", "anova"}, default "welch"
        The test of equal means.
    ci_prob : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    SegmentResult
        Means by segment and the tests.

    References
    ----------
    Welch, B. L. (1951). Biometrika 38(3/4), 330-336. Holm, S. (1979). A simple sequentially
    rejective multiple test procedure. Scandinavian Journal of Statistics 6(2), 65-70.
    """
    confidence = check_ci_prob(ci_prob)
    if test not in _TESTS:
        raise LoyaltyDataError(f"test must be one of {list(_TESTS)}, got {test!r}.")
    if level == "dimension":
        scores = result.respondent_scores
    elif level == "item":
        scores = result.item_scores
    else:
        raise LoyaltyDataError(f"level must be 'dimension' or 'item', got {level!r}.")
    segment = _align_groups(groups, scores.index)
    labels = list(pd.unique(segment))
    if len(labels) < 2:
        raise LoyaltyDataError(
            f"groups has a single segment {labels}; comparing needs at least two segments."
        )
    sizes = segment.value_counts()
    small = sizes[sizes < 2]
    if len(small):
        raise LoyaltyDataError(
            f"segment(s) {list(small.index)} have fewer than 2 respondents; merge them into "
            "larger segments before comparing."
        )
    frames = []
    for label in labels:
        table = mean_table(scores[(segment == label).to_numpy()], confidence)
        table.insert(0, "segment", label)
        frames.append(table.rename_axis("score").reset_index())
    means = pd.concat(frames, ignore_index=True)

    rows = {}
    for column in scores.columns:
        samples = [scores[column].to_numpy()[(segment == g).to_numpy()] for g in labels]
        if test == "welch":
            if any(np.var(s, ddof=1) == 0 for s in samples):
                raise LoyaltyDataError(
                    f"score '{column}' is constant within a segment, so Welch's test is "
                    "undefined; use test='anova' or larger segments."
                )
            statistic, df1, df2, p_value = welch_anova(samples)
        else:
            statistic, df1, df2, p_value = _classic_anova(samples)
        rows[column] = {
            "statistic": statistic,
            "df1": df1,
            "df2": df2,
            "p_value": p_value,
            "eta_squared": _eta_squared(samples),
        }
    tests = pd.DataFrame(rows).T
    tests.insert(4, "p_holm", _holm(tests["p_value"].to_numpy(dtype=float)))
    tests.index.name = "score"
    return SegmentResult(means=means, tests=tests, test=test, confidence=confidence)


def _align_groups(groups: pd.Series | Sequence[object] | np.ndarray, index: pd.Index) -> pd.Series:
    if isinstance(groups, pd.Series):
        missing = index.difference(groups.index)
        if len(missing):
            raise LoyaltyDataError(
                f"groups has no segment for {describe_rows(missing)} of the responses; give a "
                "segment for every respondent (a Series with the responses' index)."
            )
        segment = groups.loc[index]
    else:
        values = list(groups)
        if len(values) != len(index):
            raise LoyaltyDataError(
                f"groups has {len(values)} values for {len(index)} respondents; give one "
                "segment per respondent."
            )
        segment = pd.Series(values, index=index)
    missing_mask = segment.isna().to_numpy()
    if missing_mask.any():
        raise LoyaltyDataError(
            f"column 'groups' has missing values (NaN) at {describe_rows(index[missing_mask])}; "
            "assign those respondents a segment (e.g. 'unknown') or score them separately."
        )
    return segment
