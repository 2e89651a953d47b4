"""Write analysis outputs: tables (CSV + Markdown), figures and a Markdown report per analysis."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from loyaltymodels._tables import markdown_table

__all__ = ["AnalysisReport", "quick_mode"]

QUICK_ENV = "LOYALTYMODELS_QUICK"


def quick_mode() -> bool:
    """Whether analyses should run in quick mode (fewer draws / resamples).

    Quick mode is switched on by the environment variable ``LOYALTYMODELS_QUICK=1``; CI uses it.
    The full mode is the default and is what ``make`` runs.

    Returns
    -------
    bool
        True when quick mode is requested.
    """
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes"}


@dataclass
class AnalysisReport:
    """Collect an analysis's tables, figures and statements, and write them to one folder.

    Tables are written at full precision as CSV and rounded as Markdown; figures as PNG; the
    report itself as ``report.md`` listing everything in the order it was added.

    Parameters
    ----------
    name : str
        The analysis name; outputs go to ``<root>/<name>/``.
    title : str
        The report title.
    root : str or pathlib.Path, default "results"
        The results root folder.
    """

    name: str
    title: str
    root: str | Path = "results"
    _lines: list[str] = field(default_factory=list, init=False, repr=False)

    @property
    def directory(self) -> Path:
        """The folder the outputs are written to (created on first use)."""
        path = Path(self.root) / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def text(self, paragraph: str) -> None:
        """Add a paragraph of text to the report.

        Parameters
        ----------
        paragraph : str
            Markdown text.
        """
        self._lines.extend([paragraph, ""])

    def table(self, frame: pd.DataFrame, stem: str, caption: str, *, digits: int = 3) -> Path:
        """Write ``frame`` to ``<stem>.csv`` (full precision) and add it to the report (rounded).

        Parameters
        ----------
        frame : pandas.DataFrame
            The table.
        stem : str
            The file name without extension.
        caption : str
            A heading for the table in the report.
        digits : int, default 3
            Decimal places shown in the report.

        Returns
        -------
        pathlib.Path
            The CSV path.
        """
        path = self.directory / f"{stem}.csv"
        frame.to_csv(path)
        self._lines.extend([f"### {caption}", "", markdown_table(frame, digits), ""])
        return path

    def result(self, result: Any, stem: str, caption: str, *, digits: int = 3) -> Path:
        """Add a fitted result: its parameter table and a warning line for each of its flags.

        Parameters
        ----------
        result : Result
            A fitted result (``params`` and, if any, ``flags``: failed diagnostics, degenerate
            data).
        stem, caption : str
            As for :meth:`table`.
        digits : int, default 3
            Decimal places shown in the report.

        Returns
        -------
        pathlib.Path
            The CSV path of the parameter table.
        """
        path = self.table(result.params, stem, caption, digits=digits)
        for flag in getattr(result, "flags", None) or []:
            self.text(f"**Warning:** {flag}")
        return path

    def figure(self, fig: Figure, stem: str, caption: str) -> Path:
        """Save ``fig`` as ``<stem>.png`` and reference it from the report.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
            The figure.
        stem : str
            The file name without extension.
        caption : str
            The figure caption.

        Returns
        -------
        pathlib.Path
            The PNG path.
        """
        path = self.directory / f"{stem}.png"
        fig.savefig(path, dpi=120, bbox_inches="tight")
        self._lines.extend([f"![{caption}]({path.name})", "", f"*{caption}*", ""])
        return path

    def write(self) -> Path:
        """Write ``report.md`` and return its path.

        Returns
        -------
        pathlib.Path
            The report path.
        """
        path = self.directory / "report.md"
        mode = " (quick mode)" if quick_mode() else ""
        body = [f"# {self.title}{mode}", "", *self._lines]
        path.write_text("\n".join(body), encoding="utf-8")
        return path
