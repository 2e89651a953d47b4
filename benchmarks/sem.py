"""SEM beside lavaan: MLR CFA and the invariance ladder at survey sizes, timed in one run.

One command: ``python benchmarks/sem.py`` (needs ``Rscript`` with lavaan 0.6 on the PATH).
Simulates continuous 5-category-like survey items (24 items, 4 factors), then times, each side
by side with lavaan via ``Rscript`` on the same CSV (lavaan timed inside R with
``system.time``, so R's start-up is not counted):

- an MLR CFA on n = 10,000 (one group);
- a WLSMV CFA on the same items cut into 5 ordered categories, n = 10,000 (whole fit:
  thresholds, polychoric correlations, their asymptotic covariance, estimates, scaled test);
- the four-level invariance ladder (configural, metric, scalar, strict) on 3 groups of 1,000,
  with ML;
- 1,000 bootstrap resamples (percentile intervals) of a two-group mediation model (3 factors,
  9 items, 2 x 250 respondents) with defined indirect effects (``ind := a*b`` per group and
  their difference); target under 20 s, timed on its own.

Prints the wall times, the ratio lavaan / loyaltymodels (> 1: we are faster) and the chi-square
of both as a check that the same model was fitted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from loyaltymodels.sem import SEM, measurement_invariance

N_FACTORS, N_ITEMS = 4, 6


def simulate(n: int, n_groups: int, seed: int) -> tuple[pd.DataFrame, str]:
    """Four correlated factors, six items each, loadings 0.6-0.8; groups shift the means."""
    rng = np.random.default_rng(seed)
    corr = np.full((N_FACTORS, N_FACTORS), 0.3) + 0.7 * np.eye(N_FACTORS)
    factors = rng.multivariate_normal(np.zeros(N_FACTORS), corr, size=n)
    group = rng.integers(0, n_groups, size=n)
    factors += 0.2 * group[:, None]
    columns, lines = {}, []
    for f in range(N_FACTORS):
        names = []
        for j in range(N_ITEMS):
            name = f"f{f + 1}i{j + 1}"
            loading = 0.6 + 0.2 * j / (N_ITEMS - 1)
            columns[name] = 3.0 + loading * factors[:, f] + 0.6 * rng.standard_normal(n)
            names.append(name)
        lines.append(f"F{f + 1} =~ " + " + ".join(names))
    frame = pd.DataFrame(columns)
    frame["segment"] = [f"s{g}" for g in group]
    return frame, "\n".join(lines)


R_SCRIPT = r"""
suppressPackageStartupMessages(library(lavaan))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1])
model <- paste(readLines(args[2]), collapse = "\n")
task <- args[3]
if (task == "mlr") {
  t <- system.time(fit <- cfa(model, data = data, estimator = "MLR"))[["elapsed"]]
  cat(t, fitMeasures(fit, "chisq"), "\n")
} else if (task == "wlsmv") {
  items <- setdiff(names(data), "segment")
  t <- system.time(fit <- cfa(model, data = data, ordered = items,
                              estimator = "WLSMV"))[["elapsed"]]
  cat(t, fitMeasures(fit, "chisq.scaled"), "\n")
} else {
  t <- system.time({
    fits <- list(
      cfa(model, data = data, group = "segment"),
      cfa(model, data = data, group = "segment", group.equal = "loadings"),
      cfa(model, data = data, group = "segment", group.equal = c("loadings", "intercepts")),
      cfa(model, data = data, group = "segment",
          group.equal = c("loadings", "intercepts", "residuals")))
    tests <- lavTestLRT(fits[[1]], fits[[2]], fits[[3]], fits[[4]])
  })[["elapsed"]]
  cat(t, fitMeasures(fits[[4]], "chisq"), "\n")
}
"""


MEDIATION = """
X =~ x1 + x2 + x3
M =~ m1 + m2 + m3
Y =~ y1 + y2 + y3
M ~ c(a1, a2)*X
Y ~ c(b1, b2)*M + X
ind1 := a1*b1
ind2 := a2*b2
diff := ind1 - ind2
"""


def simulate_mediation(n: int, seed: int) -> pd.DataFrame:
    """Two segments of n respondents: X -> M -> Y with different a and b paths."""
    rng = np.random.default_rng(seed)
    frames = []
    for segment, (a, b) in zip("AB", [(0.5, 0.4), (0.3, 0.6)], strict=True):
        x = rng.normal(size=n)
        m = a * x + rng.normal(scale=0.8, size=n)
        y = b * m + 0.1 * x + rng.normal(scale=0.8, size=n)
        frame = pd.DataFrame(
            {
                f"{name}{i}": score * loading + rng.normal(scale=0.5, size=n)
                for name, score in (("x", x), ("m", m), ("y", y))
                for i, loading in enumerate([1.0, 0.8, 0.9], start=1)
            }
        )
        frames.append(frame.assign(segment=segment))
    return pd.concat(frames, ignore_index=True)


def to_ordinal(frame: pd.DataFrame) -> pd.DataFrame:
    """Cut every item into 5 ordered categories (1..5) at fixed points around its mean."""
    out = frame.copy()
    items = [c for c in frame.columns if c != "segment"]
    out[items] = np.digitize(frame[items].to_numpy(), [2.0, 2.6, 3.4, 4.0]) + 1
    return out


def run_lavaan(frame: pd.DataFrame, model: str, task: str, folder: Path) -> tuple[float, float]:
    data, model_file, script = folder / "data.csv", folder / "model.txt", folder / "bench.R"
    frame.to_csv(data, index=False)
    model_file.write_text(model, encoding="utf-8")
    script.write_text(R_SCRIPT, encoding="utf-8")
    out = subprocess.run(
        ["Rscript", str(script), str(data), str(model_file), task],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def best_of(repeats: int, function: object) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--group-n", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("Rscript") is None:
        raise SystemExit("Rscript not found: install r-base-core and r-cran-lavaan.")
    warnings.simplefilter("ignore")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, model = simulate(args.n, 1, args.seed)
        ours, result = best_of(args.repeats, lambda: SEM(model, estimator="MLR").fit(data))
        theirs, chi2 = run_lavaan(data, model, "mlr", folder)
        rows.append(
            (
                f"MLR CFA, 24 items, 4 factors, n={args.n}",
                ours,
                theirs,
                result.fit_indices["chi2"],
                chi2,
            )
        )  # type: ignore[attr-defined]
        ordinal = to_ordinal(data)
        ours, result = best_of(
            args.repeats, lambda: SEM(model, ordered=True, estimator="WLSMV").fit(ordinal)
        )
        theirs, chi2 = run_lavaan(ordinal, model, "wlsmv", folder)
        rows.append(
            (
                f"WLSMV CFA, 24 ordinal items (5 cat.), n={args.n}",
                ours,
                theirs,
                result.fit_indices["chi2_scaled"],
                chi2,
            )
        )  # type: ignore[attr-defined]
        data, model = simulate(3 * args.group_n, 3, args.seed + 1)
        ours, ladder = best_of(
            args.repeats, lambda: measurement_invariance(model, data, group="segment")
        )
        theirs, chi2 = run_lavaan(data, model, "ladder", folder)
        rows.append(
            (
                f"invariance ladder, 4 levels, 3 groups x {args.group_n}",
                ours,
                theirs,
                ladder.params.loc["strict", "chi2"],
                chi2,
            )
        )  # type: ignore[attr-defined]
    mediation = SEM(MEDIATION, group="segment").fit(simulate_mediation(250, args.seed))
    boot_time, effects = best_of(
        args.repeats,
        lambda: mediation.effects(bootstrap=1000, ci="percentile", random_seed=args.seed),
    )
    print(f"{'benchmark':48s} {'ours s':>8s} {'lavaan s':>9s} {'ratio':>6s}  chi2 ours / lavaan")
    for name, ours, theirs, chi_ours, chi_theirs in rows:
        print(
            f"{name:48s} {ours:8.2f} {theirs:9.2f} {theirs / ours:6.2f}  "
            f"{chi_ours:.3f} / {chi_theirs:.3f}"
        )
    print("ratio = lavaan time / loyaltymodels time (> 1: loyaltymodels is faster)")
    print(
        f"{'1,000 bootstrap resamples, 2 groups, defined ind.':48s} {boot_time:8.2f}  "
        f"(target < 20 s; {effects.n_failed} failed refits)"  # type: ignore[attr-defined]
    )


if __name__ == "__main__":
    main()
