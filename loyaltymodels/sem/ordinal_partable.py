r"""lavaan's parameter table for ordinal items (delta parameterization).

Starting from :func:`~loyaltymodels.sem.partable.parameter_table` (with a mean structure), an
ordered item j gets, in every group, thresholds ``j | t1, t2, ...`` (free) and a scale factor
``j ~*~ j`` (:math:`\Delta_j`, fixed to 1); its intercept is fixed to 0 and its residual
variance is no free parameter: it is whatever makes the variance of the latent response
:math:`y^*_j` equal :math:`1/\Delta_j^2` (lavaan 0.6, ``parameterization = "delta"``).

Across groups (lavaan 0.6-14 conventions): with ``"thresholds"`` in ``group_equal`` the
thresholds are tied, the scale factors (binary items included, as in 0.6-14) are free in every
group but the first, and the latent means are free in every group but the first (unless
``"means"`` is also equal).
"""

from __future__ import annotations

import pandas as pd

from loyaltymodels.sem.partable import parameter_table

__all__ = ["ordinal_parameter_table"]


def _number_free(table: pd.DataFrame, is_free: pd.Series) -> list[int]:
    """1-based index of every free row; rows with one label share an index."""
    by_label: dict[str, int] = {}
    out: list[int] = []
    for label, free in zip(table["label"], is_free, strict=True):
        if not free:
            out.append(0)
        elif label and label in by_label:
            out.append(by_label[label])
        else:
            out.append(len(set(out) - {0}) + 1)
            if label:
                by_label[label] = out[-1]
    return out


def _extra_rows(
    items: list[str],
    n_thresholds: list[int],
    n_groups: int,
    group_equal: tuple[str, ...],
    partial: set[str],
) -> list[dict[str, object]]:
    equal = "thresholds" in group_equal
    rows: list[dict[str, object]] = []
    for group in range(1, n_groups + 1):
        for item, count in zip(items, n_thresholds, strict=True):
            for k in range(1, count + 1):
                key = f"{item}|t{k}"
                tied = equal and n_groups > 1 and key not in partial
                rows.append(
                    {
                        "lhs": item,
                        "op": "|",
                        "rhs": f"t{k}",
                        "group": group,
                        "label": f".{key}." if tied else "",
                        "free": 1,
                        "value": 0.0,
                        "user": False,
                    }
                )
        for item in items:
            free_scale = equal and group > 1
            rows.append(
                {
                    "lhs": item,
                    "op": "~*~",
                    "rhs": item,
                    "group": group,
                    "label": "",
                    "free": int(free_scale),
                    "value": 1.0,
                    "user": False,
                }
            )
    return rows


def ordinal_parameter_table(
    description: str,
    items: list[str],
    n_thresholds: list[int],
    *,
    n_groups: int = 1,
    group_equal: tuple[str, ...] = (),
    group_partial: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Build the parameter table of a model whose observed variables are all ordered.

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    items : list of str
        The ordered items (every observed variable of the model).
    n_thresholds : list of int
        Number of thresholds (categories - 1) of every item.
    n_groups : int, default 1
        Number of groups.
    group_equal, group_partial : tuple of str
        As in :func:`~loyaltymodels.sem.partable.parameter_table`; ``"thresholds"`` ties the
        thresholds (``group_partial`` entries such as ``"x1|t2"`` free one again).

    Returns
    -------
    pandas.DataFrame
        Columns ``lhs, op, rhs, group, label, free, value, user``, with ``op`` also ``|``
        (thresholds) and ``~*~`` (scale factors).
    """
    partial = {p.replace(" ", "") for p in group_partial}
    table = parameter_table(
        description,
        n_groups=n_groups,
        group_equal=tuple(k for k in group_equal if k != "thresholds"),
        group_partial=tuple(p for p in group_partial if "|" not in p),
    )
    is_free = table["free"] > 0
    ordered = table["lhs"].isin(items)
    fixed = ordered & (
        (table["op"] == "~1") | ((table["op"] == "~~") & (table["lhs"] == table["rhs"]))
    )
    is_free &= ~fixed
    table.loc[fixed, "value"] = 0.0
    table.loc[fixed, "label"] = ""
    if "thresholds" in group_equal and "means" not in group_equal:
        latent_means = (
            (table["op"] == "~1") & ~table["lhs"].isin(items) & (table["group"] > 1)
        ) & ~table["user"].astype(bool)
        is_free |= latent_means
    extra = pd.DataFrame(_extra_rows(items, n_thresholds, n_groups, group_equal, partial))
    table = pd.concat([table, extra], ignore_index=True)
    is_free = pd.concat([is_free, extra["free"] > 0], ignore_index=True)
    table["free"] = _number_free(table, is_free)
    order = {"=~": 0, "~": 1, "|": 2, "~~": 3, "~*~": 4, "~1": 5}
    rank = table["op"].map(order)
    table = table.assign(_rank=rank).sort_values(["group", "_rank"], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)
