"""Score every customer of a Spark DataFrame of summaries with ``mapInPandas``.

The scorer (:class:`~loyaltymodels.scale.CustomerScorer`, a few kilobytes) is shipped to the
executors with the task; each task scores its Arrow batches of summaries in one thread (NumPy
and BLAS limited to one thread too, since Spark already runs one task per core). Nothing per
customer passes through the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.scale.scorer import CustomerScorer

__all__ = ["score_spark"]


def score_spark(
    df: Any,
    result: Any,
    quantities: Sequence[str] = ("probability_alive",),
    *,
    spend_result: Any = None,
    **settings: Any,
) -> Any:
    """Score a Spark DataFrame of customer summaries; return a Spark DataFrame of scores.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        Customer summaries (``rfm_summary(..., engine="spark")``): ``customer_id``,
        ``frequency``, ``recency``, ``T`` and, for spend, ``monetary_value``.
    result : TransactionResult, GammaGammaResult or CustomerScorer
        A fitted CLV result (a data-free :class:`CustomerScorer` is made from it) or a scorer.
    quantities : sequence of str, default ("probability_alive",)
        Any of :data:`loyaltymodels.scale.QUANTITIES` (ignored when ``result`` is a scorer).
    spend_result : GammaGammaResult, optional
        The spend model, for ``expected_spend`` and ``customer_lifetime_value``.
    **settings
        Passed to :class:`CustomerScorer` (``max_draws``, ``t``, ``horizon``,
        ``discount_rate``, ``margin``, ``time_unit``, ``interval``, ``summaries``).

    Returns
    -------
    pyspark.sql.DataFrame
        ``customer_id`` (its input type) and the scorer's columns (double), evaluated lazily
        (write it with ``.write.parquet(...)``).
    """
    from pyspark.sql import types as T

    if not hasattr(df, "sparkSession"):
        raise LoyaltyDataError(
            f"df must be a pyspark.sql.DataFrame, got {type(df).__name__}; for "
            "pandas use CustomerScorer(...).score(summary) or the result's own methods."
        )
    scorer = _make_scorer(result, quantities, spend_result, settings)
    if "customer_id" not in df.columns:
        raise LoyaltyDataError(
            f"df needs a 'customer_id' column (it has {df.columns}); pass the rfm_summary output."
        )
    id_type = df.schema["customer_id"].dataType
    schema = T.StructType(
        [
            T.StructField("customer_id", id_type, True),
            *(T.StructField(name, T.DoubleType(), True) for name in scorer.columns),
        ]
    )
    columns = [name for name in scorer.input_columns if name in df.columns]

    def score_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            for batch in batches:
                if len(batch):
                    yield scorer.score(batch, n_jobs=1)

    return df.select(*columns).mapInPandas(score_batches, schema)


def _make_scorer(
    result: Any, quantities: Sequence[str], spend_result: Any, settings: dict[str, Any]
) -> CustomerScorer:
    from loyaltymodels.clv import GammaGammaResult

    if isinstance(result, CustomerScorer):
        return result
    if isinstance(result, GammaGammaResult) and spend_result is None:
        return CustomerScorer(None, result, quantities=quantities, **settings)
    return CustomerScorer(result, spend_result, quantities=quantities, **settings)
