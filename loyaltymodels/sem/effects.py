r"""Direct, indirect and total effects between structural variables, with bootstrap intervals.

With regression matrix :math:`B` among the structural variables :math:`\eta`
(:math:`\eta = B\eta + \zeta`), the effects of :math:`\eta_j` on :math:`\eta_i` are
(Bollen 1987, "Total, direct, and indirect effects in structural equation models",
Sociological Methodology 17):

.. math::

    \text{direct} = B_{ij}, \qquad \text{total} = [(I - B)^{-1} - I]_{ij}, \qquad
    \text{indirect} = \text{total} - \text{direct}.

Standardized effects multiply by :math:`\mathrm{sd}(\eta_j)/\mathrm{sd}(\eta_i)`. Intervals come
from the nonparametric bootstrap (Bollen & Stine 1990): percentile, or bias-corrected and
accelerated (BCa; Efron 1987) with the acceleration from the leave-one-out jackknife.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels.sem.bootstrap import BootstrapIntervals, BootstrapSettings
from loyaltymodels.sem.structure import MatrixStructure
from loyaltymodels.summaries import accepts_former_ci_prob_names, bca_interval, percentile_interval

__all__ = [
    "BootstrapEffects",
    "EffectsResult",
    "bca_interval",
    "effect_pairs",
    "effect_values",
    "percentile_interval",
]

EFFECT_KINDS = ("direct", "indirect", "total")
# The bootstrap settings an EffectsResult records, under the same names.
RECORDED_SETTINGS = ("n_resamples", "ci", "ci_prob", "random_seed")


def effect_pairs(structure: MatrixStructure, theta: np.ndarray) -> list[tuple[str, str]]:
    """Pairs (from, to) of structural variables connected by at least one directed path.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    theta : numpy.ndarray
        Free-parameter vector (only the pattern of B matters).

    Returns
    -------
    list of tuple of str
        ``(cause, outcome)`` pairs, in matrix order.
    """
    pattern = structure.matrices(np.ones_like(theta))["beta"] != 0
    reach = pattern.copy()
    step = pattern.copy()
    for _ in range(len(structure.eta_names)):
        step = (step.astype(int) @ pattern.astype(int)) > 0
        reach |= step
    names = structure.eta_names
    return [
        (names[j], names[i])
        for j in range(len(names))
        for i in range(len(names))
        if reach[i, j] and i != j
    ]


def effect_values(
    structure: MatrixStructure, theta: np.ndarray, pairs: list[tuple[str, str]]
) -> np.ndarray:
    """Direct, indirect and total effects (raw, then standardized) for ``pairs``.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    theta : numpy.ndarray
        Free-parameter vector: the estimates, or those of a bootstrap refit.
    pairs : list of (str, str)
        ``(cause, outcome)`` pairs, from :func:`effect_pairs`.

    Returns
    -------
    numpy.ndarray
        Shape (2, len(pairs), 3): ``[raw|standardized, pair, direct|indirect|total]``.
    """
    _, parts = structure.implied(theta)
    index = {name: i for i, name in enumerate(structure.eta_names)}
    beta = parts["beta"]
    total = parts["c"] - np.eye(beta.shape[0])
    sd = np.sqrt(np.clip(np.diag(parts["eta_cov"]), 0.0, None))
    out = np.empty((2, len(pairs), 3))
    for k, (cause, outcome) in enumerate(pairs):
        i, j = index[outcome], index[cause]
        raw = np.array([beta[i, j], total[i, j] - beta[i, j], total[i, j]])
        out[0, k] = raw
        out[1, k] = raw * sd[j] / sd[i] if sd[i] > 0 else np.nan
    return out


@dataclass(repr=False)
class EffectsResult(Result, frozen=True):
    """Direct, indirect and total effects with bootstrap intervals.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per (cause, outcome, effect kind), plus one row per ``:=`` definition of the
        model (``from`` its name, ``to`` its expression, ``effect`` ``"defined"``):
        ``estimate``, ``se`` (bootstrap SD),
        ``ci_lower``, ``ci_upper``, ``std_estimate``, ``std_ci_lower``, ``std_ci_upper``.
    n_resamples : int
        Resamples requested.
    n_failed : int
        Resamples whose refit failed (not converged or singular); they are excluded from the
        intervals and counted here.
    ci : str
        ``"bca"`` or ``"percentile"``.
    ci_prob : float
        Interval probability (``level`` is its former name, still readable with a
        ``FutureWarning``).
    random_seed : int or None
        The seed used.
    """

    params: pd.DataFrame
    n_resamples: int
    n_failed: int
    ci: str
    ci_prob: float
    random_seed: int | None
    failure_messages: list[str] = field(default_factory=list)

    @property
    def level(self) -> float:
        """Former name of :attr:`ci_prob` (removed in the next release)."""
        warnings.warn(
            "EffectsResult.level is renamed ci_prob; level will be removed in the next release.",
            FutureWarning,
            stacklevel=2,
        )
        return self.ci_prob

    def _markdown_report(self, digits: int) -> str:
        """Render the interval type and the resample counts, then the effects table."""
        head = (
            f"Effects with {self.ci} {self.ci_prob:.0%} bootstrap intervals: "
            f"{self.n_resamples} resamples, {self.n_failed} failed.\n\n"
        )
        return head + self.params.to_markdown(index=False, floatfmt=f".{digits}f")


def bootstrap_effects_result(
    params: pd.DataFrame, settings: BootstrapSettings, intervals: BootstrapIntervals
) -> EffectsResult:
    """Bundle an effects table with the bootstrap settings and counts that made it.

    Parameters
    ----------
    params : pandas.DataFrame
        The effects table.
    settings : BootstrapSettings
        The bootstrap asked for.
    intervals : BootstrapIntervals
        Its outcome (failed refits and their messages).

    Returns
    -------
    EffectsResult
        The result.
    """
    recorded = {name: getattr(settings, name) for name in RECORDED_SETTINGS}
    return EffectsResult(
        params=params, n_failed=intervals.n_failed, failure_messages=intervals.messages, **recorded
    )


class BootstrapEffects:
    """The :meth:`effects` method of fitted SEM results (one group or several)."""

    progress_by_default: ClassVar[bool] = True
    """Whether :meth:`effects` shows a progress bar when ``progress`` is not given."""

    @accepts_former_ci_prob_names
    def effects(
        self,
        bootstrap: int = 1000,
        ci: str = "bca",
        *,
        ci_prob: float = 0.95,
        random_seed: int | None = None,
        n_jobs: int | None = None,
        progress: bool | None = None,
    ) -> EffectsResult:
        """Effects with nonparametric bootstrap intervals.

        One group: the direct, indirect and total effects between the structural variables
        (Bollen 1987) and every defined parameter (``:=``). Several groups (``group=``): the
        defined parameters, e.g. indirect effects, with the rows resampled within every group
        (stratified). Every resample is refitted from the estimates; percentile intervals are
        the ``(1 - ci_prob)/2`` and ``(1 + ci_prob)/2`` quantiles of the resampled values, and
        BCa (Efron 1987) corrects them for bias and skew with a leave-one-out jackknife over
        all respondents.

        Parameters
        ----------
        bootstrap : int, default 1000
            Number of resamples (0: point estimates only).
        ci : {"bca", "percentile"}, default "bca"
            Interval type; BCa adds a leave-one-out jackknife for the acceleration.
        ci_prob : float, default 0.95
            Interval probability (the former name ``level`` still works, with a
            ``FutureWarning``).
        random_seed : int, optional
            Seed of the resampling (a NumPy Generator).
        n_jobs : int, optional
            Parallel worker processes, ``-1`` for one per core (as everywhere in the
            package, :mod:`loyaltymodels.parallel`). Default: all cores for a batch of at
            least 4,000 refits (the resamples, then the jackknife), otherwise one process, because
            starting workers costs more than a few thousand warm-started refits.
        progress : bool, optional
            Show a progress bar. Default: shown for one group, not for several.

        Returns
        -------
        EffectsResult
            The effects table (one group: one row per cause, outcome and kind of effect, and
            per definition; several groups: one ``"defined"`` row per definition) with the
            resample and failure counts.
        """
        shown = type(self).progress_by_default if progress is None else progress
        settings = BootstrapSettings(bootstrap, ci, ci_prob, random_seed, n_jobs, shown)
        return self._bootstrap_effects(settings)

    def _bootstrap_effects(self, settings: BootstrapSettings) -> EffectsResult:
        """Compute the effects and their intervals (each kind of fitted SEM overrides this)."""
        raise NotImplementedError
