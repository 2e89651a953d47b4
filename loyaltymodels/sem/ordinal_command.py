"""``loyaltymodels sem --ordered``: a SEM of ordinal items (WLSMV, DWLS, ULSMV) from the CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_options import model_and_data
from loyaltymodels.report.command import add_result_facts

__all__ = ["ordered_argument", "run_ordinal"]


def ordered_argument(text: str) -> list[str] | bool:
    """Read ``--ordered``: ``all`` (every item) or a comma-separated list of items.

    Parameters
    ----------
    text : str
        The option's value.

    Returns
    -------
    list of str or True
        The items, or True for all.
    """
    if text.strip().lower() == "all":
        return True
    items = [name.strip() for name in text.split(",") if name.strip()]
    if not items:
        raise LoyaltyDataError(
            "--ordered needs 'all' or a comma-separated list of items, e.g. --ordered q1,q2."
        )
    return items


def run_ordinal(args: argparse.Namespace) -> Path:
    """Fit the model with ordinal items (one or several groups) and write the report.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``sem`` arguments (``ordered`` set).

    Returns
    -------
    pathlib.Path
        The ``report.md`` written.
    """
    from loyaltymodels.sem.ordinal_fit import fit_ordinal_sem, ordinal_options

    if args.bootstrap > 0:
        raise LoyaltyDataError(
            "--bootstrap is not available with --ordered; drop it (the WLSMV standard errors "
            "are robust)."
        )
    if args.group is None and (args.group_equal or args.group_partial):
        raise LoyaltyDataError("--group-equal and --group-partial need --group COLUMN.")
    ordered = ordered_argument(args.ordered)
    estimator = args.estimator or "WLSMV"
    ordinal_options(estimator, args.missing, ordered)
    report, description, data = model_and_data(args, "Structural equation model with ordinal items")
    result = fit_ordinal_sem(
        description,
        data,
        ordered=ordered,
        estimator=estimator,
        group=args.group,
        group_equal=tuple(args.group_equal),
        group_partial=tuple(args.group_partial),
    )
    report.fact("Rows in the file", len(data))
    add_result_facts(report, result)
    report.fact("Ordinal items", ", ".join(result.observed))
    report.table(result.params, "params", "Parameter estimates (thresholds: op '|')")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    if args.group is not None:
        report.table(result.group_fit, "group_fit", "Chi-square contribution per group")
    for level, matrix in zip(result.group_levels, result.polychoric, strict=True):
        name = "polychoric" if args.group is None else f"polychoric_{level}"
        title = "Polychoric correlations" + ("" if args.group is None else f", group {level}")
        report.table(matrix, name, title)
    report.table(result.sample_thresholds, "thresholds", "Thresholds from the margins")
    for level, found in result.problems.items():
        report.warn(f"Improper solution in group {level}: " + "; ".join(found))
    return report.write()
