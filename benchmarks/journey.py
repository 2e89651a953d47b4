"""Touchpoint analytics at real sizes: exact Shapley key drivers and a 10M-event journey chain.

One command: ``python benchmarks/journey.py``. Three timings, each printed with its budget:

1. ``key_drivers`` (exact Shapley/LMG over all 2^15 subsets) for 15 touchpoints and 100,000
   respondents with 1,000 bootstrap resamples (budget 30 s).
2. The point estimate side by side with the ``dominance-analysis`` package (PyPI) on the same
   data, with the ratio and the largest difference between the two sets of importances. The peer
   fits one scikit-learn regression per subset; on 100,000 respondents it needed about 65-95 s
   for 10 drivers and 730 s for 12 on this machine, about 3.4 times longer per further driver
   (hours for 15), so by default both run on the first ``--peer-drivers 10`` touchpoints; pass
   ``--peer-drivers 15`` for the full size.
3. ``journey_flow`` (validation, transition counts, absorbing-chain solves, removal effects
   with 1,000 posterior draws, path frequencies) on a simulated log of 10,000,000 events
   (budget 30 s).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time

import numpy as np
import pandas as pd

from loyaltymodels.datasets import simulate_journey_events
from loyaltymodels.journey import journey_flow, key_drivers

BUDGET_SECONDS = 30.0


def simulate_survey(n: int, p: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    general = rng.normal(size=(n, 1))
    latent = 0.5 * general + np.sqrt(0.75) * rng.normal(size=(n, p))
    ratings = np.clip(np.round(7 + 1.5 * latent), 1, 10)
    weights = np.linspace(0.6, 0.02, p)
    frame = pd.DataFrame(ratings, columns=[f"tp{j + 1:02d}" for j in range(p)])
    frame["overall"] = ratings @ weights + rng.normal(0, 1.5, n)
    return frame


def peer_importance(frame: pd.DataFrame, drivers: list[str]) -> tuple[float, pd.Series]:
    np.bool8 = np.bool_  # type: ignore[attr-defined]  # the peer's bokeh 2.4 needs the alias
    import bokeh.io

    bokeh.io.output_notebook = lambda *args, **kwargs: None  # it is called at import time
    with contextlib.redirect_stdout(io.StringIO()):  # it prints notebook HTML when imported
        from dominance_analysis import Dominance

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        model = Dominance(
            data=frame[[*drivers, "overall"]], target="overall", objective=1, top_k=len(drivers)
        )
        values = model.incremental_rsquare()
    seconds = time.perf_counter() - start
    return seconds, pd.Series({name: float(values[name]) for name in drivers})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--drivers", type=int, default=15)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--peer-drivers", type=int, default=10)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    survey = simulate_survey(args.respondents, args.drivers, args.seed)
    names = [c for c in survey.columns if c != "overall"]
    start = time.perf_counter()
    result = key_drivers(
        survey, outcome="overall", drivers=names, bootstrap=args.bootstrap, random_seed=1
    )
    seconds = time.perf_counter() - start
    print(
        f"key_drivers: {args.drivers} touchpoints, {args.respondents:,} respondents, "
        f"{args.bootstrap} bootstrap resamples (exact Shapley, 2^{args.drivers} subsets each): "
        f"{seconds:.1f} s (budget {BUDGET_SECONDS:.0f} s: "
        f"{'OK' if seconds < BUDGET_SECONDS else 'OVER'})"
    )
    print(
        f"  R2 = {result.r2:.4f}; |sum of shares - R2| = "
        f"{abs(result.table['estimate'].sum() - result.r2):.1e}"
    )

    peer_names = names[: args.peer_drivers]
    start = time.perf_counter()
    ours = key_drivers(survey, outcome="overall", drivers=peer_names).table["estimate"]
    ours_seconds = time.perf_counter() - start
    peer_seconds, peer = peer_importance(survey, peer_names)
    print(
        f"point estimate, {len(peer_names)} touchpoints x {args.respondents:,} respondents: "
        f"loyaltymodels {ours_seconds:.3f} s, dominance-analysis {peer_seconds:.1f} s, "
        f"ratio {peer_seconds / ours_seconds:,.0f}x (target >= 10x); "
        f"max |difference| {np.max(np.abs(ours - peer[ours.index])):.1e}"
    )

    simulated = simulate_journey_events(int(args.events / 2.73), random_seed=args.seed)
    events = simulated.events
    start = time.perf_counter()
    flow = journey_flow(events, random_seed=1)
    seconds = time.perf_counter() - start
    print(
        f"journey_flow: {len(events):,} events, {flow.n_customers:,} customers: {seconds:.1f} s "
        f"(budget {BUDGET_SECONDS:.0f} s: {'OK' if seconds < BUDGET_SECONDS else 'OVER'})"
    )
    truth = simulated.transitions
    estimated = flow.transitions.loc[truth.index, truth.columns]
    print(f"  max |transition - truth| = {np.max(np.abs(estimated - truth).to_numpy()):.4f}")


if __name__ == "__main__":
    main()
