"""The fitted multiple-group SEM: estimates per group, whole-model fit, score tests.

Every attribute is a plain value (DataFrame, Series, ndarray, list, dict, str, number), so a
result serialises attribute by attribute; the model structure is rebuilt from ``table`` when a
method needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels.sem.bootstrap import BootstrapSettings
from loyaltymodels.sem.effects import BootstrapEffects, EffectsResult
from loyaltymodels.sem.fit_report import fit_sentence, optimizer_state
from loyaltymodels.sem.group_effects import group_defined_effects
from loyaltymodels.sem.groups import SampleMoments
from loyaltymodels.sem.modification_method import ModificationIndicesMethod
from loyaltymodels.sem.score_test import equality_score_tests

__all__ = ["GroupSEMResult"]


@dataclass(repr=False)
class GroupSEMResult(Result, BootstrapEffects, ModificationIndicesMethod, frozen=True):
    """A :class:`~loyaltymodels.sem.SEM` fitted with ``group=``.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per parameter and group: ``lval``, ``op`` (``=~``, ``~``, ``~~``, ``~1``),
        ``rval``, ``group`` (1-based, in the order of :attr:`group_levels`), ``label``,
        ``free``, ``estimate``, ``se``, ``z``, ``pvalue``, ``std_all``.
    fit_indices : pandas.Series
        Fit of the whole model (lavaan's ``fitMeasures``): ``chi2, df, pvalue, cfi, tli,
        rmsea, rmsea_ci_lower, rmsea_ci_upper, srmr, loglik, loglik_h1, aic, bic, bic_adj,
        baseline_chi2, baseline_df, npar``.
    group_fit : pandas.DataFrame
        Per group: ``group`` (level), ``n``, ``chi2`` (its contribution to the chi-square) and
        ``problems`` (number of improper-solution conditions).
    problems : dict of str to list of str
        Improper-solution conditions per group level (empty: none).
    table : pandas.DataFrame
        lavaan's parameter table (``lhs, op, rhs, group, label, free, value``).
    n_dropped : int
        Rows excluded because an item or the group was missing.
    blocks : list of numpy.ndarray
        The rows used, per group (items in :attr:`observed` order), for the bootstrap.
    """

    description: str
    group: str
    group_levels: list[str]
    group_equal: list[str]
    group_partial: list[str]
    observed: list[str]
    latents: list[str]
    table: pd.DataFrame
    theta: np.ndarray
    vcov: np.ndarray
    params: pd.DataFrame
    fit_indices: pd.Series
    group_fit: pd.DataFrame
    sample_covs: list[np.ndarray]
    sample_means: list[np.ndarray]
    problems: dict[str, list[str]] = field(default_factory=dict)
    converged: bool = True
    n_dropped: int = 0
    estimator: str = "ML"
    blocks: list[np.ndarray] = field(default_factory=list)

    progress_by_default: ClassVar[bool] = False

    @property
    def n(self) -> int:
        """Number of rows used (all groups)."""
        return int(self.group_fit["n"].sum())

    def _moments(self) -> SampleMoments:
        return SampleMoments(
            tuple(self.sample_covs),
            tuple(self.sample_means),
            tuple(int(n) for n in self.group_fit["n"]),
            tuple(float(np.linalg.slogdet(c)[1]) for c in self.sample_covs),
        )

    def score_tests(self) -> pd.DataFrame:
        """Score tests of every equality across groups (lavaan's ``lavTestScore``).

        Each row tests releasing one equality (1 df) while the others hold; a large ``x2``
        points at the parameter to free for partial invariance. The test of releasing all
        at once is in ``attrs["total"]``.

        Returns
        -------
        pandas.DataFrame
            ``lhs``, ``op`` (``==``), ``rhs`` (parameters written ``"x3~1@2"``: row and
            group), ``x2``, ``df``, ``pvalue``, sorted by ``x2``, largest first.
        """
        table, total = equality_score_tests(
            self.table, self.theta, self._moments(), self.observed, self.latents
        )
        table = table.sort_values("x2", ascending=False, kind="stable").reset_index(drop=True)
        table.attrs["total"] = total.to_dict()
        return table

    def _bootstrap_effects(self, settings: BootstrapSettings) -> EffectsResult:
        """Bootstrap the defined parameters (:mod:`~loyaltymodels.sem.group_effects`)."""
        return group_defined_effects(self, settings)

    def _modification_inputs(
        self,
    ) -> tuple[pd.DataFrame, np.ndarray, SampleMoments, list[str], list[str]]:
        """Return the fitted table, estimates, group moments, observed and latent names."""
        return self.table, self.theta, self._moments(), self.observed, self.latents

    def _markdown_report(self, digits: int) -> str:
        """Render the fit, the per-group chi-square and the estimates of every group."""
        f = self.fit_indices
        fmt = f".{digits}f"
        equal = ", ".join(self.group_equal) or "nothing"
        lines = [
            (
                f"SEM with mean structure fitted by {self.estimator} over "
                f"{len(self.group_levels)} group(s) of {self.group or 'all rows'!r} "
                f"({self.n} rows used, {self.n_dropped} dropped); equal across groups: {equal}; "
                f"{optimizer_state(self.converged)}."
            ),
            "",
            f"{fit_sentence(f, fmt)}; AIC {f['aic']:{fmt}}, BIC {f['bic']:{fmt}}.",
            "",
            self.group_fit.to_markdown(index=False, floatfmt=fmt),
            "",
        ]
        return "\n".join(lines + self._estimates_by_group(fmt, headings=True))

    def _estimates_by_group(self, fmt: str, *, headings: bool) -> list[str]:
        """Report lines: the estimates of every group, then its improper-solution conditions."""
        lines: list[str] = []
        columns = ["lval", "op", "rval", "label", "estimate", "se", "z", "pvalue", "std_all"]
        for g, level in enumerate(self.group_levels, start=1):
            part = self.params.loc[self.params["group"] == g, columns]
            if headings:
                lines += [f"### Group {g}: {level}", ""]
            lines += [part.to_markdown(index=False, floatfmt=fmt), ""]
        for level, found in self.problems.items():
            lines += [f"### Improper solution in group {level}", ""] + [f"- {p}" for p in found]
        return lines

    def __repr__(self) -> str:
        return f"GroupSEMResult\n{self.to_markdown()}"
