"""Defined parameters, equality constraints and modification indices: behaviour and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_holzinger_swineford, load_political_democracy
from loyaltymodels.sem import SEM
from loyaltymodels.sem.defined import compile_definition

PD = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
ind := a*b
tot := c + ind
"""


def test_bootstrap_interval_of_a_defined_indirect_effect_equals_the_effects_interval() -> None:
    result = SEM(PD).fit(load_political_democracy())
    table = result.effects(bootstrap=60, ci="percentile", random_seed=3, progress=False).params
    indirect = table[(table["from"] == "ind60") & (table["effect"] == "indirect")].iloc[0]
    defined = table[table["effect"] == "defined"].set_index("from")
    np.testing.assert_allclose(
        defined.loc["ind", ["estimate", "ci_lower", "ci_upper"]].to_numpy(dtype=float),
        indirect[["estimate", "ci_lower", "ci_upper"]].to_numpy(dtype=float),
    )
    # a definition may use an earlier one: tot = c + a*b is the total effect
    total = table.query("`from` == 'ind60' and to == 'dem65' and effect == 'total'").iloc[0]
    assert defined.loc["tot", "estimate"] == pytest.approx(total["estimate"])


def test_definition_naming_an_unknown_label_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="unknown label 'd'"):
        SEM(PD + "\nbad := a*d").fit(load_political_democracy())


@pytest.mark.parametrize("expression", ["__import__('os')", "a.real", "[a, b]", "a if b else c"])
def test_definition_expressions_are_parsed_never_executed(expression: str) -> None:
    with pytest.raises(LoyaltyDataError):
        compile_definition("x", expression, {"a", "b", "c"})


def test_constraint_with_unknown_label_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="unknown label 'zz'"):
        SEM("f =~ x1 + a*x2 + x3\nzz == a")


def test_constraint_to_a_number_fixes_the_parameter() -> None:
    result = SEM("f =~ x1 + a*x2 + x3\na == 0.5").fit(load_holzinger_swineford())
    row = result.params[(result.params["op"] == "=~") & (result.params["rval"] == "x2")].iloc[0]
    assert row["estimate"] == 0.5 and not row["free"]


def test_modification_indices_need_complete_data() -> None:
    data = load_holzinger_swineford()
    data.loc[data.index[:5], "x1"] = np.nan
    result = SEM("f =~ x1 + x2 + x3", missing="fiml").fit(data)
    with pytest.raises(LoyaltyDataError, match="missing='listwise'"):
        result.modification_indices()
