"""Importance-performance analysis (Martilla & James 1977)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_dataframe,
    check_in_range,
    check_no_nan,
    check_numeric,
)
from loyaltymodels.servqual._intervals import mean_table
from loyaltymodels.servqual.table_result import TableResult
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["QUADRANTS", "IPAResult", "importance_performance"]

QUADRANTS = {
    "I": "concentrate here",
    "II": "keep up the good work",
    "III": "low priority",
    "IV": "possible overkill",
}
"""Martilla & James's (1977) quadrant names: I high importance / low performance, II high /
high, III low / low, IV low importance / high performance."""

_RULES = ("midpoint", "mean", "median")


class IPAResult(TableResult):
    """Attributes placed in the importance-performance grid, from :func:`importance_performance`.

    Attributes
    ----------
    table : pandas.DataFrame
        Per attribute: ``importance`` and ``performance`` means with ``*_se``, ``*_lower``,
        ``*_upper``, ``n``, ``quadrant`` (I-IV) and ``action`` (the quadrant's name).
    crosshair : tuple of float
        The (performance, importance) lines dividing the grid.
    rule : str
        How the crosshair was placed: ``"midpoint"``, ``"mean"``, ``"median"`` or ``"given"``.
    confidence : float
        Coverage of the intervals.
    """

    table: pd.DataFrame
    crosshair: tuple[float, float]
    rule: str
    confidence: float


@accepts_former_ci_prob_names
def importance_performance(
    importance: pd.DataFrame,
    performance: pd.DataFrame,
    *,
    crosshair: str | tuple[float, float] = "mean",
    scale: tuple[float, float] | None = None,
    importance_scale: tuple[float, float] | None = None,
    ci_prob: float = 0.95,
) -> IPAResult:
    r"""Importance-performance analysis: place every attribute in one of four quadrants.

    Each attribute :math:`j` is placed at its mean performance :math:`\bar P_j` (x) and mean
    importance :math:`\bar I_j` (y). The crosshair :math:`(x_0, y_0)` follows the caller's
    rule: the scale midpoints, the grand means of the attribute means (:math:`x_0 =
    \frac1J\sum_j \bar P_j`), their medians, or given values. Quadrants (Martilla & James
    1977): I *concentrate here* (:math:`\bar I_j \ge y_0`, :math:`\bar P_j < x_0`), II *keep up
    the good work* (:math:`\ge y_0`, :math:`\ge x_0`), III *low priority* (:math:`< y_0`,
    :math:`< x_0`), IV *possible overkill* (:math:`< y_0`, :math:`\ge x_0`). Points on a line
    count as high.

    Parameters
    ----------
    importance, performance : pandas.DataFrame
        One row per respondent, one column per attribute (same columns in both; rows may
        differ, e.g. importance asked of another sample). Complete numeric answers.
    crosshair : {"midpoint", "mean", "median"} or (float, float), default "mean"
        Where the lines go; a pair gives (performance, importance) directly.
    scale : (float, float), optional
        The answer scale (lowest, highest) of both questions; required by ``"midpoint"`` and
        used to check the answers.
    importance_scale : (float, float), optional
        The importance scale when it differs from ``scale``.
    ci_prob : float, default 0.95
        Coverage of the Student-t intervals of the means.

    Returns
    -------
    IPAResult
        The per-attribute table and the crosshair.

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> import pandas as pd
    >>> imp = pd.DataFrame({"price": [7, 6], "staff": [6, 6], "decor": [2, 3], "wifi": [3, 2]})
    >>> perf = pd.DataFrame({"price": [2, 3], "staff": [6, 7], "decor": [6, 6], "wifi": [2, 2]})
    >>> ipa = importance_performance(imp, perf, crosshair="midpoint", scale=(1, 7))
    >>> ipa.table["quadrant"].tolist()
    ['I', 'II', 'IV', 'III']
    """
    confidence = check_ci_prob(ci_prob)
    check_dataframe(importance, name="importance")
    check_dataframe(performance, name="performance")
    attributes = list(performance.columns)
    if list(importance.columns) != attributes:
        raise LoyaltyDataError(
            f"importance has columns {list(importance.columns)} but performance has "
            f"{attributes}; give both the same attributes in the same order."
        )
    imp_scale = importance_scale if importance_scale is not None else scale
    for name, frame, bounds in (
        ("importance", importance, imp_scale),
        ("performance", performance, scale),
    ):
        check_numeric(frame, attributes)
        check_no_nan(frame, attributes)
        if bounds is not None:
            check_in_range(frame, attributes, bounds[0], bounds[1], what=f"the {name} scale")
    imp = mean_table(importance, confidence)
    perf = mean_table(performance, confidence)
    x0, y0, rule = _crosshair(crosshair, perf["estimate"], imp["estimate"], scale, imp_scale)
    table = pd.DataFrame(index=pd.Index(attributes, name="attribute"))
    for name, stats in (("importance", imp), ("performance", perf)):
        table[name] = stats["estimate"]
        table[f"{name}_se"] = stats["se"]
        table[f"{name}_lower"] = stats["lower"]
        table[f"{name}_upper"] = stats["upper"]
        table[f"{name}_n"] = stats["n"]
    high_i = table["importance"].to_numpy() >= y0
    high_p = table["performance"].to_numpy() >= x0
    quadrant = np.where(high_i, np.where(high_p, "II", "I"), np.where(high_p, "IV", "III"))
    table["quadrant"] = quadrant
    table["action"] = [QUADRANTS[q] for q in quadrant]
    return IPAResult(table=table, crosshair=(x0, y0), rule=rule, confidence=confidence)


def _crosshair(
    crosshair: str | tuple[float, float],
    performance: pd.Series,
    importance: pd.Series,
    scale: tuple[float, float] | None,
    importance_scale: tuple[float, float] | None,
) -> tuple[float, float, str]:
    if isinstance(crosshair, str):
        if crosshair == "midpoint":
            if scale is None or importance_scale is None:
                raise LoyaltyDataError(
                    "crosshair='midpoint' needs the answer scale; pass scale=(lowest, highest) "
                    "(and importance_scale=... if importance was asked on another scale)."
                )
            return (sum(scale) / 2.0, sum(importance_scale) / 2.0, "midpoint")
        if crosshair == "mean":
            return (float(performance.mean()), float(importance.mean()), "mean")
        if crosshair == "median":
            return (float(performance.median()), float(importance.median()), "median")
    else:
        try:
            x0, y0 = (float(v) for v in crosshair)
        except (TypeError, ValueError):
            x0 = y0 = float("nan")
        if np.isfinite(x0) and np.isfinite(y0):
            return (x0, y0, "given")
    raise LoyaltyDataError(
        f"crosshair must be one of {list(_RULES)} or a (performance, importance) pair of "
        f"numbers, got {crosshair!r}."
    )
