"""Time units, period ends and the SQL text of the RFM summary (run on DuckDB or Spark).

Shared by every engine of :func:`loyaltymodels.clv.rfm_summary` (pandas, DuckDB and Spark,
:mod:`loyaltymodels.scale.spark_summary`): the definitions of frequency, recency and T of
Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2),
with same-day purchases counted once.
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "TIME_UNITS",
    "Dialect",
    "resolve_period_ends",
    "rfm_summary_sql",
    "to_day",
    "unit_days",
]

TIME_UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12.0, "Y": 365.25}
"""Length in days of each supported ``time_unit`` (M and Y are average Gregorian lengths)."""

Dialect = Literal["duckdb", "spark"]


def unit_days(time_unit: str) -> float:
    """Return the length in days of ``time_unit``.

    Parameters
    ----------
    time_unit : {"D", "W", "M", "Y"}
        The unit.

    Returns
    -------
    float
        Days per unit (:data:`TIME_UNITS`).

    Examples
    --------
    >>> unit_days("W")
    7.0
    """
    if time_unit not in TIME_UNITS:
        raise LoyaltyDataError(
            f"time_unit must be one of {sorted(TIME_UNITS)}, got {time_unit!r}; "
            "use 'W' for weeks (the literature's unit) or 'D' for days."
        )
    return TIME_UNITS[time_unit]


def to_day(value: Any, name: str) -> pd.Timestamp:
    """Read a date-like value as a day (midnight, time zone dropped).

    Parameters
    ----------
    value : date-like
        The date.
    name : str
        The argument name used in the message.

    Returns
    -------
    pandas.Timestamp
        At midnight.
    """
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise LoyaltyDataError(
            f"{name}={value!r} is not a date; pass e.g. '1997-09-30' or a pandas.Timestamp."
        ) from error
    if pd.isna(stamp):
        raise LoyaltyDataError(f"{name} is missing (NaT); pass a date such as '1997-09-30'.")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def resolve_period_ends(
    last_purchase_day: pd.Timestamp, observation_end: Any, calibration_end: Any
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Resolve and check the observation and calibration end days.

    Parameters
    ----------
    last_purchase_day : pandas.Timestamp
        The last purchase day in the log (the default ``observation_end``).
    observation_end, calibration_end : date-like or None
        As given to :func:`rfm_summary`.

    Returns
    -------
    tuple of pandas.Timestamp
        ``(observation_end, calibration_end)``, both at midnight; ``calibration_end`` equals
        ``observation_end`` when no holdout is asked for.
    """
    obs = (
        last_purchase_day if observation_end is None else to_day(observation_end, "observation_end")
    )
    if calibration_end is None:
        return obs, obs
    cal = to_day(calibration_end, "calibration_end")
    if cal > obs:
        raise LoyaltyDataError(
            f"calibration_end {cal.date()} is after observation_end {obs.date()}; the holdout "
            "period must follow calibration (pass a later observation_end)."
        )
    return obs, cal


