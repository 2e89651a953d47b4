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

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels.sem.structure import MatrixStructure
from loyaltymodels.summaries import bca_interval, percentile_interval

__all__ = [
    "EffectsResult",
    "bca_interval",
    "effect_pairs",
    "effect_values",
    "percentile_interval",
]

EFFECT_KINDS = ("direct", "indirect", "total")


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
class EffectsResult(Result):
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
