"""``loyaltymodels sem``: fit a structural equation model (lavaan syntax) to survey data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report.command import (
    add_output_arguments,
    add_result_facts,
    command_report,
    read_table,
    read_text,
)

__all__ = ["add_arguments", "run"]


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
    add_output_arguments(parser, "results/sem", seed=True)


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels sem``; return the ``report.md`` written."""
    import matplotlib.pyplot as plt

    from loyaltymodels.plotting import plot_path_diagram
    from loyaltymodels.plotting.path_graph import graphviz_available, render_path_diagram
    from loyaltymodels.sem import SEM

    if args.bootstrap < 0:
        raise LoyaltyDataError(
            f"--bootstrap must be 0 (no bootstrap) or a positive number of resamples, got "
            f"{args.bootstrap}."
        )
    report = command_report(args, "Structural equation model", [args.model, args.data])
    description = read_text(args.model, "model file")
    data = read_table(args.data)
    result = SEM(description, missing=args.missing).fit(data)
    report.fact("Rows in the file", len(data))
    add_result_facts(report, result)
    report.table(result.params, "params", "Parameter estimates")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    report.table(result.r2.to_frame("r2"), "r2", "R-squared")
    report.table(result.reliability(), "reliability", "Reliability and convergent validity")
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
        fig, ax = plt.subplots(figsize=(10, 6.5))
        plot_path_diagram(result, ax=ax)
        report.figure(fig, "path_diagram", caption)
        plt.close(fig)
        report.text(
            "Install Graphviz (`apt install graphviz`, `pip install graphviz`) for a diagram "
            "laid out to stay readable with many constructs."
        )
    return report.write()