def rfm_summary_sql(
    source: str,
    *,
    customer_col: str,
    datetime_col: str,
    observation_end: Any,
    monetary_col: str | None = None,
    calibration_end: Any = None,
    time_unit: str = "W",
    dialect: Dialect = "duckdb",
) -> str:
    """Return the SQL text that computes :func:`rfm_summary` (to run on DuckDB or Spark).

    The query is plain ANSI-style SQL (``GROUP BY``, ``CASE``, ``CAST``, ``DATE`` literals);
    only the day-difference function differs by dialect (DuckDB ``date_diff('day', a, b)``,
    Spark ``datediff(b, a)``). It does not validate: :func:`rfm_summary` checks the log first.

    Parameters
    ----------
    source : str
        A table or view name, or a table expression such as ``read_parquet('log/*.parquet')``.
    customer_col, datetime_col : str
        Column names (quoted as identifiers in the query).
    observation_end : date-like
        The last day observed (required here: the query does not look it up).
    monetary_col : str, optional
        The spend column.
    calibration_end : date-like, optional
        The last calibration day; adds the holdout columns.
    time_unit : {"W", "D", "M", "Y"}, default "W"
        The unit of recency, T and duration_holdout.
    dialect : {"duckdb", "spark"}, default "duckdb"
        The SQL engine that will run the query.

    Returns
    -------
    str
        The query. Its columns are those of :func:`rfm_summary`, ordered by ``customer_id``.

    Examples
    --------
    >>> sql = rfm_summary_sql("sales", customer_col="id", datetime_col="ts",
    ...                       observation_end="2024-06-30", dialect="spark")
    >>> "datediff(" in sql and "GROUP BY" in sql
    True
    """
    unit = unit_days(time_unit)
    if dialect not in ("duckdb", "spark"):
        raise LoyaltyDataError(f"dialect must be 'duckdb' or 'spark', got {dialect!r}.")
    obs = to_day(observation_end, "observation_end")
    cal = obs if calibration_end is None else to_day(calibration_end, "calibration_end")
    sql = _SqlText(dialect, unit)
    columns = _summary_columns(sql, _date(cal), _date(obs), monetary_col, calibration_end)
    select = ",\n       ".join(columns)
    spend = f"SUM(CAST({sql.ident(monetary_col)} AS DOUBLE))" if monetary_col else "0.0"
    customer, day, cal_lit = sql.ident(customer_col), sql.ident(datetime_col), _date(cal)
    return f"""-- RFM summary: same-day purchases count once; time unit = {unit!r} days
WITH purchases AS (   -- one row per customer and purchase day
    SELECT {customer} AS customer_id,
           CAST({day} AS DATE) AS purchase_day,
           {spend} AS spend
    FROM {source}
    WHERE CAST({day} AS DATE) <= {_date(obs)}
    GROUP BY {customer}, CAST({day} AS DATE)
),
births AS (           -- each customer's first purchase day
    SELECT customer_id, MIN(purchase_day) AS first_day
    FROM purchases
    GROUP BY customer_id
),
flagged AS (          -- customers born by the end of calibration
    SELECT p.customer_id, p.purchase_day, p.spend, b.first_day,
           p.purchase_day > b.first_day AS is_repeat,
           p.purchase_day <= {cal_lit} AS in_calibration
    FROM purchases p
    JOIN births b ON p.customer_id = b.customer_id
    WHERE b.first_day <= {cal_lit}
)
SELECT {select}
FROM flagged
GROUP BY customer_id, first_day
ORDER BY customer_id
"""


def _date(day: pd.Timestamp) -> str:
    return f"DATE '{day.date().isoformat()}'"


class _SqlText:
    """The dialect-dependent pieces of the query: identifier quoting and day differences."""

    def __init__(self, dialect: Dialect, unit: float) -> None:
        self.dialect = dialect
        self.unit = unit
        self.quote = "`" if dialect == "spark" else '"'

    def ident(self, name: str) -> str:
        return f"{self.quote}{name.replace(self.quote, self.quote * 2)}{self.quote}"

    def days(self, start: str, end: str) -> str:
        if self.dialect == "spark":
            return f"datediff({end}, {start})"
        return f"date_diff('day', {start}, {end})"

    def per_unit(self, start: str, end: str) -> str:
        return f"CAST({self.days(start, end)} AS DOUBLE) / {self.unit!r}"


def _summary_columns(
    sql: _SqlText, cal_lit: str, obs_lit: str, monetary_col: str | None, calibration_end: Any
) -> list[str]:
    """Return the SELECT list: the summary columns, the holdout ones when asked for."""
    last_day = "MAX(CASE WHEN in_calibration THEN purchase_day END)"
    columns = [
        "customer_id",
        "CAST(SUM(CASE WHEN is_repeat AND in_calibration THEN 1 ELSE 0 END) AS BIGINT)"
        " AS frequency",
        f"{sql.per_unit('first_day', last_day)} AS recency",
        f"{sql.per_unit('first_day', cal_lit)} AS T",
    ]
    if monetary_col:
        columns.append(
            "COALESCE(AVG(CASE WHEN is_repeat AND in_calibration THEN spend END), 0.0)"
            " AS monetary_value"
        )
    if calibration_end is None:
        return columns
    columns.append(
        "CAST(SUM(CASE WHEN in_calibration THEN 0 ELSE 1 END) AS BIGINT) AS frequency_holdout"
    )
    if monetary_col:
        columns.append(
            "COALESCE(AVG(CASE WHEN in_calibration THEN NULL ELSE spend END), 0.0)"
            " AS monetary_value_holdout"
        )
    columns.append(f"{sql.per_unit(cal_lit, obs_lit)} AS duration_holdout")
    return columns
