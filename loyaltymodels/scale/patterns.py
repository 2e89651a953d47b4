r"""Weighted patterns computed where the summaries live (DuckDB or Spark).

Buy-till-you-die likelihoods depend on a customer only through (frequency, recency, T), so a
customer base of any size reaches the fitting machine as its distinct patterns with the number
of customers in ``weights`` (what :func:`loyaltymodels.clv.compress_patterns` does in memory).
The CLV models fit such a table directly and report ``n_customers`` as the sum of the weights.

The Gamma-Gamma spend model needs (frequency, mean spend), and mean spend is nearly unique per
customer. Its log-likelihood (Fader & Hardie 2013)

.. math::

    \ell_i = \ln\Gamma(p x_i + q) - \ln\Gamma(p x_i) - \ln\Gamma(q) + q\ln\gamma
             + (p x_i - 1)\ln\bar z_i + p x_i \ln x_i - (p x_i + q)\ln(\gamma + x_i \bar z_i)

has no finite sufficient statistics (the last term couples :math:`\bar z_i` with the
parameters), so :func:`spend_patterns` bins mean spend on a log scale: customers with the same
frequency whose :math:`\bar z` falls in one bin of relative width :math:`\epsilon` are one
pattern at their mean spend. Every customer's :math:`\bar z` then moves by less than a
relative :math:`\epsilon`; the effect on the fitted parameters is measured in the tests and
in ``docs/scale.md`` (CDNOW, :math:`\epsilon = 10^{-3}`: estimates within 0.01 %).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["DEFAULT_SPEND_PRECISION", "patterns_sql", "rfm_patterns", "spend_patterns"]

DEFAULT_SPEND_PRECISION = 1e-3
"""The default relative bin width of mean spend in :func:`spend_patterns`."""


def rfm_patterns(summary: Any, *, engine: str = "auto") -> Any:
    """Group customer summaries into weighted (frequency, recency, T) patterns.

    Parameters
    ----------
    summary : pandas.DataFrame, str, pathlib.Path or pyspark.sql.DataFrame
        Summaries as :func:`loyaltymodels.clv.rfm_summary` returns them (a ``weights`` column,
        if present, is summed), a Parquet file of them, or a Spark DataFrame of them.
    engine : {"auto", "duckdb", "spark"}, default "auto"
        ``"auto"`` uses Spark for a Spark DataFrame and DuckDB otherwise.

    Returns
    -------
    pandas.DataFrame or pyspark.sql.DataFrame
        One row per distinct pattern, ordered: ``frequency`` (int64), ``recency``, ``T`` and
        ``weights`` (the number of customers). A Spark DataFrame for Spark input (collect it
        with ``toPandas()`` on the machine that fits), else pandas.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"frequency": [0, 2, 0], "recency": [0.0, 5.0, 0.0],
    ...                         "T": [10.0, 10.0, 10.0]})
    >>> rfm_patterns(summary)
       frequency  recency     T  weights
    0          0      0.0  10.0      2.0
    1          2      5.0  10.0      1.0
    """
    return _grouped(summary, ["frequency", "recency", "T"], None, engine)


def spend_patterns(
    summary: Any, *, relative_precision: float = DEFAULT_SPEND_PRECISION, engine: str = "auto"
) -> Any:
    r"""Group customer summaries into weighted (frequency, mean spend) patterns for Gamma-Gamma.

    Customers with the same frequency whose mean spend lies in the same bin
    :math:`\lfloor \ln \bar z / \ln(1+\epsilon) \rfloor` form one pattern, at their (weighted)
    mean spend; customers without repeat purchases form one pattern per frequency 0 (the
    Gamma-Gamma model counts them in ``n_excluded``).

    Parameters
    ----------
    summary : pandas.DataFrame, str, pathlib.Path or pyspark.sql.DataFrame
        Summaries with ``frequency`` and ``monetary_value`` (and optional ``weights``).
    relative_precision : float, default 0.001
        The relative bin width :math:`\epsilon`; 0 groups only equal values (exact).
    engine : {"auto", "duckdb", "spark"}, default "auto"
        As in :func:`rfm_patterns`.

    Returns
    -------
    pandas.DataFrame or pyspark.sql.DataFrame
        ``frequency``, ``monetary_value`` and ``weights``, one row per pattern.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"frequency": [0, 2, 2, 2],
    ...                         "monetary_value": [0.0, 10.0, 10.002, 20.0]})
    >>> spend_patterns(summary)
       frequency  monetary_value  weights
    0          0           0.000      1.0
    1          2          10.001      2.0
    2          2          20.000      1.0
    """
    epsilon = float(relative_precision)
    if not 0.0 <= epsilon < 1.0:
        raise LoyaltyDataError(
            f"relative_precision must lie in [0, 1), got {relative_precision!r}; 0.001 bins "
            "mean spend to 0.1 %."
        )
    if epsilon == 0.0:
        key = "monetary_value"
    else:
        key = (
            "CASE WHEN monetary_value > 0 THEN "
            f"CAST(FLOOR(LN(monetary_value) / {_log1p(epsilon)!r}) AS BIGINT) END"
        )
    return _grouped(summary, ["frequency"], ("monetary_value", key), engine)


def _log1p(value: float) -> float:
    import math

    return math.log1p(value)


def patterns_sql(
    source: str, keys: list[str], averaged: tuple[str, str] | None, weighted: bool
) -> str:
    """Return the SQL (DuckDB and Spark alike) that groups ``source`` into weighted patterns.

    Parameters
    ----------
    source : str
        A table name or table expression.
    keys : list of str
        Columns whose distinct values define a pattern.
    averaged : tuple of str, optional
        ``(column, bin expression)``: also group by the bin and report the column's weighted
        mean within it.
    weighted : bool
        Sum an existing ``weights`` column instead of counting rows.

    Returns
    -------
    str
        The query, ordered by the pattern columns.
    """
    weight = "CAST(weights AS DOUBLE)" if weighted else "CAST(1 AS DOUBLE)"
    group = list(keys)
    select = [f"CAST({key} AS BIGINT) AS {key}" if key == "frequency" else key for key in keys]
    if averaged is not None:
        column, bin_expression = averaged
        group.append(bin_expression)
        select.append(f"SUM({weight} * {column}) / SUM({weight}) AS {column}")
    select.append(f"SUM({weight}) AS weights")
    order = ", ".join([*keys, *([averaged[0]] if averaged else [])])
    return (
        f"SELECT {', '.join(select)}\nFROM {source}\nGROUP BY {', '.join(group)}\nORDER BY {order}"
    )


def _grouped(summary: Any, keys: list[str], averaged: tuple[str, str] | None, engine: str) -> Any:
    if engine not in ("auto", "duckdb", "spark"):
        raise LoyaltyDataError(f"engine must be 'auto', 'duckdb' or 'spark', got {engine!r}.")
    is_spark = hasattr(summary, "sparkSession")
    if engine == "spark" and not is_spark:
        raise LoyaltyDataError(
            f"engine='spark' needs a pyspark.sql.DataFrame, got {type(summary).__name__}."
        )
    needed = [*keys, *([averaged[0]] if averaged else [])]
    if is_spark:
        _check_columns(list(summary.columns), needed)
        sql = patterns_sql("{summary}", keys, averaged, "weights" in summary.columns)
        return summary.sparkSession.sql(sql, summary=summary)
    import duckdb

    con = duckdb.connect()
    try:
        if isinstance(summary, str | Path):
            text = str(summary).replace("'", "''")
            source = f"read_parquet('{text}')"
            columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        elif isinstance(summary, pd.DataFrame):
            con.register("summary_table", summary)
            source, columns = "summary_table", list(summary.columns)
        else:
            raise LoyaltyDataError(
                "summary must be a pandas DataFrame, a Parquet path or a Spark DataFrame, got "
                f"{type(summary).__name__}."
            )
        _check_columns(columns, needed)
        table = con.execute(patterns_sql(source, keys, averaged, "weights" in columns)).df()
    finally:
        con.close()
    table["frequency"] = table["frequency"].astype("int64")
    return table


def _check_columns(columns: list[str], needed: list[str]) -> None:
    missing = [name for name in needed if name not in columns]
    if missing:
        raise LoyaltyDataError(
            f"summary is missing column(s) {missing}; it has {columns}. Pass the output of "
            "rfm_summary (with monetary_col for spend patterns)."
        )
