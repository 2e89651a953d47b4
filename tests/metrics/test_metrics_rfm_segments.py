"""RFM quintile scores (Hughes 1994 equal-sized groups, ties share a score) and segments."""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import load_cdnow_summary
from loyaltymodels.metrics import DEFAULT_RFM_SEGMENTS, rfm_scores, rfm_segments


def test_scores_with_ties_match_hand_computation() -> None:
    """n = 10, bins = 5, score = 1 + floor(5 (r - 1) / 10) with r the minimum rank of ties.

    frequency 0, 0, 0 -> r = 1 -> 1; 1 -> r = 4 -> 2; 2 -> r = 5 -> 3; 3 -> r = 6 -> 3;
    5, 5 -> r = 7 -> 4; 8 -> r = 9 -> 5; 9 -> r = 10 -> 5.
    Recency (days since last purchase) 1..10 reversed: 1, 2 -> 5; 3, 4 -> 4; ...; 9, 10 -> 1.
    """
    data = pd.DataFrame(
        {
            "customer_id": list("abcdefghij"),
            "recency": range(1, 11),
            "frequency": [0, 0, 0, 1, 2, 3, 5, 5, 8, 9],
            "monetary_value": [10.0] * 10,
        }
    )
    scores = rfm_scores(data)
    assert scores["f_score"].tolist() == [1, 1, 1, 2, 3, 3, 4, 4, 5, 5]
    assert scores["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert scores["m_score"].tolist() == [1] * 10
    assert scores.loc["a", "rfm"] == "511"
    assert list(scores.index) == list("abcdefghij")


def test_age_turns_btyd_recency_into_time_since_last_purchase() -> None:
    data = pd.DataFrame({"recency": [30.0, 5.0], "T": [31.0, 40.0], "frequency": [2, 2]})
    scores = rfm_scores(data, customer_id=None, monetary=None, age="T", bins=2)
    assert scores["r_score"].tolist() == [2, 1]  # 1 vs 35 weeks since the last purchase


def test_cdnow_quintiles_are_balanced_and_segments_cover_everyone() -> None:
    summary = load_cdnow_summary(with_spend=True)
    scores = rfm_scores(summary, age="T")
    counts = scores["r_score"].value_counts()
    assert counts.min() > 0.18 * len(summary) and counts.max() < 0.22 * len(summary)
    named = rfm_segments(scores)
    assert named["segment"].notna().all()
    top = named[(named["r_score"] == 5) & (named["f_score"] >= 4)]
    assert (top["segment"] == "champions").all()


def test_default_table_covers_grid_once_and_can_be_replaced() -> None:
    scores = pd.DataFrame({"r_score": [1, 3, 5], "f_score": [5, 3, 1], "m_score": [1, 2, 5]})
    assert rfm_segments(scores)["segment"].tolist() == [
        "cannot lose them",
        "need attention",
        "new customers",
    ]
    custom = pd.DataFrame(
        {
            "segment": ["big spenders", "others"],
            "r_min": [1, 1],
            "r_max": [5, 5],
            "f_min": [1, 1],
            "f_max": [5, 5],
            "m_min": [4, 1],
            "m_max": [5, 3],
        }
    )
    assert rfm_segments(scores, segments=custom)["segment"].tolist() == [
        "others",
        "others",
        "big spenders",
    ]
    assert len(DEFAULT_RFM_SEGMENTS) == 10


def test_bad_segment_tables_and_scores() -> None:
    scores = pd.DataFrame({"r_score": [1], "f_score": [1]})
    gap = DEFAULT_RFM_SEGMENTS[DEFAULT_RFM_SEGMENTS["segment"] != "hibernating"]
    with pytest.raises(LoyaltyDataError, match="uncovered"):
        rfm_segments(scores, segments=gap)
    overlap = pd.concat([DEFAULT_RFM_SEGMENTS, DEFAULT_RFM_SEGMENTS.iloc[:1]])
    with pytest.raises(LoyaltyDataError, match="several"):
        rfm_segments(scores, segments=overlap)
    with pytest.raises(LoyaltyDataError, match="outside"):
        rfm_segments(pd.DataFrame({"r_score": [6], "f_score": [1]}))
    with pytest.raises(LoyaltyDataError, match="whole number"):
        rfm_segments(pd.DataFrame({"r_score": [2.5], "f_score": [1]}))


def test_bad_data() -> None:
    data = pd.DataFrame({"customer_id": [1, 1], "recency": [1, 2], "frequency": [1, 2]})
    with pytest.raises(LoyaltyDataError, match="duplicate"):
        rfm_scores(data, monetary=None)
    data = pd.DataFrame({"customer_id": [1, 2], "recency": [1, -2], "frequency": [1, 2]})
    with pytest.raises(LoyaltyDataError, match="negative"):
        rfm_scores(data, monetary=None)
    data = pd.DataFrame(
        {"customer_id": [1, 2], "recency": [5, 2], "T": [4, 3], "frequency": [1, 2]}
    )
    with pytest.raises(LoyaltyDataError, match="exceeds"):
        rfm_scores(data, monetary=None, age="T")
    with pytest.raises(LoyaltyDataError, match="missing column"):
        rfm_scores(data)
    with pytest.raises(LoyaltyDataError, match="bins"):
        rfm_scores(data, monetary=None, bins=1)
