"""A weighted loyalty index from behavioural, attitudinal and emotional indicators.

Each indicator is rescaled to 0-100 from its declared scale, ``100 (x - low) / (high - low)``
(the rescaling of the American Customer Satisfaction Index; Fornell et al. 1996); a dimension's
score is the mean of its rescaled indicators, and the index is the weighted sum of the dimension
scores, ``I = Σ_d w_d S_d`` with weights normalised to sum to 1. Weights are equal, given by the
caller, or derived from a fitted structural equation model: the standardized path coefficients
of the dimensions on the loyalty outcome (derived importance, as the ACSI derives its weights
from the estimated model rather than from stated importance).

References
----------
Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. & Bryant, B. E. (1996). The American
Customer Satisfaction Index: nature, purpose, and findings. Journal of Marketing 60(4), 7-18.
Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated conceptual framework.
Journal of the Academy of Marketing Science 22(2), 99-113.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._result import Result
from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_in_range,
    check_no_nan,
    check_numeric,
)
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["LoyaltyIndexResult", "loyalty_index", "weights_from_sem"]

INDEX_NAME = "loyalty_index"


@dataclass(repr=False)
class LoyaltyIndexResult(Result, frozen=True):
    """Respondent-level loyalty index with its dimension scores.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per respondent: each dimension's 0-100 score and ``loyalty_index``.
    weights : pandas.Series
        The normalised dimension weights (sum to 1).
    confidence_level : float
        The level of the intervals in ``params``.
    params : pandas.DataFrame
        One row per dimension and for the index: ``weight``, ``mean``, ``se``, ``lower``,
        ``upper`` (t interval of the mean) and ``n``.
    """

    scores: pd.DataFrame
    weights: pd.Series
    confidence_level: float
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.scores)
        mean = self.scores.mean()
        se = self.scores.std(ddof=1) / np.sqrt(n) if n > 1 else mean * np.nan
        t = float(stats.t.ppf(0.5 + self.confidence_level / 2.0, df=max(n - 1, 1)))
        weight = pd.concat([self.weights, pd.Series({INDEX_NAME: 1.0})])
        self.params = pd.DataFrame(
            {
                "weight": weight,
                "mean": mean,
                "se": se,
                "lower": mean - t * se,
                "upper": mean + t * se,
                "n": n,
            }
        )
        self.params.index.name = "score"


def weights_from_sem(
    result: Any, outcome: str, dimensions: Sequence[str] | None = None
) -> pd.Series:
    """Derive dimension weights from a fitted SEM: standardized paths on the outcome.

    ``w_d = β*_d / Σ_k β*_k`` where ``β*_d`` is the standardized coefficient (``std_all``) of the
    regression ``outcome ~ d`` (derived importance; Fornell et al. 1996).

    Parameters
    ----------
    result : object
        A fitted SEM result whose ``params`` DataFrame has the columns ``lval``, ``op``,
        ``rval`` and ``std_all`` (as :mod:`loyaltymodels.sem` results do).
    outcome : str
        The loyalty construct the dimensions point to.
    dimensions : sequence of str, optional
        The dimensions to keep (default: every predictor of ``outcome``).

    Returns
    -------
    pandas.Series
        Weights indexed by dimension, summing to 1.

    Examples
    --------
    >>> class Fitted:
    ...     params = pd.DataFrame({"lval": ["loyalty", "loyalty"], "op": ["~", "~"],
    ...                            "rval": ["value", "emotion"], "std_all": [0.3, 0.6]})
    >>> weights_from_sem(Fitted(), "loyalty").round(4).to_dict()
    {'value': 0.3333, 'emotion': 0.6667}
    """
    params = getattr(result, "params", None)
    if not isinstance(params, pd.DataFrame):
        raise LoyaltyDataError(
            "result must be a fitted SEM result with a params DataFrame; fit the model first."
        )
    check_columns(params, ["lval", "op", "rval", "std_all"], name="result.params")
    paths = params[(params["op"] == "~") & (params["lval"] == outcome)]
    if paths.empty:
        outcomes = sorted(set(params.loc[params["op"] == "~", "lval"]))
        raise LoyaltyDataError(
            f"the model has no regression of '{outcome}' on any dimension; name the loyalty "
            f"outcome of a structural path (outcomes: {outcomes})."
        )
    weights = pd.Series(
        paths["std_all"].to_numpy(dtype=float), index=paths["rval"].to_numpy(), name="weight"
    )
    if dimensions is not None:
        missing = [d for d in dimensions if d not in weights.index]
        if missing:
            raise LoyaltyDataError(
                f"dimension(s) {missing} have no path to '{outcome}' in the model; "
                f"it has {list(weights.index)}."
            )
        weights = weights.loc[list(dimensions)]
    if (weights < 0).any() or not np.all(np.isfinite(weights)):
        raise LoyaltyDataError(
            f"standardized paths on '{outcome}' must be non-negative to serve as weights, got "
            f"{weights.to_dict()}; check the model or give the weights yourself."
        )
    if weights.sum() <= 0:
        raise LoyaltyDataError(f"the standardized paths on '{outcome}' are all zero.")
    return weights / weights.sum()


def _scales(
    scale: tuple[float, float] | Mapping[str, tuple[float, float]], columns: Sequence[str]
) -> dict[str, tuple[float, float]]:
    if isinstance(scale, Mapping):
        missing = [c for c in columns if c not in scale]
        if missing:
            raise LoyaltyDataError(
                f"scale gives no (low, high) for indicator(s) {missing}; add them."
            )
        bounds = {c: (float(scale[c][0]), float(scale[c][1])) for c in columns}
    else:
        low, high = scale
        bounds = dict.fromkeys(columns, (float(low), float(high)))
    for column, (low, high) in bounds.items():
        if not high > low:
            raise LoyaltyDataError(
                f"the scale of '{column}' must have high > low, got ({low}, {high})."
            )
    return bounds


def _indicator_columns(dimensions: Mapping[str, Sequence[str]]) -> list[str]:
    """Return the indicators of all dimensions, each listed in exactly one dimension."""
    if not dimensions:
        raise LoyaltyDataError("dimensions must map at least one dimension to its indicators.")
    for name, items in dimensions.items():
        if isinstance(items, str) or len(items) == 0:
            raise LoyaltyDataError(
                f"dimension '{name}' must list its indicator columns, got {items!r}."
            )
    owners: dict[str, list[str]] = {}
    for name, items in dimensions.items():
        for item in items:
            owners.setdefault(item, []).append(str(name))
    shared = {item: names for item, names in owners.items() if len(names) > 1}
    if shared:
        item, names = next(iter(shared.items()))
        raise LoyaltyDataError(
            f"indicator '{item}' is listed in more than one dimension ({names}); each indicator "
            "measures one dimension. Remove it from all but one."
        )
    return list(owners)


def _dimension_weights(
    weights: Mapping[str, float] | pd.Series | None, dimensions: Mapping[str, Sequence[str]]
) -> pd.Series:
    """Return the raw weight of each dimension, in the order of ``dimensions`` (default 1)."""
    if weights is None:
        return pd.Series(1.0, index=list(dimensions))
    raw = pd.Series(dict(weights), dtype=float)
    unknown = [d for d in raw.index if d not in dimensions]
    missing = [d for d in dimensions if d not in raw.index]
    if unknown or missing:
        raise LoyaltyDataError(
            f"weights must name exactly the dimensions {list(dimensions)}; "
            f"missing {missing}, unknown {unknown}."
        )
    raw = raw.loc[list(dimensions)]
    if (raw < 0).any() or not np.all(np.isfinite(raw)) or raw.sum() <= 0:
        raise LoyaltyDataError(
            f"weights must be non-negative with a positive sum, got {raw.to_dict()}."
        )
    return raw


@accepts_former_ci_prob_names
def loyalty_index(
    data: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]],
    *,
    scale: tuple[float, float] | Mapping[str, tuple[float, float]] = (1.0, 7.0),
    weights: Mapping[str, float] | pd.Series | None = None,
    ci_prob: float = 0.95,
) -> LoyaltyIndexResult:
    """Weighted loyalty index (0-100) from indicators grouped into dimensions.

    ``S_d = mean_{j in d} 100 (x_j - low_j) / (high_j - low_j)`` and
    ``I = Σ_d w_d S_d / Σ_d w_d`` (Fornell et al. 1996 rescaling; dimensions in the spirit of
    Dick & Basu 1994: behavioural, attitudinal, emotional).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (its index identifies respondents).
    dimensions : mapping of str to sequence of str
        Dimension name -> its indicator columns, e.g.
        ``{"behavioural": [...], "attitudinal": [...], "emotional": [...]}``.
    scale : (low, high) or mapping of column to (low, high), default (1, 7)
        The declared scale of the indicators; answers outside it raise.
    weights : mapping of str to float or pandas.Series, optional
        Non-negative weight per dimension (normalised to sum 1). Default equal weights; use
        :func:`weights_from_sem` for weights from a fitted SEM.
    ci_prob : float, default 0.95
        The level of the intervals of the mean scores.

    Returns
    -------
    LoyaltyIndexResult
        ``scores`` per respondent, ``weights`` and ``params`` (means with intervals).

    Examples
    --------
    >>> data = pd.DataFrame({"buy": [7, 1], "like": [4, 4]})
    >>> result = loyalty_index(data, {"behavioural": ["buy"], "emotional": ["like"]})
    >>> result.scores["loyalty_index"].tolist()
    [75.0, 25.0]
    """
    check_dataframe(data)
    level = check_ci_prob(ci_prob)
    columns = _indicator_columns(dimensions)
    check_columns(data, columns)
    check_numeric(data, columns)
    check_no_nan(data, columns)
    bounds = _scales(scale, columns)
    for column, (low, high) in bounds.items():
        check_in_range(data, [column], low, high, what=f"the declared scale of '{column}'")
    rescaled = pd.DataFrame(
        {
            c: 100.0 * (data[c].astype(float) - bounds[c][0]) / (bounds[c][1] - bounds[c][0])
            for c in columns
        },
        index=data.index,
    )
    scores = pd.DataFrame(
        {name: rescaled[list(items)].mean(axis=1) for name, items in dimensions.items()},
        index=data.index,
    )
    raw = _dimension_weights(weights, dimensions)
    normalised = (raw / raw.sum()).rename("weight")
    scores[INDEX_NAME] = scores[list(dimensions)].to_numpy() @ normalised.to_numpy()
    return LoyaltyIndexResult(scores=scores, weights=normalised, confidence_level=level)
