"""rfm_summary: pandas and DuckDB engines on DataFrames, and DuckDB on CSV/Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tests.bad_input.corpus import Case
from tests.bad_input.data import transactions

COLUMNS = {"customer_col": "id", "datetime_col": "date", "monetary_col": "spend"}


def _rfm(source: Any, engine: str = "auto", **kw: Any) -> Any:
    from loyaltymodels.clv.rfm import rfm_summary

    return rfm_summary(source, **{**COLUMNS, **kw}, engine=engine)  # type: ignore[arg-type]


def _log(**changes: Any) -> Any:
    log = transactions()
    for column, (row, value) in changes.items():
        if isinstance(value, str):
            log[column] = log[column].astype(object)
        log.loc[row, column] = value
    return log


def _csv(tmp: Path, body: str, encoding: str = "utf-8") -> Path:
    path = tmp / "log.csv"
    path.write_bytes(("id,date,spend\n" + body).encode(encoding))
    return path


_GOOD = "1,2024-01-01,10.0\n1,2024-01-15,12.5\n"


def _both(name: str, input_class: str, make: Any, match: str, **kw: Any) -> list[Case]:
    return [
        Case(f"rfm ({engine})", input_class, name, lambda _, e=engine: _rfm(make(), e, **kw), match)
        for engine in ("pandas", "duckdb")
    ]


def _file(name: str, input_class: str, body: str, match: str, encoding: str = "utf-8") -> Case:
    return Case("rfm (file)", input_class, name, lambda tmp: _rfm(_csv(tmp, body, encoding)), match)


CASES = [
    *_both("no spend column", "missing column", lambda: _log().drop(columns="spend"), r"spend"),
    *_both("NaN customer id", "NaN", lambda: _log(id=(2, np.nan)), r"'id'.*NaN.*row 2"),
    *_both("spend inf", "+-inf", lambda: _log(spend=(1, np.inf)), r"'spend'.*infinite.*row 1"),
    *_both("spend -3", "negative", lambda: _log(spend=(4, -3.0)), r"'spend'.*negative.*row 4"),
    *_both("dates as numbers", "wrong dtype", lambda: _log().assign(date=20240101), r"numbers"),
    *_both(
        "01/02/2024 and 03/02/2024",
        "ambiguous dates",
        lambda: _log().assign(date=["01/02/2024", "03/02/2024"] * 3),
        r"'date'.*month-first and day-first",
    ),
    *_both(
        "year 2204 without observation_end",
        "out of range",
        lambda: _log(date=(2, "2204-02-20")),
        r"'date'.*after today.*row 2",
    ),
    *_both("ids 1 and '1'", "duplicate ids", lambda: _log(id=(1, "1")), r"'id' mixes text"),
    *_both(
        "customer_col == datetime_col",
        "inconsistent",
        lambda: _log(),
        r"customer_col and datetime_col both name column 'date'",
        customer_col="date",
    ),
    *_both("no rows", "empty", lambda: _log().iloc[:0], r"empty"),
    _file("spend 'N/A'", "wrong dtype", "1,2024-01-01,N/A\n" + _GOOD, r"'spend'.*'N/A'"),
    _file("spend '3,5'", "wrong dtype", '1,2024-01-01,"3,5"\n' + _GOOD, r"'spend'.*'3,5'"),
    _file("spend '$11.77'", "wrong dtype", "1,2024-01-01,$11.77\n" + _GOOD, r"'spend'.*\$11.77"),
    _file(
        'spend "$1,286.01"', "wrong dtype", '1,2024-01-01,"$1,286.01"\n' + _GOOD, r"'spend'.*1,286"
    ),
    _file("header only", "header only", "", r"no rows \(only a header\?\)"),
    _file(
        "dates 15/02/2024 without date_format",
        "ambiguous dates",
        "1,15/02/2024,3\n" + _GOOD,
        r"'date'.*unreadable dates",
    ),
    Case(
        "rfm (file)",
        "bad encoding",
        "latin-1 customer names",
        lambda tmp: _rfm(_csv(tmp, "José,2024-01-01,3\n" + _GOOD, "latin-1")),
        r"could not read .*log.csv",
    ),
    Case(
        "rfm (file)",
        "missing column",
        "missing path",
        lambda tmp: _rfm(tmp / "nowhere.csv"),
        r"nowhere.csv does not exist",
    ),
    Case(
        "rfm (file)",
        "empty",
        "glob matching nothing",
        lambda tmp: _rfm(str(tmp / "none-*.parquet")),
        r"no transactions file matches",
    ),
]

NOT_APPLICABLE = {
    "rfm (pandas)": {"header only", "bad encoding"},
    "rfm (duckdb)": {"header only", "bad encoding"},
    # a log repeats each customer on purpose, and a file column has a single type
    "rfm (file)": {"duplicate ids"},
}


def _csv_case(name: str, input_class: str, body: str, match: str, **kw: Any) -> Case:
    return Case("rfm (file)", input_class, name, lambda tmp: _rfm(_csv(tmp, body), **kw), match)


CASES += [
    *_both(
        "calibration_end after observation_end",
        "degenerate",
        lambda: _log(),
        r"calibration_end .* is after observation_end",
        observation_end="2024-02-01",
        calibration_end="2024-03-01",
    ),
    _csv_case("missing id", "NaN", ",2024-01-01,3\n" + _GOOD, r"'id'.*missing"),
    _csv_case("spend inf", "+-inf", "1,2024-01-01,inf\n" + _GOOD, r"'spend'.*infinite"),
    _csv_case("spend -2", "negative", "1,2024-01-01,-2\n" + _GOOD, r"'spend'.*negative"),
    _csv_case("year 2204", "out of range", "1,2204-01-01,2\n" + _GOOD, r"after today"),
    _csv_case(
        "purchase after observation_end",
        "inconsistent",
        _GOOD,
        r"after observation_end",
        observation_end="2024-01-10",
    ),
    _csv_case(
        "calibration_end before every purchase",
        "degenerate",
        _GOOD,
        r"no customer made a purchase by calibration_end",
        calibration_end="2023-06-01",
        observation_end="2024-02-01",
    ),
    _csv_case(
        "customer_col == monetary_col",
        "inconsistent",
        _GOOD,
        r"customer_col and monetary_col both name column 'spend'",
        customer_col="spend",
    ),
]
