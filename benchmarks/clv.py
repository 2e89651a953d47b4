"""CLV performance targets, side by side with lifetimes and pymc-marketing, ratios printed.

One command: ``python benchmarks/clv.py`` (``--quick`` for sizes 10x smaller, ``--only 1 3`` for
some of the measurements). All data are
simulated BG/NBD customer bases at daily resolution over a 39-week window (the CDNOW
estimates as truth, customers acquired over the first 12 weeks). Each measurement runs in its
own fresh process, so compile time counts and peak memory is the measurement's own:

1. MAP/MLE on 1,000,000 customers: ``BetaGeo().fit(method="mle")`` vs lifetimes'
   ``BetaGeoFitter().fit`` (target: >= 10x faster); each is run three times, alternating, and
   the medians are compared (a fit of well under a second is sensitive to machine load).
2. NUTS, 2 chains x 1,000 draws after 1,000 tuning steps, on 100,000 customers:
   ``BetaGeo().fit(method="nuts")`` (nutpie) vs pymc-marketing's ``BetaGeoModel`` with
   ``nuts_sampler="nutpie"`` (target: >= 10x faster at comparable ESS); and ours alone on
   1,000,000 customers (target: < 120 s).
3. P(alive) and 52-week CLV summaries for 1,000,000 customers from the fitted posterior
   (target: < 60 s, peak memory < 4 GB).
4. ``rfm_summary`` on 10,000,000 transaction rows with the DuckDB engine (target: < 20 s).

The peers run in the interpreter given by ``--peer-python`` (default ``.venv-peers/bin/python``
beside this checkout when it exists, else this interpreter): pymc-marketing pins older PyMC and
NumPy releases than the package, so it lives in its own environment.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122
NUTS = {"chains": 2, "draws": 1000, "tune": 1000}
REPEATS = 3


# ----------------------------------------------------------------------------- workers


def _load(path: str) -> Any:
    import pandas as pd

    return pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker_ours_mle(path: str) -> dict[str, Any]:
    data = _load(path)
    start = time.perf_counter()
    from loyaltymodels.clv import BetaGeo

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = BetaGeo().fit(data, method="mle")
    return {
        "seconds": time.perf_counter() - start,
        "estimates": result.params["estimate"].round(4).to_dict(),
        "patterns": result.n_patterns,
    }


def worker_lifetimes_mle(path: str) -> dict[str, Any]:
    data = _load(path)
    start = time.perf_counter()
    from lifetimes import BetaGeoFitter

    fitter = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    return {
        "seconds": time.perf_counter() - start,
        "estimates": fitter.params_.round(4).to_dict(),
    }


def worker_ours_nuts(path: str, predictions: bool = False) -> dict[str, Any]:
    data = _load(path)
    start = time.perf_counter()
    from loyaltymodels.clv import BetaGeo, GammaGamma

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = BetaGeo().fit(data, method="nuts", random_seed=SEED, **NUTS)
    out: dict[str, Any] = {
        "seconds": time.perf_counter() - start,
        "min_ess_bulk": float(result.params["ess_bulk"].min()),
        "max_r_hat": float(result.params["r_hat"].max()),
        "estimates": result.params["estimate"].round(4).to_dict(),
        "patterns": result.n_patterns,
    }
    if predictions:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spend = GammaGamma().fit(data, method="nuts", random_seed=SEED, **NUTS)
        before = _peak_mb()
        begin = time.perf_counter()
        alive = result.probability_alive(data)
        alive_seconds = time.perf_counter() - begin
        begin = time.perf_counter()
        clv = result.customer_lifetime_value(
            data, spend_result=spend, horizon=12, discount_rate=0.01, time_unit="W"
        )
        out.update(
            {
                "p_alive_seconds": alive_seconds,
                "clv_seconds": time.perf_counter() - begin,
                "draws_used": int(min(result.n_draws, 500)),
                "peak_mb_before_predictions": before,
                "customers_predicted": int(min(len(alive), len(clv))),
            }
        )
    out["peak_mb"] = _peak_mb()
    return out


def worker_pymc_marketing_nuts(path: str) -> dict[str, Any]:
    data = _load(path)
    start = time.perf_counter()
    import arviz as az
    from pymc_marketing.clv import BetaGeoModel

    frame = data[["customer_id", "frequency", "recency", "T"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = BetaGeoModel()
        idata = model.fit(
            frame,
            method="mcmc",
            nuts_sampler="nutpie",
            random_seed=SEED,
            progressbar=False,
            **NUTS,
        )
    seconds = time.perf_counter() - start
    posterior = idata["posterior"] if "posterior" in idata else idata.posterior
    names = [n for n in ("r", "alpha", "a", "b") if n in posterior]
    ess = az.ess(idata, var_names=names)
    ess_values = [float(np.min(np.asarray(ess[name]))) for name in names]
    means = {name: round(float(np.asarray(posterior[name]).mean()), 4) for name in names}
    return {"seconds": seconds, "min_ess_bulk": min(ess_values), "estimates": means}


def worker_rfm(path: str) -> dict[str, Any]:
    import pandas as pd

    from loyaltymodels.clv.rfm import rfm_summary

    start = time.perf_counter()
    summary = rfm_summary(
        path,
        customer_col="customer_id",
        datetime_col="date",
        monetary_col="spend",
        time_unit="W",
        engine="duckdb",
    )
    seconds = time.perf_counter() - start
    rows = int(pd.read_parquet(path, columns=["customer_id"]).shape[0])
    return {"seconds": seconds, "customers": len(summary), "rows": rows, "peak_mb": _peak_mb()}


WORKERS = {
    "ours_mle": worker_ours_mle,
    "lifetimes_mle": worker_lifetimes_mle,
    "ours_nuts": worker_ours_nuts,
    "ours_nuts_predictions": lambda path: worker_ours_nuts(path, predictions=True),
    "pymc_marketing_nuts": worker_pymc_marketing_nuts,
    "rfm": worker_rfm,
}


# ----------------------------------------------------------------------------- driver


def run(python: str, task: str, path: Path, timeout: float) -> dict[str, Any]:
    """Run one worker in a fresh process; return its JSON answer (or the error)."""
    command = [python, str(Path(__file__).resolve()), "--worker", task, str(path)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return {
            "error": f"no answer within {timeout:.0f} s",
            "seconds": float("nan"),
            "limit": timeout,
        }
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail), "seconds": float("nan")}
    answer = json.loads(lines[-1])
    answer["process_seconds"] = time.perf_counter() - started
    return answer


def simulate(directory: Path, n_customers: int, *, spend: bool = False) -> Path:
    from loyaltymodels.datasets import simulate_bgnbd

    data, _ = simulate_bgnbd(
        n_customers, daily=True, spend=(6.25, 3.74, 15.44) if spend else None, random_seed=SEED
    )
    path = directory / f"bgnbd_{n_customers}{'_spend' if spend else ''}.parquet"
    data.to_parquet(path)
    return path


def simulate_log(directory: Path, n_rows: int) -> Path:
    from loyaltymodels.datasets import simulate_bgnbd

    # about 2.06 rows per customer with the CDNOW parameters: simulate a few more, then cut
    log, _ = simulate_bgnbd(
        int(n_rows / 1.95), transactions=True, spend=(6.25, 3.74, 15.44), random_seed=SEED
    )
    if len(log) < n_rows:
        raise RuntimeError(f"simulated {len(log):,} rows, fewer than {n_rows:,}")
    log = log.iloc[:n_rows]
    path = directory / f"log_{n_rows}.parquet"
    log.to_parquet(path, row_group_size=1_000_000)
    return path


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (the first failure, if any run failed)."""
    failed = [answer for answer in runs if "error" in answer]
    if failed:
        return failed[0]
    return sorted(runs, key=lambda answer: answer["seconds"])[len(runs) // 2]


def seconds_of(runs: list[dict[str, Any]]) -> str:
    return ", ".join(f"{answer['seconds']:.2f} s" for answer in runs if "error" not in answer)


def ratio(peer: dict[str, Any], ours: dict[str, Any]) -> str:
    if "error" in ours:
        return "n/a"
    if "error" in peer:
        limit = peer.get("limit")
        return f"> {limit / ours['seconds']:.1f}x (peer gave up)" if limit else "n/a"
    return f"{peer['seconds'] / ours['seconds']:.1f}x"


def describe(label: str, answer: dict[str, Any]) -> str:
    if "error" in answer:
        return f"  {label:<44} FAILED: {answer['error']}"
    extra = {k: v for k, v in answer.items() if k not in ("seconds", "process_seconds")}
    return f"  {label:<44} {answer['seconds']:8.1f} s   {extra}"


def default_peer_python() -> str:
    candidate = ROOT / ".venv-peers" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def peer_versions(python: str) -> str:
    code = (
        "import importlib.metadata as m\n"
        "out=[]\n"
        "for p in ['lifetimes','pymc-marketing','pymc','nutpie','numpy','pandas']:\n"
        "    try: out.append(p+' '+m.version(p))\n"
        "    except Exception: out.append(p+' missing')\n"
        "print(', '.join(out))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10x smaller")
    parser.add_argument("--peer-python", default=default_peer_python())
    parser.add_argument("--skip-peers", action="store_true", help="measure the package only")
    parser.add_argument(
        "--only", nargs="+", type=int, choices=(1, 2, 3, 4), help="run these measurements only"
    )
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        task, path = args.worker
        print(json.dumps(WORKERS[task](path), default=float))
        return

    def wanted(section: int) -> bool:
        return args.only is None or section in args.only

    scale = 10 if args.quick else 1
    n_mle, n_nuts, n_big, n_rows = (
        1_000_000 // scale,
        100_000 // scale,
        1_000_000 // scale,
        10_000_000 // scale,
    )
    ours_python = sys.executable
    print(f"package: {ours_python}")
    print(f"  {peer_versions(ours_python)}")
    print(f"peers:   {args.peer_python}")
    print(f"  {peer_versions(args.peer_python)}")
    with tempfile.TemporaryDirectory(prefix="clv_bench_") as folder:
        directory = Path(folder)
        if wanted(1):
            print(f"\n1. MAP/MLE, BG/NBD, {n_mle:,} customers (daily resolution, 39 weeks)")
            path = simulate(directory, n_mle)
            ours_runs, peer_runs = [], []
            for _ in range(REPEATS):
                ours_runs.append(run(ours_python, "ours_mle", path, 1800))
                if not args.skip_peers:
                    peer_runs.append(run(args.peer_python, "lifetimes_mle", path, 3600))
            ours = median_run(ours_runs)
            print(describe("loyaltymodels BetaGeo(method='mle')", ours))
            print(f"    runs: {seconds_of(ours_runs)}")
            if not args.skip_peers:
                peer = median_run(peer_runs)
                print(describe("lifetimes BetaGeoFitter.fit", peer))
                print(f"    runs: {seconds_of(peer_runs)}")
                print(f"  speed-up: {ratio(peer, ours)} (medians; target >= 10x)")

        if wanted(2):
            print(f"\n2. NUTS 2 x 1000 draws (+1000 tuning), BG/NBD, {n_nuts:,} customers")
            path = simulate(directory, n_nuts)
            ours = run(ours_python, "ours_nuts", path, 1800)
            print(describe("loyaltymodels BetaGeo(method='nuts')", ours))
            if not args.skip_peers:
                peer = run(args.peer_python, "pymc_marketing_nuts", path, 1800)
                print(describe("pymc-marketing BetaGeoModel (nutpie)", peer))
                print(f"  speed-up: {ratio(peer, ours)} (target >= 10x at comparable ESS)")
                if "error" not in peer and "error" not in ours:
                    per_ours = ours["min_ess_bulk"] / ours["seconds"]
                    per_peer = peer["min_ess_bulk"] / peer["seconds"]
                    print(f"  min bulk ESS per second: {per_ours:.1f} vs {per_peer:.1f}")

        if wanted(3):
            print(f"\n2b/3. NUTS on {n_big:,} customers, then P(alive) and 52-week CLV for all")
            path = simulate(directory, n_big, spend=True)
            ours = run(ours_python, "ours_nuts_predictions", path, 2400)
            print(describe("loyaltymodels BetaGeo NUTS + predictions", ours))
            if "error" not in ours:
                total = ours["p_alive_seconds"] + ours["clv_seconds"]
                print(
                    f"  NUTS {ours['seconds']:.1f} s (target < 120 s); "
                    f"P(alive) + CLV {total:.1f} s (target < 60 s); "
                    f"peak memory {ours['peak_mb'] / 1024:.2f} GB (target < 4 GB)"
                )

        if wanted(4):
            print(f"\n4. rfm_summary, DuckDB engine, {n_rows:,} transaction rows (Parquet)")
            path = simulate_log(directory, n_rows)
            ours = run(ours_python, "rfm", path, 1800)
            print(describe("loyaltymodels rfm_summary(engine='duckdb')", ours))
            if "error" not in ours:
                print(f"  {ours['seconds']:.1f} s (target < 20 s)")


if __name__ == "__main__":
    main()
