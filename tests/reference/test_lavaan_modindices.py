"""Modification indices, defined parameters and equality constraints against lavaan 0.6-14.

Source: tests/reference/lavaan/modindices.R and its stored CSV output (lavaan version in every
row). The issue's numbers: ``visual =~ x9`` MI 36.411, EPC 0.577 (Holzinger-Swineford CFA).
Compared at lavaan's printed digits (3 decimals).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM

LAVAAN = Path(__file__).parent / "lavaan"
SCRIPT = (LAVAAN / "modindices.R").read_text()
HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"


def _model(name: str) -> str:
    match = re.search(rf'^{name} <- "(.*?)"', SCRIPT, re.DOTALL | re.MULTILINE)
    assert match is not None
    return match.group(1)


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LAVAAN / f"{name}.csv", keep_default_na=False, na_values=["NA"])
    assert (frame["lavaan_version"] == "0.6.14").all()
    return frame


def _results() -> dict[str, pd.DataFrame]:
    hs = load_holzinger_swineford()
    return {
        "hs": SEM(HS_MODEL).fit(hs).modification_indices(),
        "hs_metric": SEM(HS_MODEL, group="school", group_equal=["loadings"])
        .fit(hs)
        .modification_indices(),
        "pd": SEM(_model("pd_model")).fit(load_political_democracy()).modification_indices(),
    }


@pytest.fixture(scope="module")
def results() -> dict[str, pd.DataFrame]:
    return _results()


@pytest.mark.parametrize("model", ["hs", "hs_metric", "pd"])
def test_modification_indices_match_lavaan(results: dict[str, pd.DataFrame], model: str) -> None:
    reference = _read("modindices")
    reference = reference[reference["model"] == model]
    ours = results[model]
    assert len(ours) == len(reference)
    merged = reference.merge(
        ours,
        left_on=["lhs", "op", "rhs", "group"],
        right_on=["lval", "op", "rval", "group"],
        how="left",
        validate="one_to_one",
    )
    for column in ("mi", "epc", "sepc_all"):
        np.testing.assert_allclose(merged[f"{column}_y"], merged[f"{column}_x"], atol=5e-4)
    assert ours["mi"].is_monotonic_decreasing


def test_issue_modification_index(results: dict[str, pd.DataFrame]) -> None:
    top = results["hs"].iloc[0]
    assert (top["lval"], top["op"], top["rval"]) == ("visual", "=~", "x9")
    assert round(top["mi"], 3) == 36.411 and round(top["epc"], 3) == 0.577


def test_min_mi_filters() -> None:
    table = SEM(HS_MODEL).fit(load_holzinger_swineford()).modification_indices(min_mi=10)
    assert (table["mi"] >= 10).all() and len(table) == 4


@pytest.mark.parametrize("model", ["pd_model", "pd_constrained", "pd_eq"])
def test_defined_parameters_and_constraints_match_lavaan(model: str) -> None:
    name = {"pd_model": "pd", "pd_constrained": "pd_labels", "pd_eq": "pd_eq"}[model]
    result = SEM(_model(model)).fit(load_political_democracy())
    fit = _read("defined_fit")
    fit = fit[fit["model"] == name].set_index("measure")["value"]
    assert round(result.fit_indices["chi2"], 3) == round(fit["chisq"], 3)
    assert result.fit_indices["df"] == fit["df"]
    reference = _read("defined_params")
    reference = reference[(reference["model"] == name) & reference["op"].isin(["=~", "~", ":="])]
    ours = result.params
    for row in reference.itertuples():
        hit = ours[(ours["lval"] == row.lhs) & (ours["op"] == row.op)]
        if row.op != ":=":
            hit = hit[hit["rval"] == row.rhs]
        assert len(hit) == 1, (row.lhs, row.op, row.rhs)
        assert hit["estimate"].iloc[0] == pytest.approx(row.est, abs=5e-4)
        if np.isfinite(row.se) and row.se > 0:
            assert hit["se"].iloc[0] == pytest.approx(row.se, abs=5e-4)
        assert hit["std_all"].iloc[0] == pytest.approx(row._10, abs=5e-4)


def test_issue_indirect_effect_row() -> None:
    result = SEM(_model("pd_model")).fit(load_political_democracy())
    ind = result.params[result.params["op"] == ":="].set_index("lval").loc["ind"]
    assert ind["rval"] == "a*b"
    assert round(ind["estimate"], 3) == 1.242 and round(ind["se"], 3) == 0.355
