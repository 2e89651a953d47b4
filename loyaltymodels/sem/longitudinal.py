r"""Longitudinal measurement invariance: one construct measured at every survey wave.

The same respondents answer the same items at each wave, so the waves are not groups but
blocks of one model: one factor per wave, the residuals of the same item correlated across
waves, and the equalities written as shared labels (Meredith 1993; Widaman, Ferrer & Conger
2010; semTools' ``measEq.syntax(longFacNames = ...)``). The ladder:

* ``configural``: the same pattern at every wave; item intercepts free, latent means 0;
* ``metric``: loadings of the same item equal over waves (label ``l<j>``);
* ``scalar``: + intercepts equal (``i<j>``); the latent mean is fixed to 0 at the first wave
  and free at the later ones, so it measures the change of the construct;
* ``strict``: + residual variances equal (``r<j>``).

The first item of each wave is the marker (loading 1). The fit and difference tests are
those of :func:`~loyaltymodels.sem.measurement_invariance`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.group_model import fit_group_sem
from loyaltymodels.sem.group_result import GroupSEMResult
from loyaltymodels.sem.invariance import (
    InvarianceResult,
    check_ladder_arguments,
    invariance_ladder,
)

__all__ = ["longitudinal_invariance", "longitudinal_syntax"]


def _check_waves(items_by_wave: Mapping[str, Sequence[str]]) -> list[list[str]]:
    if isinstance(items_by_wave, str) or not isinstance(items_by_wave, Mapping):
        raise LoyaltyDataError(
            "items_by_wave maps each wave to its items, e.g. {'w1': ['loy1_w1', 'loy2_w1'], "
            "'w2': ['loy1_w2', 'loy2_w2']}."
        )
    waves = [list(items) for items in items_by_wave.values()]
    if len(waves) < 2:
        raise LoyaltyDataError(
            f"longitudinal invariance needs at least two waves, got {len(waves)}."
        )
    sizes = {len(items) for items in waves}
    if len(sizes) != 1 or min(sizes) < 2:
        counts = {wave: len(items) for wave, items in items_by_wave.items()}
        raise LoyaltyDataError(
            "every wave needs the same items (at least two), in the same order; items per "
            f"wave: {counts}."
        )
    names = [item for items in waves for item in items]
    if len(set(names)) != len(names):
        raise LoyaltyDataError("an item is listed at two waves; give each wave its own column.")
    return waves


def longitudinal_syntax(
    items_by_wave: Mapping[str, Sequence[str]],
    *,
    construct: str = "construct",
    equal: Sequence[str] = (),
    partial: Sequence[str] = (),
) -> str:
    """Write the lavaan syntax of one level of the longitudinal ladder.

    Parameters
    ----------
    items_by_wave : mapping of str to sequence of str
        Wave name -> its item columns, the same items in the same order at every wave.
    construct : str, default "construct"
        Name of the construct; the factor of wave ``w`` is ``f"{construct}_{w}"``.
    equal : sequence of str
        Kinds held equal over waves: ``"loadings"``, ``"intercepts"``, ``"residuals"``.
    partial : sequence of str
        Parameters left free over waves, named by the first wave's item:
        ``f"{construct}=~{item}"`` (loading), ``f"{item}~1"`` (intercept),
        ``f"{item}~~{item}"`` (residual variance).

    Returns
    -------
    str
        The model description.

    Examples
    --------
    >>> print(longitudinal_syntax({"1": ["a1", "b1"], "2": ["a2", "b2"]}, equal=["loadings"]))
    construct_1 =~ l1*a1 + l2*b1
    construct_2 =~ l1*a2 + l2*b2
    a1 ~~ a2
    b1 ~~ b2
    """
    waves = _check_waves(items_by_wave)
    names = [str(wave) for wave in items_by_wave]
    first = waves[0]
    freed = {entry.replace(" ", "") for entry in partial}

    def label(kind: str, prefix: str, j: int, key: str) -> str:
        return f"{prefix}{j + 1}*" if kind in equal and key not in freed else ""

    lines = [
        f"{construct}_{wave} =~ "
        + " + ".join(
            label("loadings", "l", j, f"{construct}=~{first[j]}") + item
            for j, item in enumerate(items)
        )
        for wave, items in zip(names, waves, strict=True)
    ]
    lines += _same_item_covariances(waves)
    for j, item in enumerate(first):
        intercept = label("intercepts", "i", j, f"{item}~1")
        residual = label("residuals", "r", j, f"{item}~~{item}")
        lines += [f"{items[j]} ~ {intercept}1" for items in waves if intercept]
        lines += [f"{items[j]} ~~ {residual}{items[j]}" for items in waves if residual]
    if "intercepts" in equal:
        lines += [
            f"{construct}_{wave} ~ {'0' if t == 0 else 'NA'}*1" for t, wave in enumerate(names)
        ]
    return "\n".join(lines)


def _same_item_covariances(waves: list[list[str]]) -> list[str]:
    """Residual covariances of every item with itself at the other waves."""
    lines = []
    for j in range(len(waves[0])):
        column = [items[j] for items in waves]
        lines += [f"{a} ~~ {b}" for k, a in enumerate(column) for b in column[k + 1 :]]
    return lines


def longitudinal_invariance(
    items_by_wave: Mapping[str, Sequence[str]],
    data: pd.DataFrame,
    *,
    construct: str = "construct",
    estimator: str = "ML",
    levels: Sequence[str] = ("configural", "metric", "scalar", "strict"),
    partial: Sequence[str] | None = None,
) -> InvarianceResult:
    """Fit the longitudinal invariance ladder of one construct over survey waves.

    Every level is one single-group model with a mean structure (written by
    :func:`longitudinal_syntax`); the levels are compared as in
    :func:`~loyaltymodels.sem.measurement_invariance`: chi-square difference (Satorra-Bentler
    2001 scaled with MLM/MLR), drop of CFI over 0.01 (Cheung & Rensvold 2002) and rise of
    RMSEA over 0.015 (Chen 2007) flagged.

    Parameters
    ----------
    items_by_wave : mapping of str to sequence of str
        Wave name -> its item columns (same items, same order at every wave).
    data : pandas.DataFrame
        One row per respondent, the items of every wave as columns (wide format).
    construct : str, default "construct"
        Name of the construct (factor ``f"{construct}_{wave}"`` per wave).
    estimator : {"ML", "MLM", "MLR"}, default "ML"
        Estimator of every level.
    levels : sequence of str
        Levels in order: ``configural``, ``metric``, ``scalar``, ``strict``.
    partial : sequence of str, optional
        Parameters left free over waves at every level, named by the first wave's item
        (see :func:`longitudinal_syntax`).

    Returns
    -------
    InvarianceResult
        The ladder table and difference tests; ``group_levels`` holds the waves and
        ``score_tests`` the score test of each equality (largest first).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> eta = rng.normal(size=(400, 1)) + rng.normal(scale=0.5, size=(400, 2))
    >>> data = pd.DataFrame(
    ...     {f"{item}_{w}": 1 + eta[:, t] + rng.normal(scale=0.5, size=400)
    ...      for t, w in enumerate(["w1", "w2"]) for item in ["a", "b", "c"]}
    ... )
    >>> ladder = longitudinal_invariance(
    ...     {w: [f"{i}_{w}" for i in "abc"] for w in ["w1", "w2"]}, data,
    ...     levels=["configural", "metric"],
    ... )
    >>> ladder.params["df"].tolist()
    [5.0, 7.0]
    """
    check_ladder_arguments(estimator, levels, partial)
    if "means" in levels or any(level.startswith("lv.") for level in levels):
        raise LoyaltyDataError(
            "longitudinal levels are 'configural', 'metric', 'scalar' and 'strict'."
        )
    freed = tuple(partial or ())

    def fit_level(
        level: str, equal: tuple[str, ...], previous: GroupSEMResult | None
    ) -> GroupSEMResult:
        description = longitudinal_syntax(
            items_by_wave, construct=construct, equal=equal, partial=freed
        )
        start = None if previous is None else previous.params
        return fit_group_sem(description, data, group=None, estimator=estimator, start_from=start)

    table, scores = invariance_ladder(fit_level, levels, estimator)
    return InvarianceResult(
        params=table,
        score_tests=scores,
        group="",
        group_levels=[str(wave) for wave in items_by_wave],
        partial=list(freed),
    )
