"""Churn-risk flags from inactivity thresholds or from a fitted model's P(alive).

Two rules of thumb are common in practice: flag customers by the time since their last purchase
against fixed thresholds (the "hiatus" rule; Wübben & von Wangenheim 2008 show such rules are
hard to beat for customer-level classification), or flag them by a buy-till-you-die model's
probability of still being active, P(alive) (Fader, Hardie & Lee 2005).

References
----------
Wübben, M. & von Wangenheim, F. (2008). Instant customer base analysis: managerial heuristics
often "get it right". Journal of Marketing 72(3), 82-93.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
alternative to the Pareto/NBD model. Marketing Science 24(2), 275-284.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_in_range,
    check_no_nan,
    check_nonnegative,
    check_numeric,
    check_unique,
)

__all__ = ["risk_from_inactivity", "risk_from_p_alive"]


def _ordered_thresholds(thresholds: Mapping[str, float], what: str) -> list[tuple[str, float]]:
    if not thresholds:
        raise LoyaltyDataError(f"thresholds must name at least one {what} level.")
    items = [(str(label), float(value)) for label, value in thresholds.items()]
    if any(not np.isfinite(value) for _, value in items):
        raise LoyaltyDataError(f"thresholds must be finite numbers, got {dict(thresholds)!r}.")
    if len({value for _, value in items}) != len(items):
        raise LoyaltyDataError(f"thresholds must be distinct, got {dict(thresholds)!r}.")
    return items


def _cuts(items: list[tuple[str, float]]) -> np.ndarray:
    return np.array([value for _, value in items])


def _risk_table(
    name: str,
    values: pd.Series,
    base_label: str,
    items: list[tuple[str, float]],
    codes: np.ndarray,
) -> pd.DataFrame:
    """``name`` (the measure) and ``risk``: level ``codes[i]`` of base_label, then the items."""
    levels = [base_label, *[label for label, _ in items]]
    risk = pd.Series(
        pd.Categorical.from_codes(codes.astype("int64"), categories=pd.Index(levels), ordered=True),
        index=values.index,
        name="risk",
    )
    return pd.DataFrame({name: values, "risk": risk})


def risk_from_inactivity(
    data: pd.DataFrame,
    *,
    inactivity: str = "days_since_last_purchase",
    customer_id: str | None = "customer_id",
    thresholds: Mapping[str, float] | None = None,
    base_label: str = "active",
) -> pd.DataFrame:
    """Flag customers by the time since their last purchase (hiatus rule).

    A customer whose inactivity is at least a threshold gets that threshold's label (the highest
    threshold reached wins); below every threshold the customer is ``base_label``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer.
    inactivity : str, default "days_since_last_purchase"
        The column with the time since the last purchase (non-negative).
    customer_id : str or None, default "customer_id"
        The id column (unique), used as the index; None keeps ``data``'s index.
    thresholds : mapping of str to float, optional
        Label -> minimum inactivity for that label. Default ``{"at risk": 90, "lapsed": 180}``
        (in the units of ``inactivity``).
    base_label : str, default "active"
        The label below every threshold.

    Returns
    -------
    pandas.DataFrame
        ``inactivity`` and ``risk`` (ordered categorical, least to most at risk) by customer.

    References
    ----------
    Wübben, M. & von Wangenheim, F. (2008). Journal of Marketing 72(3), 82-93.

    Examples
    --------
    >>> data = pd.DataFrame({"customer_id": [1, 2, 3], "days_since_last_purchase": [10, 95, 400]})
    >>> risk_from_inactivity(data)["risk"].tolist()
    ['active', 'at risk', 'lapsed']
    """
    check_dataframe(data)
    check_columns(data, [inactivity, *([customer_id] if customer_id else [])])
    check_numeric(data, [inactivity])
    check_no_nan(data, [inactivity])
    check_nonnegative(data, [inactivity])
    frame = data
    if customer_id is not None:
        check_unique(data, customer_id)
        frame = data.set_index(customer_id)
    items = sorted(
        _ordered_thresholds(thresholds or {"at risk": 90.0, "lapsed": 180.0}, "risk"),
        key=lambda item: item[1],
    )
    values = frame[inactivity].astype(float)
    codes = np.searchsorted(_cuts(items), values.to_numpy(), side="right")
    return _risk_table("inactivity", values, base_label, items, codes)


def risk_from_p_alive(
    p_alive: pd.DataFrame,
    *,
    column: str = "mean",
    thresholds: Mapping[str, float] | None = None,
    base_label: str = "active",
) -> pd.DataFrame:
    """Flag customers by a fitted model's probability of still being active, P(alive).

    A customer whose P(alive) is below a threshold gets that threshold's label (the lowest
    threshold crossed wins); at or above every threshold the customer is ``base_label``.

    Parameters
    ----------
    p_alive : pandas.DataFrame
        The model's P(alive) summary indexed by customer id, e.g. the output of a CLV model's
        ``probability_alive()``, with a ``mean`` column (or the column named by ``column``,
        e.g. ``"lower"``, the lower interval bound, for a cautious rule).
    column : str, default "mean"
        The column holding P(alive).
    thresholds : mapping of str to float, optional
        Label -> P(alive) below which the label applies. Default
        ``{"at risk": 0.5, "likely churned": 0.2}``.
    base_label : str, default "active"
        The label at or above every threshold.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`risk_from_inactivity`, with ``p_alive`` in place of ``inactivity``.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). Marketing Science 24(2), 275-284.

    Examples
    --------
    >>> summary = pd.DataFrame({"mean": [0.9, 0.3, 0.05]}, index=[11, 12, 13])
    >>> risk_from_p_alive(summary)["risk"].tolist()
    ['active', 'at risk', 'likely churned']
    """
    check_dataframe(p_alive, name="p_alive")
    check_columns(p_alive, [column], name="p_alive")
    check_numeric(p_alive, [column])
    check_no_nan(p_alive, [column])
    check_in_range(p_alive, [column], 0.0, 1.0, what="probabilities")
    items = sorted(
        _ordered_thresholds(thresholds or {"at risk": 0.5, "likely churned": 0.2}, "risk"),
        key=lambda item: -item[1],
    )
    for label, value in items:
        if not 0.0 <= value <= 1.0:
            raise LoyaltyDataError(f"threshold '{label}' must lie in [0, 1], got {value}.")
    values = p_alive[column].astype(float)
    codes = (values.to_numpy()[:, None] < _cuts(items)[None, :]).sum(axis=1)
    return _risk_table("p_alive", values, base_label, items, codes)
