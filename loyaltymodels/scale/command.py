"""``loyaltymodels spark``: a Parquet log to scored customers on Spark, from the command line.

Runs the path of ``docs/scale.md`` on a Spark session (``--master``; default the master of
``spark-submit``, or ``local[*]`` when run from plain Python): the validated summary and the
scores stay on Spark and are written as Parquet folders; only the weighted patterns are
collected to fit BG/NBD (and Gamma-Gamma with ``--monetary-col``) by maximum likelihood.
A ``report.md`` and ``report.html`` state the inputs, settings, customers, rejected rows and the
estimates, as every subcommand's report does.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_options import passed_on
from loyaltymodels.report.command import add_output_arguments, add_result_facts, command_report

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``spark`` arguments to the subcommand's parser."""
    parser.add_argument("transactions", help="Parquet log (file or folder), one row per purchase")
    parser.add_argument("--customer-col", required=True)
    parser.add_argument("--datetime-col", required=True)
    parser.add_argument("--monetary-col", default=None, help="spend column: adds CLV")
    parser.add_argument("--observation-end", default=None)
    parser.add_argument("--time-unit", default="W")
    parser.add_argument("--horizon", type=int, default=12, help="CLV months")
    parser.add_argument("--discount-rate", type=float, default=0.01, help="per month")
    parser.add_argument("--master", default=None, help="e.g. local[2]; default: the environment's")
    parser.add_argument(
        "--time-zone", default="UTC", help="session time zone: the calendar day of instants"
    )
    add_output_arguments(parser, "results/spark")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels spark``; return the ``report.md`` written.

    It summarises, fits and scores; beside the report it writes ``summary/`` and ``scores/``
    (Parquet), ``patterns.csv`` and ``params.csv``.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise LoyaltyDataError(
            "the spark command needs pyspark: pip install 'loyaltymodels[spark]' (and Java 17+)."
        ) from error
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.config("spark.sql.session.timeZone", args.time_zone)
    if args.master:  # else the submission's master, or local[*] when run from Python
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        return _run(spark, args)
    except LoyaltyDataError:
        raise
    except Exception as error:  # Spark's own errors (missing path, bad schema...): one line
        if type(error).__module__.startswith(("pyspark", "py4j")):
            first_line = str(error).strip().splitlines()[0]
            raise LoyaltyDataError(f"Spark failed: {first_line}") from None
        raise


def _run(spark: Any, args: argparse.Namespace) -> Path:
    from loyaltymodels.clv import BetaGeo, GammaGamma, rfm_summary
    from loyaltymodels.scale.parquet_log import read_parquet_log
    from loyaltymodels.scale.patterns import rfm_patterns, spend_patterns
    from loyaltymodels.scale.spark_scoring import score_spark

    report = command_report(args, "Customer scores on Spark", [args.transactions])
    out = report.directory.resolve()
    log_options = ("customer_col", "datetime_col", "monetary_col", "observation_end", "time_unit")
    summary: Any = rfm_summary(
        read_parquet_log(spark, str(Path(args.transactions).resolve())),
        engine="spark",
        **passed_on(args, *log_options),
    )
    summary.write.mode("overwrite").parquet(str(out / "summary"))
    counts = dict(summary.attrs) if hasattr(summary, "attrs") else {}
    summary = spark.read.parquet(str(out / "summary"))
    patterns = rfm_patterns(summary).toPandas()
    patterns.to_csv(out / "patterns.csv", index=False)
    transactions = BetaGeo().fit(patterns, method="mle")
    add_result_facts(report, transactions)
    for name, value in counts.items():
        if isinstance(value, int | str):
            report.fact(f"Summary: {name.replace('_', ' ')}", value)
    tables = [transactions.params.assign(model="BG/NBD")]
    quantities = ["probability_alive"]
    spend = None
    if args.monetary_col:
        spend = GammaGamma().fit(spend_patterns(summary).toPandas(), method="mle")
        tables.append(spend.params.assign(model="Gamma-Gamma"))
        quantities.append("customer_lifetime_value")
    import pandas as pd

    params = pd.concat(tables)
    params.to_csv(out / "params.csv", index_label="parameter")
    report.table(params, "params_report", "Maximum-likelihood estimates fitted on the patterns")
    scores = score_spark(
        summary,
        transactions,
        quantities,
        spend_result=spend,
        horizon=args.horizon,
        discount_rate=args.discount_rate,
        time_unit=args.time_unit,
        summaries=["mean"],
    )
    scores.write.mode("overwrite").parquet(str(out / "scores"))
    report.text(
        f"{len(patterns):,} weighted (frequency, recency, T) patterns were collected to fit; the "
        "per-customer summary (`summary/`) and scores (`scores/`: "
        + ", ".join(quantities)
        + f", CLV over {args.horizon} months at {args.discount_rate} per month) stay Parquet."
    )
    return report.write()
