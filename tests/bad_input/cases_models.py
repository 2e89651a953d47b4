"""Survey models: covariance-based SEM, the reliability helpers, PLS-SEM and key drivers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tests.bad_input.corpus import Case

HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
PLS_MODEL = "Image =~ IMAG1 + IMAG2 + IMAG3\nSat =~ CUSA1 + CUSA2 + CUSA3\nSat ~ Image"


def _hs(**changes: Any) -> pd.DataFrame:
    from loyaltymodels.datasets import load_holzinger_swineford

    frame = load_holzinger_swineford()
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object if isinstance(value, str) else float)
        frame.loc[row, column] = value
    return frame


def _sem(data: pd.DataFrame, description: str = HS, **kw: Any) -> Any:
    from loyaltymodels.sem import SEM

    return SEM(description, **kw).fit(data)


def _mobi(**changes: Any) -> pd.DataFrame:
    from loyaltymodels.pls import load_mobi

    frame = load_mobi()
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object if isinstance(value, str) else float)
        frame.loc[row, column] = value
    return frame


def _pls(data: pd.DataFrame, description: str = PLS_MODEL) -> Any:
    from loyaltymodels.pls import PLS

    return PLS(description).fit(data)


def _ave(loadings: Any) -> Any:
    from loyaltymodels.sem import average_variance_extracted

    return average_variance_extracted(loadings)


def _rho(loadings: Any, errors: Any) -> Any:
    from loyaltymodels.sem import composite_reliability

    return composite_reliability(loadings, errors)


def _ratings(**changes: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7, 2], "b": [2.0, 1, 4, 3, 6, 5, 7, 1]}).assign(
        y=[1.0, 2, 4, 3, 6, 5, 7, 2]
    )
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object if isinstance(value, str) else float)
        frame.loc[row, column] = value
    return frame


def _drivers(data: pd.DataFrame, drivers: Any = ("a", "b"), **kw: Any) -> Any:
    from loyaltymodels.journey import key_drivers

    return key_drivers(data, outcome="y", drivers=list(drivers), **kw)


_IN_MEMORY = {"header only", "bad encoding", "ambiguous dates", "duplicate ids"}

NOT_APPLICABLE = {
    # incomplete rows are deleted listwise (counted in n_dropped) or used by FIML
    "SEM": _IN_MEMORY | {"NaN", "negative"},
    "reliability helpers": _IN_MEMORY | {"missing column", "wrong dtype", "degenerate"},
    # incomplete rows are deleted listwise (counted in n_excluded) or mean-replaced on request
    "PLS": _IN_MEMORY | {"NaN", "negative"},
    # a missing rating is a touchpoint not experienced (counted, or its own indicator)
    "key drivers": _IN_MEMORY | {"NaN"},
}

S, R, P, K = "SEM", "reliability helpers", "PLS", "key drivers"
CASES = [
    Case(S, "missing column", "item x3 absent", lambda _: _sem(_hs().drop(columns="x3")), r"'x3'"),
    Case(S, "wrong dtype", "text answer", lambda _: _sem(_hs(x2=(4, "high"))), r"'x2'.*row 4"),
    Case(S, "+-inf", "answer inf", lambda _: _sem(_hs(x2=(4, np.inf))), r"'x2'.*infinite.*4"),
    Case(S, "out of range", "answer 1e300", lambda _: _sem(_hs(x5=(7, 1e300))), r"'x5'.*row 7"),
    Case(S, "degenerate", "constant item", lambda _: _sem(_hs().assign(x5=1.0)), r"'x5'.*constant"),
    Case(S, "empty", "no rows", lambda _: _sem(_hs().iloc[:0]), r"empty"),
    Case(
        S,
        "inconsistent",
        "fewer rows than free parameters",
        lambda _: _sem(_hs().iloc[:10]),
        r"10 usable rows.*21 free parameters",
    ),
    Case(
        S,
        "duplicate ids",
        "two columns named x1",
        lambda _: _sem(pd.concat([_hs(), _hs()[["x1"]]], axis=1)),
        r"several columns named \['x1'\]",
    ),
    Case(
        S,
        "header only",
        "group column with one level",
        lambda _: _sem(_hs().assign(school="a"), group="school"),
        r"'school' has 1 level",
    ),
    Case(
        S,
        "bad encoding",
        ":= naming an unknown label",
        lambda _: _sem(_hs(), HS + "\nind := a*b"),
        r"unknown label 'a'",
    ),
    Case(R, "out of range", "loading 1.5", lambda _: _ave([1.5, 0.8, 0.9]), r"\[-1, 1\].*\[0\]"),
    Case(R, "negative", "error variance -0.2", lambda _: _rho([0.7, 0.8], [0.3, -0.2]), r"\[1\]"),
    Case(R, "NaN", "loading NaN", lambda _: _ave([0.7, np.nan, 0.9]), r"positions \[1\]"),
    Case(R, "+-inf", "loading inf", lambda _: _ave([0.7, np.inf, 0.9]), r"positions \[1\]"),
    Case(
        R,
        "inconsistent",
        "3 loadings, 2 errors",
        lambda _: _rho([0.7, 0.8, 0.9], [0.3, 0.2]),
        r"3 loadings but 2 error variances",
    ),
    Case(R, "empty", "no loadings", lambda _: _ave([]), r"empty"),
    Case(
        P,
        "missing column",
        "indicator absent",
        lambda _: _pls(_mobi().drop(columns="IMAG2")),
        r"'IMAG2'",
    ),
    Case(P, "wrong dtype", "text answer", lambda _: _pls(_mobi(IMAG2=(3, "x"))), r"'IMAG2'.*row 3"),
    Case(P, "+-inf", "answer inf", lambda _: _pls(_mobi(IMAG2=(3, np.inf))), r"'IMAG2'.*row 3"),
    Case(
        P,
        "out of range",
        "answer 1e300",
        lambda _: _pls(_mobi(IMAG2=(3, 1e300))),
        r"'IMAG2'.*row 3",
    ),
    Case(
        P,
        "degenerate",
        "constant indicator",
        lambda _: _pls(_mobi().assign(IMAG2=3.0)),
        r"'IMAG2'.*constant",
    ),
    Case(P, "empty", "no rows", lambda _: _pls(_mobi().iloc[:0]), r"empty"),
    Case(
        P,
        "duplicate ids",
        "indicator in two constructs",
        lambda _: _pls(_mobi(), PLS_MODEL + "\nX =~ IMAG1"),
        r"'IMAG1'.*both",
    ),
    Case(
        P,
        "inconsistent",
        "non-recursive inner model",
        lambda _: _pls(_mobi(), PLS_MODEL + "\nImage ~ Sat"),
        r"non-recursive",
    ),
    Case(K, "missing column", "driver absent", lambda _: _drivers(_ratings(), ("a", "c")), r"'c'"),
    Case(K, "wrong dtype", "text rating", lambda _: _drivers(_ratings(a=(2, "x"))), r"'a'.*row 2"),
    Case(K, "+-inf", "rating inf", lambda _: _drivers(_ratings(a=(2, np.inf))), r"'a'.*row 2"),
    Case(
        K,
        "negative",
        "rating -3 on 1-7",
        lambda _: _drivers(_ratings(a=(2, -3)), scale=(1, 7)),
        r"'a'.*row 2",
    ),
    Case(
        K,
        "out of range",
        "rating 6 on 1-5",
        lambda _: _drivers(_ratings(), scale=(1, 5)),
        r"'a'.*rows 5, 6",
    ),
    Case(
        K,
        "degenerate",
        "constant outcome",
        lambda _: _drivers(_ratings().assign(y=1.0)),
        r"'y' is constant",
    ),
    Case(
        K,
        "inconsistent",
        "rating 1e300",
        lambda _: _drivers(_ratings(b=(4, 1e300))),
        r"'b'.*row 4",
    ),
    Case(K, "empty", "no respondents", lambda _: _drivers(_ratings().iloc[:0]), r"empty"),
    Case(
        K,
        "header only",
        "touchpoint never experienced",
        lambda _: _drivers(_ratings().assign(b=np.nan)),
        r"\['b'\].*nobody",
    ),
]
