r"""Measurement invariance of ordinal items: the ladder fitted by WLSMV (or DWLS, ULSMV).

Levels add equalities as in :func:`~loyaltymodels.sem.measurement_invariance`, with the
ordinal meaning of each: ``configural`` (same pattern), ``metric`` (+ loadings), ``scalar``
(+ thresholds; then, as in lavaan 0.6-14, the scale factors and the latent means are free
from the second group on), and optionally ``means``,
``lv.variances``, ``lv.covariances``. ``strict`` has no meaning in the delta parameterization
(the items' residual variances are not parameters) and is refused. Nested levels are compared
by the scaled-shifted difference test (Satorra 2000, lavaan's ``lavTestLRT`` for WLSMV and
ULSMV; :mod:`loyaltymodels.sem.ordinal_difference`), by the plain difference for DWLS, and by
the changes of the scaled CFI and RMSEA.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from scipy import stats

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.invariance_levels import check_level_names
from loyaltymodels.sem.ordinal_difference import scaled_shifted_difference
from loyaltymodels.sem.ordinal_fit import fit_ordinal_sample, ordinal_sample

__all__ = ["ORDINAL_LEVELS", "ordinal_ladder"]

ORDINAL_LEVELS = {
    "configural": (),
    "metric": ("loadings",),
    "scalar": ("thresholds",),
    "means": ("means",),
    "lv.variances": ("lv.variances",),
    "lv.covariances": ("lv.covariances",),
}
_COLUMNS = ["chi2", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"]
_SCALED = [
    "chi2_scaled",
    "pvalue_scaled",
    "chi2_scaling_factor",
    "cfi_scaled",
    "tli_scaled",
    "rmsea_scaled",
]


def _check_levels(levels: Sequence[str]) -> None:
    if "strict" in levels:
        raise LoyaltyDataError(
            "the 'strict' level equates residual variances, which are not parameters of ordinal "
            "items (delta parameterization); use levels ['configural', 'metric', 'scalar'] "
            "(thresholds at the scalar level)."
        )
    check_level_names(levels, ORDINAL_LEVELS, " for ordinal items")


def ordinal_ladder(
    description: str,
    data: pd.DataFrame,
    *,
    group: str,
    ordered: object,
    estimator: str,
    levels: Sequence[str],
    partial: tuple[str, ...],
    cuts: tuple[float, float],
) -> tuple[pd.DataFrame, list[str]]:
    """Fit the ordinal invariance ladder; the polychoric statistics are computed once.

    Parameters
    ----------
    description : str
        Measurement model.
    data : pandas.DataFrame
        Items and the group column.
    group : str
        Group column.
    ordered : True or sequence of str
        The ordered items.
    estimator : {"WLSMV", "DWLS", "ULSMV"}
        Estimator of every level.
    levels : sequence of str
        Levels in order (see the module docstring).
    partial : tuple of str
        Parameters left free at every level (``"x1|t2"``, ``"f=~x3"``).
    cuts : tuple of float
        The CFI drop and RMSEA rise flagged (Cheung & Rensvold 2002; Chen 2007).

    Returns
    -------
    tuple
        The ladder table (indexed by level) and the group levels.
    """
    _check_levels(levels)
    sample = ordinal_sample(description, data, ordered=ordered, group=group)
    gammas = [m.gamma for m in sample.moments]
    scaled = estimator != "DWLS"
    equal: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = []
    previous: tuple[Any, ...] | None = None
    for level in levels:
        equal = equal + ORDINAL_LEVELS[level]
        result, model, fit = fit_ordinal_sample(
            description, sample, estimator=estimator, group_equal=equal, group_partial=partial
        )
        f = result.fit_indices
        row: dict[str, Any] = {"level": level, "group_equal": ", ".join(equal)}
        row.update({c: float(f[c]) for c in _COLUMNS + _SCALED * scaled})
        if previous is not None:
            before, model0, fit0 = previous
            delta_df = float(f["df"] - before["df"])
            delta = (
                scaled_shifted_difference((model0, fit0), (model, fit), gammas, delta_df)
                if scaled and delta_df > 0
                else float(f["chi2"] - before["chi2"])
            )
            cfi, rmsea = ("cfi_scaled", "rmsea_scaled") if scaled else ("cfi", "rmsea")
            row |= {
                "delta_chi2": delta,
                "delta_df": delta_df,
                "delta_pvalue": float(stats.chi2.sf(delta, delta_df)) if delta_df > 0 else None,
                "delta_cfi": float(f[cfi] - before[cfi]),
                "delta_rmsea": float(f[rmsea] - before[rmsea]),
            }
            row["cfi_flag"] = bool(row["delta_cfi"] < -cuts[0])
            row["rmsea_flag"] = bool(row["delta_rmsea"] > cuts[1])
        rows.append(row)
        previous = (f, model, fit)
    table = pd.DataFrame(rows).set_index("level")
    for flag in ("cfi_flag", "rmsea_flag"):
        if flag in table.columns:
            table[flag] = table[flag].astype("boolean")
    return table, list(sample.coded.levels)
