"""Bootstrap of the loyalty model's indirect effects: loyaltymodels vs a plain semopy loop.

One command: ``python benchmarks/sem_bootstrap.py [--resamples 1000]``. Both sides refit the
mediated loyalty model (value, emotion, relationship -> satisfaction -> loyalty) on the same
resamples of the simulated survey (n = 600) and compute the indirect effects; the script prints
both timings and their ratio.
"""

from __future__ import annotations

import argparse
import logging
import os
import time

import numpy as np
import semopy
from threadpoolctl import threadpool_limits

from loyaltymodels.datasets import simulate_loyalty_survey
from loyaltymodels.sem import SEM, loyalty_model


def semopy_loop(description: str, data, n_resamples: int, seed: int) -> tuple[float, np.ndarray]:
    """Plain semopy: a fresh Model fitted on every resample, effects from its B matrix."""
    rng = np.random.default_rng(seed)
    n = len(data)
    indirect = []
    start = time.perf_counter()
    for _ in range(n_resamples):
        sample = data.iloc[rng.integers(0, n, size=n)].reset_index(drop=True)
        model = semopy.Model(description)
        model.fit(sample)
        beta = model.mx_beta
        total = np.linalg.inv(np.eye(beta.shape[0]) - beta) - np.eye(beta.shape[0])
        indirect.append((total - beta).ravel())
    return time.perf_counter() - start, np.array(indirect)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--n", type=int, default=600)
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)

    survey = simulate_loyalty_survey(args.n, random_seed=2024)
    description = loyalty_model(survey.items)
    result = SEM(description).fit(survey.data)
    print(
        f"loyalty model with satisfaction, n = {args.n}, {args.resamples} resamples, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )

    timings = {}
    for label, kwargs in {
        "loyaltymodels percentile, 1 process": {"ci": "percentile", "n_jobs": 1},
        "loyaltymodels BCa (+ jackknife), 1 process": {"ci": "bca", "n_jobs": 1},
        "loyaltymodels BCa (+ jackknife), all cores": {"ci": "bca", "n_jobs": os.cpu_count()},
    }.items():
        start = time.perf_counter()
        effects = result.effects(bootstrap=args.resamples, random_seed=1, progress=False, **kwargs)
        timings[label] = time.perf_counter() - start
        print(f"{label:48s} {timings[label]:7.2f} s  (failed resamples: {effects.n_failed})")

    ours = timings["loyaltymodels percentile, 1 process"]
    best_bca = min(v for k, v in timings.items() if "BCa" in k)
    with threadpool_limits(limits=1):
        peer_single, _ = semopy_loop(description, survey.data, args.resamples, seed=1)
    print(f"{'semopy refit loop, BLAS limited to 1 thread':48s} {peer_single:7.2f} s")
    peer_time, _ = semopy_loop(description, survey.data, args.resamples, seed=1)
    print(f"{'plain semopy refit loop (default BLAS threads)':48s} {peer_time:7.2f} s")
    for label, peer in {"1-thread semopy": peer_single, "plain semopy": peer_time}.items():
        print(
            f"ratio {label} / loyaltymodels: {peer / ours:.1f}x (same work, percentile); "
            f"{peer / best_bca:.1f}x (ours adds the BCa jackknife)"
        )


if __name__ == "__main__":
    main()
