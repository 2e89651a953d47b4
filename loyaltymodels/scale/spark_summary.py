"""The RFM summary of a transaction log held in a Spark DataFrame, validated in Spark SQL.

The summary is the query of :func:`loyaltymodels.clv.rfm_summary_sql` (the same definitions as
the pandas and DuckDB engines), run lazily on a prepared log of ``customer_id``,
``purchase_day`` (DATE) and ``spend``. Before that, one aggregate job counts the bad rows the
other engines refuse; nothing per customer is collected on the driver.

Calendar day of a purchase (the time-zone rule)
-----------------------------------------------
- ``DATE``: the date itself.
- ``TIMESTAMP_NTZ`` (naive, e.g. pandas datetimes written to Parquet): the written wall-clock
  day, as the pandas engine does for naive datetimes.
- ISO 8601 strings (``2024-01-01``, ``2024-01-01T23:30:00+05:00``): the day as written, in
  the purchase's own local time (an offset or ``Z`` is ignored), as the pandas engine does for
  timestamps with an offset. Strings in other formats are refused; parse them first with
  ``to_timestamp(col, format)``.
- ``TIMESTAMP`` (Spark's instant type, Parquet ``isAdjustedToUTC=true``): the day in the
  session time zone ``spark.sql.session.timeZone``, which is recorded in ``attrs``. An instant
  carries no offset of its own, so set the session time zone to the zone of the business.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.rfm_sql import resolve_period_ends, rfm_summary_sql, unit_days

__all__ = ["SPARK_SUMMARY_CHECKS", "spark_rfm_summary"]

SPARK_SUMMARY_CHECKS = (
    "n_missing_customer_ids",
    "n_missing_dates",
    "n_unreadable_dates",
    "n_missing_spend",
    "n_negative_spend",
    "n_infinite_spend",
    "n_after_observation_end",
)
"""The bad-row counts of a Spark log (each one refused, as by the pandas engine)."""

_PROBLEMS: dict[str, tuple[str, str, str]] = {
    # count -> (which column, what is wrong, the fix)
    "n_missing_customer_ids": ("customer", "has missing values (null)", "fill or drop them"),
    "n_missing_dates": ("date", "has missing values (null)", "fill or drop them"),
    "n_unreadable_dates": (
        "date",
        "has values that are not ISO 8601 dates",
        "parse them first with pyspark.sql.functions.to_timestamp(col, format)",
    ),
    "n_missing_spend": ("spend", "has missing values (null or NaN)", "fill or drop them"),
    "n_negative_spend": ("spend", "is negative", "values must be >= 0 (remove refunds)"),
    "n_infinite_spend": ("spend", "is infinite", "values must be finite"),
    "n_after_observation_end": (
        "date",
        "has purchases after observation_end",
        "drop them, pass a later observation_end, or pass calibration_end to keep them as a "
        "holdout period",
    ),
}


def spark_rfm_summary(
    transactions: Any,
    *,
    customer_col: str,
    datetime_col: str,
    monetary_col: str | None = None,
    observation_end: Any = None,
    calibration_end: Any = None,
    time_unit: str = "W",
) -> Any:
    """Summarise a Spark transaction log per customer (frequency, recency, T, mean spend).

    The definitions are those of :func:`loyaltymodels.clv.rfm_summary` (Fader, Hardie & Lee
    2005: same-day purchases count once, :math:`x` = purchase days - 1,
    :math:`t_x = (d_x - d_0)/u`, :math:`T = (d_c - d_0)/u`, mean spend of the repeat
    purchase days), computed by the Spark dialect of
    :func:`loyaltymodels.clv.rfm_summary_sql`. Use it through
    ``rfm_summary(spark_df, engine="spark", ...)``.

    Parameters
    ----------
    transactions : pyspark.sql.DataFrame
        One row per purchase.
    customer_col, datetime_col, monetary_col, observation_end, calibration_end, time_unit
        As in :func:`loyaltymodels.clv.rfm_summary`. The calendar day of a purchase follows
        the rule in this module's documentation (the session time zone decides for Spark
        ``TIMESTAMP`` columns).

    Returns
    -------
    pyspark.sql.DataFrame
        One row per customer, ordered by ``customer_id``, with the columns of the pandas
        engine's summary; evaluated lazily. Its ``attrs`` dict holds the settings,
        ``n_transactions``, ``n_customers_born_after_calibration``, ``session_time_zone`` and
        every count of :data:`SPARK_SUMMARY_CHECKS` (all 0: a bad row is refused).

    Raises
    ------
    LoyaltyDataError
        Missing columns, a date column of numbers, missing ids, missing or unreadable dates,
        missing, negative or infinite spend, purchases after ``observation_end``,
        ``calibration_end`` after ``observation_end``, or no customer in calibration; the
        message gives the count, the first offending rows and the fix.
    """
    from pyspark.sql import functions as F

    columns = _check_spark_log(transactions, customer_col, datetime_col, monetary_col, time_unit)
    day, readable = _purchase_day(transactions, datetime_col)
    raw_date = F.col(f"`{datetime_col}`")
    customer = F.col(f"`{customer_col}`")
    spend = _spend(transactions, monetary_col)
    prepared = transactions.select(
        customer.alias("customer_id"),
        day.alias("purchase_day"),
        (spend if spend is not None else F.lit(0.0)).alias("spend"),
        raw_date.alias("raw_date"),
        readable.alias("readable"),
    )
    conditions, given_end = _row_conditions(spend is not None, observation_end, F)
    counts = _count_rows(prepared, conditions, F)
    if counts["n_rows"] == 0:
        raise LoyaltyDataError("transactions is empty; pass a log with at least one purchase.")
    _refuse(prepared, conditions, counts, columns, given_end)
    last_day = counts.pop("last_day")
    obs, cal = resolve_period_ends(pd.Timestamp(last_day), observation_end, calibration_end)
    log = prepared.select("customer_id", "purchase_day", "spend")
    n_born_after = 0
    if calibration_end is not None:
        n_customers, n_born_after = _count_births(log, cal, F)
        if n_customers == n_born_after:
            raise LoyaltyDataError(
                f"no customer made a purchase by calibration_end {cal.date()}; pass a later "
                "calibration_end."
            )
    sql = rfm_summary_sql(
        "{log}",
        customer_col="customer_id",
        datetime_col="purchase_day",
        monetary_col="spend" if monetary_col else None,
        observation_end=obs,
        calibration_end=cal if calibration_end is not None else None,
        time_unit=time_unit,
        dialect="spark",
    )
    summary = transactions.sparkSession.sql(sql, log=log)
    summary.attrs = {
        "time_unit": time_unit,
        "engine": "spark",
        "observation_end": obs,
        "calibration_end": cal if calibration_end is not None else None,
        "n_transactions": int(counts.pop("n_rows")),
        "n_customers_born_after_calibration": int(n_born_after),
        "session_time_zone": transactions.sparkSession.conf.get("spark.sql.session.timeZone"),
        **{name: int(counts.get(name, 0)) for name in SPARK_SUMMARY_CHECKS},
    }
    return summary


def _purchase_day(transactions: Any, column: str) -> tuple[Any, Any]:
    """Return the purchase-day expression (DATE) and a flag of readable values."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    kind = transactions.schema[column].dataType
    raw = F.col(f"`{column}`")
    if isinstance(kind, T.DateType | T.TimestampType | T.TimestampNTZType):
        return raw.cast("date"), F.lit(True)
    if isinstance(kind, T.StringType):
        parsed = F.expr(f"try_cast(`{column}` AS TIMESTAMP_NTZ)")
        return parsed.cast("date"), parsed.isNotNull()
    hint = ""
    if isinstance(kind, T.LongType):
        hint = (
            " If these are nanosecond Parquet timestamps read with "
            "spark.sql.legacy.parquet.nanosAsLong, rewrite the file in microseconds instead "
            "(see loyaltymodels.scale.read_parquet_log)."
        )
    raise LoyaltyDataError(
        f"column '{column}' holds {kind.simpleString()} values, not dates; convert it, e.g. "
        f"to_date(CAST(`{column}` AS STRING), 'yyyyMMdd') for YYYYMMDD numbers.{hint}"
    )


