"""What every ``loyaltymodels`` subcommand shares: input files, output folder, report header.

The header states the input, settings, N used, rows dropped, estimator and flags.

A subcommand is a module with ``add_arguments(parser)`` and ``run(args) -> Path``; it reads its
files with :func:`read_table` / :func:`read_text`, starts its report with
:func:`command_report` and adds the facts of its fitted results with :func:`add_result_facts`.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report.writer import AnalysisReport

__all__ = [
    "NO_INTERVAL",
    "add_output_arguments",
    "add_result_facts",
    "check_input_file",
    "check_output_file",
    "command_report",
    "point_estimates_only",
    "read_table",
    "read_text",
]

TABLE_SUFFIXES = {".csv", ".txt", ".parquet", ".pq"}


def check_input_file(path: str | Path, what: str = "file") -> Path:
    """Refuse an input path that is missing, a folder or empty.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    what : str, default "file"
        What the file is, for the message.

    Returns
    -------
    pathlib.Path
        The path.
    """
    path = Path(path)
    if path.is_dir():
        raise LoyaltyDataError(f"{what} {path} is a folder; pass a file.")
    if not path.is_file():
        raise LoyaltyDataError(f"{what} {path} does not exist.")
    if path.stat().st_size == 0:
        raise LoyaltyDataError(f"{what} {path} is empty (0 bytes).")
    return path


def read_text(path: str | Path, what: str = "file") -> str:
    """Read a UTF-8 text file (a byte-order mark is allowed), refusing anything else.

    Parameters
    ----------
    path, what
        As for :func:`check_input_file` (e.g. ``what="model file"``).

    Returns
    -------
    str
        The text.
    """
    path = check_input_file(path, what)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoyaltyDataError(
            f"{what} {path} is not UTF-8 text (byte {error.start}); save it as UTF-8."
        ) from None
    if not text.strip():
        raise LoyaltyDataError(f"{what} {path} contains only white space.")
    return text


def read_table(
    path: str | Path, *, index_col: str | None = None, what: str = "data file"
) -> pd.DataFrame:
    """Read a CSV (UTF-8) or Parquet file, chosen by the extension, refusing unusable files.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    index_col : str, optional
        A column to use as the row index.
    what : str, default "data file"
        What the file is, for the messages.

    Returns
    -------
    pandas.DataFrame
        The table (at least one row).

    Raises
    ------
    LoyaltyDataError
        Missing, empty, a folder, not UTF-8, not a table, no rows, or no ``index_col``.
    """
    path = check_input_file(path, what)
    parquet = path.suffix.lower() in {".parquet", ".pq"}
    try:
        if parquet:
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoyaltyDataError(
            f"{what} {path} is not UTF-8 text (byte {error.start}); save it as UTF-8 "
            "(in Excel: 'CSV UTF-8')."
        ) from None
    except (ValueError, OSError, pd.errors.ParserError) as error:
        kind = "Parquet" if parquet else "CSV"
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise LoyaltyDataError(f"{what} {path} is not a readable {kind} file: {first}") from None
    except Exception as error:  # pyarrow raises its own exception types for corrupt files
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise LoyaltyDataError(f"{what} {path} could not be read: {first}") from None
    if frame.empty:
        raise LoyaltyDataError(f"{what} {path} has no data rows (columns: {list(frame.columns)}).")
    if index_col is not None:
        if index_col not in frame.columns:
            raise LoyaltyDataError(
                f"{what} {path} has no column '{index_col}'; it has {list(frame.columns)}."
            )
        frame = frame.set_index(index_col)
    return frame


def add_output_arguments(
    parser: argparse.ArgumentParser, default: str, *, seed: bool = False
) -> None:
    """Add ``--out`` (a folder), ``--overwrite`` and optionally ``--seed`` to a subcommand.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    default : str
        The default output folder.
    seed : bool, default False
        Also add ``--seed`` (the random seed, default none).
    """
    if seed:
        parser.add_argument("--seed", type=int, default=None, help="random seed (default: none)")
    parser.add_argument(
        "--out", default=default, help="output folder for tables, figures, report.md/.html"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace the outputs of an earlier run in --out"
    )
    parser.add_argument(
        "--xlsx", action="store_true", help="also write every table into --out/tables.xlsx"
    )


def check_output_folder(out: str | Path, overwrite: bool) -> Path:
    """Refuse an output folder that is a file, or holds earlier output without ``--overwrite``.

    Parameters
    ----------
    out : str or pathlib.Path
        The folder.
    overwrite : bool
        Whether existing outputs may be replaced.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise LoyaltyDataError(f"--out {out} is a file; pass a folder for the outputs.")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise LoyaltyDataError(
            f"--out {out} already holds output; pass --overwrite to replace it or choose "
            "another folder."
        )
    return out


def check_output_file(out: str | Path, overwrite: bool, suffixes: Iterable[str]) -> Path:
    """Refuse an output file that is a folder, has another format, or exists (no overwrite).

    Parameters
    ----------
    out : str or pathlib.Path
        The file.
    overwrite : bool
        Whether an existing file may be replaced.
    suffixes : iterable of str
        The extensions that can be written (lower case, with the dot).

    Returns
    -------
    pathlib.Path
        The file.
    """
    out = Path(out)
    allowed = sorted(suffixes)
    if out.is_dir():
        raise LoyaltyDataError(f"--out {out} is a folder; pass a file name ending in {allowed}.")
    if out.suffix.lower() not in allowed:
        raise LoyaltyDataError(
            f"--out {out}: cannot write '{out.suffix or 'no extension'}' files; "
            f"use one of {allowed}."
        )
    if out.exists() and not overwrite:
        raise LoyaltyDataError(f"--out {out} exists; pass --overwrite to replace it.")
    return out


