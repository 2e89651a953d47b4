"""``loyaltymodels servqual``: SERVQUAL gap scores from expectation and perception files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.report import AnalysisReport
from loyaltymodels.report.command import add_output_arguments, command_report, read_table

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``servqual`` arguments to the subcommand's parser."""
    parser.add_argument("expectations", help="CSV/Parquet, one row per respondent, q1-q22")
    parser.add_argument("perceptions", help="CSV/Parquet with the same respondents, q1-q22")
    parser.add_argument(
        "--weights", default=None, help="CSV/Parquet of 100-point allocations by dimension"
    )
    parser.add_argument(
        "--normalise", action="store_true", help="rescale each respondent's weights to sum 1"
    )
    parser.add_argument(
        "--id-col", default=None, help="respondent id column in every file (default: row order)"
    )
    parser.add_argument(
        "--adequate",
        default=None,
        help="CSV/Parquet of adequate-service answers q1-q22: adds the zone of tolerance "
        "(the expectations file is then the desired service)",
    )
    parser.add_argument(
        "--importance",
        default=None,
        help="CSV/Parquet of importance answers q1-q22: adds importance-performance analysis",
    )
    parser.add_argument(
        "--segment-col",
        default=None,
        help="column of the perceptions file naming each respondent's segment",
    )
    add_output_arguments(parser, "results/servqual")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels servqual``; return the ``report.md`` written."""
    from loyaltymodels.plotting import plot_gaps
    from loyaltymodels.servqual import score

    files = [args.expectations, args.perceptions, args.weights, args.adequate, args.importance]
    report = command_report(args, "SERVQUAL gap scores", files)
    expectations = read_table(args.expectations, index_col=args.id_col, what="expectations file")
    perceptions = read_table(args.perceptions, index_col=args.id_col, what="perceptions file")
    weights = (
        None
        if args.weights is None
        else read_table(args.weights, index_col=args.id_col, what="weights file")
    )
    segments = None
    if args.segment_col is not None:
        if args.segment_col not in perceptions.columns:
            raise LoyaltyDataError(
                f"perceptions file {args.perceptions} has no column '{args.segment_col}'; it "
                f"has {list(perceptions.columns)}."
            )
        segments = perceptions[args.segment_col]
        perceptions = perceptions.drop(columns=args.segment_col)
    result = score(expectations, perceptions, weights=weights, normalise=args.normalise)
    report.fact("N used", len(result.respondent_scores))
    report.fact("Rows dropped", f"{len(expectations) - len(result.respondent_scores):,}")
    report.fact("Estimator", "mean gap (perception - expectation), t intervals")
    report.table(result.dimensions, "dimensions", "Gaps by dimension and overall")
    report.table(result.items, "items", "Gaps by item")
    result.respondent_scores.to_csv(report.directory / "respondents.csv")
    report.text("Each respondent's gap scores: `respondents.csv`.")
    with report_figure(
        report,
        "dimension_gaps",
        "Mean gap (perception minus expectation) per dimension with its 95% interval; below "
        "zero the service falls short of what customers expect.",
    ) as ax:
        plot_gaps(result, ax=ax)
        ax.axvline(0.0, color="black", linewidth=0.8)
    _reliability(report, expectations, perceptions)
    if args.adequate is not None:
        adequate = read_table(args.adequate, index_col=args.id_col, what="adequate file")
        _tolerance(report, adequate, expectations, perceptions)
    if args.importance is not None:
        importance = read_table(args.importance, index_col=args.id_col, what="importance file")
        _ipa(report, importance, perceptions)
    if segments is not None:
        _segments(report, result, segments)
    return report.write()


def _reliability(
    report: AnalysisReport, expectations: pd.DataFrame, perceptions: pd.DataFrame
) -> None:
    from loyaltymodels.servqual import gap_reliability

    reliability = gap_reliability(expectations, perceptions)
    report.table(
        reliability.table,
        "reliability",
        "Cronbach's alpha (Feldt interval) of expectations, perceptions and gaps, and the "
        "reliability of the difference score (Peter, Churchill & Brown 1993)",
    )


def _tolerance(
    report: AnalysisReport,
    adequate: pd.DataFrame,
    desired: pd.DataFrame,
    perceptions: pd.DataFrame,
) -> None:
    from loyaltymodels.plotting import plot_zone_of_tolerance
    from loyaltymodels.servqual import zone_of_tolerance

    zone = zone_of_tolerance(adequate, desired, perceptions)
    report.table(
        zone.dimensions,
        "zone_of_tolerance",
        "Zone of tolerance by dimension (adequate to desired service; MSA = perceived - "
        "adequate, MSS = perceived - desired)",
        formats={c: "percent" for c in ("share_below", "share_within", "share_above")},
    )
    if zone.n_inverted:
        report.warn(
            f"{zone.n_inverted:,} item answers rate adequate service above desired service; "
            "they are kept in the MSA/MSS means and left out of the zone shares."
        )
    with report_figure(
        report,
        "zone_of_tolerance",
        "Zone of tolerance per dimension (bar: adequate to desired service) and the mean "
        "perceived service.",
    ) as ax:
        plot_zone_of_tolerance(zone, ax=ax)


def _ipa(report: AnalysisReport, importance: pd.DataFrame, perceptions: pd.DataFrame) -> None:
    from loyaltymodels.plotting import plot_ipa
    from loyaltymodels.servqual import importance_performance

    ipa = importance_performance(importance, perceptions, crosshair="mean")
    report.table(ipa.table, "ipa", "Importance-performance analysis (Martilla & James 1977)")
    with report_figure(
        report,
        "ipa",
        "Importance-performance grid, crosshair at the means of the attribute means: "
        "'concentrate here' marks important attributes that perform below average.",
        figsize=(7, 6),
    ) as ax:
        plot_ipa(ipa, ax=ax)


def _segments(report: AnalysisReport, result: Any, segments: pd.Series) -> None:
    from loyaltymodels.plotting import plot_segment_gaps
    from loyaltymodels.servqual import compare_segments

    compared = compare_segments(result, segments)
    report.table(compared.means, "segment_gaps", "Gaps by segment with 95% intervals")
    report.table(
        compared.tests, "segment_tests", "Equal gaps in every segment? Welch's ANOVA, Holm-adjusted"
    )
    caption = "Mean gap per dimension and segment with 95% intervals."
    with report_figure(report, "segment_gaps", caption) as ax:
        plot_segment_gaps(compared, ax=ax)
