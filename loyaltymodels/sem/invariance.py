r"""Measurement invariance across groups: the ladder of nested multiple-group models.

Each level adds equality constraints to the previous one (Meredith 1993; Vandenberg & Lance
2000): ``configural`` (same pattern, nothing equal), ``metric`` (+ loadings), ``scalar``
(+ intercepts; latent means free from the second group on), ``strict`` (+ residual variances)
and optionally ``means`` (+ latent means) and ``lv.variances``/``lv.covariances``.

Nested levels are compared by the likelihood-ratio (chi-square difference) test
:math:`\Delta\chi^2 = \chi^2_1 - \chi^2_0` on :math:`\Delta df` degrees of freedom (with
``estimator="MLM"`` or ``"MLR"`` the Satorra-Bentler 2001 scaled difference), and by the
change of approximate fit: a drop of CFI by more than 0.01 (Cheung & Rensvold 2002) and a rise
of RMSEA by more than 0.015 (Chen 2007) are flagged. Score tests of every equality of a level
(lavaan's ``lavTestScore``) show which parameter to free for partial invariance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from scipy import stats

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.group_model import fit_group_sem
from loyaltymodels.sem.group_result import GroupSEMResult
from loyaltymodels.sem.invariance_levels import check_level_names

__all__ = [
    "InvarianceResult",
    "check_ladder_arguments",
    "invariance_ladder",
    "measurement_invariance",
    "scaled_difference",
]

LEVEL_CONSTRAINTS = {
    "configural": (),
    "metric": ("loadings",),
    "scalar": ("intercepts",),
    "strict": ("residuals",),
    "means": ("means",),
    "lv.variances": ("lv.variances",),
    "lv.covariances": ("lv.covariances",),
}
CFI_DROP = 0.01
RMSEA_RISE = 0.015

_COLUMNS = ["chi2", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "aic", "bic"]
_ROBUST_COLUMNS = [
    "chi2_scaled",
    "pvalue_scaled",
    "chi2_scaling_factor",
    "cfi_robust",
    "tli_robust",
    "rmsea_robust",
]


def scaled_difference(
    chi2_0: float, df_0: float, scaling_0: float, chi2_1: float, df_1: float, scaling_1: float
) -> float:
    r"""Satorra-Bentler (2001) scaled chi-square difference of nested models.

    For the restricted model 0 and the less restricted model 1 with statistics
    :math:`T_0, T_1`, degrees of freedom :math:`d_0 > d_1` and scaling factors
    :math:`c_0, c_1`: :math:`T_d = (T_0 - T_1)/c_d` with
    :math:`c_d = (d_0c_0 - d_1c_1)/(d_0 - d_1)` (Satorra & Bentler 2001, Psychometrika 66;
    lavaan's ``lavTestLRT(method = "satorra.bentler.2001")``).

    Parameters
    ----------
    chi2_0, df_0, scaling_0 : float
        Restricted model.
    chi2_1, df_1, scaling_1 : float
        Less restricted model.

    Returns
    -------
    float
        The scaled difference statistic, on :math:`d_0 - d_1` degrees of freedom.

    Examples
    --------
    >>> round(scaled_difference(110.0, 30, 1.2, 100.0, 28, 1.1), 3)
    3.846
    """
    c_d = (df_0 * scaling_0 - df_1 * scaling_1) / (df_0 - df_1)
    return float((chi2_0 - chi2_1) / c_d)


@dataclass(repr=False)
class InvarianceResult(Result, frozen=True):
    """The invariance ladder: fit per level, difference tests, flags and score tests.

    Attributes
    ----------
    params : pandas.DataFrame
        Indexed by level: ``group_equal`` (the constraints), ``chi2, df, pvalue, cfi, tli,
        rmsea, srmr, aic, bic``, the difference test against the previous level
        (``delta_chi2, delta_df, delta_pvalue``), ``delta_cfi``, ``delta_rmsea`` and the flags
        ``cfi_flag`` (CFI dropped by more than 0.01) and ``rmsea_flag`` (RMSEA rose by more
        than 0.015).
    score_tests : dict of str to pandas.DataFrame
        For every constrained level, the univariate score test of each equality (largest
        first; see :meth:`GroupSEMResult.score_tests`).
    group : str
        The group column.
    group_levels : list of str
        The groups.
    partial : list of str
        Parameters freed at every level (lavaan's ``group.partial``).
    """

    params: pd.DataFrame
    score_tests: dict[str, pd.DataFrame] = field(default_factory=dict)
    group: str = ""
    group_levels: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)


def measurement_invariance(
    description: str,
    data: pd.DataFrame,
    *,
    group: str,
    estimator: str = "ML",
    levels: Sequence[str] = ("configural", "metric", "scalar", "strict"),
    partial: Sequence[str] | None = None,
    ordered: Sequence[str] | bool | None = None,
) -> InvarianceResult:
    """Fit the invariance ladder and compare each level with the previous one.

    Parameters
    ----------
    description : str
        lavaan-style measurement model.
    data : pandas.DataFrame
        Items and the group column.
    group : str
        The group column (segment, region, survey wave as a group).
    estimator : {"ML", "MLM", "MLR"}, default "ML"
        Estimator of every level; with MLM or MLR the table adds the scaled statistic, its
        scaling factor and the robust CFI, TLI and RMSEA, the difference test is the
        Satorra-Bentler (2001) scaled difference and the CFI/RMSEA flags use the robust
        indices.
    levels : sequence of str
        Levels in order, each adding constraints to the previous: ``configural``,
        ``metric``, ``scalar``, ``strict``, ``means``, ``lv.variances``, ``lv.covariances``.
    partial : sequence of str, optional
        Parameters left free across groups at every level, e.g. ``["x3~1"]`` (partial
        invariance).
    ordered : True or sequence of str, optional
        Ordinal items: the ladder is fitted by ``estimator`` ``"WLSMV"`` (the default then),
        ``"DWLS"`` or ``"ULSMV"``, with thresholds equal at the ``scalar`` level, levels
        ``configural, metric, scalar`` by default (no ``strict``), the scaled-shifted
        difference tests and no score tests (:mod:`loyaltymodels.sem.ordinal_invariance`).

    Returns
    -------
    InvarianceResult
        The ladder table, difference tests, flags and score tests.
    """
    if ordered is not None and ordered is not False:
        from loyaltymodels.sem.ordinal_invariance import ordinal_ladder

        default = tuple(levels) == ("configural", "metric", "scalar", "strict")
        table, group_levels = ordinal_ladder(
            description,
            data,
            group=group,
            ordered=ordered,
            estimator="WLSMV" if estimator == "ML" else estimator,
            levels=("configural", "metric", "scalar") if default else levels,
            partial=tuple(partial or ()),
            cuts=(CFI_DROP, RMSEA_RISE),
        )
        return InvarianceResult(
            params=table, group=group, group_levels=group_levels, partial=list(partial or ())
        )
    check_ladder_arguments(estimator, levels, partial)
    freed = tuple(partial or ())
    levels_seen: list[str] = []

    def fit_level(
        level: str, equal: tuple[str, ...], previous: GroupSEMResult | None
    ) -> GroupSEMResult:
        nonlocal levels_seen
        result = fit_group_sem(
            description,
            data,
            group=group,
            group_equal=equal,
            group_partial=freed,
            estimator=estimator,
            start_from=None if previous is None else previous.params,
        )
        levels_seen = result.group_levels
        return result

    table, scores = invariance_ladder(fit_level, levels, estimator)
    return InvarianceResult(
        params=table,
        score_tests=scores,
        group=group,
        group_levels=levels_seen,
        partial=list(freed),
    )


def check_ladder_arguments(
    estimator: str, levels: Sequence[str], partial: Sequence[str] | None
) -> None:
    """Check the estimator, the levels and the partial list of an invariance ladder.

    Parameters
    ----------
    estimator : str
        ``"ML"``, ``"MLM"`` or ``"MLR"``.
    levels : sequence of str
        Ladder levels (keys of ``LEVEL_CONSTRAINTS``).
    partial : sequence of str or None
        Parameters freed at every level.

    Raises
    ------
    LoyaltyDataError
        Naming the argument and the accepted values.
    """
    if estimator not in ("ML", "MLM", "MLR"):
        raise LoyaltyDataError(f"estimator must be 'ML', 'MLM' or 'MLR', got {estimator!r}.")
    if isinstance(levels, str) or not levels:
        raise LoyaltyDataError("levels must be a non-empty list, e.g. ['configural', 'metric'].")
    check_level_names(levels, LEVEL_CONSTRAINTS)
    if isinstance(partial, str):
        raise LoyaltyDataError("partial takes a list of parameters, e.g. ['x3~1'].")


def invariance_ladder(
    fit_level: Callable[[str, tuple[str, ...], GroupSEMResult | None], GroupSEMResult],
    levels: Sequence[str],
    estimator: str,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    r"""Fit each level and compare it with the previous one.

    Level k holds equal the kinds of every level up to k (``LEVEL_CONSTRAINTS``). The
    difference test is :math:`\Delta\chi^2` on :math:`\Delta df` (the Satorra-Bentler 2001
    scaled difference with a robust estimator); CFI drops over 0.01 (Cheung & Rensvold 2002)
    and RMSEA rises over 0.015 (Chen 2007) are flagged (robust CFI and RMSEA with MLM/MLR).

    Parameters
    ----------
    fit_level : callable
        ``(level, equal kinds, previous level's result or None) -> GroupSEMResult``: fits
        one level (starting from the previous level's estimates).
    levels : sequence of str
        Levels in order.
    estimator : str
        ``"ML"``, ``"MLM"`` or ``"MLR"``.

    Returns
    -------
    tuple
        The ladder table (indexed by level) and the score tests of each constrained level.
    """
    equal: tuple[str, ...] = ()
    rows, scores = [], {}
    previous: pd.Series | None = None
    previous_result: GroupSEMResult | None = None
    for level in levels:
        equal = equal + LEVEL_CONSTRAINTS[level]
        result = fit_level(level, equal, previous_result)
        previous_result = result
        f = result.fit_indices
        row: dict[str, Any] = {"level": level, "group_equal": ", ".join(equal)}
        columns = _COLUMNS if estimator == "ML" else _COLUMNS + _ROBUST_COLUMNS
        row.update({c: float(f[c]) for c in columns})
        if previous is not None:
            row.update(_difference(f, previous, estimator))
        if equal:
            scores[level] = result.score_tests()
        rows.append(row)
        previous = f
    return _ladder_table(rows), scores


def _difference(f: pd.Series, previous: pd.Series, estimator: str) -> dict[str, Any]:
    """Difference test and change of CFI and RMSEA against the previous level."""
    delta_chi2 = f["chi2"] - previous["chi2"]
    delta_df = f["df"] - previous["df"]
    if estimator != "ML":
        delta_chi2 = scaled_difference(
            f["chi2"], f["df"], f["chi2_scaling_factor"],
            previous["chi2"], previous["df"], previous["chi2_scaling_factor"],
        )  # fmt: skip
    cfi, rmsea = ("cfi", "rmsea") if estimator == "ML" else ("cfi_robust", "rmsea_robust")
    delta_cfi = float(f[cfi] - previous[cfi])
    delta_rmsea = float(f[rmsea] - previous[rmsea])
    return {
        "delta_chi2": float(delta_chi2),
        "delta_df": float(delta_df),
        "delta_pvalue": (
            float(stats.chi2.sf(delta_chi2, delta_df)) if delta_df > 0 else float("nan")
        ),
        "delta_cfi": delta_cfi,
        "delta_rmsea": delta_rmsea,
        "cfi_flag": bool(delta_cfi < -CFI_DROP),
        "rmsea_flag": bool(delta_rmsea > RMSEA_RISE),
    }


def _ladder_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build the ladder table; its flags are nullable booleans (missing at the first level)."""
    table = pd.DataFrame(rows).set_index("level")
    for flag in ("cfi_flag", "rmsea_flag"):
        if flag in table.columns:
            table[flag] = table[flag].astype("boolean")
    return table