def _spend(transactions: Any, column: str | None) -> Any:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if column is None:
        return None
    kind = transactions.schema[column].dataType
    if not isinstance(kind, T.NumericType):
        raise LoyaltyDataError(
            f"column '{column}' has type {kind.simpleString()}, not a number; cast it with "
            f"col('{column}').cast('double') after checking its values."
        )
    return F.col(f"`{column}`").cast("double")


def _count_rows(prepared: Any, conditions: dict[str, Any], F: Any) -> dict[str, Any]:
    """One aggregate job: the number of rows, the last purchase day and each bad-row count."""
    row = prepared.agg(
        F.count(F.lit(1)).alias("n_rows"),
        F.max("purchase_day").alias("last_day"),
        *(F.count_if(condition).alias(name) for name, condition in conditions.items()),
    ).collect()[0]
    counts: dict[str, Any] = row.asDict()
    return counts


def _refuse(
    prepared: Any,
    conditions: dict[str, Any],
    counts: dict[str, Any],
    columns: dict[str, str],
    obs: pd.Timestamp | None = None,
) -> None:
    for name, condition in conditions.items():
        if not counts.get(name):
            continue
        role, problem, fix = _PROBLEMS[name]
        if name == "n_after_observation_end" and obs is not None:
            problem = f"{problem} {obs.date()}"
        rows = prepared.filter(condition).select("customer_id", "raw_date").limit(5).collect()
        shown = "; ".join(f"customer {row[0]!r} at {row[1]}" for row in rows)
        raise LoyaltyDataError(
            f"column '{columns[role]}' {problem} in {counts[name]} row(s), such as {shown}; {fix}."
        )


