"""RFM quintile scores and named customer segments.

Each customer gets a recency, a frequency and a monetary score from 1 to ``bins`` (quintiles by
default; Hughes 1994): customers are ranked on each measure and the ranks cut into equal-sized
groups, with ties sharing the lower group. Recency is scored in reverse (the most recent
customers score highest). Named segments come from a table of score ranges that is data:
:data:`DEFAULT_RFM_SEGMENTS` is the widely used recency x frequency grid, and any table with the
same columns can replace it.

References
----------
Hughes, A. M. (1994). Strategic Database Marketing. Probus, Chicago.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
customer base analysis. Journal of Marketing Research 42(4), 415-430.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_in_range,
    check_integer,
    check_no_nan,
    check_nonnegative,
    check_numeric,
    check_unique,
    describe_rows,
)

__all__ = ["DEFAULT_RFM_SEGMENTS", "rfm_scores", "rfm_segments"]

#: Named segments on the 5 x 5 recency x frequency grid (score ranges are inclusive). Every
#: (r_score, f_score) pair falls in exactly one row. Replace it by any table with the columns
#: ``segment, r_min, r_max, f_min, f_max`` (and optionally ``m_min, m_max``).
DEFAULT_RFM_SEGMENTS = pd.DataFrame(
    [
        ("champions", 5, 5, 4, 5),
        ("loyal customers", 3, 4, 4, 5),
        ("potential loyalists", 4, 5, 2, 3),
        ("new customers", 5, 5, 1, 1),
        ("promising", 4, 4, 1, 1),
        ("need attention", 3, 3, 3, 3),
        ("about to sleep", 3, 3, 1, 2),
        ("cannot lose them", 1, 2, 5, 5),
        ("at risk", 1, 2, 3, 4),
        ("hibernating", 1, 2, 1, 2),
    ],
    columns=["segment", "r_min", "r_max", "f_min", "f_max"],
)


def _quantile_scores(values: pd.Series, bins: int, *, reverse: bool) -> pd.Series:
    x = values.to_numpy(dtype=float)
    if reverse:
        x = -x
    order = np.argsort(x)
    ordered = x[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(x.size), 0))
    rank_min = np.empty(x.size, dtype=float)
    rank_min[order] = first + 1.0  # ties share the lowest rank
    scores = 1 + np.floor(bins * (rank_min - 1.0) / x.size).astype("int64")
    return pd.Series(scores, index=values.index)


def _labels(scores: np.ndarray, bins: int) -> pd.Categorical[str]:
    """Concatenate each row's scores into a label such as "545" ("5-4-5" beyond 9 bins)."""
    base = bins + 1
    packed = scores.astype("int64") @ (base ** np.arange(scores.shape[1])[::-1])
    combos, inverse = np.unique(packed, return_inverse=True)
    separator = "" if bins <= 9 else "-"
    digits = [(combos // base**k) % base for k in range(scores.shape[1])][::-1]
    names = [separator.join(str(int(d[i])) for d in digits) for i in range(combos.size)]
    return pd.Categorical.from_codes(inverse.reshape(-1), categories=pd.Index(names))


def rfm_scores(
    data: pd.DataFrame,
    *,
    customer_id: str | None = "customer_id",
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str | None = "monetary_value",
    age: str | None = None,
    bins: int = 5,
) -> pd.DataFrame:
    """Score each customer's recency, frequency and monetary value from 1 to ``bins``.

    For a measure ``x`` with ``n`` customers, ``score = 1 + floor(bins (r - 1) / n)`` where ``r``
    is the customer's rank (1 = smallest, ties share the smallest rank), so the scores are
    equal-sized groups (quintiles for ``bins=5``; Hughes 1994) and tied customers share a score.
    Recency is "time since the last purchase" and is ranked in reverse (most recent = ``bins``).
    With ``age`` given, the data follow the buy-till-you-die convention of ``rfm_summary`` (recency
    = time from the first to the last purchase, ``age`` = ``T``, time since the first purchase)
    and the time since the last purchase is ``age - recency``. Data with a ``T`` column but
    no ``age`` are refused, so that an ``rfm_summary`` is never scored with its recency
    reversed.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer.
    customer_id : str or None, default "customer_id"
        The id column (unique), used as the index of the result; None keeps ``data``'s index.
    recency, frequency : str
        The columns of the recency and frequency measures (non-negative).
    monetary : str or None, default "monetary_value"
        The monetary column (non-negative); None to score R and F only.
    age : str, optional
        The column with each customer's age (``T``); see above.
    bins : int, default 5
        The number of score groups.

    Returns
    -------
    pandas.DataFrame
        ``r_score``, ``f_score`` (and ``m_score``) as integers, and ``rfm`` (e.g. ``"545"``,
        categorical), indexed by customer.

    Examples
    --------
    >>> data = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency": [1, 2, 3, 4, 5],
    ...                      "frequency": [5, 4, 3, 2, 1]})
    >>> rfm_scores(data, monetary=None)["rfm"].tolist()
    ['55', '44', '33', '22', '11']
    """
    check_dataframe(data)
    if int(bins) != bins or bins < 2:
        raise LoyaltyDataError(f"bins must be an integer >= 2, got {bins!r}.")
    columns = [c for c in (recency, frequency, monetary, age) if c is not None]
    check_columns(data, [*columns, *([customer_id] if customer_id else [])])
    if age is None and "T" in data.columns:
        raise LoyaltyDataError(
            "data look like an rfm_summary (it has a column 'T'): there 'recency' is the time "
            "from the first to the last purchase, not the time since the last one, and scoring "
            "it as given would reverse the recency scores. Pass age='T' (or rename 'T' if it "
            "is not the customer's age)."
        )
    check_numeric(data, columns)
    check_no_nan(data, columns)
    check_nonnegative(data, columns)
    frame = data
    if customer_id is not None:
        check_unique(data, customer_id)
        frame = data.set_index(customer_id)
    since_last = frame[recency].astype(float)
    if age is not None:
        gap = frame[age].astype(float) - since_last
        bad = (gap < 0).to_numpy()
        if bad.any():
            raise LoyaltyDataError(
                f"column '{recency}' exceeds '{age}' at {describe_rows(frame.index[bad])}; "
                "recency (first to last purchase) cannot exceed the customer's age T."
            )
        since_last = gap
    result = pd.DataFrame(index=frame.index)
    result["r_score"] = _quantile_scores(since_last, bins, reverse=True)
    result["f_score"] = _quantile_scores(frame[frequency].astype(float), bins, reverse=False)
    parts = [result["r_score"], result["f_score"]]
    if monetary is not None:
        result["m_score"] = _quantile_scores(frame[monetary].astype(float), bins, reverse=False)
        parts.append(result["m_score"])
    result["rfm"] = _labels(np.column_stack([part.to_numpy() for part in parts]), bins)
    return result


def _check_segment_table(table: pd.DataFrame, bins: int, use_monetary: bool) -> None:
    check_dataframe(table, name="segments")
    bounds = ["r_min", "r_max", "f_min", "f_max", *(["m_min", "m_max"] if use_monetary else [])]
    check_columns(table, ["segment", *bounds], name="segments")
    check_no_nan(table, ["segment", *bounds])
    check_integer(table, bounds)
    axes = [range(1, bins + 1)] * (3 if use_monetary else 2)
    uncovered, overlapping = [], []
    for cell in itertools.product(*axes):
        hits = np.ones(len(table), dtype=bool)
        for value, key in zip(cell, ("r", "f", "m"), strict=False):
            hits &= (table[f"{key}_min"] <= value).to_numpy() & (
                value <= table[f"{key}_max"]
            ).to_numpy()
        if hits.sum() == 0:
            uncovered.append(cell)
        elif hits.sum() > 1:
            overlapping.append(cell)
    if uncovered or overlapping:
        raise LoyaltyDataError(
            "segments must assign every score combination to exactly one segment; "
            f"uncovered: {uncovered[:5]}, in several segments: {overlapping[:5]}. "
            "Fix the r/f/m ranges of the segment table."
        )


def rfm_segments(
    scores: pd.DataFrame, *, segments: pd.DataFrame | None = None, bins: int = 5
) -> pd.DataFrame:
    """Name each customer's segment from their RFM scores with a segment table.

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`rfm_scores`.
    segments : pandas.DataFrame, optional
        The segment table, columns ``segment, r_min, r_max, f_min, f_max`` and optionally
        ``m_min, m_max`` (inclusive score ranges). It must cover every score combination exactly
        once. Defaults to :data:`DEFAULT_RFM_SEGMENTS`.
    bins : int, default 5
        The number of score groups used by :func:`rfm_scores`.

    Returns
    -------
    pandas.DataFrame
        ``scores`` with a ``segment`` column (categorical in table order).

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1]})
    >>> rfm_segments(scores)["segment"].tolist()
    ['champions', 'hibernating']
    """
    table = DEFAULT_RFM_SEGMENTS if segments is None else segments
    use_monetary = "m_min" in table.columns or "m_max" in table.columns
    _check_segment_table(table, bins, use_monetary)
    needed = ["r_score", "f_score", *(["m_score"] if use_monetary else [])]
    check_dataframe(scores, name="scores")
    check_columns(scores, needed, name="scores")
    check_no_nan(scores, needed)
    check_integer(scores, needed)
    check_in_range(scores, needed, 1, bins, what=f"the 1-{bins} RFM scores")
    names = list(dict.fromkeys(table["segment"]))
    codes = np.full(len(scores), -1, dtype="int64")
    score_values = {
        key: scores[f"{key}_score"].to_numpy(dtype=float)
        for key in ("r", "f", *(["m"] if use_monetary else []))
    }
    for _, row in table.iterrows():
        hit = np.ones(len(scores), dtype=bool)
        for key, values in score_values.items():
            hit &= (values >= float(row[f"{key}_min"])) & (values <= float(row[f"{key}_max"]))
        codes[hit] = names.index(row["segment"])
    result = scores.copy()
    result["segment"] = pd.Categorical.from_codes(codes, categories=pd.Index(names))
    return result
