"""SEM estimates and fit indices against lavaan 0.6 reference output.

Source: tests/reference/PUBLISHED.md, section "Covariance-based SEM, lavaan 0.6 reference
output" (lavaan's ML defaults: N in the covariance and information, expected information).
Data: Holzinger & Swineford (1939) and Bollen's (1989) Political Democracy, as shipped by
semopy. Every printed digit must match.
"""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM, SEMResult

HS_MODEL = """
visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
"""

PD_MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""


@pytest.fixture(scope="module")
def hs() -> SEMResult:
    return SEM(HS_MODEL).fit(load_holzinger_swineford())


@pytest.fixture(scope="module")
def pd_fit() -> SEMResult:
    return SEM(PD_MODEL).fit(load_political_democracy())


def _row(params: pd.DataFrame, lval: str, op: str, rval: str) -> pd.Series:
    hit = params[
        (params["op"] == op)
        & (
            ((params["lval"] == lval) & (params["rval"] == rval))
            | ((params["lval"] == rval) & (params["rval"] == lval) & (op == "~~"))
        )
    ]
    assert len(hit) == 1, (lval, op, rval)
    return hit.iloc[0]


@pytest.mark.parametrize(
    ("index", "expected", "digits"),
    [
        ("chi2", 85.306, 3),
        ("df", 24, 0),
        ("cfi", 0.931, 3),
        ("tli", 0.896, 3),
        ("rmsea", 0.092, 3),
        ("rmsea_ci_lower", 0.071, 3),
        ("rmsea_ci_upper", 0.114, 3),
        ("srmr", 0.065, 3),
        ("loglik", -3737.745, 3),
        ("loglik_h1", -3695.092, 3),
        ("aic", 7517.490, 3),
        ("bic", 7595.339, 3),
        ("bic_adj", 7528.739, 3),
    ],
)
def test_holzinger_swineford_fit_indices(
    hs: SEMResult, index: str, expected: float, digits: int
) -> None:
    """lavaan 0.6, HS three-factor CFA, fitMeasures (tests/reference/PUBLISHED.md)."""
    assert round(float(hs.fit_indices[index]), digits) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("item", "estimate", "se"),
    [
        ("x2", 0.554, 0.100),
        ("x3", 0.729, 0.109),
        ("x5", 1.113, 0.065),
        ("x6", 0.926, 0.055),
        ("x8", 1.180, 0.165),
        ("x9", 1.082, 0.151),
    ],
)
def test_holzinger_swineford_loadings(hs: SEMResult, item: str, estimate: float, se: float) -> None:
    """lavaan 0.6, HS loadings and expected-information standard errors.

    Source: tests/reference/PUBLISHED.md.
    """
    factor = {"x2": "visual", "x3": "visual", "x5": "textual", "x6": "textual"}.get(item, "speed")
    row = _row(hs.params, factor, "=~", item)
    assert round(row["estimate"], 3) == pytest.approx(estimate, abs=1e-9)
    assert round(row["se"], 3) == pytest.approx(se, abs=1e-9)


@pytest.mark.parametrize(
    ("a", "b", "estimate"),
    [("visual", "textual", 0.408), ("visual", "speed", 0.262), ("textual", "speed", 0.173)],
)
def test_holzinger_swineford_factor_covariances(
    hs: SEMResult, a: str, b: str, estimate: float
) -> None:
    """lavaan 0.6, HS factor covariances (tests/reference/PUBLISHED.md)."""
    assert round(_row(hs.params, a, "~~", b)["estimate"], 3) == pytest.approx(estimate, abs=1e-9)


def test_political_democracy_chi_square(pd_fit: SEMResult) -> None:
    """lavaan 0.6, Bollen's Political Democracy SEM: chi-square 38.125 on 35 df.

    Source: tests/reference/PUBLISHED.md.
    """
    assert round(pd_fit.fit_indices["chi2"], 3) == pytest.approx(38.125, abs=1e-9)
    assert pd_fit.fit_indices["df"] == 35


@pytest.mark.parametrize(
    ("lval", "rval", "estimate", "se", "std_all"),
    [
        ("dem60", "ind60", 1.483, 0.399, 0.447),
        ("dem65", "ind60", 0.572, 0.221, 0.182),
        ("dem65", "dem60", 0.837, 0.098, 0.885),
    ],
)
def test_political_democracy_regressions(
    pd_fit: SEMResult, lval: str, rval: str, estimate: float, se: float, std_all: float
) -> None:
    """lavaan 0.6, Political Democracy regressions: estimate (SE) [std.all].

    Source: tests/reference/PUBLISHED.md.
    """
    row = _row(pd_fit.params, lval, "~", rval)
    assert round(row["estimate"], 3) == pytest.approx(estimate, abs=1e-9)
    assert round(row["se"], 3) == pytest.approx(se, abs=1e-9)
    assert round(row["std_all"], 3) == pytest.approx(std_all, abs=1e-9)


def test_political_democracy_is_proper(pd_fit: SEMResult) -> None:
    """lavaan reports no improper-solution warning for this model."""
    assert pd_fit.problems == []
    assert pd_fit.converged
