"""``loyaltymodels nps``: Net Promoter Score with standard error and interval."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.report import AnalysisReport
from loyaltymodels.report.command import add_output_arguments, command_report, read_table

__all__ = ["add_arguments", "pairwise_tests", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``nps`` arguments to the subcommand's parser."""
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
    """Run ``loyaltymodels nps``; return the ``report.md`` written."""
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
        pairs = pairwise_tests(answers, args.column, args.segment_col, missing=args.missing)
        if not pairs.empty:
            report.table(
                pairs,
                "nps_pairwise",
                "Does NPS differ between two segments? Difference (first minus second) in "
                "points, z test on the trinomial standard errors (Rocks 2016), p-values "
                "Holm-adjusted over all pairs",
                formats={"n_a": "count", "n_b": "count"},
            )
    return report.write()


def pairwise_tests(
    answers: pd.DataFrame,
    column: str,
    segment_col: str,
    *,
    missing: Literal["raise", "exclude"] = "raise",
) -> pd.DataFrame:
    """Test every pair of segments for equal NPS, with Holm-adjusted p-values.

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per respondent.
    column, segment_col : str
        The 0-10 answers and the segment names.
    missing : {"raise", "exclude"}, default "raise"
        What to do with missing answers.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``segment_a``, ``segment_b``): the columns of
        :func:`~loyaltymodels.metrics.nps_difference` plus ``p_holm`` (Holm 1979).
    """
    from itertools import combinations

    from statsmodels.stats.multitest import multipletests

    from loyaltymodels.metrics import nps_difference

    groups = {
        label: group[column]
        for label, group in answers.groupby(segment_col, sort=True, observed=True)
    }
    rows = {
        (a, b): nps_difference(groups[a], groups[b], missing=missing).iloc[0]
        for a, b in combinations(groups, 2)
    }
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(list(rows), names=["segment_a", "segment_b"])
    table["p_holm"] = multipletests(table["p_value"].to_numpy(), method="holm")[1]
    return table


def _segment_figure(report: AnalysisReport, table: pd.DataFrame) -> None:
    from loyaltymodels.plotting import plot_nps_segments

    with report_figure(
        report,
        "nps_by_segment",
        "NPS per segment with its 95% interval (the dashed line is all answers).",
        figsize=(8, 0.45 * len(table) + 1.8),
    ) as ax:
        plot_nps_segments(table, ax=ax)
