"""Small input defects: each test fails on the code before the fix."""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError


def test_nps_refuses_booleans_instead_of_counting_them_as_detractors() -> None:
    from loyaltymodels.metrics import nps

    with pytest.raises(LoyaltyDataError, match="True/False"):
        nps([True, False])


def test_nps_and_ces_messages_name_the_callers_column() -> None:
    from loyaltymodels.metrics import ces, nps

    with pytest.raises(LoyaltyDataError, match=r"'ltr'.*row 1"):
        nps(pd.Series([10, 11], name="ltr"))
    with pytest.raises(LoyaltyDataError, match=r"'effort'.*row 0"):
        ces(pd.Series([9, 2], name="effort"), scale=7)


def test_loyalty_index_refuses_an_item_in_two_dimensions() -> None:
    from loyaltymodels.metrics import loyalty_index

    data = pd.DataFrame({"a": [1, 5, 7], "b": [2, 6, 4]})
    with pytest.raises(LoyaltyDataError, match="'a' is listed in more than one dimension"):
        loyalty_index(data, {"x": ["a"], "y": ["a", "b"]})


def test_rfm_scores_refuse_an_rfm_summary_without_age() -> None:
    from loyaltymodels.datasets import load_cdnow_summary
    from loyaltymodels.metrics import rfm_scores

    summary = load_cdnow_summary(with_spend=True).head(50)
    with pytest.raises(LoyaltyDataError, match="age='T'"):
        rfm_scores(summary)
    assert len(rfm_scores(summary, age="T")) == 50


def test_missing_ids_are_refused_by_the_shared_unique_check() -> None:
    from loyaltymodels._validation import check_unique

    with pytest.raises(LoyaltyDataError, match=r"'id' has missing values.*row 1"):
        check_unique(pd.DataFrame({"id": [1.0, np.nan, 3.0]}), "id")


def test_survival_counts_leave_the_callers_frame_alone() -> None:
    from loyaltymodels.churn.sbg_data import patterns_from_survival_counts

    counts = pd.DataFrame({1: [1000, 631, 468]})
    before = counts.copy()
    patterns_from_survival_counts(counts)
    pd.testing.assert_frame_equal(counts, before)
    assert list(counts.columns) == [1]


def test_derl_with_zero_discount_rate_is_a_loyalty_data_error() -> None:
    from loyaltymodels.churn import ShiftedBetaGeometric
    from loyaltymodels.churn.sbg_math import sbg_derl

    with pytest.raises(LoyaltyDataError, match="discount_rate must be a positive number"):
        sbg_derl(0, 1.0, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ShiftedBetaGeometric().fit([1000, 631, 468, 382], method="mle")
    with pytest.raises(LoyaltyDataError, match="discount_rate"):
        fit.derl(0)


def test_hazard_accepts_one_covariate_given_as_a_string() -> None:
    from loyaltymodels.churn import HazardChurn
    from tests.bad_input.data import panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = HazardChurn("logit").fit(panel(), covariates="satisfaction", method="mle")
        listed = HazardChurn("logit").fit(panel(), covariates=["satisfaction"], method="mle")
    pd.testing.assert_frame_equal(one.params, listed.params)


_PLAN = textwrap.dedent(
    """\
    customers = 1000
    margin = 100.0
    discount_rate = 0.1
    retention = 0.8
    retention_effect = 0.5
    [satisfaction_effect]
    reliability = 0.5
    [plans.first]
    gap_change = { reliability = 0.8 }
    investment = 5000.0
    # café
    """
)


def test_plan_files_with_a_bom_are_read_and_latin1_is_refused_clearly(tmp_path) -> None:
    from loyaltymodels.returns import read_return_plans

    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + _PLAN.encode("utf-8"))
    assert list(read_return_plans(bom)) == ["first"]
    latin = tmp_path / "latin.toml"
    latin.write_bytes(_PLAN.encode("latin-1"))
    with pytest.raises(LoyaltyDataError, match=r"latin\.toml is not UTF-8"):
        read_return_plans(latin)
