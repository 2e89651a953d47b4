"""``loyaltymodels rfm``: summarise a transaction log into frequency, recency, T and spend.

Writes the summary (CSV or Parquet) and its sidecar ``<file>.meta.json`` stating the time unit
and period ends, which ``loyaltymodels clv`` reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels.report.command import check_input_file, check_output_file

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``rfm`` arguments.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
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
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out file")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels rfm``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed arguments.

    Returns
    -------
    pathlib.Path
        The written summary.
    """
    from loyaltymodels.clv import rfm_summary
    from loyaltymodels.clv.summary_file import SUMMARY_SUFFIXES, write_summary

    out = check_output_file(args.out, args.overwrite, SUMMARY_SUFFIXES)
    source = check_input_file(args.transactions, "transaction file")
    summary = rfm_summary(
        source,
        customer_col=args.customer_col,
        datetime_col=args.datetime_col,
        monetary_col=args.monetary_col,
        observation_end=args.observation_end,
        calibration_end=args.calibration_end,
        time_unit=args.time_unit,
    )
    write_summary(summary, out, source=str(source.resolve()))
    return out
