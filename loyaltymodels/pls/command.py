"""``loyaltymodels pls model.txt data.csv --bootstrap 5000 --out DIR``: PLS-SEM from the shell.

Writes the estimates and assessment tables (CSV at full precision), the path diagram, and on
request the bootstrap table, PLSpredict metrics and an importance-performance map, with a
``report.md`` listing them, to ``--out``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_options import model_and_data, passed_on
from loyaltymodels.report.command import add_output_arguments, add_result_facts

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``pls`` arguments to the subcommand's parser."""
    parser.add_argument("model", help="text file: '=~' reflective, '<~' composite, '~' paths")
    parser.add_argument("data", help="CSV/Parquet, one row per respondent, one column per item")
    parser.add_argument("--scheme", choices=["path", "factorial", "centroid"], default="path")
    parser.add_argument("--consistent", action="store_true", help="consistent PLS (PLSc)")
    parser.add_argument("--missing", choices=["listwise", "mean"], default="listwise")
    parser.add_argument("--bootstrap", type=int, default=0, help="resamples (0: none)")
    parser.add_argument("--ci", choices=["bca", "percentile"], default="bca")
    parser.add_argument(
        "--predict",
        type=int,
        default=0,
        metavar="FOLDS",
        help="PLSpredict with FOLDS folds x 10 repeats (0: none)",
    )
    parser.add_argument(
        "--ipma",
        default=None,
        metavar="TARGET",
        help="importance-performance map of this construct (needs --scale)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        nargs=2,
        default=None,
        metavar=("LOW", "HIGH"),
        help="lowest and highest possible item value, for --ipma",
    )
    parser.add_argument("--seed", type=int, default=None)
    add_output_arguments(parser, "results/pls")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels pls``; return the ``report.md`` written."""
    from loyaltymodels.pls.model import PLS
    from loyaltymodels.pls.tables import report_pls

    if args.ipma is not None and args.scale is None:
        raise LoyaltyDataError("--ipma needs --scale LOW HIGH, e.g. --scale 1 10.")
    report, description, data = model_and_data(args, "PLS path model")
    model = PLS(description, **passed_on(args, "scheme", "consistent", "missing"))
    result = model.fit(data)
    add_result_facts(report, result)
    report.fact("N used", result.n_obs)
    report.fact("Rows dropped", f"{result.n_excluded:,} (incomplete rows)")
    report.fact("Estimator", "PLSc" if args.consistent else f"PLS, {args.scheme} weighting")
    report_pls(
        report,
        result,
        bootstrap=result.bootstrap(args.bootstrap, ci=args.ci, random_seed=args.seed)
        if args.bootstrap > 0
        else None,
        prediction=result.predict(args.predict, 10, random_seed=args.seed)
        if args.predict > 0
        else None,
        ipma=result.ipma(args.ipma, scale=tuple(args.scale)) if args.ipma else None,
    )
    return report.write()