def _setting(value: Any) -> str:
    return "none" if value is None else str(value)


def command_report(
    args: argparse.Namespace,
    title: str,
    inputs: Iterable[str | None],
    *,
    out: str | Path | None = None,
) -> AnalysisReport:
    """Start a subcommand's report in ``--out`` with the facts every report states.

    The header lists the command line, the input files, every setting with its value, the seed
    and the package version; Python warnings raised while the subcommand runs (recorded by the
    command's error path in ``args.caught_warnings``) are listed with the report's warnings.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed arguments (``out``, ``overwrite``, ``command`` and the settings).
    title : str
        The report title.
    inputs : iterable of str or None
        The input files (None entries are skipped).
    out : str or pathlib.Path, optional
        The report folder; default ``args.out``.

    Returns
    -------
    AnalysisReport
        The report, writing to ``--out``.
    """
    from loyaltymodels import __version__

    folder = check_output_folder(
        args.out if out is None else out, getattr(args, "overwrite", False)
    )
    report = AnalysisReport(name=folder.name, title=title, root=folder.parent)
    report.caught = getattr(args, "caught_warnings", None)
    report.xlsx = bool(getattr(args, "xlsx", False))
    argv = getattr(args, "argv", None)
    if argv is not None:
        report.fact("Command", "`" + shlex.join(["loyaltymodels", *argv]) + "`")
    files = [str(Path(path).resolve()) for path in inputs if path is not None]
    report.fact("Input", "; ".join(f"`{name}`" for name in files) or "none")
    skip = {"handler", "command", "caught_warnings", "argv", "out", "overwrite", "seed", "xlsx"}
    settings = {k: v for k, v in vars(args).items() if k not in skip and not k.startswith("_")}
    report.fact("Settings", ", ".join(f"{k} = {_setting(v)}" for k, v in settings.items()))
    if "seed" in vars(args):
        report.fact("Seed", "none (results vary between runs)" if args.seed is None else args.seed)
    report.fact("Package", f"loyaltymodels {__version__}, Python {sys.version.split()[0]}")
    return report


NO_INTERVAL = "point estimate, no interval"
"""What the reports say where a point fit has no interval to show."""


def point_estimates_only(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the interval columns of a prediction table from a point fit.

    A point fit (MLE, MAP) gives predictions with ``sd`` 0 and ``lower == upper == mean``;
    shown as they are they look like certainty. This keeps the estimate only, as
    ``estimate``; tables with a real interval are returned unchanged.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with ``mean``, ``sd``, ``lower``, ``upper`` (other columns are kept).

    Returns
    -------
    pandas.DataFrame
        The table, without ``sd``/``lower``/``upper`` when every interval is degenerate.

    Examples
    --------
    >>> table = pd.DataFrame({"mean": [0.5], "sd": [0.0], "lower": [0.5], "upper": [0.5]})
    >>> point_estimates_only(table).columns.tolist()
    ['estimate']
    """
    needed = {"mean", "sd", "lower", "upper"}
    if not needed <= set(frame.columns):
        return frame
    degenerate = (frame["sd"].fillna(0.0) == 0.0) & (frame["lower"] == frame["upper"])
    if not bool(degenerate.all()):
        return frame
    return frame.drop(columns=["sd", "lower", "upper"]).rename(columns={"mean": "estimate"})


def add_result_facts(report: AnalysisReport, result: Any, label: str = "") -> None:
    """State a fitted result's N used, rows dropped, estimator, convergence and flags.

    Reads whichever of these the result carries: ``n_customers``/``n`` (N used),
    ``n_excluded``/``n_dropped``/``n_missing`` (rows dropped), ``method``/``estimator``,
    ``converged``, ``flags`` and ``problems`` (added as warnings).

    Parameters
    ----------
    report : AnalysisReport
        The report.
    result : object
        A fitted result.
    label : str, optional
        Prefix of the fact names when a report holds several results (e.g. ``"Spend model"``).
    """
    prefix = f"{label}: " if label else ""
    for attribute in ("n_customers", "n"):
        value = getattr(result, attribute, None)
        if isinstance(value, int):
            report.fact(f"{prefix}N used", value)
            break
    for attribute, why in (
        ("n_excluded", "excluded by the model"),
        ("n_dropped", "incomplete rows (listwise deletion)"),
        ("n_missing", "missing answers excluded"),
    ):
        value = getattr(result, attribute, None)
        if isinstance(value, int):
            report.fact(f"{prefix}Rows dropped", f"{value:,} ({why})")
    method = getattr(result, "method", None) or getattr(result, "estimator", None)
    if method is not None:
        report.fact(f"{prefix}Estimator", method)
    flags = [str(flag) for flag in getattr(result, "flags", []) or []]
    problems = [str(problem) for problem in getattr(result, "problems", []) or []]
    converged = getattr(result, "converged", None)
    if converged is False:
        report.fact(f"{prefix}Convergence", "**did not converge**")
        report.warn(f"{prefix}the estimation did not converge.")
    elif flags or problems:
        report.fact(f"{prefix}Convergence", f"{len(flags) + len(problems)} flag(s), see warnings")
    else:
        report.fact(f"{prefix}Convergence", "converged, no diagnostic flags")
    for flag in flags + problems:
        report.warn(f"{prefix}{flag}")
