"""rfm_summary: hand-computed cases, engine equivalence, files, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv.rfm import rfm_summary, rfm_summary_sql

KW = {"customer_col": "id", "datetime_col": "when", "monetary_col": "amount"}


@pytest.fixture
def small_log() -> pd.DataFrame:
    """Customer a: days 0 (twice), 7, 14 (holdout 21); b: day 3 only; c: born in holdout."""
    return pd.DataFrame(
        {
            "id": ["a", "a", "a", "b", "a", "a", "c"],
            "when": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 17:30",
                    "2024-01-08",
                    "2024-01-04",
                    "2024-01-15",
                    "2024-01-22",
                    "2024-01-23",
                ],
                format="ISO8601",
            ),
            "amount": [10.0, 5.0, 20.0, 7.0, 30.0, 8.0, 3.0],
        }
    )


def _random_log(n_rows: int, seed: int, *, string_ids: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_rows // 4, n_rows)
    seconds = rng.integers(0, 300 * 86_400, n_rows)
    log = pd.DataFrame(
        {
            "id": [f"c{i:06d}" for i in ids] if string_ids else ids,
            "when": pd.Timestamp("2023-01-01") + pd.to_timedelta(seconds, unit="s"),
            "amount": rng.gamma(2.0, 10.0, n_rows).round(2),
        }
    )
    return log


def test_hand_computed_calibration_and_holdout(small_log):
    """Worked by hand: same-day purchases merge (a's day 0 = one occasion of 15)."""
    with pytest.warns(UserWarning, match="1 customer"):
        out = rfm_summary(
            small_log, **KW, calibration_end="2024-01-15", observation_end="2024-01-29"
        )
    expected = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "frequency": np.array([2, 0], dtype=np.int64),
            "recency": [2.0, 0.0],
            "T": [2.0, 11 / 7],
            "monetary_value": [25.0, 0.0],
            "frequency_holdout": np.array([1, 0], dtype=np.int64),
            "monetary_value_holdout": [8.0, 0.0],
            "duration_holdout": [2.0, 2.0],
        }
    )
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    assert out["frequency"].dtype == np.int64
    assert out.attrs["n_customers_born_after_calibration"] == 1
    assert out.attrs["n_transactions"] == 7


def test_days_unit_and_default_observation_end(small_log):
    out = rfm_summary(small_log.iloc[:4], **KW, time_unit="D")
    # observation_end defaults to the last purchase day (2024-01-08)
    assert out["T"].tolist() == [7.0, 4.0]
    assert out["recency"].tolist() == [7.0, 0.0]
    assert "frequency_holdout" not in out


def test_without_spend_has_no_monetary_columns(small_log):
    out = rfm_summary(
        small_log.iloc[:6], customer_col="id", datetime_col="when", calibration_end="2024-01-15"
    )
    assert list(out.columns) == [
        "customer_id",
        "frequency",
        "recency",
        "T",
        "frequency_holdout",
        "duration_holdout",
    ]


