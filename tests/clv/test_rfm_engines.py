"""Both rfm engines follow one rule for dates, time zones and ids (property-based tests).

Random logs (ids as numbers or text, timestamps with random UTC offsets or a named zone,
several purchases on one day, holdout periods) are summarised by pandas from the DataFrame
and by DuckDB from the DataFrame, from a Parquet file and from a CSV file of ISO strings; all
four must give the same table. The expected purchase day is computed independently: the date
written in the data (the wall-clock date at each row's own offset).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv.rfm import rfm_summary

START = dt.datetime(2023, 1, 1)

purchase = st.tuples(
    st.integers(0, 7),  # customer
    st.integers(0, 120),  # day
    st.integers(0, 24 * 60 - 1),  # minute of the day (local)
    st.sampled_from([-12 * 60, -5 * 60, 0, 5 * 60 + 30, 8 * 60, 14 * 60]),  # UTC offset
    st.integers(1, 50_000),  # spend in cents
)


def _iso(day: int, minute: int, offset: int) -> str:
    local = START + dt.timedelta(days=day, minutes=minute)
    zone = dt.timezone(dt.timedelta(minutes=offset))
    return local.replace(tzinfo=zone).isoformat()


def _summaries(log: pd.DataFrame, folder: Path, **options: object) -> list[pd.DataFrame]:
    common = {"customer_col": "id", "datetime_col": "ts", "monetary_col": "spend", **options}
    parquet, csv = folder / "log.parquet", folder / "log.csv"
    log.to_parquet(parquet)
    log.to_csv(csv, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # customers born after calibration are counted
        return [
            rfm_summary(log, engine="pandas", **common),
            rfm_summary(log, engine="duckdb", **common),
            rfm_summary(parquet, **common),
            rfm_summary(csv, **common),
        ]


def _same(tables: list[pd.DataFrame]) -> None:
    first = tables[0].reset_index(drop=True)
    for other in tables[1:]:
        other = other.reset_index(drop=True)
        pd.testing.assert_frame_equal(
            first.drop(columns="customer_id"),
            other.drop(columns="customer_id"),
            check_exact=False,
            rtol=1e-12,
            check_dtype=False,
        )
        assert [str(x) for x in first["customer_id"]] == [str(x) for x in other["customer_id"]]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(purchase, min_size=1, max_size=40),
    text_ids=st.booleans(),
    holdout=st.one_of(st.none(), st.integers(10, 110)),
)
def test_engines_agree_on_random_logs_with_offsets(rows, text_ids, holdout) -> None:
    log = pd.DataFrame(
        {
            "id": [f"c{c}" if text_ids else c for c, *_ in rows],
            "ts": [_iso(day, minute, offset) for _, day, minute, offset, _ in rows],
            "spend": [cents / 100 for *_, cents in rows],
        }
    )
    observation_end = (START + dt.timedelta(days=121)).date().isoformat()
    options: dict[str, object] = {"observation_end": observation_end}
    if holdout is not None:
        options["calibration_end"] = (START + dt.timedelta(days=holdout)).date().isoformat()
    with tempfile.TemporaryDirectory() as folder:
        try:
            tables = _summaries(log, Path(folder), **options)
        except LoyaltyDataError as error:
            assert "no customer made a purchase by calibration_end" in str(error)
            return
    _same(tables)
    # the purchase day is the date written in the data: check frequency independently
    days = pd.DataFrame({"id": log["id"], "day": [day for _, day, *_ in rows]}).drop_duplicates()
    cut = 121 if holdout is None else holdout
    born = days.groupby("id")["day"].min()
    calib = days[days["day"] <= cut]
    expected = (calib.groupby("id").size() - 1).loc[born[born <= cut].index].sort_index()
    got = tables[0].set_index("customer_id")["frequency"].sort_index()
    assert got.to_dict() == expected.to_dict()


@settings(max_examples=15, deadline=None)
@given(
    rows=st.lists(purchase, min_size=1, max_size=30),
    zone=st.sampled_from(["Asia/Shanghai", "America/New_York", "UTC", "Pacific/Kiritimati"]),
)
def test_engines_agree_on_zoned_timestamps(rows, zone) -> None:
    local = [START + dt.timedelta(days=day, minutes=minute) for _, day, minute, *_ in rows]
    log = pd.DataFrame(
        {
            "id": [c for c, *_ in rows],
            "ts": pd.DatetimeIndex(local).tz_localize(zone, ambiguous="NaT", nonexistent="NaT"),
            "spend": [cents / 100 for *_, cents in rows],
        }
    ).dropna()
    if log.empty:
        return
    with tempfile.TemporaryDirectory() as folder:
        tables = _summaries(log, Path(folder), observation_end="2023-05-02")
    _same(tables[:3])  # the CSV holds ISO strings with offsets: the same wall-clock dates
    _same([tables[0], tables[3]])


def test_a_late_evening_purchase_east_of_utc_counts_on_its_local_day(tmp_path: Path) -> None:
    """The example of the rule: 23:30 at +08:00 on 1 January is a purchase on 1 January."""
    log = pd.DataFrame(
        {"id": [1, 1], "ts": ["2024-01-01T23:30:00+08:00", "2024-01-03T01:00:00+08:00"]}
    )
    log.to_csv(tmp_path / "log.csv", index=False)
    for source in (log, tmp_path / "log.csv"):
        summary = rfm_summary(
            source,
            customer_col="id",
            datetime_col="ts",
            observation_end="2024-01-10",
            time_unit="D",
        )
        assert summary["recency"].iloc[0] == 2.0 and summary["T"].iloc[0] == 9.0


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_ids_one_and_text_one_are_refused(engine: str) -> None:
    log = pd.DataFrame({"id": [1, "1"], "ts": ["2024-01-01", "2024-01-03"]})
    with pytest.raises(LoyaltyDataError, match=r"'id' mixes text and numbers \(numbers at row 0\)"):
        rfm_summary(log, customer_col="id", datetime_col="ts", engine=engine)


def test_ambiguous_day_month_order_is_refused_until_stated() -> None:
    log = pd.DataFrame({"id": [1, 1], "ts": ["01/02/2024", "03/02/2024"]})
    common = {"customer_col": "id", "datetime_col": "ts", "observation_end": "2024-03-10"}
    with pytest.raises(LoyaltyDataError, match="month-first and day-first"):
        rfm_summary(log, **common)
    by_day = rfm_summary(log, dayfirst=True, time_unit="D", **common)
    by_format = rfm_summary(log, date_format="%d/%m/%Y", time_unit="D", **common)
    assert by_day["recency"].iloc[0] == by_format["recency"].iloc[0] == 2.0
    mixed = pd.DataFrame({"id": [1, 1], "ts": ["01/02/2024", "15/02/2024"]})
    both = rfm_summary(mixed, time_unit="D", **common)  # only day-first reads 15/02
    assert both["recency"].iloc[0] == 14.0
    assert np.isfinite(both["T"].iloc[0])
