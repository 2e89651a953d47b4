"""Command-line parts of the SEM: groups and estimators for ``sem``, and ``invariance``.

``loyaltymodels sem model.txt survey.csv --group region --group-equal loadings intercepts
--estimator MLR`` fits a multiple-group model; ``loyaltymodels invariance model.txt
survey.csv --group region --estimator MLR --out results/invariance`` writes the invariance
ladder with its difference tests, flags and score tests. This module imports nothing heavy at
load time, so registering it costs the command nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report import AnalysisReport

__all__ = ["add_arguments", "add_invariance_arguments", "run_group", "run_invariance"]

_ESTIMATORS = ["ML", "MLM", "MLR"]
_KINDS = [
    "loadings",
    "intercepts",
    "means",
    "residuals",
    "residual.covariances",
    "lv.variances",
    "lv.covariances",
    "regressions",
]
_LEVELS = ["configural", "metric", "scalar", "strict", "means", "lv.variances", "lv.covariances"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--group``, ``--group-equal``, ``--group-partial`` and ``--estimator`` to ``sem``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The ``sem`` subcommand's parser.
    """
    parser.add_argument("--estimator", choices=_ESTIMATORS, default="ML")
    parser.add_argument("--group", default=None, help="column of the groups (segment, region)")
    parser.add_argument(
        "--group-equal", nargs="*", default=[], choices=_KINDS, help="kinds equal across groups"
    )
    parser.add_argument(
        "--group-partial", nargs="*", default=[], help="parameters freed again, e.g. 'x3~1'"
    )


def add_invariance_arguments(parser: argparse.ArgumentParser) -> None:
    """Define the ``invariance`` subcommand's arguments.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The ``invariance`` subcommand's parser.
    """
    parser.add_argument("model", help="text file with the lavaan-style measurement model")
    parser.add_argument("data", help="CSV/Parquet, one row per respondent, items and the group")
    parser.add_argument("--group", required=True, help="column of the groups")
    parser.add_argument("--estimator", choices=_ESTIMATORS, default="ML")
    parser.add_argument(
        "--levels", nargs="+", choices=_LEVELS, default=["configural", "metric", "scalar", "strict"]
    )
    parser.add_argument("--partial", nargs="*", default=[], help="parameters left free, 'x3~1'")
    parser.add_argument("--out", default="results/invariance")


def _read(args: argparse.Namespace) -> tuple[str, pd.DataFrame]:
    from loyaltymodels.cli import read_table

    path = Path(args.model)
    if not path.is_file():
        raise LoyaltyDataError(f"model file {path} does not exist.")
    return path.read_text(encoding="utf-8"), read_table(args.data)


def _report(out: str, title: str) -> AnalysisReport:
    path = Path(out)
    return AnalysisReport(name=path.name, title=title, root=path.parent)


def run_group(args: argparse.Namespace) -> Path:
    """Fit the ``sem`` command's model in several groups and write its report.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed ``sem`` arguments with ``group`` set.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    from loyaltymodels.sem.group_model import fit_group_sem

    description, data = _read(args)
    result = fit_group_sem(
        description,
        data,
        group=args.group,
        group_equal=tuple(args.group_equal),
        group_partial=tuple(args.group_partial),
        estimator=args.estimator,
    )
    report = _report(args.out, "Multiple-group structural equation model")
    report.table(result.params, "params", "Parameter estimates by group")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    report.table(result.group_fit, "group_fit", "Chi-square contribution per group")
    if result.group_equal:
        report.table(result.score_tests(), "score_tests", "Score tests of the equalities")
    report.table(
        result.modification_indices(min_mi=3.84), "modification_indices", "Modification indices"
    )
    for level, found in result.problems.items():
        report.text(f"**Improper solution in group {level}:** " + "; ".join(found))
    return report.write()


def run_invariance(args: argparse.Namespace) -> Path:
    """Fit the invariance ladder and write its report.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed ``invariance`` arguments.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    from loyaltymodels.sem.invariance import measurement_invariance

    description, data = _read(args)
    ladder = measurement_invariance(
        description,
        data,
        group=args.group,
        estimator=args.estimator,
        levels=args.levels,
        partial=args.partial,
    )
    report = _report(args.out, "Measurement invariance")
    report.table(ladder.params.reset_index(), "ladder", "Invariance ladder")
    for level, table in ladder.score_tests.items():
        report.table(table, f"score_tests_{level}", f"Score tests of the {level} equalities")
    return report.write()
