"""Longitudinal measurement invariance against stored lavaan 0.6-14 / semTools output.

Source: tests/reference/lavaan/longitudinal.R: a simulated 3-wave panel of one construct with
three items (stored as longitudinal_data.csv; item 3 drifts upward at wave 3), the ladder
configural / metric / scalar / strict written by semTools::measEq.syntax(longFacNames = ...)
(marker-item identification) and fitted by lavaan. Compared at lavaan's printed digits
(3 decimals; chi-square and df exactly as printed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import longitudinal_invariance

LAVAAN = Path(__file__).parent / "lavaan"
ITEMS = {f"w{t}": [f"loy{j}_w{t}" for j in (1, 2, 3)] for t in (1, 2, 3)}


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(LAVAAN / "longitudinal_data.csv")


@pytest.fixture(scope="module")
def ladder(data: pd.DataFrame):  # type: ignore[no-untyped-def]
    return longitudinal_invariance(ITEMS, data, construct="loyalty")


def test_every_level_matches_lavaan(ladder) -> None:  # type: ignore[no-untyped-def]
    reference = pd.read_csv(LAVAAN / "longitudinal_fit.csv")
    assert (reference["lavaan_version"] == "0.6.14").all()
    for row in reference.itertuples():
        ours = float(ladder.params.loc[row.model, row.measure.replace("chisq", "chi2")])
        digits = 4 if row.measure == "pvalue" else 3
        assert round(ours, digits) == pytest.approx(round(row.value, digits), abs=1e-12), row


def test_difference_tests_and_flags(ladder) -> None:  # type: ignore[no-untyped-def]
    reference = pd.read_csv(LAVAAN / "longitudinal_fit.csv")
    chi2 = reference[reference["measure"] == "chisq"].set_index("model")["value"]
    table = ladder.params
    assert table.loc["scalar", "delta_chi2"] == pytest.approx(
        chi2["scalar"] - chi2["metric"], abs=1e-3
    )
    assert table.loc["metric", "delta_df"] == 4
    assert table.loc["scalar", "delta_pvalue"] < 0.001  # the simulated drift of item 3
    assert table.loc["metric", "delta_pvalue"] > 0.05
    assert bool(table.loc["scalar", "rmsea_flag"])
    assert ladder.group_levels == ["w1", "w2", "w3"]


def test_score_test_points_at_the_drifting_intercept(ladder) -> None:  # type: ignore[no-untyped-def]
    top = ladder.score_tests["scalar"].iloc[0]
    assert {top["lhs"].split("~")[0], top["rhs"].split("~")[0]} == {"loy3_w1", "loy3_w3"}


def test_partial_invariance_frees_the_drifting_intercept(data: pd.DataFrame) -> None:
    partial = longitudinal_invariance(
        ITEMS, data, construct="loyalty", levels=["metric", "scalar"], partial=["loy3_w1~1"]
    )
    assert partial.params.loc["scalar", "delta_df"] == 2  # 4 equalities minus the 2 freed
    assert partial.params.loc["scalar", "delta_pvalue"] > 0.01


def test_waves_must_share_their_items(data: pd.DataFrame) -> None:
    with pytest.raises(LoyaltyDataError, match="same items"):
        longitudinal_invariance({"w1": ["loy1_w1", "loy2_w1"], "w2": ["loy1_w2"]}, data)
    with pytest.raises(LoyaltyDataError, match="two waves"):
        longitudinal_invariance({"w1": ITEMS["w1"]}, data)
