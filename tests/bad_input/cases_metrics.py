"""NPS, CES, loyalty index, RFM scores and segments."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tests.bad_input.corpus import Case
from tests.bad_input.data import summary


def _nps(scores: Any, **kw: Any) -> Any:
    from loyaltymodels.metrics import nps

    return nps(scores, **kw)


def _ces(scores: Any) -> Any:
    from loyaltymodels.metrics import ces

    return ces(scores, scale=7)


def _index(data: pd.DataFrame, dimensions: Any = None) -> Any:
    from loyaltymodels.metrics import loyalty_index

    return loyalty_index(data, dimensions or {"behaviour": ["a", "b"], "attitude": ["c"]})


def _items(**changes: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"a": [1.0, 5, 7, 3], "b": [2.0, 6, 4, 4], "c": [7.0, 7, 1, 2]})
    for column, (row, value) in changes.items():
        frame.loc[row, column] = value
    return frame


def _rfm_scores(data: pd.DataFrame, **kw: Any) -> Any:
    from loyaltymodels.metrics import rfm_scores

    return rfm_scores(data, **kw)


F = "NPS"
CASES = [
    Case(F, "+-inf", "score inf", lambda _: _nps([10, np.inf, 3]), r"infinite.*row 1"),
    Case(F, "out of range", "score 11", lambda _: _nps([10, 11, 3]), r"row 1"),
    Case(F, "NaN", "NaN without missing='exclude'", lambda _: _nps([10, np.nan, 3]), r"NaN.*row 1"),
    Case(F, "wrong dtype", "text score", lambda _: _nps(["ten", 9]), r"row 0"),
    Case(F, "empty", "no answers", lambda _: _nps([]), r"empty|no "),
    Case("CES", "+-inf", "score inf", lambda _: _ces([1, np.inf, 3]), r"infinite.*row 1"),
    Case("CES", "out of range", "score 8 on a 7-point scale", lambda _: _ces([1, 8]), r"row 1"),
    Case(
        "loyalty index",
        "+-inf",
        "item inf",
        lambda _: _index(_items(a=(1, np.inf))),
        r"'a'.*infinite.*row 1",
    ),
    Case(
        "loyalty index",
        "out of range",
        "item 9 on 1-7",
        lambda _: _index(_items(b=(2, 9))),
        r"'b'.*row 2",
    ),
    Case(
        "RFM scores",
        "NaN",
        "monetary NaN",
        lambda _: _rfm_scores(summary(monetary_value=(3, np.nan)), age="T"),
        r"'monetary_value'.*NaN.*row 3",
    ),
    Case(F, "wrong dtype", "booleans", lambda _: _nps([True, False]), r"bool|True|0-10"),
    Case(
        F,
        "missing column",
        "user's column named in the message",
        lambda _: _nps(pd.Series([10, np.inf], name="likely_to_recommend")),
        r"'likely_to_recommend'.*row 1",
    ),
    Case(
        "loyalty index",
        "inconsistent",
        "one item in two dimensions",
        lambda _: _index(_items(), {"behaviour": ["a", "b"], "attitude": ["a", "c"]}),
        r"'a'.*two dimensions|more than one dimension",
    ),
    Case(
        "RFM scores",
        "inconsistent",
        "an rfm_summary with default recency",
        lambda _: _rfm_scores(summary()),
        r"recency.*age|age=|T",
    ),
]

CASES += [
    Case(
        "RFM scores",
        "NaN",
        "NaN customer id",
        lambda _: _rfm_scores(summary(customer_id=(2, np.nan)).drop(columns="T"), monetary=None),
        r"'customer_id'.*missing values.*row 2",
    ),
    Case(
        "RFM scores",
        "duplicate ids",
        "customer id twice",
        lambda _: _rfm_scores(summary(customer_id=(2, 1)), age="T"),
        r"'customer_id'.*duplicate.*rows 0, 2",
    ),
]

_NONE_FILE = {"header only", "bad encoding", "ambiguous dates"}
NOT_APPLICABLE = {
    "NPS": _NONE_FILE | {"duplicate ids", "inconsistent", "degenerate"},
    "CES": _NONE_FILE | {"duplicate ids", "inconsistent", "degenerate", "missing column"},
    "loyalty index": _NONE_FILE | {"duplicate ids"},
    "RFM scores": _NONE_FILE,
}
CASES += [
    Case("NPS", "negative", "score -1", lambda _: _nps([10, -1]), r"row 1"),
    Case("CES", "NaN", "score NaN", lambda _: _ces([1, np.nan]), r"NaN.*row 1"),
    Case("CES", "wrong dtype", "score 'easy'", lambda _: _ces(["easy", 3]), r"row 0"),
    Case("CES", "negative", "score -2", lambda _: _ces([-2, 3]), r"row 0"),
    Case("CES", "empty", "no answers", lambda _: _ces([]), r"empty"),
    Case(
        "loyalty index",
        "missing column",
        "indicator d not in the data",
        lambda _: _index(_items(), {"x": ["a", "d"]}),
        r"\['d'\]",
    ),
    Case(
        "loyalty index",
        "wrong dtype",
        "item 'high'",
        lambda _: _index(_items().astype({"a": object}).assign(a=["high", 5, 7, 3])),
        r"'a'.*row 0",
    ),
    Case(
        "loyalty index",
        "NaN",
        "item NaN",
        lambda _: _index(_items(c=(3, np.nan))),
        r"'c'.*NaN.*row 3",
    ),
    Case(
        "loyalty index",
        "negative",
        "weight -1",
        lambda _: _index_weights({"behaviour": -1, "attitude": 2}),
        r"weight",
    ),
    Case(
        "loyalty index",
        "degenerate",
        "all weights zero",
        lambda _: _index_weights({"behaviour": 0, "attitude": 0}),
        r"weight",
    ),
    Case("loyalty index", "empty", "no respondents", lambda _: _index(_items().iloc[:0]), r"empty"),
    Case(
        "RFM scores",
        "missing column",
        "no frequency",
        lambda _: _rfm_scores(summary().drop(columns="frequency"), age="T"),
        r"frequency",
    ),
    Case(
        "RFM scores",
        "wrong dtype",
        "frequency 'x'",
        lambda _: _rfm_scores(summary(frequency=(1, "x")), age="T"),
        r"'frequency'.*row 1",
    ),
    Case(
        "RFM scores",
        "+-inf",
        "monetary inf",
        lambda _: _rfm_scores(summary(monetary_value=(1, np.inf)), age="T"),
        r"'monetary_value'.*infinite.*row 1",
    ),
    Case(
        "RFM scores",
        "negative",
        "recency -1",
        lambda _: _rfm_scores(summary(recency=(1, -1.0)), age="T"),
        r"'recency'.*row 1",
    ),
    Case(
        "RFM scores",
        "out of range",
        "bins = 1",
        lambda _: _rfm_scores(summary(), age="T", bins=1),
        r"bins",
    ),
    Case(
        "RFM scores",
        "degenerate",
        "recency > age",
        lambda _: _rfm_scores(summary(recency=(2, 999.0)), age="T"),
        r"exceeds.*row 3",
    ),
    Case(
        "RFM scores",
        "empty",
        "no customers",
        lambda _: _rfm_scores(summary().iloc[:0], age="T"),
        r"empty",
    ),
]


def _index_weights(weights: Any) -> Any:
    from loyaltymodels.metrics import loyalty_index

    return loyalty_index(_items(), {"behaviour": ["a", "b"], "attitude": ["c"]}, weights=weights)
