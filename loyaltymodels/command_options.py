"""Options of the ``loyaltymodels`` subcommands: passing them on, checking them, their inputs.

What several subcommands (:mod:`loyaltymodels.cli`) do with the options their ``run(args)``
is given.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report.command import command_report, read_table, read_text

if TYPE_CHECKING:
    import pandas as pd

    from loyaltymodels.report import AnalysisReport

__all__ = ["check_horizon", "model_and_data", "passed_on"]


def passed_on(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """Pick the options that a subcommand passes unchanged to the function it calls.

    An option's name (its ``argparse`` destination, ``--customer-col`` -> ``customer_col``) is
    the keyword of the function's argument it sets.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options.
    *names : str
        The options' names.

    Returns
    -------
    dict of str to object
        ``{name: args.name}`` for each name, in the order given.

    Examples
    --------
    >>> passed_on(argparse.Namespace(method="mle", horizon=12, seed=1), "method", "horizon")
    {'method': 'mle', 'horizon': 12}
    """
    return {name: getattr(args, name) for name in names}


def check_horizon(horizon: int, unit: str) -> None:
    """Refuse a ``--horizon`` below one period.

    Parameters
    ----------
    horizon : int
        The option's value.
    unit : str
        The periods it counts, for the message (e.g. ``"months"``).

    Raises
    ------
    LoyaltyDataError
        ``horizon < 1``.
    """
    if horizon < 1:
        raise LoyaltyDataError(f"--horizon must be a positive number of {unit}, got {horizon}.")


def model_and_data(
    args: argparse.Namespace, title: str
) -> tuple[AnalysisReport, str, pd.DataFrame]:
    """Start the report of a model fitted to a data file, then read both files.

    For the subcommands whose first two arguments are ``model`` (a text file with the model
    description) and ``data`` (a CSV/Parquet file, one row per respondent).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options, with ``model`` and ``data``.
    title : str
        The report title.

    Returns
    -------
    (AnalysisReport, str, pandas.DataFrame)
        The report (writing to ``--out``), the model description and the data.
    """
    report = command_report(args, title, [args.model, args.data])
    description = read_text(args.model, "model file")
    return report, description, read_table(args.data)
