"""``loyaltymodels invariance``: the measurement-invariance ladder across groups or waves.

With ``--group`` the model file holds any measurement model and the ladder runs across the
groups; with ``--waves w1 w2 w3`` it holds one construct written with item stems
(``loyalty =~ loy1 + loy2 + loy3``), the item of stem ``s`` at wave ``w`` is the column
``s_w``, and the ladder runs over the waves (:func:`~loyaltymodels.sem.longitudinal_invariance`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import model_and_data, passed_on
from loyaltymodels.report.command import add_output_arguments
from loyaltymodels.sem.command import ML_ESTIMATORS

__all__ = ["add_arguments", "run"]

_LEVELS = ["configural", "metric", "scalar", "strict", "means", "lv.variances", "lv.covariances"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``invariance`` arguments to the subcommand's parser."""
    parser.add_argument("model", help="UTF-8 text file with the lavaan-style measurement model")
    parser.add_argument("data", help="CSV/Parquet, one row per respondent, items and the group")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--group", help="column of the groups")
    where.add_argument(
        "--waves",
        nargs="+",
        help="survey waves: the model names one construct by item stems, columns STEM_WAVE",
    )
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
    """Run ``loyaltymodels invariance``; return the ``report.md`` written."""
    from loyaltymodels.plotting import plot_invariance
    from loyaltymodels.sem.invariance import measurement_invariance
    from loyaltymodels.sem.longitudinal import longitudinal_invariance

    report, description, data = model_and_data(args, "Measurement invariance")
    ladder_options = passed_on(args, "estimator", "levels", "partial")
    if args.waves:
        construct, stems = _construct_and_stems(description)
        waves = {wave: [f"{stem}_{wave}" for stem in stems] for wave in args.waves}
        ladder = longitudinal_invariance(waves, data, construct=construct, **ladder_options)
    else:
        ladder = measurement_invariance(description, data, group=args.group, **ladder_options)
    report.fact("Rows in the file", len(data))
    report.fact("Estimator", args.estimator)
    report.table(ladder.params.reset_index(), "ladder", "Invariance ladder")
    if len(ladder.params) > 1:
        with report_figure(
            report,
            "invariance",
            "Change in CFI and RMSEA from each level to the one before; a bar beyond its dashed "
            "line flags the level (Cheung & Rensvold 2002; Chen 2007).",
        ) as ax:
            plot_invariance(ladder, ax=ax)
    for level, table in ladder.score_tests.items():
        report.table(table, f"score_tests_{level}", f"Score tests of the {level} equalities")
    return report.write()


def _construct_and_stems(description: str) -> tuple[str, list[str]]:
    """Read ``construct =~ stem1 + stem2 + ...`` (one line) from a model file for ``--waves``."""
    lines = [line.strip() for line in description.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    if len(lines) != 1 or "=~" not in lines[0]:
        raise LoyaltyDataError(
            "with --waves the model file holds one line 'construct =~ stem1 + stem2 + ...' "
            "(the column of stem s at wave w is s_w)."
        )
    construct, items = (part.strip() for part in lines[0].split("=~", 1))
    return construct, [item.strip() for item in items.split("+") if item.strip()]
