"""Write analysis outputs: tables (CSV), figures (PNG) and the report as Markdown and HTML."""

from __future__ import annotations

import io
import os
import sys
import warnings as warnings_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from loyaltymodels._tables import markdown_table
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report.html import Block, render_html

__all__ = ["AnalysisReport", "package_warnings", "quick_mode"]

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


def package_warnings(records: list[warnings_module.WarningMessage]) -> list[str]:
    """Select the messages of recorded warnings issued by this package (not by its dependencies).

    Deprecation warnings are left out; each message appears once, on one line.

    Parameters
    ----------
    records : list of warnings.WarningMessage
        From ``warnings.catch_warnings(record=True)``.

    Returns
    -------
    list of str
        Unique messages in order.
    """
    package = str(Path(__file__).resolve().parent.parent)
    messages: list[str] = []
    for record in records:
        if issubclass(record.category, DeprecationWarning | PendingDeprecationWarning):
            continue
        if not str(Path(record.filename).resolve()).startswith(package):
            continue
        message = " ".join(str(record.message).split())
        if message and message not in messages:
            messages.append(message)
    return messages


@dataclass
class AnalysisReport:
    """Collect an analysis's facts, warnings, tables, figures and statements; write one folder.

    Tables are written at full precision as CSV; figures as PNG; the report itself twice, as
    ``report.md`` and as a self-contained ``report.html`` (figures embedded, no network), each
    starting with the facts (input, N used, rows dropped, estimator, seed, version, settings)
    and the warnings, then everything else in the order it was added.

    With :attr:`xlsx` set, :meth:`write` also puts every table into ``tables.xlsx``.

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
    facts: dict[str, str] = field(default_factory=dict, init=False)
    warnings: list[str] = field(default_factory=list, init=False)
    caught: list[warnings_module.WarningMessage] | None = field(default=None, init=False)
    xlsx: bool = field(default=False, init=False)
    _blocks: list[Block] = field(default_factory=list, init=False, repr=False)

    @property
    def heading(self) -> str:
        """The title as the reports show it, marked ``(quick mode)`` in quick mode."""
        return self.title + (" (quick mode)" if quick_mode() else "")

    @property
    def directory(self) -> Path:
        """The folder the outputs are written to (created on first use)."""
        path = Path(self.root) / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def fact(self, name: str, value: Any) -> None:
        """Add (or replace) one line of the header block, e.g. ``fact("N used", 2357)``.

        Parameters
        ----------
        name : str
            The label.
        value : object
            The value (integers get thousands separators).
        """
        self.facts[name] = f"{value:,}" if isinstance(value, int) else str(value)

    def warn(self, message: str) -> None:
        """Add a warning or flag; reports show them prominently below the facts.

        Parameters
        ----------
        message : str
            The warning (Markdown).
        """
        if message not in self.warnings:
            self.warnings.append(message)

    def text(self, paragraph: str) -> None:
        """Add a paragraph of text to the report.

        Parameters
        ----------
        paragraph : str
            Markdown text.
        """
        self._blocks.append(Block("text", paragraph))

    def table(
        self,
        frame: pd.DataFrame,
        stem: str,
        caption: str,
        *,
        digits: int = 3,
        formats: Mapping[str, str] | None = None,
    ) -> Path:
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
        formats : mapping of str to str, optional
            Column -> ``"money"``, ``"percent"`` (a proportion shown as %) or ``"count"`` in
            the HTML report.

        Returns
        -------
        pathlib.Path
            The CSV path.
        """
        path = self.directory / f"{stem}.csv"
        frame.to_csv(path)
        self._blocks.append(
            Block("table", caption, frame, digits, dict(formats or {}), file=path.stem)
        )
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
        """Save ``fig`` as ``<stem>.png`` and add it to the report with its caption.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
            The figure.
        stem, caption : str
            As for :meth:`image`.

        Returns
        -------
        pathlib.Path
            The PNG path.
        """
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=120, bbox_inches="tight")
        return self.image(buffer.getvalue(), stem, caption)

    def image(self, png: bytes, stem: str, caption: str) -> Path:
        """Save a PNG image made elsewhere (e.g. by Graphviz) and add it with its caption.

        Parameters
        ----------
        png : bytes
            The PNG file's content.
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
        path.write_bytes(png)
        self._blocks.append(Block("figure", caption, png=png, file=path.name))
        return path

    def all_warnings(self) -> list[str]:
        """List the report's warnings plus the Python warnings recorded in :attr:`caught`.

        Returns
        -------
        list of str
            Unique messages in order.
        """
        messages = list(self.warnings)
        messages += [m for m in package_warnings(self.caught or []) if m not in messages]
        return messages

    def markdown(self) -> str:
        """Render the report as Markdown.

        Returns
        -------
        str
            The text of ``report.md``.
        """
        lines = [f"# {self.heading}", ""]
        lines += [f"- **{key}**: {value}" for key, value in self.facts.items()]
        if self.facts:
            lines.append("")
        found = self.all_warnings()
        if found:
            lines += [f"## Warnings ({len(found)})", ""] + [f"- **{text}**" for text in found]
            lines.append("")
        for block in self._blocks:
            if block.kind == "table":
                assert block.frame is not None
                table = markdown_table(block.frame, block.digits)
                lines += [f"### {block.caption}", "", table, ""]
            elif block.kind == "figure":
                lines += [f"![{block.caption}]({block.file})", ""]
                lines += [f"*{block.caption}*", ""]
            else:
                lines += [block.caption, ""]
        return "\n".join(lines)

    def html(self) -> str:
        """Render the report as one self-contained HTML document.

        Returns
        -------
        str
            The text of ``report.html``.
        """
        return render_html(self.heading, self.facts, self.all_warnings(), self._blocks)

    def workbook(self) -> Path:
        """Write every table into one Excel workbook, ``tables.xlsx`` (needs ``openpyxl``).

        The first sheet lists the facts and warnings; then one sheet per table (named after
        its CSV file, cut to Excel's 31 characters), values at full precision.

        Returns
        -------
        pathlib.Path
            The workbook path.
        """
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise LoyaltyDataError(
                "writing the tables to Excel needs openpyxl: pip install openpyxl "
                "(or leave out --xlsx)."
            ) from None
        path = self.directory / "tables.xlsx"
        about = pd.DataFrame(
            {"value": [*self.facts.values(), *self.all_warnings()]},
            index=[*self.facts, *(["warning"] * len(self.all_warnings()))],
        )
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            about.rename_axis("fact").to_excel(writer, sheet_name="report")
            used = {"report"}
            for block in self._blocks:
                if block.kind != "table" or block.frame is None:
                    continue
                name = block.file[:31]
                stem, k = name, 2
                while name in used:
                    name = f"{stem[:28]}_{k}"
                    k += 1
                used.add(name)
                block.frame.to_excel(writer, sheet_name=name)
        return path

    def write(self) -> Path:
        """Write ``report.md`` and ``report.html`` and return the Markdown path.

        Returns
        -------
        pathlib.Path
            The path of ``report.md`` (``report.html`` is beside it).
        """
        if "Package" not in self.facts:
            from loyaltymodels import __version__

            self.fact("Package", f"loyaltymodels {__version__}, Python {sys.version.split()[0]}")
        if self.xlsx:
            self.workbook()
        path = self.directory / "report.md"
        path.write_text(self.markdown(), encoding="utf-8")
        (self.directory / "report.html").write_text(self.html(), encoding="utf-8")
        return path
