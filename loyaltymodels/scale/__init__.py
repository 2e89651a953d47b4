"""Past one machine: Spark summaries, weighted patterns and a data-free scorer.

The path for logs and customer bases that outgrow one machine: summarise the transaction log
where it lives (:func:`spark_rfm_summary`, also ``rfm_summary(spark_df, engine="spark")``),
group the summaries into weighted patterns there (:func:`rfm_patterns`,
:func:`spend_patterns`) so that only patterns reach the machine that fits, and score every
customer where the data lives with a small picklable scorer (:class:`CustomerScorer`,
:func:`score_spark`). pyspark is an optional extra (``pip install loyaltymodels[spark]``);
nothing here imports it until it is used.
"""

from loyaltymodels.scale.parquet_log import read_parquet_log
from loyaltymodels.scale.patterns import DEFAULT_SPEND_PRECISION, rfm_patterns, spend_patterns
from loyaltymodels.scale.scorer import QUANTITIES, SUMMARIES, CustomerScorer
from loyaltymodels.scale.spark_scoring import score_spark
from loyaltymodels.scale.spark_summary import SPARK_SUMMARY_CHECKS, spark_rfm_summary

__all__ = [
    "DEFAULT_SPEND_PRECISION",
    "QUANTITIES",
    "SPARK_SUMMARY_CHECKS",
    "SUMMARIES",
    "CustomerScorer",
    "read_parquet_log",
    "rfm_patterns",
    "score_spark",
    "spark_rfm_summary",
    "spend_patterns",
]
