"""``loyaltymodels servqual``: SERVQUAL gap scores from expectation and perception files."""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels.report.command import add_output_arguments, command_report, read_table

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``servqual`` arguments.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
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
    add_output_arguments(parser, "results/servqual")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels servqual``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed arguments.

    Returns
    -------
    pathlib.Path
        The written ``report.md``.
    """
    import matplotlib.pyplot as plt

    from loyaltymodels.plotting import plot_gaps
    from loyaltymodels.servqual import score

    files = [args.expectations, args.perceptions, args.weights]
    report = command_report(args, "SERVQUAL gap scores", files)
    expectations = read_table(args.expectations, index_col=args.id_col, what="expectations file")
    perceptions = read_table(args.perceptions, index_col=args.id_col, what="perceptions file")
    weights = (
        None
        if args.weights is None
        else read_table(args.weights, index_col=args.id_col, what="weights file")
    )
    result = score(expectations, perceptions, weights=weights, normalise=args.normalise)
    report.fact("N used", len(result.respondent_scores))
    report.fact("Rows dropped", f"{len(expectations) - len(result.respondent_scores):,}")
    report.fact("Estimator", "mean gap (perception - expectation), t intervals")
    report.table(result.dimensions, "dimensions", "Gaps by dimension and overall")
    report.table(result.items, "items", "Gaps by item")
    result.respondent_scores.to_csv(report.directory / "respondents.csv")
    report.text("Each respondent's gap scores: `respondents.csv`.")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    plot_gaps(result, ax=ax)
    ax.axvline(0.0, color="black", linewidth=0.8)
    report.figure(
        fig,
        "dimension_gaps",
        "Mean gap (perception minus expectation) per dimension with its 95% interval; below "
        "zero the service falls short of what customers expect.",
    )
    plt.close(fig)
    return report.write()
