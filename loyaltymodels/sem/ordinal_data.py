"""Ordinal answers checked and coded for the polychoric statistics.

Every ordered item is read as whole numbers (or an ordered pandas categorical); its categories
are its distinct answers over all rows, in increasing order, coded :math:`0..K-1`. Refused,
with the item, the place and the fix: values that are not whole numbers, an item with a single
category, more than :data:`MAX_CATEGORIES` categories, and (with groups) a category nobody in
a group chose, which would leave that group's threshold undefined (lavaan refuses it too; the
fix is to collapse the category with a neighbour in every group).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    describe_rows,
)
from loyaltymodels.sem.data_checks import check_item_columns

__all__ = ["MAX_CATEGORIES", "OrdinalData", "ordinal_data"]

MAX_CATEGORIES = 20
"""Most categories an ordered item may have (beyond, treat the item as continuous)."""


@dataclass(frozen=True)
class OrdinalData:
    """Coded answers per group, the categories of every item and the rows dropped."""

    codes: list[np.ndarray]
    categories: dict[str, list[float]]
    levels: list[str]
    n_dropped: int

    @property
    def n_levels(self) -> list[int]:
        """Number of categories of every item."""
        return [len(c) for c in self.categories.values()]


def _numeric_answers(data: pd.DataFrame, item: str) -> pd.Series:
    series = data[item]
    if isinstance(series.dtype, pd.CategoricalDtype):
        if not series.cat.ordered:
            raise LoyaltyDataError(
                f"column '{item}' is an unordered categorical; make it ordered "
                "(series.cat.as_ordered()) or code the answers as whole numbers 1..K."
            )
        codes = series.cat.codes.astype(float)
        return codes.where(codes >= 0)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        raise LoyaltyDataError(
            f"ordered item '{item}' holds text that is not a number at "
            f"{describe_rows(data.index[bad.to_numpy()])}; code the answers as whole numbers "
            "1..K (lowest to highest category)."
        )
    fractional = values.notna() & (values != values.round())
    if fractional.any():
        raise LoyaltyDataError(
            f"ordered item '{item}' holds values that are not whole numbers "
            f"({sorted(values[fractional].unique())[:5]}) at "
            f"{describe_rows(data.index[fractional.to_numpy()])}; an ordinal item takes "
            "category codes 1..K: round or recode them, or leave the item out of ordered= "
            "(continuous)."
        )
    return values.astype(float)


def _categories(values: pd.Series, item: str) -> list[float]:
    found = sorted(values.dropna().unique().tolist())
    if len(found) < 2:
        raise LoyaltyDataError(
            f"ordered item '{item}' has a single category ({found}) in all "
            f"{int(values.notna().sum())} rows used; it carries no information: drop it from "
            "the model."
        )
    if len(found) > MAX_CATEGORIES:
        raise LoyaltyDataError(
            f"ordered item '{item}' has {len(found)} distinct values, more than "
            f"{MAX_CATEGORIES} categories; treat it as continuous (leave it out of ordered= "
            "and use estimator='ML' or 'MLR') or recode it into fewer categories."
        )
    return found


def _check_groups(
    codes: list[np.ndarray],
    categories: dict[str, list[float]],
    levels: list[str],
    group: str | None,
) -> None:
    items = list(categories)
    for block, level in zip(codes, levels, strict=True):
        for j, item in enumerate(items):
            counts = np.bincount(block[:, j], minlength=len(categories[item]))
            empty = np.flatnonzero(counts == 0)
            if empty.size == 0:
                continue
            value = categories[item][empty[0]]
            shown = int(value) if float(value).is_integer() else value
            where = f"in group {level!r} of '{group}'" if group else "in the rows used"
            labels = [int(c) if float(c).is_integer() else c for c in categories[item]]
            per_category = dict(zip(labels, counts.tolist(), strict=True))
            raise LoyaltyDataError(
                f"ordered item '{item}' has no answer in category {shown} {where} "
                f"(counts per category {per_category}); "
                f"every group needs every category for its thresholds: collapse category "
                f"{shown} with a neighbouring category in all groups (recode it), or drop the "
                "item."
            )


def ordinal_data(data: pd.DataFrame, items: list[str], group: str | None) -> OrdinalData:
    """Check and code the ordered items, split by group.

    Parameters
    ----------
    data : pandas.DataFrame
        Survey data.
    items : list of str
        The ordered items.
    group : str or None
        The group column.

    Returns
    -------
    OrdinalData
        Codes ``0..K-1`` per group (complete rows only), the categories and group levels.
    """
    check_dataframe(data)
    check_columns(data, [*items, *([group] if group else [])])
    check_item_columns(data, items)
    frame = pd.DataFrame({item: _numeric_answers(data, item) for item in items})
    labels = data[group] if group else pd.Series("all", index=data.index)
    complete = frame.notna().all(axis=1) & labels.notna()
    frame, labels = frame.loc[complete], labels.loc[complete]
    if frame.empty:
        raise LoyaltyDataError(
            f"no complete rows for the ordered items {items}; fill or drop missing answers."
        )
    categories = {item: _categories(frame[item], item) for item in items}
    coded = np.column_stack(
        [np.searchsorted(categories[item], frame[item].to_numpy()) for item in items]
    ).astype(np.intp)
    levels = list(dict.fromkeys(labels.tolist()))
    if group and len(levels) < 2:
        raise LoyaltyDataError(
            f"the group column '{group}' has {len(levels)} level(s) among complete rows "
            f"({levels}); a multiple-group model needs at least two; drop group= to fit one "
            "group."
        )
    codes = [coded[(labels == level).to_numpy()] for level in levels]
    _check_groups(codes, categories, [str(v) for v in levels], group)
    return OrdinalData(codes, categories, [str(v) for v in levels], int((~complete).sum()))
