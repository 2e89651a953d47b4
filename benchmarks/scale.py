"""From a transaction log to scored customers, on DuckDB (one machine) and on local Spark.

Simulates a BG/NBD customer base with Gamma-Gamma spend (the CDNOW estimates, two years of
daily purchases: about 3 transactions per customer) into a folder of Parquet files, then runs
the whole path once per engine, each in a fresh process:

    summary -> weighted patterns -> BG/NBD + Gamma-Gamma fit (MLE) -> P(alive) and 12-month
    CLV for every customer -> Parquet

and prints the wall time and the peak resident memory (the process and its children: Spark's
JVM and Python workers) of each step, with the Spark/DuckDB ratios. Spark runs on local[2]
with its default driver memory.

    python benchmarks/scale.py                      # 10,000,000 customers
    python benchmarks/scale.py --customers 1000000  # a smaller run
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

SPEND = (6.25, 3.74, 15.44)
WEEKS = 104.0
BATCH = 1_000_000
QUANTITIES = ["probability_alive", "customer_lifetime_value"]


class PeakMemory:
    """Sample the resident memory of this process and its children every 20 ms."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _rss(self) -> int:
        total = self.process.memory_info().rss
        for child in self.process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.02)

    def reset(self) -> None:
        self.peak = self._rss()

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def step(name: str, rows: list[dict[str, Any]], memory: PeakMemory) -> Iterator[None]:
    memory.reset()
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    rows.append({"step": name, "seconds": seconds, "peak_gb": memory.peak / 2**30})
    print(f"  {name:<28} {seconds:8.1f} s  {memory.peak / 2**30:6.2f} GB", flush=True)


def simulate(folder: Path, n_customers: int) -> dict[str, Any]:
    """Write the log in batches of a million customers (bounded memory); return its facts."""
    import pandas as pd

    from loyaltymodels.datasets import simulate_bgnbd

    folder.mkdir(parents=True, exist_ok=True)
    n_rows, observation_end = 0, None
    for number, start in enumerate(range(0, n_customers, BATCH)):
        size = min(BATCH, n_customers - start)
        log, truth = simulate_bgnbd(
            size,
            daily=True,
            transactions=True,
            spend=SPEND,
            observation_weeks=WEEKS,
            random_seed=number,
        )
        log["customer_id"] += start
        log.to_parquet(folder / f"part-{number:04d}.parquet", coerce_timestamps="us", index=False)
        n_rows += len(log)
        observation_end = pd.Timestamp(truth["observation_end"]).date().isoformat()
    return {"n_transactions": n_rows, "observation_end": observation_end}


def fit_models(patterns: Any, spend: Any) -> tuple[Any, Any]:
    from loyaltymodels.clv import BetaGeo, GammaGamma

    return BetaGeo().fit(patterns, method="mle"), GammaGamma().fit(spend, method="mle")


def run_duckdb(work: Path, facts: dict[str, Any], memory: PeakMemory) -> list[dict[str, Any]]:
    from loyaltymodels.clv import rfm_summary
    from loyaltymodels.scale import CustomerScorer, rfm_patterns, spend_patterns

    rows: list[dict[str, Any]] = []
    with step("summary", rows, memory):
        summary = rfm_summary(
            str(work / "log" / "*.parquet"),
            customer_col="customer_id",
            datetime_col="date",
            monetary_col="spend",
            observation_end=facts["observation_end"],
            engine="duckdb",
        )
    with step("patterns", rows, memory):
        patterns = rfm_patterns(summary)
        spend = spend_patterns(summary)
    with step("fit BG/NBD + Gamma-Gamma", rows, memory):
        bgnbd, gamma_gamma = fit_models(patterns, spend)
    with step("P(alive) + CLV, to Parquet", rows, memory):
        scorer = CustomerScorer(bgnbd, gamma_gamma, quantities=QUANTITIES, summaries=["mean"])
        scorer.score(summary, n_jobs=-1).to_parquet(work / "scores-duckdb.parquet")
    rows.append(_facts(summary, patterns, spend, bgnbd, scorer))
    return rows


