"""Human labels and number formats for report tables (display only; CSVs keep full precision)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

__all__ = ["format_value", "human_label"]

LABELS = {
    "estimate": "Estimate",
    "se": "SE",
    "sd": "SD",
    "mean": "Mean",
    "lower": "Lower",
    "upper": "Upper",
    "hdi_lower": "HDI lower",
    "hdi_upper": "HDI upper",
    "wald_lower": "Wald lower",
    "wald_upper": "Wald upper",
    "r_hat": "R-hat",
    "ess_bulk": "ESS (bulk)",
    "ess_tail": "ESS (tail)",
    "pvalue": "p-value",
    "z": "z",
    "nps": "NPS",
    "n": "N",
    "cfi": "CFI",
    "tli": "TLI",
    "rmsea": "RMSEA",
    "srmr": "SRMR",
    "aic": "AIC",
    "bic": "BIC",
    "r2": "R²",
    "htmt": "HTMT",
    "clv": "CLV",
    "p_alive": "P(alive)",
    "roi": "ROI",
    "std_all": "Standardized",
    "std_all_se": "Standardized SE",
    "lval": "Left",
    "op": "Operator",
    "rval": "Right",
    "derl": "DERL",
    "mae": "MAE",
}
"""Labels of column names that a mechanical rewrite would spell wrongly."""


def human_label(name: Any) -> str:
    """Turn a column name such as ``p_alive_mean`` into a label such as ``P(alive) mean``.

    Parameters
    ----------
    name : object
        The column name (tuples of a MultiIndex are joined with a space).

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> human_label("p_alive_mean"), human_label("value_lower"), human_label("r_hat")
    ('P(alive) mean', 'Value lower', 'R-hat')
    """
    if isinstance(name, tuple):
        return " ".join(human_label(part) for part in name if str(part))
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    for key in sorted(LABELS, key=len, reverse=True):
        if text.startswith(key + "_"):
            rest = text[len(key) + 1 :].replace("_", " ")
            return f"{LABELS[key]} {rest}"
    words = text.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else text


def format_value(value: Any, kind: str = "number", digits: int = 3) -> str:
    """Format one table cell for display.

    Parameters
    ----------
    value : object
        The cell.
    kind : {"number", "money", "percent", "count"}, default "number"
        ``money`` shows two decimals with thousands separators; ``percent`` multiplies a
        proportion by 100 and adds ``%``; ``count`` shows a whole number with separators.
    digits : int, default 3
        Decimal places of plain numbers (values of 10,000 and more get thousands separators
        and no more than two decimals).

    Returns
    -------
    str
        The text (``–`` for a missing value).

    Examples
    --------
    >>> format_value(1234.5678, "money"), format_value(0.4567, "percent"), format_value(3, "count")
    ('1,234.57', '45.7%', '3')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return _format_real(float(value), kind, digits)
    return str(value)


_KIND_FORMATS: dict[str, Callable[[float], str]] = {
    "money": lambda number: f"{number:,.2f}",
    "percent": lambda number: f"{100 * number:.1f}%",
}
"""Formats of the kinds of number shown the same way at any size."""


def _format_real(number: float, kind: str, digits: int) -> str:
    if math.isnan(number):
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if kind in _KIND_FORMATS:
        return _KIND_FORMATS[kind](number)
    if kind == "count" or (number.is_integer() and abs(number) >= 1000):
        return f"{number:,.0f}"
    if abs(number) >= 10_000:
        return f"{number:,.{min(digits, 2)}f}"
    return f"{number:.{digits}f}"