def _count_births(log: Any, cal: pd.Timestamp, F: Any) -> tuple[int, int]:
    """Return the number of customers and of those whose first purchase is after ``cal``."""
    births = log.groupBy("customer_id").agg(F.min("purchase_day").alias("first_day"))
    row = births.agg(
        F.count(F.lit(1)).alias("n"),
        F.count_if(F.col("first_day") > F.lit(cal.date())).alias("after"),
    ).collect()[0]
    return int(row["n"]), int(row["after"])


def _check_spark_log(
    transactions: Any,
    customer_col: str,
    datetime_col: str,
    monetary_col: str | None,
    time_unit: str,
) -> dict[str, str]:
    """Refuse a non-Spark log, an unknown time unit and missing columns; name the columns."""
    if not hasattr(transactions, "sparkSession"):
        raise LoyaltyDataError(
            f"engine='spark' needs a pyspark.sql.DataFrame, got {type(transactions).__name__}; "
            "use engine='pandas' or 'duckdb' for pandas DataFrames and files."
        )
    unit_days(time_unit)
    columns = {"customer": customer_col, "date": datetime_col}
    if monetary_col:
        columns["spend"] = monetary_col
    missing = [name for name in columns.values() if name not in transactions.columns]
    if missing:
        raise LoyaltyDataError(
            f"transactions is missing column(s) {missing}; it has {transactions.columns}. "
            "Rename your columns or pass the column names as arguments."
        )
    return columns


def _row_conditions(has_spend: bool, observation_end: Any, F: Any) -> tuple[dict[str, Any], Any]:
    """Return the Spark conditions of the bad rows (:data:`SPARK_SUMMARY_CHECKS`)."""
    conditions = {
        "n_missing_customer_ids": F.col("customer_id").isNull(),
        "n_missing_dates": F.col("raw_date").isNull(),
        "n_unreadable_dates": F.col("raw_date").isNotNull() & ~F.col("readable"),
    }
    if has_spend:
        value = F.col("spend")
        conditions["n_missing_spend"] = value.isNull() | F.isnan(value)
        conditions["n_negative_spend"] = value < 0
        conditions["n_infinite_spend"] = value == float("inf")
    given_end = None
    if observation_end is not None:
        given_end = resolve_period_ends(pd.Timestamp(0), observation_end, None)[0]
        conditions["n_after_observation_end"] = F.col("purchase_day") > F.lit(given_end.date())
    return conditions, given_end
