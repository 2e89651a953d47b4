"""Render a report as one self-contained HTML file: no scripts, no network, figures inline."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loyaltymodels.report.labels import format_value, human_label

__all__ = ["Block", "render_html"]

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem;
           background: #f4f6f8; border: 1px solid #d8dde3; padding: .8rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.warnings { background: #fff4e5; border: 2px solid #e07b00; padding: .6rem 1rem; margin: 1rem 0; }
.warnings h2 { border: none; margin: 0 0 .3rem 0; color: #8a4b00; }
.nowarnings { color: #2d6a2d; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .4rem 0 1.2rem 0; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #e1e4e8; padding: .25rem .6rem; }
th { background: #eef1f4; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 1.6rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
figcaption { font-style: italic; color: #444; margin-top: .3rem; }
"""


@dataclass
class Block:
    """One element of a report, in order: a paragraph, a table or a figure.

    Attributes
    ----------
    kind : {"text", "table", "figure"}
        What the block is.
    caption : str
        The paragraph (Markdown), table caption or figure caption.
    frame : pandas.DataFrame, optional
        The table.
    digits : int
        Decimal places of the table's plain numbers.
    formats : mapping of str to str
        Column name -> ``"money"``, ``"percent"`` or ``"count"``.
    png : bytes
        The figure.
    file : str
        The file name beside the report (figure) or the CSV's stem (table).
    """

    kind: str
    caption: str
    frame: pd.DataFrame | None = None
    digits: int = 3
    formats: Mapping[str, str] = field(default_factory=dict)
    png: bytes = b""
    file: str = ""


def inline_markdown(text: str) -> str:
    """Escape ``text`` and render the Markdown of reports: bold, italic and code.

    Parameters
    ----------
    text : str
        One paragraph.

    Returns
    -------
    str
        HTML.
    """
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
    return re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"<em>\1</em>", escaped)


def _table(block: Block) -> str:
    frame = block.frame
    assert frame is not None
    index_names = [name for name in frame.index.names if name is not None]
    show_index = bool(index_names) or not isinstance(frame.index, pd.RangeIndex)
    head = [human_label(name or "") for name in frame.index.names] if show_index else []
    head += [human_label(column) for column in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = []
        if show_index:
            parts = label if isinstance(label, tuple) else (label,)
            cells += [f"<th scope='row'>{html.escape(str(part))}</th>" for part in parts]
        for column, value in zip(frame.columns, values, strict=True):
            kind = block.formats.get(str(column), "number")
            item = value.item() if hasattr(value, "item") else value
            numeric = isinstance(item, int | float) and not isinstance(item, bool)
            text = html.escape(format_value(item, kind, block.digits))
            cells.append(f"<td class='num'>{text}</td>" if numeric else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f"<th scope='col'>{html.escape(name)}</th>" for name in head)
    return (
        "<div class='table-wrap'><table>"
        f"<caption>{inline_markdown(block.caption)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _figure(block: Block) -> str:
    data = base64.b64encode(block.png).decode("ascii")
    caption = inline_markdown(block.caption)
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(block.caption)}'>"
        f"<figcaption>{caption}</figcaption></figure>"
    )


def render_html(
    title: str, facts: Mapping[str, str], warnings: Sequence[str], blocks: Sequence[Block]
) -> str:
    """Render the whole report as one HTML document.

    Parameters
    ----------
    title : str
        The title.
    facts : mapping of str to str
        The header block (input, N used, rows dropped, estimator, seed, version, settings...).
    warnings : sequence of str
        Flags and warnings, shown in a highlighted box below the header.
    blocks : sequence of Block
        Paragraphs, tables and figures in order.

    Returns
    -------
    str
        The document (UTF-8 text, no external references).
    """
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if facts:
        items = "".join(
            f"<dt>{html.escape(key)}</dt><dd>{inline_markdown(str(value))}</dd>"
            for key, value in facts.items()
        )
        parts.append(f"<dl class='facts'>{items}</dl>")
    if warnings:
        items = "".join(f"<li>{inline_markdown(text)}</li>" for text in warnings)
        parts.append(
            f"<section class='warnings' role='alert'><h2>Warnings ({len(warnings)})</h2>"
            f"<ul>{items}</ul></section>"
        )
    else:
        parts.append("<p class='nowarnings'>No warnings or flags.</p>")
    for block in blocks:
        if block.kind == "table":
            parts.append(_table(block))
        elif block.kind == "figure":
            parts.append(_figure(block))
        else:
            parts.append(f"<p>{inline_markdown(block.caption)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
