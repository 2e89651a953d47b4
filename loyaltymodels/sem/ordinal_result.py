"""The fitted SEM with ordinal items: estimates with thresholds, fit, polychoric statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.fit_report import fit_sentence, optimizer_state
from loyaltymodels.sem.group_result import GroupSEMResult

__all__ = ["OrdinalSEMResult"]


@dataclass(repr=False)
class OrdinalSEMResult(GroupSEMResult):
    """A :class:`~loyaltymodels.sem.SEM` fitted with ``ordered=`` (one or several groups).

    The attributes of :class:`~loyaltymodels.sem.group_result.GroupSEMResult`, where
    ``params`` also has the thresholds (``op == "|"``, ``rval`` ``t1``, ``t2``, ...) and the
    scale factors (``op == "~*~"``), the items' residual variances are reported at their
    implied values (not free, delta parameterization), ``sample_covs`` holds the polychoric
    correlation matrices and ``fit_indices`` lavaan's measures for the estimator (scaled
    ones with WLSMV and ULSMV). One group is reported as group 1 of ``"all"``.

    Attributes
    ----------
    categories : dict of str to list of float
        The answer categories of every item (coded 0..K-1 in that order).
    sample_thresholds : pandas.DataFrame
        Thresholds from the margins: ``group``, ``item``, ``threshold``, ``value``.
    """

    categories: dict[str, list[float]] = field(default_factory=dict)
    sample_thresholds: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def polychoric(self) -> list[pd.DataFrame]:
        """Polychoric correlation matrix of every group (labelled)."""
        return [
            pd.DataFrame(c, index=self.observed, columns=self.observed) for c in self.sample_covs
        ]

    def _markdown_report(self, digits: int) -> str:
        """Render the fit (scaled test first), the per-group chi-square and the estimates."""
        f = self.fit_indices
        fmt = f".{digits}f"
        equal = ", ".join(self.group_equal) or "nothing"
        where = (
            f"{len(self.group_levels)} groups of {self.group!r}, equal across groups: {equal}"
            if self.group
            else "one group"
        )
        lines = [
            (
                f"SEM with {len(self.observed)} ordinal items fitted by {self.estimator} "
                f"(thresholds, polychoric correlations, delta parameterization) in {where}; "
                f"{self.n} rows used, {self.n_dropped} dropped; {optimizer_state(self.converged)}."
            ),
            "",
        ]
        if "chi2_scaled" in f:
            lines.append(
                f"Scaled-shifted chi-square {f['chi2_scaled']:{fmt}} on {f['df']:.0f} df "
                f"(p = {f['pvalue_scaled']:.4g}; unscaled {f['chi2']:{fmt}}); "
                f"CFI {f['cfi_scaled']:{fmt}}, TLI {f['tli_scaled']:{fmt}}, "
                f"RMSEA {f['rmsea_scaled']:{fmt}} (scaled); SRMR {f['srmr']:{fmt}}."
            )
        else:
            lines.append(f"{fit_sentence(f, fmt, rmsea_interval=False)}.")
        lines.append("")
        lines += self._estimates_by_group(fmt, headings=bool(self.group))
        return "\n".join(lines)

    def score_tests(self) -> pd.DataFrame:
        """Not available for ordinal fits (the score tests use the ML likelihood)."""
        raise LoyaltyDataError(
            "score tests are computed for ML fits only; compare nested WLSMV models with "
            "measurement_invariance(...) or fit the continuous model with estimator='ML'."
        )

    def modification_indices(self, min_mi: float = 0.0) -> pd.DataFrame:
        """Not available for ordinal fits (the indices use the ML likelihood)."""
        raise LoyaltyDataError(
            "modification indices are computed for ML fits only; fit the model with "
            "estimator='ML' (items as continuous) to screen for misfit."
        )
