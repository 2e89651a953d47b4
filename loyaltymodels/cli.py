"""The ``loyaltymodels`` command: fit the package's models to your own files without Python.

Each subcommand reads CSV or Parquet files, validates them (bad input stops with the same
message the Python API gives), fits, and writes tables (CSV at full precision), figures and a
report (``report.md`` and a self-contained ``report.html``) to ``--out``::

    loyaltymodels sem model.txt survey.csv --bootstrap 1000 --out results/sem
    loyaltymodels invariance model.txt survey.csv --group region --estimator MLR
    loyaltymodels pls model.txt survey.csv --bootstrap 5000 --out results/pls
    loyaltymodels rfm transactions.csv --customer-col id --datetime-col date --out summary.csv
    loyaltymodels clv summary.csv --model all --spend --horizon 12 --out results/clv
    loyaltymodels retention renewals.csv --method mle --horizon 12 --out results/retention
    loyaltymodels servqual expectations.csv perceptions.csv --out results/servqual
    loyaltymodels nps answers.csv --column ltr --segment-col region --out results/nps
    loyaltymodels returns plan.toml --draws 10000 --seed 1 --out results/returns
    loyaltymodels drivers survey.csv --outcome overall --bootstrap 1000 --out results/drivers

Every failure ends with exit code 2 and one line on standard error saying what to fix.

A subcommand is a module with ``add_arguments(parser)``, which declares its options on the
subcommand's :class:`argparse.ArgumentParser`, and ``run(args) -> Path``, which is given the
parsed options (:class:`argparse.Namespace`) and returns the file it wrote (the ``report.md``
of a report); it is registered with one line in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report import package_warnings

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "sem": ("loyaltymodels.sem.command", "Fit a structural equation model (lavaan syntax)."),
    "invariance": ("loyaltymodels.sem.invariance_command", "Measurement invariance ladder."),
    "pls": ("loyaltymodels.pls.command", "Fit a PLS path model (PLS-SEM)."),
    "rfm": ("loyaltymodels.clv.rfm_command", "Summarise a transaction log per customer."),
    "clv": ("loyaltymodels.clv.command", "Buy-till-you-die models, P(alive) and CLV."),
    "retention": ("loyaltymodels.churn.command", "Contractual retention (shifted-beta-geometric)."),
    "servqual": ("loyaltymodels.servqual.command", "SERVQUAL gap scores (items q1-q22)."),
    "nps": ("loyaltymodels.metrics.nps_command", "Net Promoter Score with intervals."),
    "drivers": ("loyaltymodels.journey.command", "Key drivers of an outcome (Shapley/LMG)."),
    "spark": ("loyaltymodels.scale.command", "A Parquet log to scored customers on Spark."),
    "returns": ("loyaltymodels.returns.command", "Return on closing experience gaps, per plan."),
}
"""Subcommand name -> (module with ``add_arguments`` and ``run``, one-line description)."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Show every default in ``--help`` and keep epilogs (examples) as written."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if "default" in text or default is None or default is False or default == "":
            return text
        if default == argparse.SUPPRESS:
            return text
        if action.option_strings or action.nargs in (argparse.OPTIONAL, argparse.ZERO_OR_MORE):
            return f"{text} (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``loyaltymodels`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser; each subcommand sets ``handler`` to its module's ``run``.
    """
    parser = _Parser(
        prog="loyaltymodels",
        description="Statistics of customer loyalty on your own files.",
        formatter_class=_HelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (module_name, text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = commands.add_parser(name, help=text, description=text, formatter_class=_HelpFormatter)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _failure(error: BaseException) -> str:
    if isinstance(error, LoyaltyDataError):
        return str(error)
    if isinstance(error, MemoryError):
        return "not enough memory for this input and these settings; use fewer draws or rows."
    if isinstance(error, KeyboardInterrupt):
        return "interrupted."
    if isinstance(error, UnicodeDecodeError):
        return f"an input file is not UTF-8 text (byte {error.start}); save it as UTF-8."
    if isinstance(error, FileNotFoundError | IsADirectoryError | PermissionError):
        return f"{error.strerror}: {error.filename}"
    detail = (str(error).strip() or "no details").splitlines()[0]
    return f"could not complete ({type(error).__name__}: {detail})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``loyaltymodels`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 on any failure (one line on standard error says why; never a
        traceback).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 2
    args.argv = arguments
    written: Any = None
    failure: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        args.caught_warnings = caught
        try:
            written = args.handler(args)
        except (Exception, KeyboardInterrupt) as error:  # the one error path of every command
            failure = _failure(error)
        own = package_warnings(caught)
    for message in own:
        print(f"loyaltymodels {args.command}: warning: {message}", file=sys.stderr)
    if failure is not None:
        print(f"loyaltymodels {args.command}: {_one_line(failure)}", file=sys.stderr)
        return 2
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
