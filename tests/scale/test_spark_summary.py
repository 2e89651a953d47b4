"""rfm_summary(engine="spark") against the pandas and DuckDB engines, validation, time zones."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import TIME_UNITS, rfm_summary
from loyaltymodels.datasets import load_cdnow_transactions
from loyaltymodels.scale import read_parquet_log

KW = {"customer_col": "id", "datetime_col": "when", "monetary_col": "amount"}


def _spark_table(spark, log: pd.DataFrame, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        summary = rfm_summary(spark.createDataFrame(log), engine="spark", **kwargs)
    table = summary.toPandas()
    table.attrs = dict(summary.attrs)
    return table


def _engine_table(log: pd.DataFrame, engine: str, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return rfm_summary(log, engine=engine, **kwargs)


def _assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False, rtol=1e-12
    )
    assert right["frequency"].dtype == np.int64


def test_cdnow_sample_same_on_spark_pandas_duckdb(spark):
    """The CDNOW sample log with a holdout split: the three engines give the same table."""
    log = load_cdnow_transactions()
    kwargs = {
        "customer_col": "customer_id",
        "datetime_col": "date",
        "monetary_col": "spend",
        "calibration_end": "1997-09-30",
        "observation_end": "1998-06-30",
    }
    on_pandas = _engine_table(log, "pandas", **kwargs)
    on_spark = _spark_table(spark, log, **kwargs)
    _assert_same(on_pandas, on_spark)
    _assert_same(_engine_table(log, "duckdb", **kwargs), on_spark)
    assert on_spark.attrs["n_transactions"] == len(log)
    assert on_spark.attrs["session_time_zone"] == "America/New_York"
    assert on_spark.attrs["n_negative_spend"] == 0


@st.composite
def random_logs(draw):
    """Small logs: repeated ids, same-day purchases, times of day, births late in the log,
    numeric or string ids, at times one bad row (missing id, date or spend; negative spend)."""
    n_rows = draw(st.integers(1, 30))
    ids = draw(st.lists(st.integers(0, 6), min_size=n_rows, max_size=n_rows))
    days = draw(st.lists(st.integers(0, 40), min_size=n_rows, max_size=n_rows))
    seconds = draw(st.lists(st.integers(0, 86_399), min_size=n_rows, max_size=n_rows))
    cents = draw(st.lists(st.integers(0, 50_000), min_size=n_rows, max_size=n_rows))
    log = pd.DataFrame(
        {
            "id": ids,
            "when": pd.Timestamp("2024-03-01")
            + pd.to_timedelta(np.array(days) * 86_400 + np.array(seconds), unit="s"),
            "amount": np.array(cents) / 100.0,
        }
    )
    string_ids = draw(st.booleans())
    if string_ids:
        log["id"] = [f"c{value}" for value in ids]
    bad = draw(st.sampled_from([None, None, "id", "when", "amount", "negative"]))
    if bad is not None:  # one bad row, which every engine must refuse
        row = draw(st.integers(0, n_rows - 1))
        if bad == "id" and string_ids:
            log.loc[row, "id"] = None
        elif bad == "id":
            log["id"] = log["id"].astype(float)
            log.loc[row, "id"] = np.nan
        elif bad == "when":
            log.loc[row, "when"] = pd.NaT
        else:
            log.loc[row, "amount"] = -1.0 if bad == "negative" else np.nan
    unit = draw(st.sampled_from(sorted(TIME_UNITS)))
    holdout = draw(st.one_of(st.none(), st.integers(0, 40)))
    extra = draw(st.integers(-1, 5))  # -1: the last purchase falls after observation_end
    kwargs = {**KW, "time_unit": unit, "observation_end": pd.Timestamp("2024-03-01")}
    kwargs["observation_end"] += pd.Timedelta(days=max(days) + extra)
    if holdout is not None:
        kwargs["calibration_end"] = pd.Timestamp("2024-03-01") + pd.Timedelta(days=holdout)
    return log, kwargs


SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture],
}


@settings(max_examples=4, **SETTINGS)
@given(case=random_logs())
def test_random_logs_same_on_spark_pandas_duckdb(spark, case):
    """Property: on any small log the three engines agree, or all three refuse it."""
    _check_engines_agree(spark, *case)


@pytest.mark.slow
@settings(max_examples=40, **SETTINGS)
@given(case=random_logs())
def test_many_random_logs_same_on_spark_pandas_duckdb(spark, case):
    """The same property on more logs (slow tier)."""
    _check_engines_agree(spark, *case)


def _check_engines_agree(spark, log: pd.DataFrame, kwargs: dict) -> None:
    try:
        expected = _engine_table(log, "pandas", **kwargs)
    except LoyaltyDataError:  # a bad row, a purchase after observation_end, nobody born...
        with pytest.raises(LoyaltyDataError):
            _spark_table(spark, log, **kwargs)
        return
    on_spark = _spark_table(spark, log, **kwargs)
    _assert_same(expected, on_spark)
    _assert_same(_engine_table(log, "duckdb", **kwargs), on_spark)
    born_after = expected.attrs["n_customers_born_after_calibration"]
    assert on_spark.attrs["n_customers_born_after_calibration"] == born_after


def _bad(log: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    bad = log.copy()
    if value is None:
        bad[column] = bad[column].astype(object)
    bad.loc[row, column] = value
    return bad


@pytest.fixture
def small_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1.0, 1.0, 2.0, 3.0],
            "when": ["2024-01-01", "2024-01-05", "2024-01-03", "2024-01-09"],
            "amount": [10.0, 12.0, 7.0, 9.0],
        }
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("id", np.nan, "'id' has missing values .* in 1 row"),
        ("when", None, "'when' has missing values .* in 1 row"),
        ("when", "05/01/2024", "'when' has values that are not ISO 8601 dates"),
        ("amount", np.nan, "'amount' has missing values"),
        ("amount", -50.0, "'amount' is negative in 1 row"),
        ("amount", np.inf, "'amount' is infinite in 1 row"),
        ("when", "2024-02-01", "purchases after observation_end 2024-01-10 in 1 row"),
    ],
)
def test_bad_rows_are_counted_and_refused(spark, small_log, column, value, message):
    """Each bad row the pandas engine refuses is refused on Spark, with its count."""
    bad = _bad(small_log, 1, column, value)
    frame = spark.createDataFrame(bad)
    with pytest.raises(LoyaltyDataError, match=message):
        rfm_summary(frame, engine="spark", **KW, observation_end="2024-01-10")
    if column == "amount" and value == np.inf:
        return  # the pandas engine accepts an infinite spend
    with pytest.raises(LoyaltyDataError):
        rfm_summary(bad, engine="pandas", **KW, observation_end="2024-01-10")


def test_numbers_as_dates_and_wrong_engine_input_are_refused(spark, small_log):
    frame = spark.createDataFrame(small_log.assign(when=20240101))
    with pytest.raises(LoyaltyDataError, match="not dates; convert it"):
        rfm_summary(frame, engine="spark", **KW)
    with pytest.raises(LoyaltyDataError, match=r"needs a pyspark\.sql\.DataFrame"):
        rfm_summary(small_log, engine="spark", **KW)


def test_nobody_born_by_calibration_end_is_refused(spark, small_log):
    frame = spark.createDataFrame(small_log)
    with pytest.raises(LoyaltyDataError, match="no customer made a purchase"):
        rfm_summary(frame, engine="spark", **KW, calibration_end="2023-12-01")


def test_time_zone_rule(spark, tmp_path):
    """Calendar days: strings and naive times as written, instants in the session zone."""
    stamps = ["2024-01-01T23:30:00+05:00", "2024-01-02T00:30:00-08:00", "2024-01-04T12:00:00Z"]
    log = pd.DataFrame({"id": [1, 1, 1], "when": stamps, "amount": [1.0, 2.0, 3.0]})
    # strings: the day in the purchase's own local time (Jan 1, Jan 2, Jan 4)
    on_spark = _spark_table(spark, log, **KW)
    assert on_spark[["frequency", "recency", "T"]].iloc[0].tolist() == [2, 3 / 7, 3 / 7]
    # one offset throughout: the pandas engine reads the same local days
    same_offset = log.assign(when=[stamp[:19] + "+05:00" for stamp in stamps])
    _assert_same(rfm_summary(same_offset, **KW), _spark_table(spark, same_offset, **KW))
    # naive wall-clock times written to Parquet (TIMESTAMP_NTZ): the written day
    naive = pd.DataFrame(
        {
            "id": [1, 1, 2],
            "when": pd.to_datetime(["2024-01-01 23:30", "2024-01-03 00:10", "2024-01-02 01:00"]),
            "amount": [1.0, 2.0, 3.0],
        }
    )
    path = str(tmp_path / "naive.parquet")
    naive.to_parquet(path, coerce_timestamps="us")
    from_file = rfm_summary(read_parquet_log(spark, path), engine="spark", **KW).toPandas()
    _assert_same(rfm_summary(naive, engine="pandas", **KW), from_file)
    # instants (TIMESTAMP): the day in the session time zone (New York); 03:00 UTC on Jan 3
    # is Jan 2 in New York
    instants = pa.table(
        {
            "id": [1, 1],
            "when": pa.array(
                [pd.Timestamp("2024-01-01 12:00"), pd.Timestamp("2024-01-03 03:00")],
                pa.timestamp("us", tz="UTC"),
            ),
            "amount": [1.0, 2.0],
        }
    )
    path = str(tmp_path / "instants.parquet")
    pq.write_table(instants, path)
    summary = rfm_summary(read_parquet_log(spark, path), engine="spark", **KW)
    assert summary.toPandas()["recency"].tolist() == [1 / 7]
    assert summary.attrs["session_time_zone"] == "America/New_York"


def test_nanosecond_parquet_is_refused_with_the_fix(spark, tmp_path):
    table = pa.table({"id": [1], "when": pa.array([1_704_151_800_000_000_000], pa.timestamp("ns"))})
    path = str(tmp_path / "nanos.parquet")
    pq.write_table(table, path)
    with pytest.raises(LoyaltyDataError, match=r"nanoseconds .* coerce_timestamps='us'"):
        read_parquet_log(spark, path)
