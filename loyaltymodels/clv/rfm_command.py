"""``loyaltymodels rfm``: summarise a transaction log into frequency, recency, T and spend.

Writes the summary (CSV or Parquet) and its sidecar ``<file>.meta.json`` stating the time unit
and period ends, which ``loyaltymodels clv`` reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import passed_on
from loyaltymodels.report import AnalysisReport
from loyaltymodels.report.command import check_input_file, check_output_file, command_report

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``rfm`` arguments to the subcommand's parser."""
    parser.add_argument("transactions", help="CSV/Parquet transaction log, one row per purchase")
    parser.add_argument("--customer-col", required=True, help="column with the customer ids")
    parser.add_argument("--datetime-col", required=True, help="column with the purchase dates")
    parser.add_argument("--monetary-col", default=None, help="column with the purchase amounts")
    parser.add_argument(
        "--observation-end", default=None, help="last day observed (default: the last purchase)"
    )
    parser.add_argument(
        "--calibration-end", default=None, help="end of calibration; later purchases = holdout"
    )
    parser.add_argument(
        "--time-unit",
        choices=["D", "W", "M", "Y"],
        default="W",
        help="unit of recency and T: days, weeks, months, years",
    )
    parser.add_argument(
        "--out", default="summary.csv", help="CSV or Parquet file to write (.csv, .parquet)"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing --out file and --report"
    )
    parser.add_argument(
        "--report",
        default=None,
        help="also write a report (report.md/.html, figures) to this folder",
    )
    parser.add_argument(
        "--segments",
        action="store_true",
        help="with --report: RFM scores (quintiles) and named segments per customer",
    )


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels rfm``; return the summary written (with ``--report``: the report)."""
    from loyaltymodels.clv import rfm_summary
    from loyaltymodels.clv.summary_file import SUMMARY_SUFFIXES, write_summary

    out = check_output_file(args.out, args.overwrite, SUMMARY_SUFFIXES)
    source = check_input_file(args.transactions, "transaction file")
    report = None
    if args.report is not None:
        title = "Customer summary (RFM)"
        report = command_report(args, title, [args.transactions], out=args.report)
    columns = passed_on(args, "customer_col", "datetime_col", "monetary_col")
    periods = passed_on(args, "observation_end", "calibration_end", "time_unit")
    summary = rfm_summary(source, **columns, **periods)
    write_summary(summary, out, source=str(source.resolve()), columns=columns)
    if report is None:
        return out
    _report(report, summary, out, args.segments)
    return report.write()


def _report(report: AnalysisReport, summary: pd.DataFrame, out: Path, segments: bool) -> None:
    unit = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}[summary.attrs["time_unit"]]
    report.fact("Customers", len(summary))
    report.fact("Transactions", int(summary.attrs.get("n_transactions", 0)))
    report.fact("Time unit", f"{unit} (recency and T)")
    report.fact("Summary written to", f"`{out.resolve()}` (time unit in `{out.name}.meta.json`)")
    born = int(summary.attrs.get("n_customers_born_after_calibration", 0))
    if born:
        report.warn(
            f"{born:,} customers made their first purchase after the calibration end; they "
            "are not in the summary."
        )
    columns = [c for c in ("frequency", "recency", "T", "monetary_value") if c in summary]
    report.table(
        summary[columns]
        .describe(percentiles=[0.1, 0.5, 0.9])
        .T.rename(columns={"count": "customers"}),
        "summary_overview",
        f"Repeat purchases (frequency), recency and T in {unit}, mean repeat spend",
        formats={"customers": "count"},
    )
    one_time = float((summary["frequency"] == 0).mean())
    report.text(f"{one_time:.0%} of the customers made no repeat purchase.")
    with report_figure(
        report,
        "summary",
        "Customers by number of repeat purchases, and by time since their last purchase.",
        figsize=(11, 4),
        ncols=2,
    ) as axes:
        counts = summary["frequency"].clip(upper=10).value_counts().sort_index()
        axes[0].bar(counts.index.astype(int), counts.to_numpy(), color="#0072B2")
        axes[0].set_xticks(range(11), [*map(str, range(10)), "10+"])
        axes[0].set_xlabel("Repeat purchases (frequency)")
        axes[0].set_ylabel("Customers")
        axes[1].hist(summary["T"] - summary["recency"], bins=30, color="#E69F00")
        axes[1].set_xlabel(f"Time since the last purchase ({unit})")
        axes[1].set_ylabel("Customers")
    if segments:
        from loyaltymodels.metrics import rfm_scores, rfm_segments

        monetary = "monetary_value" if "monetary_value" in summary else None
        scored = rfm_segments(rfm_scores(summary, monetary=monetary, age="T"))
        scored.to_csv(report.directory / "rfm_segments.csv")
        sizes = scored["segment"].value_counts(sort=False).rename("customers").to_frame()
        sizes["share"] = sizes["customers"] / len(scored)
        report.table(
            sizes,
            "segment_sizes",
            "RFM segments (quintile scores; recency scored as time since the last purchase)",
            formats={"customers": "count", "share": "percent"},
        )
        report.text("Each customer's scores and segment: `rfm_segments.csv`.")
        height = 0.35 * len(sizes) + 1.2
        with report_figure(
            report, "segments", "Customers per RFM segment.", figsize=(8, height)
        ) as ax:
            ax.barh([str(name).replace("_", " ") for name in sizes.index], sizes["customers"])
            ax.invert_yaxis()
            ax.set_xlabel("Customers")
