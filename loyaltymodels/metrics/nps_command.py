"""``loyaltymodels nps``: Net Promoter Score with standard error and interval."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report import AnalysisReport
from loyaltymodels.report.command import add_output_arguments, command_report, read_table

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``nps`` arguments.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
    parser.add_argument("answers", help="CSV/Parquet with 0-10 answers, one row per respondent")
    parser.add_argument("--column", required=True, help="column with the 0-10 answers")
    parser.add_argument("--segment-col", default=None, help="column naming each segment")
    parser.add_argument(
        "--missing",
        choices=["raise", "exclude"],
        default="raise",
        help="missing answers: refuse the file, or exclude and count them",
    )
    add_output_arguments(parser, "results/nps")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels nps``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed arguments.

    Returns
    -------
    pathlib.Path
        The written ``report.md``.
    """
    from loyaltymodels.metrics import nps, nps_by_segment

    report = command_report(args, "Net Promoter Score", [args.answers])
    answers = read_table(args.answers, what="answers file")
    if args.column not in answers.columns:
        raise LoyaltyDataError(
            f"{args.answers} has no column '{args.column}'; it has {list(answers.columns)}."
        )
    overall = nps(answers[args.column], missing=args.missing)
    report.fact("Rows in the file", len(answers))
    report.fact("N used", overall.n)
    report.fact("Rows dropped", f"{overall.n_missing:,} (missing answers excluded)")
    report.fact("Estimator", f"NPS = % promoters - % detractors, {overall.method} interval")
    if overall.n_missing:
        report.warn(f"{overall.n_missing:,} missing answer(s) excluded from every score.")
    counts = ["n", "promoters", "passives", "detractors", "n_missing"]
    formats = {column: "count" for column in counts}
    report.table(overall.summary(), "nps", "Net Promoter Score (all answers)", formats=formats)
    if args.segment_col:
        table = nps_by_segment(answers, args.column, args.segment_col, missing=args.missing)
        report.table(table, "nps_by_segment", "NPS by segment", formats=formats)
        _segment_figure(report, table)
    return report.write()


def _segment_figure(report: AnalysisReport, table: pd.DataFrame) -> None:
    import matplotlib.pyplot as plt

    from loyaltymodels.plotting import plot_nps_segments

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(table) + 1.8))
    plot_nps_segments(table, ax=ax)
    report.figure(
        fig,
        "nps_by_segment",
        "NPS per segment with its 95% interval (the dashed line is all answers).",
    )
    plt.close(fig)
