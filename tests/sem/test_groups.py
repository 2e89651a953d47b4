"""Multiple-group SEM: syntax, parameter table rules and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_holzinger_swineford
from loyaltymodels.sem import SEM, measurement_invariance
from loyaltymodels.sem.partable import parameter_table, parse_syntax

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"


def test_na_frees_the_first_loading_and_keeps_the_second_free() -> None:
    table = parameter_table("f =~ NA*x1 + x2 + x3\nf ~~ 1*f", meanstructure=False)
    loadings = table[table["op"] == "=~"].set_index("rhs")
    assert (loadings["free"] > 0).all()
    variance = table[(table["lhs"] == "f") & (table["op"] == "~~")].iloc[0]
    assert variance["free"] == 0 and variance["value"] == 1.0


def test_latent_means_free_after_the_first_group_only_with_equal_intercepts() -> None:
    scalar = parameter_table(HS_MODEL, n_groups=3, group_equal=("loadings", "intercepts"))
    means = scalar[(scalar["op"] == "~1") & scalar["lhs"].isin(["visual", "speed"])]
    assert list(means.groupby("group")["free"].apply(lambda f: bool((f > 0).all()))) == [
        False,
        True,
        True,
    ]
    configural = parameter_table(HS_MODEL, n_groups=3)
    assert (configural.loc[configural["lhs"] == "visual"].query("op == '~1'")["free"] == 0).all()


def test_group_partial_unties_one_intercept() -> None:
    table = parameter_table(
        HS_MODEL, n_groups=2, group_equal=("intercepts",), group_partial=("x3 ~ 1",)
    )
    x3 = table[(table["lhs"] == "x3") & (table["op"] == "~1")]["free"]
    x1 = table[(table["lhs"] == "x1") & (table["op"] == "~1")]["free"]
    assert x3.nunique() == 2 and x1.nunique() == 1


def test_equality_constraint_merges_labels() -> None:
    table = parameter_table("f =~ x1 + a*x2 + b*x3\na == b", meanstructure=False)
    loadings = table[table["op"] == "=~"]
    assert loadings["free"].tolist()[1] == loadings["free"].tolist()[2]


def test_syntax_reads_continuations_comments_and_group_values() -> None:
    parsed = parse_syntax("f =~ x1 +\n  c(0.5, NA)*x2 # comment\ng =~ y1 + y2; g ~ f")
    assert parsed.latents == ("f", "g")
    assert parsed.formulas[0].terms[1].modifiers == ("0.5", "NA")


def _hs() -> pd.DataFrame:
    return load_holzinger_swineford()


@pytest.mark.parametrize(
    ("kwargs", "data", "message"),
    [
        ({"group": "region"}, _hs(), "group column 'region' is not in the data"),
        ({"group": "school"}, _hs().assign(school="one"), "needs at least two"),
        (
            {"group": "school"},
            pd.concat([_hs(), _hs().head(5).assign(school="Tiny")]),
            "group 'Tiny' of 'school' has 5 complete rows",
        ),
        (
            {"group": "school"},
            pd.concat([_hs(), _hs().head(20).assign(school="Small")]),
            "group 'Small' of 'school' has 20 complete rows, too few for its 30 free parameters",
        ),
        (
            {"group": "school"},
            _hs().assign(x4=lambda d: np.where(d["school"] == "Pasteur", 3.0, d["x4"])),
            "in group 'Pasteur' of 'school' the items ['x4'] do not vary",
        ),
        (
            {"group": "school", "group_equal": ["slopes"]},
            _hs(),
            "group_equal has unknown kinds ['slopes']",
        ),
    ],
)
def test_bad_group_input_is_refused(kwargs: dict, data: pd.DataFrame, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        SEM(HS_MODEL, **kwargs).fit(data)


def test_wrong_number_of_group_modifiers_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="gives 3 modifiers"):
        SEM("f =~ x1 + c(a, b, c)*x2 + x3", group="school").fit(_hs())


def test_unknown_label_in_constraint_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="unknown label 'zz'"):
        SEM("f =~ x1 + a*x2 + x3\nzz == a", group="school").fit(_hs())


def test_unidentified_multigroup_model_is_refused() -> None:
    # latent means free in every group next to free intercepts: not identified
    model = HS_MODEL + "\nvisual ~ NA*1\ntextual ~ NA*1\nspeed ~ NA*1"
    with pytest.raises(LoyaltyDataError, match="not identified"):
        SEM(model, group="school").fit(_hs())


def test_incomplete_rows_are_counted() -> None:
    data = _hs()
    data.loc[data.index[:4], "x1"] = np.nan
    data.loc[data.index[10], "school"] = None
    result = SEM(HS_MODEL, group="school").fit(data)
    assert result.n_dropped == 5 and result.n == len(data) - 5


def test_invariance_refuses_unknown_level_and_bad_partial() -> None:
    with pytest.raises(LoyaltyDataError, match="unknown invariance levels"):
        measurement_invariance(HS_MODEL, _hs(), group="school", levels=["configural", "weak"])
    with pytest.raises(LoyaltyDataError, match="partial takes a list"):
        measurement_invariance(HS_MODEL, _hs(), group="school", partial="x3~1")


def test_group_report_shows_every_group() -> None:
    result = SEM(HS_MODEL, group="school").fit(_hs())
    text = result.to_markdown()
    assert "Group 1: Pasteur" in text and "Group 2: Grant-White" in text
    assert result.score_tests().empty


def test_mlm_with_missing_data_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match=r"MLM .* needs complete data"):
        SEM(HS_MODEL, estimator="MLM", missing="fiml")


def test_unknown_estimator_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="estimator must be"):
        SEM(HS_MODEL, estimator="GLS")  # type: ignore[call-overload]


def test_definition_naming_an_unknown_label_is_refused_with_groups() -> None:
    with pytest.raises(LoyaltyDataError, match="unknown label 'zz'"):
        SEM("visual =~ x1 + c(a1, a2)*x2 + x3\nind := a1*zz", group="school").fit(_hs())


def test_fiml_with_groups_is_refused_naming_the_alternatives() -> None:
    with pytest.raises(LoyaltyDataError, match="FIML with groups"):
        SEM(HS_MODEL, estimator="MLR", missing="fiml", group="school")
