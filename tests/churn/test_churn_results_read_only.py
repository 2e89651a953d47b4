"""Churn results are read-only once fitted, and their summaries carry the fit's facts."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.result_examples import EXAMPLES, assert_refuses_assignment


@pytest.mark.parametrize("kind", ["sbg", "hazard"])
def test_a_churn_result_cannot_be_changed_once_fitted(kind: str) -> None:
    result = EXAMPLES[kind]()
    assert_refuses_assignment(result, params=None, flags=[])
    before = result.summary().copy()
    handed_out = result.summary()
    handed_out.loc[handed_out.index[0], "estimate"] = -1.0
    result.flags.append("changed")
    pd.testing.assert_frame_equal(result.summary(), before)
    assert result.summary().attrs == before.attrs
    assert "changed" not in result.flags


def test_the_summaries_record_the_method_and_the_data_counts() -> None:
    sbg = EXAMPLES["sbg"]()
    facts = {"method": "mle", "log_likelihood": sbg.log_likelihood, "n_customers": 2000}
    assert {key: sbg.summary().attrs[key] for key in facts} == facts
    hazard = EXAMPLES["hazard"]()
    attrs = hazard.summary().attrs
    assert attrs["method"] == "mle" and attrs["link"] == "logit"
    assert attrs["n_customers"] == 300 and attrs["n_rows"] == hazard.n_rows
    assert attrs["n_churned"] == hazard.n_churned and attrs["n_patterns"] == hazard.n_patterns
