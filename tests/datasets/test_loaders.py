"""The shipped data must equal the benchmark data in ../shared/data (the published sources)."""

import pandas as pd

from loyaltymodels import datasets


def test_cdnow_summary_matches_shared(shared_data) -> None:
    shipped = datasets.load_cdnow_summary()
    source = pd.read_csv(shared_data / "cdnow" / "cdnow_customers_summary.csv")
    assert len(shipped) == 2357
    assert (shipped["frequency"].to_numpy() == source["frequency"].to_numpy()).all()
    assert (shipped["T"].to_numpy() == source["T"].to_numpy()).all()


def test_cdnow_spend_has_946_repeat_buyers() -> None:
    spend = datasets.load_cdnow_summary(with_spend=True)
    assert int((spend["frequency"] > 0).sum()) == 946


def test_cdnow_transactions_full_and_sample() -> None:
    full = datasets.load_cdnow_transactions(sample=False)
    assert full["customer_id"].nunique() == 23570
    assert len(full) == 69659
    sample = datasets.load_cdnow_transactions()
    assert sample["date"].min() == pd.Timestamp("1997-01-01")


def test_donations_and_retention(shared_data) -> None:
    donations = datasets.load_donations()
    assert int(donations["weights"].sum()) == 11104
    assert set(donations["periods"]) == {6}
    retention = datasets.load_retention()
    source = pd.read_csv(shared_data / "retention" / "sbg_retention.csv")
    assert retention["regular"].tolist() == source["regular_alive"].tolist()
    assert retention["high_end"].tolist() == source["highend_alive"].tolist()


def test_semopy_examples() -> None:
    assert datasets.load_holzinger_swineford().shape[0] == 301
    assert datasets.load_political_democracy().shape == (75, 11)
