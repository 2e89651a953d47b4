r"""Net Promoter Score with its sampling uncertainty.

The NPS (Reichheld 2003) classifies 0-10 likelihood-to-recommend answers as detractors (0-6),
passives (7-8) and promoters (9-10) and reports ``100 (p_P - p_D)``. The counts are trinomial, so
the variance of the estimated score is (Rocks 2016, eq. 2)

.. math:: \\operatorname{Var}(\\widehat{NPS}) = \\frac{p_P + p_D - (p_P - p_D)^2}{n}

in proportion units (times 100^2 in points).

References
----------
Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American Statistician
70(4), 365-372.
Lewis, J. R. & Sauro, J. (2021). Evaluating NPS confidence intervals with real-world data.
MeasuringU.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, Unpack

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._result import Result
from loyaltymodels._tables import attributes_row
from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_no_nan,
    check_scale_answers,
)
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["NPSOptions", "NPSResult", "classify_nps", "nps", "nps_by_segment", "nps_from_counts"]

IntervalMethod = Literal["adjusted", "wald"]


class NPSOptions(TypedDict, total=False):
    """The keyword-only settings of :func:`nps`, by name and type.

    :func:`nps_by_segment` and :func:`~loyaltymodels.metrics.nps_difference` pass them on to
    :func:`nps`; their meaning and defaults are documented once, on :func:`nps`.
    """

    method: IntervalMethod
    ci_prob: float
    missing: Literal["raise", "exclude"]


#: Pseudo-counts of the adjusted Wald interval (Rocks 2016): 3/4 of a respondent added to the
#: promoters and to the detractors, 3/2 to the passives, so that n grows by 3.
ADJUSTED_PSEUDO_COUNTS = {"promoters": 0.75, "passives": 1.5, "detractors": 0.75}


def _as_score_series(scores: Any, name: str) -> pd.Series:
    if isinstance(scores, pd.DataFrame):
        raise LoyaltyDataError(
            f"{name} must be one column of 0-10 answers, got a DataFrame; pass data['column']."
        )
    if isinstance(scores, pd.Series) and scores.name is not None and name == "scores":
        name = str(scores.name)  # the caller's column, named in every message
    series = scores.copy() if isinstance(scores, pd.Series) else pd.Series(np.asarray(scores))
    if series.empty:
        raise LoyaltyDataError(f"{name} is empty; pass at least one 0-10 answer.")
    is_bool = pd.api.types.is_bool_dtype(series) or (
        series.dtype == object and series.map(lambda v: isinstance(v, bool | np.bool_)).any()
    )
    if is_bool:
        raise LoyaltyDataError(
            f"column '{name}' holds True/False values, not 0-10 likelihood-to-recommend "
            "answers; pass the 0-10 scores (or count promoters and detractors yourself and use "
            "nps_from_counts)."
        )
    return series.rename(name)


def nps_counts(
    scores: Any, *, name: str = "scores", missing: Literal["raise", "exclude"] = "raise"
) -> tuple[int, int, int, int]:
    """Validate 0-10 answers and count promoters, passives, detractors and excluded answers.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Likelihood-to-recommend answers, whole numbers from 0 to 10.
    name : str, default "scores"
        The name used in error messages.
    missing : {"raise", "exclude"}, default "raise"
        What to do with missing answers: raise, or exclude them and count them.

    Returns
    -------
    tuple of int
        ``(promoters, passives, detractors, n_missing)``.
    """
    series = _as_score_series(scores, name)
    name = str(series.name)
    values, n_missing = check_scale_answers(
        series, missing, 0, 10, what="the 0-10 likelihood-to-recommend scale"
    )
    promoters = int(np.count_nonzero(values >= 9))
    detractors = int(np.count_nonzero(values <= 6))
    passives = int(values.size) - promoters - detractors
    return promoters, passives, detractors, n_missing


def classify_nps(scores: Any) -> pd.Series:
    """Label 0-10 answers as ``"detractor"`` (0-6), ``"passive"`` (7-8) or ``"promoter"`` (9-10).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Likelihood-to-recommend answers, whole numbers from 0 to 10 (no missing values).

    Returns
    -------
    pandas.Series
        An ordered categorical with the same index as ``scores``.

    Examples
    --------
    >>> classify_nps([0, 7, 10]).tolist()
    ['detractor', 'passive', 'promoter']
    """
    nps_counts(scores)
    series = _as_score_series(scores, "scores")
    labels = np.where(series >= 9, "promoter", np.where(series <= 6, "detractor", "passive"))
    categories = ["detractor", "passive", "promoter"]
    return pd.Series(
        pd.Categorical(labels, categories=categories, ordered=True), index=series.index
    )


@accepts_former_ci_prob_names
def trinomial_interval(
    promoters: float,
    passives: float,
    detractors: float,
    *,
    ci_prob: float,
    method: IntervalMethod,
) -> tuple[float, float, float, float]:
    """Score, standard error and interval of the NPS from (possibly adjusted) counts.

    Parameters
    ----------
    promoters, passives, detractors : float
        The counts.
    ci_prob : float
        The interval probability.
    method : {"adjusted", "wald"}
        ``"wald"`` uses the counts as they are; ``"adjusted"`` first adds the pseudo-counts of
        :data:`ADJUSTED_PSEUDO_COUNTS` (Rocks 2016).

    Returns
    -------
    tuple of float
        ``(centre, se, lower, upper)`` in points (-100..100); ``centre`` is the adjusted score
        for ``"adjusted"``. Bounds are clipped to [-100, 100].
    """
    if method == "adjusted":
        promoters = promoters + ADJUSTED_PSEUDO_COUNTS["promoters"]
        passives = passives + ADJUSTED_PSEUDO_COUNTS["passives"]
        detractors = detractors + ADJUSTED_PSEUDO_COUNTS["detractors"]
    elif method != "wald":
        raise LoyaltyDataError(f"method must be 'adjusted' or 'wald', got {method!r}.")
    n = promoters + passives + detractors
    p_promoter, p_detractor = promoters / n, detractors / n
    score = p_promoter - p_detractor
    variance = (p_promoter + p_detractor - score**2) / n
    se = float(np.sqrt(max(variance, 0.0)))
    z = float(stats.norm.ppf(0.5 + ci_prob / 2.0))
    lower = max(score - z * se, -1.0)
    upper = min(score + z * se, 1.0)
    return 100.0 * score, 100.0 * se, 100.0 * lower, 100.0 * upper


@dataclass(repr=False)
class NPSResult(Result, frozen=True):
    """The Net Promoter Score of one sample with its standard error and confidence interval.

    Attributes
    ----------
    nps : float
        The observed score, ``100 (p_P - p_D)``, in -100..100.
    se : float
        Its standard error from the trinomial variance, in points.
    lower, upper : float
        The confidence interval of ``method`` (clipped to [-100, 100]).
    n : int
        The number of answers used.
    promoters, passives, detractors : int
        The counts.
    method : str
        ``"adjusted"`` (Rocks 2016 adjusted Wald) or ``"wald"``.
    confidence_level : float
        The interval's confidence level.
    n_missing : int
        Missing answers excluded (only with ``missing="exclude"``).
    """

    nps: float
    se: float
    lower: float
    upper: float
    n: int
    promoters: int
    passives: int
    detractors: int
    method: str
    confidence_level: float
    n_missing: int = 0
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        columns = ["nps", "se", "lower", "upper", "n", "promoters", "passives", "detractors"]
        self.params = attributes_row(
            self, [*columns, "n_missing"], label=self.method, index_name="interval"
        )

    def summary(self) -> pd.DataFrame:
        """Both intervals side by side: Wald and adjusted Wald.

        Returns
        -------
        pandas.DataFrame
            One row per interval method with ``centre``, ``se``, ``lower``, ``upper``.
        """
        rows = {}
        for method in ("wald", "adjusted"):
            centre, se, lower, upper = trinomial_interval(
                self.promoters,
                self.passives,
                self.detractors,
                ci_prob=self.confidence_level,
                method=method,
            )
            rows[method] = {"centre": centre, "se": se, "lower": lower, "upper": upper}
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "interval"
        frame["nps"] = self.nps
        frame["n"] = self.n
        return frame[["nps", "centre", "se", "lower", "upper", "n"]]


@accepts_former_ci_prob_names
def nps(
    scores: Any,
    *,
    method: IntervalMethod = "adjusted",
    ci_prob: float = 0.95,
    missing: Literal["raise", "exclude"] = "raise",
) -> NPSResult:
    r"""Net Promoter Score with its trinomial standard error and a confidence interval.

    With ``n_P`` promoters (9-10), ``n_D`` detractors (0-6) among ``n`` answers and
    ``p_P = n_P / n``, ``p_D = n_D / n``:

    .. math::

        NPS = 100 (p_P - p_D), \\qquad
        SE = 100 \\sqrt{\\frac{p_P + p_D - (p_P - p_D)^2}{n}}

    (trinomial variance; Rocks 2016, eq. 2). The Wald interval is ``NPS ± z SE``. The adjusted
    Wald interval (Rocks 2016; recommended there and by Lewis & Sauro 2021) adds 3/4 to the
    promoter and detractor counts and 3/2 to the passives (``n + 3``) and then applies the same
    formula; it keeps its coverage for small samples and extreme scores. Bounds are clipped to
    [-100, 100]. ``se`` is always the unadjusted trinomial standard error.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Likelihood-to-recommend answers, whole numbers from 0 to 10.
    method : {"adjusted", "wald"}, default "adjusted"
        The interval reported in ``lower`` / ``upper`` (``summary()`` shows both).
    ci_prob : float, default 0.95
        The interval's confidence level.
    missing : {"raise", "exclude"}, default "raise"
        Missing answers raise, or are excluded and counted in ``n_missing``.

    Returns
    -------
    NPSResult
        Fields ``nps``, ``se``, ``lower``, ``upper``, ``n`` and the counts.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American
    Statistician 70(4), 365-372.

    Examples
    --------
    Five promoters, three passives and two detractors: NPS = 100 (0.5 - 0.2) = 30 and
    SE = 100 sqrt((0.5 + 0.2 - 0.09) / 10) = 24.698.

    >>> result = nps([10, 9, 9, 10, 9, 7, 8, 8, 3, 6], method="wald")
    >>> round(result.nps, 3), round(result.se, 3)
    (30.0, 24.698)
    """
    promoters, passives, detractors, n_missing = nps_counts(scores, missing=missing)
    return _nps_result(
        promoters,
        passives,
        detractors,
        method,
        check_ci_prob(ci_prob),
        n_missing,
    )


@accepts_former_ci_prob_names
def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    method: IntervalMethod = "adjusted",
    ci_prob: float = 0.95,
) -> NPSResult:
    """Net Promoter Score from the three counts (for survey results already tabulated).

    The same estimator as :func:`nps` (trinomial standard error; Wald or Rocks 2016 adjusted
    Wald interval), from the numbers of promoters (9-10), passives (7-8) and detractors (0-6).

    Parameters
    ----------
    promoters, passives, detractors : int
        Non-negative whole-number counts, at least one answer in total.
    method : {"adjusted", "wald"}, default "adjusted"
        The interval reported in ``lower`` / ``upper``.
    ci_prob : float, default 0.95
        The interval's confidence level.

    Returns
    -------
    NPSResult
        Fields ``nps``, ``se``, ``lower``, ``upper``, ``n`` and the counts.

    Examples
    --------
    >>> round(nps_from_counts(50, 30, 20, method="wald").se, 4)
    7.8102
    """
    level = check_ci_prob(ci_prob)
    counts = {"promoters": promoters, "passives": passives, "detractors": detractors}
    for name, value in counts.items():
        number = float(value)
        if not np.isfinite(number) or number < 0 or number != np.round(number):
            raise LoyaltyDataError(f"{name} must be a non-negative whole number, got {value!r}.")
    promoters, passives, detractors = (int(v) for v in counts.values())
    if promoters + passives + detractors == 0:
        raise LoyaltyDataError("the counts are all zero; an NPS needs at least one answer.")
    return _nps_result(promoters, passives, detractors, method, level, 0)


def _nps_result(
    promoters: int,
    passives: int,
    detractors: int,
    method: IntervalMethod,
    level: float,
    n_missing: int,
) -> NPSResult:
    score, se, _, _ = trinomial_interval(
        promoters, passives, detractors, ci_prob=level, method="wald"
    )
    _, _, lower, upper = trinomial_interval(
        promoters, passives, detractors, ci_prob=level, method=method
    )
    return NPSResult(
        nps=score,
        se=se,
        lower=lower,
        upper=upper,
        n=promoters + passives + detractors,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        method=method,
        confidence_level=level,
        n_missing=n_missing,
    )


@accepts_former_ci_prob_names
def nps_by_segment(
    data: pd.DataFrame, score: str, segment: str, **options: Unpack[NPSOptions]
) -> pd.DataFrame:
    """NPS with standard error and interval for each segment (and for all answers).

    Each segment's score is computed by :func:`nps` from that segment's answers.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    score : str
        The column with the 0-10 answers.
    segment : str
        The column that names each respondent's segment (no missing values).
    **options
        ``method``, ``ci_prob`` and ``missing``: the interval, its confidence level and the
        handling of missing answers, as in :func:`nps`.

    Returns
    -------
    pandas.DataFrame
        One row per segment plus ``"all"``, with ``nps``, ``se``, ``lower``, ``upper``, ``n``,
        the counts and ``n_missing``.
    """
    check_dataframe(data)
    check_columns(data, [score, segment])
    check_no_nan(data, [segment])
    overall = nps(data[score], **options)  # checks the whole column before the segments
    rows = {}
    for label, group in data.groupby(segment, sort=True, observed=True):
        rows[label] = nps(group[score], **options).params.iloc[0]
    rows["all"] = overall.params.iloc[0]
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = segment
    for column in ("n", "promoters", "passives", "detractors", "n_missing"):
        frame[column] = frame[column].astype("int64")
    return frame
