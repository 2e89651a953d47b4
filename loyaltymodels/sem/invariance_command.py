"""``loyaltymodels invariance``: the measurement-invariance ladder across groups."""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels.report.command import (
    add_output_arguments,
    command_report,
    read_table,
    read_text,
)
from loyaltymodels.sem.command import ML_ESTIMATORS

__all__ = ["add_arguments", "run"]

_LEVELS = ["configural", "metric", "scalar", "strict", "means", "lv.variances", "lv.covariances"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``invariance`` arguments to the subcommand's parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
    parser.add_argument("model", help="UTF-8 text file with the lavaan-style measurement model")
    parser.add_argument("data", help="CSV/Parquet, one row per respondent, items and the group")
    parser.add_argument("--group", required=True, help="column of the groups")
    parser.add_argument(
        "--estimator",
        choices=ML_ESTIMATORS,
        default="ML",
        help="ML, or MLM/MLR with Satorra-Bentler (2001) scaled difference tests",
    )
    parser.add_argument(
        "--levels",
        nargs="+",
        choices=_LEVELS,
        default=["configural", "metric", "scalar", "strict"],
        help="the ladder's levels, in order",
    )
    parser.add_argument(
        "--partial", nargs="*", default=[], help="parameters left free, lavaan syntax 'x3~1'"
    )
    add_output_arguments(parser, "results/invariance")


def run(args: argparse.Namespace) -> Path:
    """Fit the invariance ladder and write its report.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed ``invariance`` arguments.

    Returns
    -------
    pathlib.Path
        The written ``report.md``.
    """
    import matplotlib.pyplot as plt

    from loyaltymodels.plotting import plot_invariance
    from loyaltymodels.sem.invariance import measurement_invariance

    report = command_report(args, "Measurement invariance", [args.model, args.data])
    description = read_text(args.model, "model file")
    data = read_table(args.data)
    ladder = measurement_invariance(
        description,
        data,
        group=args.group,
        estimator=args.estimator,
        levels=args.levels,
        partial=args.partial,
    )
    report.fact("Rows in the file", len(data))
    report.fact("Estimator", args.estimator)
    report.table(ladder.params.reset_index(), "ladder", "Invariance ladder")
    if len(ladder.params) > 1:
        fig, ax = plt.subplots(figsize=(8, 4.5))
        plot_invariance(ladder, ax=ax)
        report.figure(
            fig,
            "invariance",
            "Change in CFI and RMSEA from each level to the one before; a bar beyond its dashed "
            "line flags the level (Cheung & Rensvold 2002; Chen 2007).",
        )
        plt.close(fig)
    for level, table in ladder.score_tests.items():
        report.table(table, f"score_tests_{level}", f"Score tests of the {level} equalities")
    return report.write()
