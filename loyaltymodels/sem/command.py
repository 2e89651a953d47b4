"""``loyaltymodels sem``: fit a structural equation model (lavaan syntax) to survey data.

With ``--group`` the model is fitted in several groups at once (lavaan's ``group.equal`` and
``group.partial`` through ``--group-equal`` and ``--group-partial``); ``--estimator`` chooses
normal-theory ML or the robust MLM (Satorra-Bentler) and MLR (Huber-White, Yuan-Bentler);
``--ordered`` fits ordinal items by WLSMV (or DWLS, ULSMV).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import model_and_data
from loyaltymodels.report.command import add_output_arguments, add_result_facts

__all__ = ["ESTIMATORS", "ML_ESTIMATORS", "add_arguments", "run"]

ML_ESTIMATORS = ["ML", "MLM", "MLR"]
"""The maximum likelihood estimators (continuous items)."""
ESTIMATORS = [*ML_ESTIMATORS, "WLSMV", "DWLS", "ULSMV"]
"""The estimators the command line offers (the last three with ``--ordered``)."""

_EQUAL_KINDS = [
    "loadings",
    "intercepts",
    "thresholds",
    "means",
    "residuals",
    "residual.covariances",
    "lv.variances",
    "lv.covariances",
    "regressions",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``sem`` arguments to the subcommand's parser."""
    parser.add_argument("model", help="UTF-8 text file with the lavaan-style model description")
    parser.add_argument("data", help="CSV/Parquet, one row per respondent, one column per item")
    parser.add_argument(
        "--missing",
        choices=["listwise", "fiml"],
        default="listwise",
        help="incomplete rows: drop them (listwise) or use every answer (fiml)",
    )
    parser.add_argument(
        "--bootstrap", type=int, default=0, help="bootstrap resamples for effects (0: none)"
    )
    parser.add_argument(
        "--ci", choices=["bca", "percentile"], default="bca", help="bootstrap interval type"
    )
    parser.add_argument(
        "--estimator",
        choices=ESTIMATORS,
        default=None,
        help="ML (default), MLM (Satorra-Bentler), MLR (robust SEs, Yuan-Bentler scaled test); "
        "with --ordered WLSMV (default), DWLS or ULSMV",
    )
    parser.add_argument(
        "--ordered",
        default=None,
        help="ordinal items: 'all' or a comma-separated list (item1,item2); thresholds and "
        "polychoric correlations replace the covariances",
    )
    parser.add_argument("--group", default=None, help="column of the groups (segment, region)")
    parser.add_argument(
        "--group-equal",
        nargs="*",
        default=[],
        choices=_EQUAL_KINDS,
        help="parameter kinds held equal across groups (with --group)",
    )
    parser.add_argument(
        "--group-partial",
        nargs="*",
        default=[],
        help="parameters freed again, lavaan syntax such as 'x3~1' (with --group)",
    )
    add_output_arguments(parser, "results/sem", seed=True)


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels sem``; return the ``report.md`` written."""
    from loyaltymodels.plotting import plot_path_diagram
    from loyaltymodels.plotting.path_graph import graphviz_available, render_path_diagram
    from loyaltymodels.sem import SEM

    if args.bootstrap < 0:
        raise LoyaltyDataError(
            f"--bootstrap must be 0 (no bootstrap) or a positive number of resamples, got "
            f"{args.bootstrap}."
        )
    if args.ordered is not None:
        from loyaltymodels.sem.ordinal_command import run_ordinal

        return run_ordinal(args)
    args.estimator = args.estimator or "ML"
    if args.group is not None:
        return _run_groups(args)
    if args.group_equal or args.group_partial:
        raise LoyaltyDataError("--group-equal and --group-partial need --group COLUMN.")
    report, description, data = model_and_data(args, "Structural equation model")
    result = SEM(description, missing=args.missing, estimator=args.estimator).fit(data)
    report.fact("Rows in the file", len(data))
    add_result_facts(report, result)
    report.fact("Estimator", args.estimator)
    report.table(result.params, "params", "Parameter estimates")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    report.table(result.r2.to_frame("r2"), "r2", "R-squared")
    try:
        reliability = result.reliability()
    except LoyaltyDataError as error:  # an improper solution has no meaningful reliability
        report.warn(f"Reliability not computed: {error}")
    else:
        report.table(reliability, "reliability", "Reliability and convergent validity")
    validity = result.validity()
    report.table(validity.fornell_larcker, "fornell_larcker", "Fornell-Larcker criterion")
    report.table(validity.htmt, "htmt", "Heterotrait-monotrait ratio (HTMT)")
    if args.bootstrap > 0:
        effects = result.effects(
            bootstrap=args.bootstrap,
            ci=args.ci,
            random_seed=args.seed,
            progress=sys.stderr.isatty(),  # a progress bar on a terminal, not in logs
        )
        report.table(effects.summary(), "effects", "Direct, indirect and total effects")
    caption = (
        "Path diagram: standardized path coefficients between the constructs with significance "
        "marks and 95% intervals, items with standardized loadings, R² of each explained "
        "construct."
    )
    if graphviz_available():
        report.image(render_path_diagram(result), "path_diagram", caption + " Layout: Graphviz.")
    else:
        with report_figure(report, "path_diagram", caption, figsize=(10, 6.5)) as ax:
            plot_path_diagram(result, ax=ax)
        report.text(
            "Install Graphviz (`apt install graphviz`, `pip install graphviz`) for a diagram "
            "laid out to stay readable with many constructs."
        )
    return report.write()


def _run_groups(args: argparse.Namespace) -> Path:
    """Fit the model in every group of ``--group`` and write the report."""
    from loyaltymodels.sem.group_model import fit_group_sem

    if args.missing != "listwise":
        raise LoyaltyDataError("--group fits use complete rows; --missing fiml needs one group.")
    report, description, data = model_and_data(args, "Multiple-group structural equation model")
    result = fit_group_sem(
        description,
        data,
        group=args.group,
        group_equal=tuple(args.group_equal),
        group_partial=tuple(args.group_partial),
        estimator=args.estimator,
    )
    report.fact("Rows in the file", len(data))
    add_result_facts(report, result)
    report.fact("Estimator", args.estimator)
    report.table(result.params, "params", "Parameter estimates by group")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    report.table(result.group_fit, "group_fit", "Chi-square contribution per group")
    if result.group_equal:
        report.table(result.score_tests(), "score_tests", "Score tests of the equalities")
    report.table(
        result.modification_indices(min_mi=3.84), "modification_indices", "Modification indices"
    )
    for level, found in result.problems.items():
        report.warn(f"Improper solution in group {level}: " + "; ".join(found))
    return report.write()