@pytest.mark.parametrize("string_ids", [False, True])
def test_engines_agree(string_ids):
    log = _random_log(20_000, seed=1, string_ids=string_ids)
    args = {**KW, "calibration_end": "2023-08-01", "observation_end": "2023-12-31"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        by_pandas = rfm_summary(log, **args, engine="pandas")
        by_duckdb = rfm_summary(log, **args, engine="duckdb")
    assert len(by_pandas) > 1000
    pd.testing.assert_frame_equal(by_pandas, by_duckdb, check_exact=False, rtol=1e-12)
    assert by_pandas.attrs["n_customers_born_after_calibration"] > 0
    assert (
        by_pandas.attrs["n_customers_born_after_calibration"]
        == by_duckdb.attrs["n_customers_born_after_calibration"]
    )


def test_row_order_does_not_matter():
    log = _random_log(5_000, seed=2)
    shuffled = log.sample(frac=1.0, random_state=np.random.default_rng(3).integers(1 << 31))
    one = rfm_summary(log, **KW, engine="pandas")
    other = rfm_summary(shuffled, **KW, engine="pandas")
    pd.testing.assert_frame_equal(one, other, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_file_paths_match_dataframe(tmp_path, suffix):
    log = _random_log(5_000, seed=4)
    path = tmp_path / f"log.{suffix}"
    if suffix == "parquet":
        log.to_parquet(path)
    else:
        log.to_csv(path, index=False)
    args = {**KW, "calibration_end": "2023-11-01", "observation_end": "2023-12-31"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from_file = rfm_summary(path, **args)
        from_frame = rfm_summary(log, **args, engine="pandas")
    assert from_file.attrs["engine"] == "duckdb"
    pd.testing.assert_frame_equal(from_frame, from_file, check_exact=False, rtol=1e-12)


def test_sql_template_names_dialect_functions():
    spark = rfm_summary_sql(
        "sales",
        customer_col="id",
        datetime_col="ts",
        observation_end="2024-06-30",
        calibration_end="2024-03-31",
        monetary_col="amount",
        dialect="spark",
    )
    duck = rfm_summary_sql(
        "sales",
        customer_col="id",
        datetime_col="ts",
        observation_end="2024-06-30",
        dialect="duckdb",
    )
    assert "datediff(" in spark and "`id`" in spark and "frequency_holdout" in spark
    assert "date_diff('day'" in duck and '"id"' in duck and "holdout" not in duck


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_missing_column(small_log, engine):
    with pytest.raises(LoyaltyDataError, match=r"missing column\(s\) \['amount'\]"):
        rfm_summary(small_log.drop(columns="amount"), **KW, engine=engine)


@pytest.mark.parametrize("column", ["id", "when", "amount"])
def test_missing_values_name_the_rows(small_log, column):
    small_log.loc[3, column] = None
    with pytest.raises(LoyaltyDataError, match=rf"'{column}'.*row 3"):
        rfm_summary(small_log, **KW)


def test_negative_spend(small_log):
    small_log.loc[2, "amount"] = -1.0
    with pytest.raises(LoyaltyDataError, match="'amount' is negative at row 2"):
        rfm_summary(small_log, **KW)


def test_future_dated_transactions(small_log):
    with pytest.raises(LoyaltyDataError, match=r"after observation_end 2024-01-15 at rows 5, 6"):
        rfm_summary(small_log, **KW, observation_end="2024-01-15")


def test_numeric_dates_are_refused_with_the_fix(small_log):
    small_log["when"] = small_log["when"].dt.strftime("%Y%m%d").astype(int)
    with pytest.raises(LoyaltyDataError, match="format='%Y%m%d'"):
        rfm_summary(small_log, **KW)


def test_unreadable_date_strings(small_log):
    small_log["when"] = small_log["when"].dt.strftime("%Y-%m-%d").astype(object)
    small_log.loc[4, "when"] = "not a date"
    with pytest.raises(LoyaltyDataError, match="not dates at row 4"):
        rfm_summary(small_log, **KW)


def test_calibration_after_observation(small_log):
    with pytest.raises(LoyaltyDataError, match="after observation_end"):
        rfm_summary(small_log, **KW, calibration_end="2024-02-01", observation_end="2024-01-29")


def test_nobody_in_calibration(small_log):
    with pytest.raises(LoyaltyDataError, match="no customer made a purchase"):
        rfm_summary(small_log, **KW, calibration_end="2023-12-01")


def test_unknown_time_unit_and_engine(small_log):
    with pytest.raises(LoyaltyDataError, match="time_unit"):
        rfm_summary(small_log, **KW, time_unit="fortnight")
    with pytest.raises(LoyaltyDataError, match="engine"):
        rfm_summary(small_log, **KW, engine="spark")  # type: ignore[arg-type]


def test_not_a_dataframe():
    with pytest.raises(LoyaltyDataError, match="DataFrame"):
        rfm_summary([1, 2, 3], **KW, engine="pandas")  # type: ignore[arg-type]


def test_file_bad_input(tmp_path, small_log):
    path = tmp_path / "log.parquet"
    small_log.loc[1, "amount"] = -2.0
    small_log.to_parquet(path)
    with pytest.raises(LoyaltyDataError, match=r"'amount' is negative.*customer 'a'"):
        rfm_summary(path, **KW)
    with pytest.raises(LoyaltyDataError, match="missing column"):
        rfm_summary(path, customer_col="customer", datetime_col="when")
    with pytest.raises(LoyaltyDataError, match="does not exist"):
        rfm_summary(tmp_path / "nothing.parquet", **KW)
    small_log.loc[1, "amount"] = 2.0
    small_log.to_parquet(path)
    with pytest.raises(LoyaltyDataError, match="after observation_end"):
        rfm_summary(path, **KW, observation_end="2024-01-10")
