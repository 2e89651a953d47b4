"""Read a Parquet transaction log into Spark, refusing nanosecond timestamps with the fix.

pandas and pyarrow write ``datetime64[ns]`` columns as Parquet ``TIMESTAMP(NANOS)``, which Spark
cannot read (``[PARQUET_TYPE_ILLEGAL] Illegal Parquet type: INT64 (TIMESTAMP(NANOS,...))``).
Microsecond timestamps (``TIMESTAMP(MICROS)``) and dates are read as they are.
"""

from __future__ import annotations

from typing import Any

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["read_parquet_log"]


def read_parquet_log(spark: Any, path: str) -> Any:
    """Read a Parquet transaction log with Spark; refuse nanosecond timestamps clearly.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
        The session.
    path : str
        A Parquet file or folder (any path Spark reads: local, HDFS, object stores).

    Returns
    -------
    pyspark.sql.DataFrame
        The log, lazily read.

    Raises
    ------
    LoyaltyDataError
        The file stores timestamps in nanoseconds; the message gives the two ways out.
    """
    try:
        return spark.read.parquet(path)
    except Exception as error:  # pyspark's AnalysisException; its module differs by client
        if "TIMESTAMP(NANOS" not in str(error):
            raise
        raise LoyaltyDataError(
            f"{path} stores timestamps in nanoseconds (Parquet TIMESTAMP(NANOS)), which Spark "
            "cannot read. Rewrite it in microseconds: pandas "
            "log.to_parquet(path, coerce_timestamps='us', allow_truncated_timestamps=True), "
            "pyarrow pq.write_table(table, path, coerce_timestamps='us'); or store the "
            "purchase dates as DATE."
        ) from None
