"""The published CDNOW calibration summary, rebuilt from the transaction log.

Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science
24(2): the 1/10 CDNOW sample (2,357 customers) summarised over the 39-week calibration period
1997-01-01 .. 1997-09-30, time in weeks (days / 7), same-day purchases merged into one
purchase occasion; bundled as ``load_cdnow_summary()`` (rounded to 2 decimals).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.clv.rfm import rfm_summary
from loyaltymodels.datasets import load_cdnow_summary, load_cdnow_transactions


@pytest.fixture(scope="module")
def sample_ids(shared_data) -> pd.Series:
    """Master id -> sample id (1..2357), the ids of the published summary."""
    raw = pd.read_csv(
        shared_data / "cdnow" / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["master", "sample", "date", "quantity", "spend"],
    )
    return raw.groupby("master")["sample"].first()


@pytest.fixture(scope="module", params=["pandas", "duckdb"])
def rebuilt(request, sample_ids) -> pd.DataFrame:
    summary = rfm_summary(
        load_cdnow_transactions(),
        customer_col="customer_id",
        datetime_col="date",
        monetary_col="spend",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        engine=request.param,
    )
    summary["customer_id"] = summary["customer_id"].map(sample_ids)
    return summary.set_index("customer_id").sort_index()


def test_all_2357_rows_match_the_published_summary(rebuilt):
    published = load_cdnow_summary(with_spend=True).set_index("customer_id").sort_index()
    assert len(rebuilt) == len(published) == 2357
    assert rebuilt.index.equals(published.index)
    np.testing.assert_array_equal(rebuilt["frequency"], published["frequency"])
    # printed to 2 decimals: agree to half a unit in the last digit (+ float slack)
    for column in ["recency", "T", "monetary_value"]:
        gap = np.abs(rebuilt[column] - published[column])
        assert gap.max() <= 0.005 + 1e-9, column


def test_946_repeat_buyers_and_39_week_holdout(rebuilt):
    """Fader & Hardie (2013) fit the Gamma-Gamma model to the 946 repeat buyers."""
    assert int((rebuilt["frequency"] > 0).sum()) == 946
    assert (rebuilt["duration_holdout"] == 39.0).all()


def test_holdout_repeat_transactions(rebuilt):
    """Weeks 40-78 of the sample hold the repeat purchases tracked by Fader, Hardie & Lee."""
    log = load_cdnow_transactions()
    hold = log[(log["date"] > "1997-09-30") & (log["date"] <= "1998-06-30")]
    occasions = hold.drop_duplicates(["customer_id", "date"])
    assert int(rebuilt["frequency_holdout"].sum()) == len(occasions)
