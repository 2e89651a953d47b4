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
        r"'customer_id'.*missing ids.*row 2",
    ),
    Case(
        "RFM scores",
        "duplicate ids",
        "customer id twice",
        lambda _: _rfm_scores(summary(customer_id=(2, 1)), age="T"),
        r"'customer_id'.*duplicate.*rows 0, 2",
    ),
]
