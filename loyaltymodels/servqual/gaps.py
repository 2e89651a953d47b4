"""SERVQUAL gap scores (P - E) and SERVPERF (perceptions only), unweighted and weighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.servqual._intervals import mean_table
from loyaltymodels.servqual._weights import WeightsInput, importance_weights
from loyaltymodels.servqual.instrument import SERVQUAL, Instrument
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["GapResult", "check_same_respondents", "score", "servperf"]

OVERALL = "overall"
WEIGHTED = "weighted_overall"


@dataclass(repr=False)
class GapResult(Result, frozen=True):
    """Scores per respondent and aggregated, from :func:`score` or :func:`servperf`.

    Attributes
    ----------
    method : str
        ``"servqual"`` (scores are gaps P - E) or ``"servperf"`` (scores are perceptions).
    instrument : Instrument
        The instrument scored.
    item_scores : pandas.DataFrame
        Per respondent and item: the gap P - E (SERVQUAL) or the perception (SERVPERF).
    respondent_scores : pandas.DataFrame
        Per respondent: one column per dimension (mean of its item scores), ``overall`` (mean
        of the dimension scores) and, when weights were given, ``weighted_overall``.
    items : pandas.DataFrame
        Per item: ``dimension``, mean ``expectation`` and ``perception`` (SERVQUAL), and the
        mean score ``estimate`` with ``sd``, ``se``, ``lower``, ``upper``, ``n``.
    dimensions : pandas.DataFrame
        The same per dimension, plus the ``overall`` and ``weighted_overall`` rows.
    weights : pandas.DataFrame or None
        The importance weights used (rows sum to one), or None.
    confidence : float
        Coverage of the intervals.
    """

    method: str
    instrument: Instrument
    summary_table: ClassVar[str] = "dimensions"
    item_scores: pd.DataFrame
    respondent_scores: pd.DataFrame
    items: pd.DataFrame
    dimensions: pd.DataFrame
    weights: pd.DataFrame | None
    confidence: float

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """Tidy table of every aggregate: ``level`` (item / dimension / overall) and ``name``."""
        columns = ["estimate", "sd", "se", "lower", "upper", "n"]
        item_rows = self.items[columns].assign(level="item")
        dim_rows = self.dimensions[columns].assign(
            level=[
                "overall" if n in (OVERALL, WEIGHTED) else "dimension"
                for n in self.dimensions.index
            ]
        )
        table = pd.concat([item_rows, dim_rows])
        table.index.name = "name"
        return table.reset_index()[["level", "name", *columns]]


@accepts_former_ci_prob_names
def score(
    expectations: pd.DataFrame,
    perceptions: pd.DataFrame,
    *,
    weights: WeightsInput | None = None,
    normalise: bool = False,
    instrument: Instrument = SERVQUAL,
    ci_prob: float = 0.95,
) -> GapResult:
    r"""SERVQUAL gap scores: item, dimension and overall gaps with confidence intervals.

    For respondent :math:`i`, item :math:`j` of dimension :math:`d` with :math:`k_d` items:

    .. math::

        g_{ij} = P_{ij} - E_{ij}, \qquad
        G_{id} = \frac{1}{k_d}\sum_{j \in d} g_{ij}, \qquad
        \text{overall}_i = \frac{1}{D}\sum_d G_{id}, \qquad
        \text{weighted}_i = \sum_d \frac{a_{id}}{100}\, G_{id},

    where :math:`a_{id}` are the 100-point importance allocations. Aggregates are means over
    respondents with Student-t intervals. The unweighted overall score is the average of the
    dimension scores and the weighted score uses the allocations as in Parasuraman, Berry &
    Zeithaml (1991).

    Parameters
    ----------
    expectations, perceptions : pandas.DataFrame
        One row per respondent (same index in both), one column per item of ``instrument``,
        answers on its scale.
    weights : mapping, pandas.Series or pandas.DataFrame, optional
        100-point importance allocations across the dimensions: one for all respondents
        (dict/Series by dimension) or one row per respondent (DataFrame, columns = dimensions).
    normalise : bool, default False
        Rescale allocations that do not sum to 100 instead of raising.
    instrument : Instrument, default SERVQUAL
        The items, dimensions and scale.
    ci_prob : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    GapResult
        Scores per respondent and aggregated.

    Raises
    ------
    LoyaltyDataError
        Missing item columns, NaN, answers outside the scale or not whole numbers, rows of
        expectations and perceptions that do not match, or allocations not summing to 100.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a multiple-item scale
    for measuring consumer perceptions of service quality. Journal of Retailing 64(1), 12-40.
    Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991). Refinement and reassessment of the
    SERVQUAL scale. Journal of Retailing 67(4), 420-450.

    Examples
    --------
    >>> import pandas as pd
    >>> from loyaltymodels.servqual import Instrument, score
    >>> tiny = Instrument({"speed": ["s1", "s2"], "care": ["c1"]}, scale=(1, 5))
    >>> e = pd.DataFrame({"s1": [5, 4], "s2": [5, 5], "c1": [4, 4]})
    >>> p = pd.DataFrame({"s1": [3, 4], "s2": [4, 4], "c1": [4, 5]})
    >>> result = score(e, p, instrument=tiny, weights={"speed": 60, "care": 40})
    >>> result.respondent_scores.round(2)
       speed  care  overall  weighted_overall
    0   -1.5   0.0    -0.75              -0.9
    1   -0.5   1.0     0.25               0.1
    """
    confidence = check_ci_prob(ci_prob)
    e_items = instrument.check_responses(expectations, name="expectations")
    p_items = instrument.check_responses(perceptions, name="perceptions")
    check_same_respondents(e_items, p_items)
    gaps = p_items - e_items
    result = _aggregate(
        "servqual", gaps, instrument, weights, normalise, confidence, e_items, p_items
    )
    return result


@accepts_former_ci_prob_names
def servperf(
    perceptions: pd.DataFrame,
    *,
    weights: WeightsInput | None = None,
    normalise: bool = False,
    instrument: Instrument = SERVQUAL,
    ci_prob: float = 0.95,
) -> GapResult:
    r"""SERVPERF: service quality from the perception items alone.

    The same aggregation as :func:`score` applied to :math:`P_{ij}` instead of the gap:
    dimension score :math:`\frac{1}{k_d}\sum_{j\in d} P_{ij}`, overall score the mean of the
    dimensions, and the importance-weighted score :math:`\sum_d (a_{id}/100)\,\cdot` dimension
    score (Cronin & Taylor 1992 compare the weighted and unweighted forms).

    Parameters
    ----------
    perceptions : pandas.DataFrame
        One row per respondent, one column per item of ``instrument``.
    weights, normalise, instrument, ci_prob
        As in :func:`score`: importance allocations, whether to rescale them, the
        instrument and the coverage of the intervals.

    Returns
    -------
    GapResult
        With ``method == "servperf"``.

    References
    ----------
    Cronin, J. J. & Taylor, S. A. (1992). Measuring service quality: a reexamination and
    extension. Journal of Marketing 56(3), 55-68.

    Examples
    --------
    >>> import pandas as pd
    >>> from loyaltymodels.servqual import Instrument, servperf
    >>> tiny = Instrument({"speed": ["s1", "s2"], "care": ["c1"]}, scale=(1, 5))
    >>> p = pd.DataFrame({"s1": [3, 4], "s2": [4, 4], "c1": [4, 5]})
    >>> servperf(p, instrument=tiny).dimensions["estimate"].tolist()
    [3.75, 4.5, 4.125]
    """
    confidence = check_ci_prob(ci_prob)
    p_items = instrument.check_responses(perceptions, name="perceptions")
    return _aggregate(
        "servperf", p_items, instrument, weights, normalise, confidence, None, p_items
    )


def check_same_respondents(e_items: pd.DataFrame, p_items: pd.DataFrame) -> None:
    """Check that expectation and perception items come from the same respondents.

    Parameters
    ----------
    e_items, p_items : pandas.DataFrame
        Expectation and perception answers, one row per respondent.

    Raises
    ------
    LoyaltyDataError
        When the row counts or the row labels differ, or a respondent label repeats.
    """
    repeated = e_items.index[e_items.index.duplicated(keep=False)]
    if len(repeated):
        raise LoyaltyDataError(
            f"respondent ids repeat in expectations ({describe_rows(repeated.unique())}); "
            "give each respondent one row, or drop the id column to match rows by order."
        )
    if len(e_items) != len(p_items):
        raise LoyaltyDataError(
            f"expectations has {len(e_items)} rows but perceptions has {len(p_items)}; "
            "give both one row per respondent, in the same order and with the same index."
        )
    if not e_items.index.equals(p_items.index):
        differs = e_items.index != p_items.index
        raise LoyaltyDataError(
            "expectations and perceptions are indexed differently (first mismatches at "
            f"{describe_rows(e_items.index[differs])} of expectations); align them with "
            "perceptions = perceptions.loc[expectations.index] or reset both indexes."
        )


def _aggregate(
    method: str,
    item_scores: pd.DataFrame,
    instrument: Instrument,
    weights: WeightsInput | None,
    normalise: bool,
    confidence: float,
    e_items: pd.DataFrame | None,
    p_items: pd.DataFrame,
) -> GapResult:
    respondent = instrument.dimension_means(item_scores)
    dims = list(instrument.dimension_names)
    respondent[OVERALL] = respondent[dims].mean(axis=1)
    weight_table = None
    if weights is not None:
        weight_table = importance_weights(
            weights, item_scores.index, instrument, normalise=normalise
        )
        respondent[WEIGHTED] = (respondent[dims] * weight_table).sum(axis=1)

    items = mean_table(item_scores, confidence)
    items.insert(0, "dimension", [instrument.dimension_of[i] for i in items.index])
    dimensions = mean_table(respondent, confidence)
    if e_items is not None:
        dim_p = instrument.dimension_means(p_items)
        items.insert(1, "expectation", e_items.mean(axis=0))
        items.insert(2, "perception", p_items.mean(axis=0))
        dim_e = instrument.dimension_means(e_items)
        dimensions.insert(0, "expectation", dim_e.mean(axis=0).reindex(dimensions.index))
        dimensions.insert(1, "perception", dim_p.mean(axis=0).reindex(dimensions.index))
    items.index.name = "item"
    dimensions.index.name = "dimension"
    return GapResult(
        method=method,
        instrument=instrument,
        item_scores=item_scores,
        respondent_scores=respondent,
        items=items,
        dimensions=dimensions,
        weights=weight_table,
        confidence=confidence,
    )
