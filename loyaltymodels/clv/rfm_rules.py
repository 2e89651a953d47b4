"""How a transaction log's dates and customer ids are read: one rule for both rfm engines.

The rule (documented in ``docs/rfm.md``; the pandas and DuckDB engines follow it and
``tests/clv/test_rfm_engines.py`` checks their agreement on random logs):

- **Time zones.** The purchase day is the calendar date *written in the data*: a timestamp
  with a UTC offset or a time zone is cut at midnight of its own offset or zone (its local
  day), never converted to UTC or to the machine's zone first. ``2024-01-01T23:30:00+08:00``
  is a purchase on 1 January. Offsets may differ between rows. A Parquet timestamp column
  with a time zone is read in the zone pandas recorded for it (UTC if none was recorded).
- **Date formats.** ISO 8601 strings (``2024-01-31``, ``2024-01-31 14:05``, with or without an
  offset) are read as such. Any other format needs ``date_format=`` (a strftime format such as
  ``"%d/%m/%Y"``) or, for day/month orders, ``dayfirst=``; without them a column is read only
  if exactly one of month-first and day-first reads every value the same way throughout, and
  a column that reads validly both ways with different days (``01/02/2024``) is refused.
  Values are never parsed one format per element.
- **Customer ids.** Ids are compared as they are typed: ``1`` and ``"1"`` would be two
  customers to pandas and one to SQL, so a column mixing numbers and text is refused.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError, describe_rows

__all__ = [
    "OFFSET_SUFFIX_REGEX",
    "check_customer_ids",
    "purchase_days",
    "sql_purchase_time",
]

OFFSET_SUFFIX_REGEX = (
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]*)?)?)\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"
)
"""A UTC offset (``Z``, ``+08:00``, ``-0500``) after a time of day; removed to keep wall time."""


def check_customer_ids(ids: pd.Series, column: str) -> None:
    """Refuse a customer-id column that mixes numbers and text.

    Parameters
    ----------
    ids : pandas.Series
        The id column.
    column : str
        Its name, for messages.
    """
    if ids.dtype != object:
        return
    is_text = ids.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
    if is_text.any() and not is_text.all():
        minority = ~is_text if is_text.sum() >= (~is_text).sum() else is_text
        kind = "numbers" if is_text.sum() >= (~is_text).sum() else "text"
        raise LoyaltyDataError(
            f"column '{column}' mixes text and numbers ({kind} at "
            f"{describe_rows(ids.index[minority])}); 1 and '1' would be one customer to one "
            f"engine and two to another. Convert the column to one type, e.g. "
            f"log['{column}'].astype(str)."
        )


def _strip_offsets(text: pd.Series) -> pd.Series:
    return text.str.strip().str.replace(OFFSET_SUFFIX_REGEX, r"\1", regex=True)


def _parse(text: pd.Series, **options: Any) -> pd.Series:
    try:
        return pd.to_datetime(text, errors="coerce", **options)
    except (ValueError, TypeError):
        return pd.Series(pd.NaT, index=text.index)


def purchase_days(
    dates: pd.Series,
    column: str,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> np.ndarray:
    """Return each purchase's calendar day (days since 1970-01-01) by the module's rule.

    Parameters
    ----------
    dates : pandas.Series
        datetime64 (naive or with a time zone) or strings.
    column : str
        Its name, for messages.
    date_format : str, optional
        A strftime format for non-ISO strings.
    dayfirst : bool, optional
        For day/month orders without ``date_format``.

    Returns
    -------
    numpy.ndarray
        int64 day numbers.
    """
    if pd.api.types.is_numeric_dtype(dates) or pd.api.types.is_bool_dtype(dates):
        raise LoyaltyDataError(
            f"column '{column}' holds numbers ({dates.dtype}), not dates; convert it, e.g. "
            f"pandas.to_datetime(log['{column}'].astype(str), format='%Y%m%d') for YYYYMMDD."
        )
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)  # wall-clock time in the column's own zone
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = _parse_text(dates, column, date_format, dayfirst)
    return dates.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _parse_text(
    dates: pd.Series, column: str, date_format: str | None, dayfirst: bool | None
) -> pd.Series:
    as_objects = dates.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
    text = _strip_offsets(as_objects.astype(str))
    if date_format is not None:
        parsed = _parse(text, format=date_format)
        return _unreadable(dates, parsed, column, f"date_format={date_format!r}")
    iso = _parse(text, format="ISO8601")
    if not iso.isna().any():
        return iso
    if dayfirst is not None:
        return _unreadable(dates, _parse(text, dayfirst=dayfirst), column, f"dayfirst={dayfirst}")
    month_first = _parse(text, dayfirst=False)
    day_first = _parse(text, dayfirst=True)
    month_ok, day_ok = not month_first.isna().any(), not day_first.isna().any()
    if month_ok and day_ok and not month_first.equals(day_first):
        differ = month_first.to_numpy() != day_first.to_numpy()
        raise LoyaltyDataError(
            f"column '{column}' has dates that read as different days month-first and "
            f"day-first (e.g. {dates[differ].iloc[0]!r}) at {describe_rows(dates.index[differ])}; "
            "pass dayfirst=True or False, or date_format= such as '%d/%m/%Y'."
        )
    if month_ok:
        return month_first
    if day_ok:
        return day_first
    best = month_first if month_first.isna().sum() <= day_first.isna().sum() else day_first
    return _unreadable(dates, best, column, "one format for the whole column")


def _unreadable(dates: pd.Series, parsed: pd.Series, column: str, how: str) -> pd.Series:
    bad = parsed.isna().to_numpy() & dates.notna().to_numpy()
    if bad.any():
        raise LoyaltyDataError(
            f"column '{column}' has values that are not dates at "
            f"{describe_rows(dates.index[bad])} (e.g. {dates[bad].iloc[0]!r}, read with {how}); "
            "fix them or pass date_format= (e.g. '%d/%m/%Y') or dayfirst=."
        )
    return parsed


def sql_purchase_time(
    quoted: str, column_type: str, *, date_format: str | None, zone: str | None
) -> str:
    """Return the DuckDB expression of a purchase's local timestamp by the module's rule.

    Parameters
    ----------
    quoted : str
        The quoted column name.
    column_type : str
        Its DuckDB type (``VARCHAR``, ``DATE``, ``TIMESTAMP``, ``TIMESTAMP WITH TIME ZONE``).
    date_format : str, optional
        A strftime format for text dates.
    zone : str, optional
        The zone of a ``TIMESTAMP WITH TIME ZONE`` column: a name such as
        ``"Asia/Shanghai"`` or a fixed offset such as ``"+08:00"`` (default UTC). The session
        must run in UTC.

    Returns
    -------
    str
        An SQL expression of type TIMESTAMP (NULL where unreadable).
    """
    if column_type == "VARCHAR":
        wall = f"regexp_replace(trim({quoted}), '{OFFSET_SUFFIX_REGEX}', '\\1')"
        if date_format is not None:
            escaped = date_format.replace("'", "''")
            return f"TRY_STRPTIME({wall}, '{escaped}')"
        return f"TRY_CAST({wall} AS TIMESTAMP)"
    if "TIME ZONE" in column_type:
        offset = re.fullmatch(r"(?:UTC)?([+-])([0-9]{2}):?([0-9]{2})", zone or "")
        if offset:  # a fixed offset: UTC wall time (the session runs in UTC) plus the offset
            minutes = int(offset[2]) * 60 + int(offset[3])
            sign = "-" if offset[1] == "-" else ""
            return f"(CAST({quoted} AS TIMESTAMP) + INTERVAL ({sign}{minutes}) MINUTE)"
        escaped = (zone or "UTC").replace("'", "''")
        return f"timezone('{escaped}', {quoted})"
    return f"CAST({quoted} AS TIMESTAMP)"
