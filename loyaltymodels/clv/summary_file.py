"""Customer summaries on disk: the table plus a metadata sidecar stating its time unit.

A summary's ``recency`` and ``T`` are in a time unit (weeks by default); read with another unit
every prediction over a horizon is wrong by that factor, silently. :func:`write_summary` writes
the table (CSV or Parquet) and ``<file>.meta.json`` beside it with the time unit, the period
ends and the counts :func:`~loyaltymodels.clv.rfm_summary` recorded; :func:`read_summary`
restores them in ``summary.attrs`` and keeps the customer ids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.summary_checks import CUSTOMER_ID

__all__ = ["SUMMARY_SUFFIXES", "metadata_path", "read_summary", "write_summary"]

SUMMARY_SUFFIXES = (".csv", ".parquet", ".pq")


def metadata_path(path: str | Path) -> Path:
    """Name the sidecar of a summary file: ``summary.csv`` -> ``summary.csv.meta.json``.

    Parameters
    ----------
    path : str or pathlib.Path
        The summary file.

    Returns
    -------
    pathlib.Path
        The sidecar path.
    """
    path = Path(path)
    return path.with_name(path.name + ".meta.json")


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def write_summary(
    summary: pd.DataFrame,
    path: str | Path,
    *,
    source: str | None = None,
    columns: dict[str, str | None] | None = None,
) -> Path:
    """Write a customer summary and its metadata sidecar (time unit, period ends, counts).

    Parameters
    ----------
    summary : pandas.DataFrame
        A summary from :func:`~loyaltymodels.clv.rfm_summary` (its ``attrs`` carry
        ``time_unit``).
    path : str or pathlib.Path
        ``.csv``, ``.parquet`` or ``.pq``.
    source : str, optional
        The transaction file it was made from, recorded in the sidecar.
    columns : dict of str to str, optional
        The transaction file's column names (``customer_col``, ``datetime_col``,
        ``monetary_col``), recorded so that the log can be read again (e.g. for tracking).

    Returns
    -------
    pathlib.Path
        The sidecar path.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> summary = pd.DataFrame({"customer_id": ["a"], "frequency": [1], "recency": [2.0],
    ...                         "T": [4.0]})
    >>> summary.attrs["time_unit"] = "D"
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_summary(summary, f"{folder}/summary.csv")
    >>> read_summary(f"{folder}/summary.csv").attrs["time_unit"]
    'D'
    """
    path = Path(path)
    if path.suffix.lower() not in SUMMARY_SUFFIXES:
        raise LoyaltyDataError(
            f"cannot write a summary as '{path.suffix or 'no extension'}'; use one of "
            f"{list(SUMMARY_SUFFIXES)}."
        )
    if "time_unit" not in summary.attrs:
        raise LoyaltyDataError(
            "summary.attrs has no 'time_unit'; set summary.attrs['time_unit'] to the unit of "
            "recency and T ('D', 'W', 'M' or 'Y')."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        summary.to_csv(path, index=False)
    else:
        plain = summary.copy()
        plain.attrs = {}
        plain.to_parquet(path, index=False)
    from loyaltymodels import __version__

    metadata = {key: _json_value(value) for key, value in summary.attrs.items()}
    metadata.update({"source": source, "loyaltymodels_version": __version__})
    metadata.update(columns or {})
    sidecar = metadata_path(path)
    sidecar.write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return sidecar


def read_summary(
    path: str | Path, *, id_col: str | None = None, time_unit: str | None = None
) -> pd.DataFrame:
    """Read a customer summary, keeping its customer ids and stating its time unit.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV or Parquet summary (``frequency``, ``recency``, ``T``, optional
        ``monetary_value`` and holdout columns).
    id_col : str, optional
        The column holding the customer ids (renamed ``customer_id``); default
        ``customer_id``. A summary without an id column is refused: ids are never invented.
    time_unit : {"D", "W", "M", "Y"}, optional
        The unit of ``recency`` and ``T``. Default: the unit in the sidecar
        (``<file>.meta.json``, written by :func:`write_summary` and ``loyaltymodels rfm``); a
        unit that differs from the sidecar's is refused. Without a sidecar it must be given.

    Returns
    -------
    pandas.DataFrame
        The summary; ``attrs["time_unit"]`` holds the unit and ``attrs`` the sidecar's facts.
    """
    from loyaltymodels.report.command import read_table

    frame = read_table(path, what="summary")
    if id_col is not None and id_col != CUSTOMER_ID:
        if id_col not in frame.columns:
            raise LoyaltyDataError(
                f"summary {path} has no id column '{id_col}'; it has {list(frame.columns)}."
            )
        if CUSTOMER_ID in frame.columns:
            raise LoyaltyDataError(
                f"summary {path} has both '{id_col}' and '{CUSTOMER_ID}'; pass --id-col "
                f"{CUSTOMER_ID} or drop one of them."
            )
        frame = frame.rename(columns={id_col: CUSTOMER_ID})
    if CUSTOMER_ID not in frame.columns:
        raise LoyaltyDataError(
            f"summary {path} has no '{CUSTOMER_ID}' column; name the column holding the "
            f"customer ids with id_col= (--id-col); it has {list(frame.columns)}."
        )
    sidecar = metadata_path(path)
    metadata: dict[str, Any] = {}
    if sidecar.is_file():
        try:
            metadata = dict(json.loads(sidecar.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError, TypeError):
            raise LoyaltyDataError(
                f"{sidecar} is not valid JSON; delete it and state --time-unit."
            ) from None
    stated = metadata.get("time_unit")
    if stated is not None and time_unit is not None and stated != time_unit:
        raise LoyaltyDataError(
            f"summary {path} is in time unit '{stated}' (from {sidecar.name}) but time unit "
            f"'{time_unit}' was requested; leave the time unit out to use '{stated}'."
        )
    unit = time_unit if time_unit is not None else stated
    if unit is None:
        raise LoyaltyDataError(
            f"summary {path} does not state its time unit (no {sidecar.name}); state the unit "
            "of recency and T with time_unit= (--time-unit D, W, M or Y)."
        )
    frame.attrs.update(metadata)
    frame.attrs["time_unit"] = unit
    return frame
