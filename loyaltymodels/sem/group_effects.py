"""Bootstrap intervals of the defined parameters (``:=``) of a multiple-group SEM.

The resampling and refits are :mod:`loyaltymodels.sem.group_bootstrap`; the intervals are the
package's percentile and BCa intervals (:mod:`loyaltymodels.summaries`; Efron 1987).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.bootstrap import (
    BootstrapIntervals,
    BootstrapSettings,
    bootstrap_intervals,
    run_refits,
)
from loyaltymodels.sem.defined import definition_labels, definition_values
from loyaltymodels.sem.effects import EffectsResult, bootstrap_effects_result
from loyaltymodels.sem.group_bootstrap import (
    GroupRefit,
    group_jackknife_rows,
    group_resample_rows,
)
from loyaltymodels.sem.groups import GroupModel, sample_moments
from loyaltymodels.sem.partable import parse_syntax

__all__ = ["group_defined_effects"]


class _FittedGroups(Protocol):
    description: str
    table: pd.DataFrame
    theta: np.ndarray
    observed: list[str]
    latents: list[str]
    group_levels: list[str]
    blocks: list[np.ndarray]


def group_defined_effects(result: _FittedGroups, settings: BootstrapSettings) -> EffectsResult:
    """Bootstrap the ``:=`` definitions of a fitted multiple-group model.

    Parameters
    ----------
    result : GroupSEMResult
        The fitted model (its ``blocks`` hold the rows of every group).
    settings : BootstrapSettings
        Stratified resamples to draw (0: point estimates only), interval type and
        probability, seed, worker processes and progress bar.

    Returns
    -------
    EffectsResult
        One ``"defined"`` row per definition.
    """
    definitions = list(parse_syntax(result.description).definitions)
    if not definitions:
        raise LoyaltyDataError(
            "the model has no defined parameters; add one such as 'ind := a*b' with labelled "
            "paths (c(a1, a2)*x gives a label per group)."
        )
    label_index, fixed = definition_labels(result.table)
    values_at = definition_values(definitions, label_index, fixed)
    names = [name for name, _ in definitions]

    def statistic(theta: np.ndarray) -> np.ndarray:
        values = values_at(theta, fixed)
        return np.array([values[name] for name in names])

    point = statistic(result.theta)
    intervals = BootstrapIntervals.none(point.shape)
    if settings.n_resamples:
        model = GroupModel(result.table, result.observed, result.latents, len(result.blocks))
        information = model.information(result.theta, sample_moments(result.blocks))
        sizes = [len(block) for block in result.blocks]
        group_refit = GroupRefit(model, result.blocks, result.theta, information)

        def refit(rows: list[list[np.ndarray]], label: str) -> tuple[np.ndarray, list[str]]:
            return run_refits(
                group_refit, rows, statistic, point.size, n_jobs=settings.n_jobs,
                progress=settings.progress, description=label,
            )  # fmt: skip

        rng = np.random.default_rng(settings.random_seed)
        draws, messages = refit(group_resample_rows(sizes, settings.n_resamples, rng), "bootstrap")
        intervals = bootstrap_intervals(
            draws, messages, point, settings.ci, settings.ci_prob,
            lambda: refit(group_jackknife_rows(sizes), "jackknife"),
        )  # fmt: skip
    table = pd.DataFrame(
        {
            "from": names,
            "to": [expression.replace(" ", "") for _, expression in definitions],
            "effect": "defined",
            "estimate": point,
            "se": intervals.se,
            "ci_lower": intervals.lower,
            "ci_upper": intervals.upper,
        }
    )
    return bootstrap_effects_result(table, settings, intervals)
