"""The path diagram of a fitted SEM laid out by Graphviz (``dot``): readable at 7-10 constructs.

:func:`path_diagram_dot` writes the diagram in the DOT language (constructs as ellipses with
their R², items as boxes with standardized loadings, structural paths with the standardized
coefficient, significance marks and 95% interval); :func:`render_path_diagram` lays it out and
draws it with the Graphviz programs (Debian/Ubuntu: ``apt install graphviz``; the ``graphviz``
Python package calls them).
"""

from __future__ import annotations

import html
import math
import shutil
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["graphviz_available", "path_diagram_dot", "render_path_diagram", "significance_mark"]

LATENT_FILL = "#DCEAF7"
EDGE_COLOUR = "#1F4E79"
NEGATIVE_COLOUR = "#B2182B"


def significance_mark(pvalue: float) -> str:
    """Stars for a two-sided p-value: ``***`` < .001, ``**`` < .01, ``*`` < .05, else none.

    Parameters
    ----------
    pvalue : float
        The p-value (NaN for fixed parameters gives no mark).

    Returns
    -------
    str
        The mark.

    Examples
    --------
    >>> significance_mark(0.0004), significance_mark(0.03), significance_mark(0.2)
    ('***', '*', '')
    """
    if not math.isfinite(pvalue):
        return ""
    return "***" if pvalue < 0.001 else "**" if pvalue < 0.01 else "*" if pvalue < 0.05 else ""


def _label(name: str) -> str:
    return html.escape(str(name).replace("_", " "))


def _edge_text(row: Any, digits: int) -> str:
    estimate = float(row.std_all)
    se = float(getattr(row, "std_all_se", float("nan")))
    mark = significance_mark(float(getattr(row, "pvalue", float("nan"))))
    text = f"{estimate:.{digits}f}{mark}"
    if math.isfinite(se):
        text += f"<BR/><FONT POINT-SIZE='9'>[{estimate - 1.959964 * se:.{digits}f}, "
        text += f"{estimate + 1.959964 * se:.{digits}f}]</FONT>"
    return text


def path_diagram_dot(result: Any, *, digits: int = 2, items: bool = True) -> str:
    """Describe the path diagram of a fitted SEM in the DOT language.

    Structural paths carry the standardized coefficient (``std_all``) with significance marks
    (``*`` p < .05, ``**`` < .01, ``***`` < .001) and its 95% Wald interval
    (``std_all ± 1.96 std_all_se``); negative paths are red and dashed. Each construct is a box
    with its R² and its items' standardized loadings.

    Parameters
    ----------
    result : SEMResult
        A fitted model (``params`` with ``lval``, ``op``, ``rval``, ``std_all``, ``std_all_se``,
        ``pvalue``; ``r2``; ``latents``).
    digits : int, default 2
        Decimal places of the coefficients.
    items : bool, default True
        List the items and their loadings in the constructs' boxes.

    Returns
    -------
    str
        The DOT source.
    """
    params: pd.DataFrame = result.params
    regressions = params[params["op"] == "~"]
    loadings = params[params["op"] == "=~"]
    constructs = list(dict.fromkeys([*result.latents, *regressions["lval"], *regressions["rval"]]))
    lines = [
        "digraph path_diagram {",
        '  graph [rankdir=LR, splines=true, nodesep=0.35, ranksep=1.1, fontname="Helvetica",'
        " newrank=true];",
        '  node [fontname="Helvetica", fontsize=12];',
        '  edge [fontname="Helvetica", fontsize=11, color="#1F4E79", arrowsize=0.8];',
    ]
    for index, name in enumerate(constructs):
        rows = [f"<TR><TD COLSPAN='2'><B>{_label(name)}</B></TD></TR>"]
        if name in result.r2.index and name in set(regressions["lval"]):
            rows.append(
                f"<TR><TD COLSPAN='2'><FONT POINT-SIZE='10'>R² = "
                f"{float(result.r2[name]):.{digits}f}</FONT></TD></TR>"
            )
        if items:
            for row in loadings[loadings["lval"] == name].itertuples():
                rows.append(
                    f"<TR><TD ALIGN='LEFT'><FONT POINT-SIZE='9' COLOR='#444444'>"
                    f"{_label(row.rval)}</FONT></TD><TD ALIGN='RIGHT'><FONT POINT-SIZE='9' "
                    f"COLOR='#444444'>{float(row.std_all):.{digits}f}</FONT></TD></TR>"
                )
        table = (
            f"<TABLE BORDER='1' CELLBORDER='0' CELLSPACING='0' CELLPADDING='2' STYLE='ROUNDED' "
            f"BGCOLOR='{LATENT_FILL}' COLOR='{EDGE_COLOUR}'>{''.join(rows)}</TABLE>"
        )
        lines.append(f"  c{index} [label=<{table}>, shape=plain];")
    node = {name: f"c{index}" for index, name in enumerate(constructs)}
    for row in regressions.itertuples():
        coefficient: Any = row.std_all
        negative = float(coefficient) < 0
        style = f', color="{NEGATIVE_COLOUR}", style=dashed' if negative else ""
        width = 1.0 + 3.0 * min(abs(float(coefficient)), 1.0)
        lines.append(
            f"  {node[row.rval]} -> {node[row.lval]} [label=<{_edge_text(row, digits)}>, "
            f"penwidth={width:.2f}, weight=4{style}];"
        )
    lines.append(
        '  label="Standardized estimates (items: loadings). * p < .05, ** p < .01, '
        '*** p < .001; [95% interval]; red dashed: negative path."; labelloc=b; fontsize=10;'
    )
    lines.append("}")
    return "\n".join(lines)


def graphviz_available() -> bool:
    """Tell whether the Graphviz ``dot`` program and the ``graphviz`` package are installed.

    Returns
    -------
    bool
        True when :func:`render_path_diagram` can run.
    """
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


def render_path_diagram(
    result: Any, *, output_format: str = "png", digits: int = 2, items: bool = True, dpi: int = 110
) -> bytes:
    """Lay out and draw the path diagram with Graphviz.

    Parameters
    ----------
    result : SEMResult
        A fitted model.
    output_format : {"png", "svg", "pdf"}, default "png"
        The image format.
    digits : int, default 2
        Decimal places of the coefficients.
    items : bool, default True
        Draw the items and loadings.
    dpi : int, default 110
        Resolution of PNG output.

    Returns
    -------
    bytes
        The image.

    Raises
    ------
    LoyaltyDataError
        When Graphviz is not installed (the message says how to install it).
    """
    if not graphviz_available():
        raise LoyaltyDataError(
            "the path diagram layout needs Graphviz: install the program (apt install graphviz, "
            "brew install graphviz or conda install graphviz) and `pip install graphviz`."
        )
    import graphviz

    source = path_diagram_dot(result, digits=digits, items=items)
    if output_format == "png":
        source = source.replace("digraph path_diagram {", f"digraph path_diagram {{\n  dpi={dpi};")
    return bytes(graphviz.Source(source).pipe(format=output_format))
