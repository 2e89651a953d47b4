"""BG/NBD, Pareto/NBD, BG/BB and Gamma-Gamma fits and their predictions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tests.bad_input.corpus import Case
from tests.bad_input.data import donations, summary


def _bgnbd(data: Any, **kw: Any) -> Any:
    from loyaltymodels.clv import BetaGeo

    return BetaGeo(**kw).fit(data, method="mle")


def _pareto(data: Any) -> Any:
    from loyaltymodels.clv import ParetoNBD

    return ParetoNBD().fit(data, method="map")


def _gg(data: Any) -> Any:
    from loyaltymodels.clv import GammaGamma

    return GammaGamma().fit(data, method="mle")


def _bgbb(data: Any) -> Any:
    from loyaltymodels.clv import BetaGeoBetaBinom

    return BetaGeoBetaBinom().fit(data, method="mle")


def _fitted() -> Any:
    return _bgnbd(summary())


def _identical(_: Path) -> Any:
    data = summary()
    for column in ("frequency", "recency", "T"):
        data[column] = data[column].iloc[1]
    return _bgnbd(data)


def _bgbb_periods(_: Path) -> Any:
    data = donations()
    data["periods"] = 1_000_000
    return _bgbb(data)


def _no_header(_: Path) -> Any:
    return _bgnbd(summary().iloc[:0])


F = "BG/NBD"
CASES = [
    Case(F, "missing column", "no T", lambda _: _bgnbd(summary().drop(columns="T")), r"\['T'\]"),
    Case(
        F,
        "wrong dtype",
        "frequency 'abc'",
        lambda _: _bgnbd(summary(frequency=(2, "abc"))),
        r"'frequency'.*row 2",
    ),
    Case(
        F,
        "NaN",
        "recency NaN",
        lambda _: _bgnbd(summary(recency=(4, np.nan))),
        r"'recency'.*NaN.*row 4",
    ),
    Case(F, "+-inf", "T = inf", lambda _: _bgnbd(summary(T=(3, np.inf))), r"'T'.*infinite.*row 3"),
    Case(
        F,
        "+-inf",
        "covariate -inf",
        lambda _: _bgnbd(summary(seg=(5, -np.inf)), purchase_covariates=["seg"]),
        r"'seg'.*infinite.*row 5",
    ),
    Case(
        F,
        "negative",
        "frequency -1",
        lambda _: _bgnbd(summary(frequency=(1, -1))),
        r"'frequency'.*negative.*row 1",
    ),
    Case(
        F,
        "out of range",
        "frequency 2.5",
        lambda _: _bgnbd(summary(frequency=(1, 2.5))),
        r"'frequency'.*whole.*row 1",
    ),
    Case(
        F,
        "inconsistent",
        "recency > T",
        lambda _: _bgnbd(summary(recency=(6, 1000.0))),
        r"'recency'.*exceeds 'T'.*row 6",
    ),
    Case(F, "empty", "no rows", _no_header, r"empty"),
    Case(
        F,
        "duplicate ids",
        "customer_id twice",
        lambda _: _bgnbd(summary(customer_id=(1, summary()["customer_id"].iloc[0]))),
        r"'customer_id'.*duplicate.*rows 0, 1",
    ),
    Case(F, "wrong dtype", "not a DataFrame", lambda _: _bgnbd([[1, 2, 3]]), r"DataFrame"),
    Case(
        "Pareto/NBD",
        "+-inf",
        "recency inf",
        lambda _: _pareto(summary(recency=(2, np.inf))),
        r"'recency'.*infinite.*row 2",
    ),
    Case(
        "Pareto/NBD", "NaN", "T NaN", lambda _: _pareto(summary(T=(2, np.nan))), r"'T'.*NaN.*row 2"
    ),
    Case(
        "Gamma-Gamma",
        "+-inf",
        "spend inf",
        lambda _: _gg(summary(monetary_value=(1, np.inf))),
        r"'monetary_value'.*infinite.*row 1",
    ),
    Case(
        "Gamma-Gamma",
        "negative",
        "spend -5 for a repeat buyer",
        lambda _: _gg(summary(monetary_value=(1, -5.0))),
        r"'monetary_value'.*row 1",
    ),
    Case(
        "BG/BB",
        "+-inf",
        "weights inf",
        lambda _: _bgbb(
            donations()
            .astype({"weights": float})
            .assign(weights=lambda d: d["weights"].where(d.index != 2, np.inf))
        ),
        r"'weights'.*infinite.*row 2",
    ),
    Case(
        "BG/BB",
        "negative",
        "weights 0",
        lambda _: _bgbb(donations().assign(weights=lambda d: d["weights"].where(d.index != 1, 0))),
        r"'weights'.*row 1",
    ),
    Case(
        "CLV predictions",
        "NaN",
        "margin = NaN",
        lambda _: _fitted().customer_lifetime_value(
            spend_result=_gg(summary()), margin=float("nan")
        ),
        r"margin.*nan",
    ),
    Case(
        "CLV predictions",
        "+-inf",
        "discount_rate = inf",
        lambda _: _fitted().customer_lifetime_value(
            spend_result=_gg(summary()), discount_rate=float("inf")
        ),
        r"discount_rate.*inf",
    ),
    Case(
        "CLV predictions",
        "+-inf",
        "horizon t = inf",
        lambda _: _fitted().expected_purchases(t=np.inf),
        r"\bt\b.*inf",
    ),
    Case(
        "CLV predictions",
        "missing column",
        "new data without recency",
        lambda _: _fitted().probability_alive(summary().drop(columns="recency")),
        r"\['recency'\]",
    ),
    Case(
        F,
        "degenerate",
        "every row identical",
        _identical,
        r"every customer in the data shares one pattern",
    ),
    Case(
        F,
        "degenerate",
        "frequency 1e12",
        lambda _: _bgnbd(summary(frequency=(0, 1e12))),
        r"log-likelihood .* impossible",
        "flagged",
    ),
    Case(
        "Gamma-Gamma",
        "degenerate",
        "one spend of 1e12",
        lambda _: _gg(summary(monetary_value=(1, 1e12))),
        r"p = .* boundary",
        "flagged",
    ),
    Case(
        "BG/BB",
        "out of range",
        "periods = 1,000,000",
        _bgbb_periods,
        r"'periods' counts more than 10,000 .* rows 0, 1",
    ),
]

IN_MEMORY = {"header only", "bad encoding", "ambiguous dates"}
NOT_APPLICABLE = {
    family: IN_MEMORY
    for family in ("BG/NBD", "Pareto/NBD", "Gamma-Gamma", "BG/BB", "CLV predictions")
}
NOT_APPLICABLE["CLV predictions"] = IN_MEMORY | {"degenerate"}


def _identical_pareto(_: Path) -> Any:
    data = summary()
    for column in ("frequency", "recency", "T"):
        data[column] = data[column].iloc[1]
    return _pareto(data)


def _bgbb_identical(_: Path) -> Any:
    data = donations()
    data = data[data["frequency"] > 0].iloc[[0] * 5].reset_index(drop=True)
    return _bgbb(data)


P, G, B, C = "Pareto/NBD", "Gamma-Gamma", "BG/BB", "CLV predictions"
CASES += [
    Case(
        P,
        "missing column",
        "no recency",
        lambda _: _pareto(summary().drop(columns="recency")),
        r"\['recency'\]",
    ),
    Case(P, "wrong dtype", "T 'x'", lambda _: _pareto(summary(T=(3, "x"))), r"'T'.*row 3"),
    Case(
        P,
        "negative",
        "recency -1",
        lambda _: _pareto(summary(recency=(2, -1.0))),
        r"'recency'.*negative.*row 2",
    ),
    Case(
        P,
        "out of range",
        "frequency 0.5",
        lambda _: _pareto(summary(frequency=(2, 0.5))),
        r"'frequency'.*whole.*row 2",
    ),
    Case(
        P,
        "inconsistent",
        "recency > T",
        lambda _: _pareto(summary(recency=(4, 999.0))),
        r"'recency'.*exceeds 'T'.*row 4",
    ),
    Case(
        P,
        "degenerate",
        "every row identical",
        _identical_pareto,
        r"every customer in the data shares one pattern",
    ),
    Case(P, "empty", "no rows", lambda _: _pareto(summary().iloc[:0]), r"empty"),
    Case(
        P,
        "duplicate ids",
        "customer_id twice",
        lambda _: _pareto(summary(customer_id=(3, 1))),
        r"'customer_id'.*duplicate.*rows 0, 3",
    ),
    Case(
        G,
        "missing column",
        "no monetary_value",
        lambda _: _gg(summary().drop(columns="monetary_value")),
        r"monetary_value",
    ),
    Case(
        G,
        "wrong dtype",
        "spend 'ten'",
        lambda _: _gg(summary(monetary_value=(0, "ten"))),
        r"'monetary_value'.*row 0",
    ),
    Case(
        G,
        "NaN",
        "spend NaN",
        lambda _: _gg(summary(monetary_value=(0, np.nan))),
        r"'monetary_value'.*NaN.*row 0",
    ),
    Case(
        G,
        "out of range",
        "frequency 1.5",
        lambda _: _gg(summary(frequency=(0, 1.5))),
        r"'frequency'.*whole.*row 0",
    ),
    Case(
        G,
        "inconsistent",
        "nobody bought twice",
        lambda _: _gg(summary().assign(frequency=0)),
        r"'frequency' is 0 for every customer",
    ),
    Case(G, "empty", "no rows", lambda _: _gg(summary().iloc[:0]), r"empty"),
    Case(
        G,
        "duplicate ids",
        "customer_id twice",
        lambda _: _gg(summary(customer_id=(5, 1))),
        r"'customer_id'.*duplicate.*rows 0, 5",
    ),
    Case(
        B,
        "missing column",
        "no recency",
        lambda _: _bgbb(donations().drop(columns="recency")),
        r"recency",
    ),
    Case(
        B,
        "wrong dtype",
        "frequency 'two'",
        lambda _: _bgbb(
            donations()
            .astype({"frequency": object})
            .assign(frequency=lambda d: d["frequency"].where(d.index != 1, "two"))
        ),
        r"'frequency'.*row 1",
    ),
    Case(
        B,
        "NaN",
        "recency NaN",
        lambda _: _bgbb(
            donations()
            .astype({"recency": float})
            .assign(recency=lambda d: d["recency"].where(d.index != 3, np.nan))
        ),
        r"'recency'.*NaN.*row 3",
    ),
    Case(
        B,
        "inconsistent",
        "frequency > recency",
        lambda _: _bgbb(
            donations().assign(frequency=lambda d: d["frequency"].where(d.index != 2, 6))
        ),
        r"row 2",
    ),
    Case(
        B,
        "degenerate",
        "every pattern identical",
        _bgbb_identical,
        r"every customer in the data shares one pattern",
    ),
    Case(B, "empty", "no rows", lambda _: _bgbb(donations().iloc[:0]), r"empty"),
    Case(
        B,
        "duplicate ids",
        "customer_id twice",
        lambda _: _bgbb(donations().assign(customer_id=lambda d: [0, *range(len(d) - 1)])),
        r"'customer_id'.*duplicate.*rows 0, 1",
    ),
    Case(
        C, "wrong dtype", "horizon t = 'x'", lambda _: _fitted().expected_purchases(t="x"), r"\bt\b"
    ),
    Case(
        C, "negative", "horizon t = -1", lambda _: _fitted().expected_purchases(t=-1), r"\bt\b.*-1"
    ),
    Case(
        C,
        "out of range",
        "interval = 1.5",
        lambda _: _fitted().probability_alive(interval=1.5),
        r"interval.*1.5",
    ),
    Case(
        C,
        "inconsistent",
        "spend_result is not a Gamma-Gamma fit",
        lambda _: _fitted().customer_lifetime_value(spend_result=_fitted()),
        r"spend_result must be a fitted GammaGamma",
    ),
    Case(
        C,
        "empty",
        "new data with no rows",
        lambda _: _fitted().probability_alive(summary().iloc[:0]),
        r"empty",
    ),
    Case(
        C,
        "duplicate ids",
        "new data with an id twice",
        lambda _: _fitted().probability_alive(summary(customer_id=(1, 1))),
        r"'customer_id'.*duplicate.*rows 0, 1",
    ),
]
