"""Bayesian hazard churn on >= 1,000,000 customer-periods: NUTS on collapsed patterns.

One command: ``python benchmarks/churn.py``. Simulates a subscription panel with discrete
covariates (satisfaction 0-10, complaint 0/1, 4 plans, 10 periods) of at least 1,000,000
customer-periods, fits ``HazardChurn`` by NUTS (nutpie, 2 chains x 1000 draws after 1000 tuning
steps, segment random effects), and, side by side, the peer maximum-likelihood fit
(statsmodels GLM binomial on the uncollapsed rows, no segment effects). Prints the wall times,
their ratio, the collapsed and uncollapsed sizes, and the estimates against the truth.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm

from loyaltymodels.churn import HazardChurn, count_patterns
from loyaltymodels.datasets import simulate_subscription_panel

TARGET_ROWS = 1_000_000
BUDGET_SECONDS = 180.0


def simulate(target_rows: int, seed: int) -> tuple[pd.DataFrame, dict]:
    # about 6 customer-periods per customer with the default hazards; top up to the target
    n_customers = int(target_rows / 5.9)
    panel, truth = simulate_subscription_panel(n_customers=n_customers, random_seed=seed)
    return panel, truth


def fit_ours(panel: pd.DataFrame, seed: int) -> tuple[float, object]:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = HazardChurn().fit(
            panel,
            covariates=["satisfaction", "complaint"],
            segment="plan",
            method="nuts",
            random_seed=seed,
        )
    return time.perf_counter() - start, result


def fit_peer(panel: pd.DataFrame) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    design = pd.get_dummies(panel["period"], prefix="period", dtype=float)
    design[["satisfaction", "complaint"]] = panel[["satisfaction", "complaint"]].to_numpy(float)
    glm = sm.GLM(panel["churned"].to_numpy(float), design, family=sm.families.Binomial()).fit()
    return time.perf_counter() - start, np.asarray(glm.params[["satisfaction", "complaint"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    panel, truth = simulate(args.rows, args.seed)
    counted = count_patterns(panel, ["period", "satisfaction", "complaint", "plan"], "churned")
    print(f"panel: {len(panel):,} customer-periods, {panel['customer_id'].nunique():,} customers")
    print(
        f"collapsed to {len(counted.patterns):,} (period, covariate, plan) patterns "
        f"({len(panel) / len(counted.patterns):,.0f}x fewer likelihood terms)"
    )

    ours_seconds, result = fit_ours(panel, args.seed)
    peer_seconds, peer_coef = fit_peer(panel)
    effects = result.effects()  # type: ignore[attr-defined]
    print(
        f"ours  HazardChurn NUTS (2 x 1000 draws, segment effects, incl. compile): "
        f"{ours_seconds:6.1f} s  (budget {BUDGET_SECONDS:.0f} s: "
        f"{'met' if ours_seconds < BUDGET_SECONDS else 'MISSED'})"
    )
    print(
        f"peer  statsmodels GLM binomial MLE on the uncollapsed rows:              "
        f"{peer_seconds:6.1f} s"
    )
    print(f"ratio ours / peer: {ours_seconds / peer_seconds:.2f}")
    print(f"diagnostic flags: {result.flags or 'none'}")  # type: ignore[attr-defined]
    table = pd.DataFrame(
        {
            "truth": [truth["effects"]["satisfaction"], truth["effects"]["complaint"]],
            "ours (posterior mean)": effects["coefficient"].to_numpy(),
            "ours lower": effects["lower"].to_numpy(),
            "ours upper": effects["upper"].to_numpy(),
            "peer GLM (no plan effects)": peer_coef,
        },
        index=["satisfaction", "complaint"],
    )
    print(table.to_string(float_format=lambda x: f"{x:.4f}"))


if __name__ == "__main__":
    main()
