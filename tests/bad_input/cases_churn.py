"""Contractual retention (sBG) and covariate churn (hazard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tests.bad_input.corpus import Case
from tests.bad_input.data import panel, records, retention


def _sbg(data: Any, **kw: Any) -> Any:
    from loyaltymodels.churn import ShiftedBetaGeometric

    return ShiftedBetaGeometric().fit(data, method="mle", **kw)


def _hazard(data: Any, covariates: Any = ("satisfaction",), **kw: Any) -> Any:
    from loyaltymodels.churn import HazardChurn

    return HazardChurn("logit").fit(data, covariates=covariates, method="mle", **kw)


def _records_with(column: str, row: int, value: Any) -> pd.DataFrame:
    data = records()
    data["x"] = (np.arange(len(data)) % 2).astype(float)
    data[column] = data[column].astype(object if isinstance(value, str) else float)
    data.loc[row, column] = value
    return data


def _counts_with(row: int, value: float) -> pd.DataFrame:
    data = retention().astype(float)
    data.iloc[row, 0] = value
    return data


def _panel_with(column: str, row: int, value: Any) -> pd.DataFrame:
    data = panel()
    if isinstance(value, str):
        data[column] = data[column].astype(object)
    data.loc[row, column] = value
    return data


def _no_churn(_: Path) -> Any:
    return _hazard(panel().assign(churned=0))


def _all_churn_first(_: Path) -> Any:
    data = panel()
    data = data[data["period"] == 1].assign(churned=1)
    return _hazard(data)


def _separation(_: Path) -> Any:
    data = panel()
    data["flag"] = data["churned"].astype(float)
    return _hazard(data, covariates=["flag"])


S, H = "sBG", "hazard"
CASES = [
    Case(
        S,
        "+-inf",
        "count inf",
        lambda _: _sbg(_counts_with(2, np.inf)),
        r"'regular'.*infinite.*row 2",
    ),
    Case(
        S,
        "NaN",
        "count NaN inside the series",
        lambda _: _sbg(_counts_with(2, np.nan)),
        r"'regular'.*NaN.*row",
    ),
    Case(
        S,
        "negative",
        "count -1",
        lambda _: _sbg(_counts_with(3, -1.0)),
        r"'regular'.*negative.*row 3",
    ),
    Case(
        S,
        "inconsistent",
        "survivors increase",
        lambda _: _sbg(_counts_with(3, 900.0)),
        r"'regular'.*increases.*row 3",
    ),
    Case(
        S,
        "+-inf",
        "record covariate inf",
        lambda _: _sbg(_records_with("x", 3, np.inf), covariates=["x"]),
        r"'x'.*infinite.*row 3",
    ),
    Case(
        S,
        "wrong dtype",
        "periods 'two'",
        lambda _: _sbg(_records_with("periods", 4, "two")),
        r"'periods'.*row 4",
    ),
    Case(S, "empty", "one period only", lambda _: _sbg(retention().iloc[:1]), r"two periods"),
    Case(
        H,
        "+-inf",
        "covariate inf",
        lambda _: _hazard(_panel_with("satisfaction", 4, np.inf)),
        r"'satisfaction'.*infinite.*row 4",
    ),
    Case(
        H,
        "NaN",
        "covariate NaN",
        lambda _: _hazard(_panel_with("satisfaction", 4, np.nan)),
        r"'satisfaction'.*NaN.*row 4",
    ),
    Case(
        H,
        "out of range",
        "churned = 2",
        lambda _: _hazard(_panel_with("churned", 7, 2)),
        r"'churned'.*row 7",
    ),
    Case(
        H,
        "wrong dtype",
        "period 'x'",
        lambda _: _hazard(_panel_with("period", 3, "x")),
        r"'period'.*row 3",
    ),
    Case(
        H,
        "missing column",
        "covariate typo given as one string",
        lambda _: _hazard(panel(), covariates="satisfction"),
        r"\['satisfction'\]",
    ),
    Case(
        H,
        "duplicate ids",
        "customer-period twice",
        lambda _: _hazard(pd.concat([panel(), panel().iloc[[0]]], ignore_index=True)),
        r"row",
    ),
    Case(H, "empty", "no rows", lambda _: _hazard(panel().iloc[:0]), r"empty"),
    Case(
        S,
        "missing column",
        "no churned column",
        lambda _: _sbg(records().drop(columns="churned")),
        r"churned",
    ),
    Case(H, "degenerate", "no churn at all", _no_churn, r"'churned' is 0 in every row"),
    Case(
        H,
        "degenerate",
        "everyone churns in period 1",
        _all_churn_first,
        r"'churned' is 1 in every row",
    ),
    Case(
        H,
        "degenerate",
        "covariate separates churn perfectly",
        _separation,
        r"flag = .*separation",
        "flagged",
    ),
]

NOT_APPLICABLE = {
    S: {"header only", "bad encoding", "ambiguous dates"},
    H: {"header only", "bad encoding", "ambiguous dates"},
}


def _records_dup_ids(_: Path) -> Any:
    data = records()
    data["customer_id"] = np.arange(len(data))
    data.loc[5, "customer_id"] = 0
    return _sbg(data)


def _rows_after_churn(_: Path) -> Any:
    data = panel()
    sizes = data.groupby("customer_id").size()
    rows = data.index[data["customer_id"] == sizes[sizes > 2].index[0]]
    data.loc[rows[0], "churned"] = 1
    return _hazard(data)


CASES += [
    Case(
        S,
        "out of range",
        "churned = 2",
        lambda _: _sbg(_records_with("churned", 6, 2)),
        r"'churned'.*row 6",
    ),
    Case(
        S,
        "degenerate",
        "nobody ever churns",
        lambda _: _sbg(records().assign(churned=0)),
        r"beta = .* boundary",
        "flagged",
    ),
    Case(
        S,
        "duplicate ids",
        "customer_id twice",
        _records_dup_ids,
        r"'customer_id'.*duplicate.*rows 0, 5",
    ),
    Case(
        H,
        "negative",
        "period 0",
        lambda _: _hazard(_panel_with("period", 2, 0)),
        r"'period'.*row 2",
    ),
    Case(H, "inconsistent", "rows after the churn period", _rows_after_churn, r"row"),
]
