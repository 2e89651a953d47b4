"""SERVQUAL scoring, SERVPERF, zone of tolerance, IPA."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tests.bad_input.corpus import Case
from tests.bad_input.data import servqual


def _with(frame: pd.DataFrame, row: int, column: str, value: Any) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = frame[column].astype(object if isinstance(value, str) else float)
    frame.loc[row, column] = value
    return frame


def _score(expectations: Any = None, perceptions: Any = None, **kw: Any) -> Any:
    from loyaltymodels.servqual import score

    survey = servqual()
    return score(
        survey.expectations if expectations is None else expectations,
        survey.perceptions if perceptions is None else perceptions,
        **kw,
    )


def _ipa(importance: pd.DataFrame) -> Any:
    from loyaltymodels.servqual import importance_performance

    return importance_performance(importance, servqual().perceptions, importance_scale=(1, 7))


def _weights(row: int, column: str, value: Any) -> pd.DataFrame:
    return _with(servqual().weights, row, column, value)


F = "SERVQUAL"
CASES = [
    Case(
        F,
        "+-inf",
        "perception inf",
        lambda _: _score(perceptions=_with(servqual().perceptions, 3, "q2", np.inf)),
        r"'q2'.*infinite.*row 3",
    ),
    Case(
        F,
        "NaN",
        "expectation NaN",
        lambda _: _score(expectations=_with(servqual().expectations, 5, "q7", np.nan)),
        r"'q7'.*NaN.*row 5",
    ),
    Case(
        F,
        "out of range",
        "perception 9 on a 1-7 scale",
        lambda _: _score(perceptions=_with(servqual().perceptions, 7, "q12", 9)),
        r"'q12'.*row 7",
    ),
    Case(
        F,
        "wrong dtype",
        "perception 'high'",
        lambda _: _score(perceptions=_with(servqual().perceptions, 1, "q3", "high")),
        r"'q3'.*row 1",
    ),
    Case(
        F,
        "missing column",
        "item q22 missing",
        lambda _: _score(perceptions=servqual().perceptions.drop(columns="q22")),
        r"q22",
    ),
    Case(
        F,
        "+-inf",
        "weight inf",
        lambda _: _score(weights=_weights(0, "tangibles", np.inf)),
        r"'tangibles'.*infinite.*row 0",
    ),
    Case(
        F,
        "negative",
        "weight -10",
        lambda _: _score(weights=_weights(2, "empathy", -10)),
        r"'empathy'.*row 2",
    ),
    Case(
        F,
        "inconsistent",
        "weights sum to 90",
        lambda _: _score(
            weights={
                "tangibles": 10,
                "reliability": 30,
                "responsiveness": 20,
                "assurance": 20,
                "empathy": 10,
            }
        ),
        r"100",
    ),
    Case(
        F,
        "empty",
        "no respondents",
        lambda _: _score(servqual().expectations.iloc[:0], servqual().perceptions.iloc[:0]),
        r"empty",
    ),
    Case(
        "IPA",
        "+-inf",
        "importance inf",
        lambda _: _ipa(_with(servqual().expectations, 1, "q2", np.inf)),
        r"'q2'.*infinite.*row 1",
    ),
    Case(
        "IPA",
        "NaN",
        "importance NaN",
        lambda _: _ipa(_with(servqual().expectations, 1, "q2", np.nan)),
        r"'q2'.*NaN.*row 1",
    ),
]

NOT_APPLICABLE = {
    F: {"header only", "bad encoding", "ambiguous dates", "duplicate ids"},
    # importance-performance places given means on a grid; nothing is estimated
    "IPA": {"header only", "bad encoding", "ambiguous dates", "duplicate ids", "degenerate"},
}


def _tolerance(adequate: pd.DataFrame) -> Any:
    from loyaltymodels.servqual import zone_of_tolerance

    survey = servqual()
    return zone_of_tolerance(adequate, survey.expectations, survey.perceptions)


def _servperf(perceptions: pd.DataFrame) -> Any:
    from loyaltymodels.servqual import servperf

    return servperf(perceptions)


CASES += [
    Case(
        F,
        "+-inf",
        "zone of tolerance: adequate -inf",
        lambda _: _tolerance(_with(servqual().adequate, 2, "q5", -np.inf)),
        r"'q5'.*infinite.*row 2",
    ),
    Case(
        F,
        "NaN",
        "SERVPERF perception NaN",
        lambda _: _servperf(_with(servqual().perceptions, 2, "q5", np.nan)),
        r"'q5'.*NaN.*row 2",
    ),
    Case(
        F,
        "inconsistent",
        "expectations and perceptions of different respondents",
        lambda _: _score(servqual().expectations.iloc[:30], servqual().perceptions.iloc[:40]),
        r"respondent|rows|index|same",
    ),
    Case(
        F,
        "degenerate",
        "one respondent",
        lambda _: _score(servqual().expectations.iloc[:1], servqual().perceptions.iloc[:1]),
        r"one respondent",
    ),
    Case(
        "IPA",
        "missing column",
        "attribute missing from importance",
        lambda _: _ipa(servqual().expectations.drop(columns="q3")),
        r"q3",
    ),
    Case(
        "IPA",
        "wrong dtype",
        "importance 'high'",
        lambda _: _ipa(_with(servqual().expectations, 0, "q1", "high")),
        r"'q1'.*row 0",
    ),
    Case(
        "IPA",
        "negative",
        "importance -1",
        lambda _: _ipa(_with(servqual().expectations, 0, "q1", -1)),
        r"'q1'.*row 0",
    ),
    Case(
        "IPA",
        "out of range",
        "importance 12 on 1-7",
        lambda _: _ipa(_with(servqual().expectations, 0, "q1", 12)),
        r"'q1'.*row 0",
    ),
    Case(
        "IPA",
        "inconsistent",
        "different attributes",
        lambda _: _ipa(servqual().expectations.rename(columns={"q1": "speed"})),
        r"speed|q1",
    ),
    Case(
        "IPA", "empty", "no respondents", lambda _: _ipa(servqual().expectations.iloc[:0]), r"empty"
    ),
]