def run_spark(work: Path, facts: dict[str, Any], memory: PeakMemory) -> list[dict[str, Any]]:
    from pyspark.sql import SparkSession

    from loyaltymodels.clv import rfm_summary
    from loyaltymodels.scale import (
        CustomerScorer,
        read_parquet_log,
        rfm_patterns,
        score_spark,
        spend_patterns,
    )

    rows: list[dict[str, Any]] = []
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    with step("start local[2] session", rows, memory):
        spark = (
            SparkSession.builder.master("local[2]")  # default driver memory
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.local.dir", str(work / "spark-tmp"))
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
    summary_path = str(work / "summary-spark.parquet")
    with step("summary, to Parquet", rows, memory):
        summary = rfm_summary(
            read_parquet_log(spark, str(work / "log")),
            customer_col="customer_id",
            datetime_col="date",
            monetary_col="spend",
            observation_end=facts["observation_end"],
            engine="spark",
        )
        summary.write.mode("overwrite").parquet(summary_path)
        summary = spark.read.parquet(summary_path)
    with step("patterns, collected", rows, memory):
        patterns = rfm_patterns(summary).toPandas()
        spend = spend_patterns(summary).toPandas()
    with step("fit BG/NBD + Gamma-Gamma", rows, memory):
        bgnbd, gamma_gamma = fit_models(patterns, spend)
    with step("P(alive) + CLV, to Parquet", rows, memory):
        scorer = CustomerScorer(bgnbd, gamma_gamma, quantities=QUANTITIES, summaries=["mean"])
        scores = score_spark(summary, scorer)
        scores.write.mode("overwrite").parquet(str(work / "scores-spark.parquet"))
    rows.append(_facts(None, patterns, spend, bgnbd, scorer))
    spark.stop()
    return rows


def _facts(summary: Any, patterns: Any, spend: Any, bgnbd: Any, scorer: Any) -> dict[str, Any]:
    facts = {
        "n_customers": int(bgnbd.n_customers),
        "n_patterns": len(patterns),
        "n_spend_patterns": len(spend),
        "scorer_bytes": len(pickle.dumps(scorer)),
        "estimates": bgnbd.params["estimate"].round(4).to_dict(),
    }
    if summary is not None:
        # what the hand-made route shipped: the result with its fitted data
        from loyaltymodels.clv import BetaGeo

        facts["result_with_summary_bytes"] = len(
            pickle.dumps(BetaGeo().with_parameters(summary, bgnbd.point_estimates()))
        )
    return facts


def child(engine: str, work: Path) -> None:
    facts = json.loads((work / "facts.json").read_text())
    memory = PeakMemory()
    runner: Callable[..., list[dict[str, Any]]] = run_duckdb if engine == "duckdb" else run_spark
    start = time.perf_counter()
    rows = runner(work, facts, memory)
    memory.stop()
    steps = [row for row in rows if "step" in row]
    total = {
        "step": "whole path",
        "seconds": time.perf_counter() - start,
        "peak_gb": max(row["peak_gb"] for row in steps),
    }
    (work / f"{engine}.json").write_text(json.dumps([*rows, total], default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000_000)
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--child", choices=["duckdb", "spark"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workdir)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="loyaltymodels-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"simulating {args.customers:,} customers into {work / 'log'} ...", flush=True)
    start = time.perf_counter()
    facts = simulate(work / "log", args.customers)
    print(f"  {facts['n_transactions']:,} transactions in {time.perf_counter() - start:.1f} s")
    (work / "facts.json").write_text(json.dumps(facts))
    results = {}
    for engine in args.engines:
        print(f"== {engine}", flush=True)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(
                    None, [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")]
                )
            ),
        }
        subprocess.run(
            [sys.executable, __file__, "--child", engine, "--workdir", str(work)],
            check=True,
            env=env,
        )
        results[engine] = json.loads((work / f"{engine}.json").read_text())
    print(f"\n{args.customers:,} customers, {facts['n_transactions']:,} transactions")
    for engine, rows in results.items():
        details = next(row for row in rows if "n_patterns" in row)
        print(f"{engine}: {json.dumps(details)}")
    if len(results) == 2:
        whole = {engine: rows_by_step(results[engine])["whole path"] for engine in results}
        ratio = whole["spark"]["seconds"] / whole["duckdb"]["seconds"]
        print(
            f"\nwhole path: DuckDB {whole['duckdb']['seconds']:.1f} s "
            f"({whole['duckdb']['peak_gb']:.2f} GB), Spark local[2] "
            f"{whole['spark']['seconds']:.1f} s ({whole['spark']['peak_gb']:.2f} GB); "
            f"ratio Spark/DuckDB {ratio:.2f}"
        )


def rows_by_step(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["step"]: row for row in rows if "step" in row}


if __name__ == "__main__":
    main()
