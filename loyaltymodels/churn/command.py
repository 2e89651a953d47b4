"""``loyaltymodels retention``: the shifted-beta-geometric model of contract renewals."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import check_horizon
from loyaltymodels.report.command import (
    NO_INTERVAL,
    add_output_arguments,
    add_result_facts,
    command_report,
    point_estimates_only,
    read_table,
)

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``retention`` arguments to the subcommand's parser."""
    parser.add_argument(
        "counts", help="CSV/Parquet: a period column and one column of active customers per cohort"
    )
    parser.add_argument("--period-col", default="period", help="column numbering the periods")
    parser.add_argument("--method", choices=["mle", "map", "nuts"], default="mle", help="estimator")
    parser.add_argument(
        "--horizon", type=int, default=12, help="periods to project (the counts' period)"
    )
    parser.add_argument(
        "--discount-rate",
        type=float,
        default=0.1,
        help="discount rate per period for DERL, > 0 (0.1 = 10%%)",
    )
    add_output_arguments(parser, "results/retention", seed=True)


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels retention``; return the ``report.md`` written."""
    from loyaltymodels.churn import ShiftedBetaGeometric
    from loyaltymodels.plotting import plot_retention_rate, plot_sbg_survival

    check_horizon(args.horizon, "periods")
    if not math.isfinite(args.discount_rate) or args.discount_rate <= 0:
        raise LoyaltyDataError(
            f"--discount-rate must be > 0 for the discounted expected residual lifetime, got "
            f"{args.discount_rate}; without discounting the expected lifetime can be infinite."
        )
    report = command_report(args, "Contractual retention (shifted-beta-geometric)", [args.counts])
    counts = read_table(args.counts, index_col=args.period_col, what="counts file")
    result = ShiftedBetaGeometric().fit(counts, method=args.method, random_seed=args.seed)
    report.fact("Cohorts", ", ".join(str(c) for c in result.cohorts))
    add_result_facts(report, result)
    report.table(result.params, "params", "Parameter estimates")
    survival = point_estimates_only(result.survival(args.horizon))
    point = "sd" not in survival.columns
    note = f" ({NO_INTERVAL}; --method nuts for intervals)" if point else " (95% intervals)"
    report.fact("Intervals", note.strip(" ()"))
    report.table(
        survival, "survival", "Projected survival (share of the cohort still active)" + note
    )
    report.table(
        point_estimates_only(result.retention_rate(args.horizon)),
        "retention",
        "Projected retention rates per period" + note,
    )
    report.table(
        point_estimates_only(result.derl(args.discount_rate)),
        "derl",
        f"Discounted expected residual lifetime (periods; discount rate {args.discount_rate:g} "
        "per period)" + note,
    )
    with report_figure(
        report,
        "survival",
        "Observed share of each cohort still active (crosses) and the model's survival curve"
        + ("." if point else " with its 95% interval."),
    ) as ax:
        plot_sbg_survival(result, periods=args.horizon, observed=counts, ax=ax)
    with report_figure(
        report,
        "retention",
        "Projected retention rate per period" + ("." if point else " with its 95% interval."),
    ) as ax:
        plot_retention_rate(result, periods=args.horizon, ax=ax)
    return report.write()
