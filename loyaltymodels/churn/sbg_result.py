"""The result of a shifted-beta-geometric fit: parameters, projections, DERL and elasticities."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.churn.fit_report import ChurnFitReport
from loyaltymodels.churn.sbg_data import SurvivalPatterns
from loyaltymodels.churn.sbg_likelihood import (
    CohortPatterns,
    cohort_patterns,
    sbg_group_parameters,
    sbg_pattern_loglik,
)
from loyaltymodels.churn.sbg_math import sbg_derl, sbg_log_survival
from loyaltymodels.likelihood.backend import NUMPY
from loyaltymodels.summaries import check_ci_prob
from loyaltymodels.summaries import summarise_draws as draw_summaries

__all__ = [
    "ShiftedBetaGeometricResult",
    "relabel_by_cohort",
    "sbg_log_likelihood",
    "summarise_draws",
]

_LABEL = re.compile(r"^(?P<name>[A-Za-z_]+)(\[(?P<index>\d+)\])?$")


def summarise_draws(draws: np.ndarray) -> dict[str, np.ndarray]:
    """Posterior mean, sd and 95% equal-tailed interval over the first axis.

    .. deprecated:: 0.2.0
        Use :func:`loyaltymodels.summaries.summarise_draws` (``.as_dict()``).

    Parameters
    ----------
    draws : numpy.ndarray
        Shape ``(n_draws, ...)``.

    Returns
    -------
    dict
        ``mean``, ``sd``, ``lower`` and ``upper``, each of shape ``draws.shape[1:]``.
    """
    warnings.warn(
        "loyaltymodels.churn.sbg_result.summarise_draws is deprecated; use "
        "loyaltymodels.summaries.summarise_draws(draws, ci_prob=0.95).as_dict().",
        FutureWarning,
        stacklevel=2,
    )
    return draw_summaries(draws, 0.95).as_dict()


def sbg_log_likelihood(
    patterns: SurvivalPatterns, alpha_group: np.ndarray, beta_group: np.ndarray
) -> float:
    r"""Log-likelihood of counted patterns given alpha and beta per group (NumPy).

    .. math:: \ell = \sum_{\text{churned}} n \log P(T = t) + \sum_{\text{active}} n \log S(t)

    Parameters
    ----------
    patterns : SurvivalPatterns
        The data.
    alpha_group, beta_group : numpy.ndarray
        alpha and beta of each group (row of ``patterns.groups``).

    Returns
    -------
    float
        The log-likelihood.
    """
    data = cohort_patterns(patterns)
    values = sbg_pattern_loglik(data.values, np.asarray(alpha_group), np.asarray(beta_group))
    return float(np.sum(data.weights * values))


def relabel_by_cohort(
    params: pd.DataFrame, cohorts: list[str], covariates: list[str]
) -> pd.DataFrame:
    """Index an sBG parameter table by ``(cohort, parameter)``, cohorts first.

    Parameters
    ----------
    params : pandas.DataFrame
        The table with labels ``alpha[i]``, ``log_alpha_coef[j]``, ``mu_log_alpha``, ...
    cohorts, covariates : list of str
        The cohort and covariate names.

    Returns
    -------
    pandas.DataFrame
        ``alpha`` and ``beta`` under each cohort, then hyperparameters and effects
        (``log_alpha:x``) under ``"all"``.
    """
    keys = []
    for label in params.index:
        match = _LABEL.match(str(label))
        if match is None:  # pragma: no cover - labels come from the core
            keys.append(("all", str(label)))
            continue
        name, index = match["name"], match["index"]
        if name in ("alpha", "beta"):
            keys.append((cohorts[int(index or 0)], name))
        elif name.endswith("_coef"):
            keys.append(("all", f"{name.removesuffix('_coef')}:{covariates[int(index or 0)]}"))
        else:
            keys.append(("all", name))
    table = params.copy()
    table.index = pd.MultiIndex.from_tuples(keys, names=["cohort", "parameter"])
    order = {name: i for i, name in enumerate([*cohorts, "all"])}
    position = [(order[c], i) for i, (c, _) in enumerate(keys)]
    return table.iloc[sorted(range(len(keys)), key=lambda i: position[i])]


class ShiftedBetaGeometricResult(ChurnFitReport, Result, frozen=True):
    """A fitted shifted-beta-geometric model.

    Attributes
    ----------
    params : pandas.DataFrame
        Indexed by ``(cohort, parameter)``: ``alpha`` and ``beta`` of each cohort (at the mean
        covariate values when there are covariates), then pooled hyperparameters and covariate
        effects (``log_alpha:x``, ``log_beta:x``) under cohort ``"all"``. Columns ``estimate``,
        ``sd``, the 95% interval (``hdi_lower``, ``hdi_upper`` for sampled fits, ``wald_lower``,
        ``wald_upper`` for ``"map"``/``"mle"``), ``r_hat``, ``ess_bulk``, ``ess_tail``.
    method : str
        The fitting method.
    log_likelihood : float
        The log-likelihood at the point estimates (the mode for ``"map"``/``"mle"``, the
        posterior means otherwise).
    n_customers : int
        Customers in the data.
    flags : list of str
        Failed diagnostics (empty when none failed).
    """

    def __init__(self, fit: Fit, patterns: CohortPatterns) -> None:
        survival = patterns.survival
        if survival is None:
            raise ValueError("the result needs the survival patterns the model was fitted on.")
        super().__init__(fit)
        self.patterns = survival
        self.center = patterns.center
        self.n_customers = survival.n_customers
        self.cohorts = list(survival.cohorts)
        self.log_likelihood = fit.log_likelihood
        self._group_values = patterns.values

    @classmethod
    def from_fit(cls, fit: Fit, patterns: CohortPatterns) -> ShiftedBetaGeometricResult:
        """Build the result from the complete fit of the likelihood-model core.

        Parameters
        ----------
        fit : Fit
            The fit (labelled table, log-likelihood at the estimates, flags).
        patterns : CohortPatterns
            The data that was fitted.

        Returns
        -------
        ShiftedBetaGeometricResult
            The result.
        """
        return cls(fit, patterns)

    # ------------------------------------------------------------------ parameters per group

    def _group_draws(self) -> list[np.ndarray]:
        """Draws of alpha and beta for every group, shape ``(n_draws, n_groups)``."""
        names = ["alpha", "beta"]
        if self.patterns.covariates:
            names += ["log_alpha_coef", "log_beta_coef"]
        draws = {name: self.fit.draws(name) for name in names}
        return sbg_group_parameters(self._group_values, draws, NUMPY)

    def _cohort_frame(
        self,
        keys: np.ndarray,
        key_name: str,
        per_cohort: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
        cohort: str | None,
        ci_prob: float,
    ) -> pd.DataFrame:
        alpha, beta = self._group_draws()
        weights = self.patterns.groups["customers"].to_numpy(dtype=float)
        cohorts = self.cohorts if cohort is None else [self._check_cohort(cohort)]
        frames = []
        for name in cohorts:
            members = (self.patterns.groups["cohort"] == name).to_numpy()
            draws = per_cohort(alpha[:, members], beta[:, members], weights[members])
            stats = draw_summaries(draws, check_ci_prob(ci_prob)).as_dict()
            frame = pd.DataFrame({"cohort": name, **stats}, index=pd.Index(keys, name=key_name))
            frames.append(frame)
        return pd.concat(frames)

    def _check_cohort(self, cohort: str) -> str:
        if cohort not in self.cohorts:
            raise LoyaltyDataError(f"cohort {cohort!r} was not fitted; choose from {self.cohorts}.")
        return cohort

    # ------------------------------------------------------------------ projections

    def survival(
        self,
        periods: int | Sequence[int] = 12,
        *,
        cohort: str | None = None,
        ci_prob: float = 0.95,
    ) -> pd.DataFrame:
        r"""Projected share of each cohort still active at the start of each period.

        For a cohort made of covariate groups ``g`` with ``w_g`` customers,
        :math:`S_c(t) = \sum_g w_g S_g(t) / \sum_g w_g` with
        :math:`S_g(t) = B(\alpha_g, \beta_g + t)/B(\alpha_g, \beta_g)`.

        Parameters
        ----------
        periods : int or sequence of int, default 12
            The horizon (periods ``0..periods``) or the periods themselves.
        cohort : str, optional
            One cohort; all when omitted.
        ci_prob : float, default 0.95
            Probability of the equal-tailed posterior interval.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``period`` with ``cohort``, ``mean``, ``sd`` and the 95% posterior
            interval ``lower``, ``upper`` (equal to the mean for ``"map"``/``"mle"`` fits).
        """
        t = _periods(periods, start=0)

        def curve(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
            return _mixture_survival(t, a, b, w)

        return self._cohort_frame(t, "period", curve, cohort, ci_prob)

    def retention_rate(
        self,
        periods: int | Sequence[int] = 12,
        *,
        cohort: str | None = None,
        ci_prob: float = 0.95,
    ) -> pd.DataFrame:
        r"""Projected retention rate :math:`r_t = S(t)/S(t-1)` of each cohort.

        For a cohort without covariates :math:`r_t = (\beta + t - 1)/(\alpha + \beta + t - 1)`.

        Parameters
        ----------
        periods : int or sequence of int, default 12
            The horizon (periods ``1..periods``) or the periods themselves (>= 1).
        cohort, ci_prob
            As in :meth:`survival`.

        Returns
        -------
        pandas.DataFrame
            The rates, laid out as in :meth:`survival`.
        """
        t = _periods(periods, start=1)

        def rate(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
            rates: np.ndarray = _mixture_survival(t, a, b, w) / _mixture_survival(t - 1, a, b, w)
            return rates

        return self._cohort_frame(t, "period", rate, cohort, ci_prob)

    def derl(
        self,
        discount_rate: float = 0.1,
        *,
        renewals: int | Sequence[int] = 0,
        cohort: str | None = None,
        ci_prob: float = 0.95,
    ) -> pd.DataFrame:
        r"""Discounted expected residual lifetime of a customer who has made ``n`` renewals.

        :math:`\mathrm{DERL}(d \mid \alpha, \beta, n) = \frac{\beta + n}{\alpha + \beta + n}
        \, {}_2F_1(1, \beta + n + 1; \alpha + \beta + n + 1; 1/(1 + d))` (Fader & Hardie
        2010); with covariates, the average over the cohort's survivors at ``n``. Multiply by
        the margin per period to get the expected residual value.

        Parameters
        ----------
        discount_rate : float, default 0.1
            Per-period discount rate ``d`` > 0.
        renewals : int or sequence of int, default 0
            Renewals already made.
        cohort, ci_prob
            As in :meth:`survival`: one cohort (all when omitted) and the interval probability.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``renewals`` with ``cohort``, ``mean``, ``sd``, ``lower``, ``upper``.
        """
        n = _renewals(renewals)

        def value(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
            return _mixture_derl(discount_rate, n, a, b, w)

        return self._cohort_frame(n, "renewals", value, cohort, ci_prob)

    def retention_elasticity(
        self,
        discount_rate: float = 0.1,
        *,
        renewals: int | Sequence[int] = 0,
        increase: float = 0.01,
        cohort: str | None = None,
        ci_prob: float = 0.95,
    ) -> pd.DataFrame:
        r"""Percentage change in DERL per 1% increase in every customer's renewal probability.

        Raising each renewal probability ``1 - theta`` by the proportion ``e`` is equivalent to
        discounting at ``d'`` with ``1 + d' = (1 + d)/(1 + e)`` and scaling by ``1 + e``, so
        :math:`\eta = [(1 + e)\,\mathrm{DERL}(d') / \mathrm{DERL}(d) - 1] / e`
        (Fader & Hardie 2010; see :func:`~loyaltymodels.churn.sbg_retention_elasticity`).

        Parameters
        ----------
        discount_rate : float, default 0.1
            Per-period discount rate ``d`` (> ``increase``).
        increase : float, default 0.01
            The proportional increase of the renewal probabilities.
        renewals, cohort, ci_prob
            As in :meth:`derl`.

        Returns
        -------
        pandas.DataFrame
            The elasticities, laid out as in :meth:`derl`.
        """
        n = _renewals(renewals)
        step = float(increase)
        if not 0.0 < step < float(discount_rate):
            raise LoyaltyDataError(
                f"increase must lie in (0, discount_rate) = (0, {discount_rate}), got {increase!r}."
            )
        shifted = (1.0 + float(discount_rate)) / (1.0 + step) - 1.0

        def elasticity(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
            base = _mixture_derl(discount_rate, n, a, b, w)
            raised = (1.0 + step) * _mixture_derl(shifted, n, a, b, w)
            elasticities: np.ndarray = (raised / base - 1.0) / step
            return elasticities

        return self._cohort_frame(n, "renewals", elasticity, cohort, ci_prob)

    def summary_attrs(self) -> dict[str, Any]:
        """Return the method, the log-likelihood and the customer count (attrs of the summary).

        Returns
        -------
        dict
            ``method``, ``log_likelihood`` and ``n_customers``.
        """
        return {
            "method": self.method,
            "log_likelihood": self.log_likelihood,
            "n_customers": self.n_customers,
        }


def _periods(periods: int | Sequence[int], *, start: int) -> np.ndarray:
    if np.ndim(periods) == 0:
        horizon = int(periods)  # type: ignore[arg-type]
        if horizon < start:
            raise LoyaltyDataError(f"the horizon must be >= {start}, got {periods!r}.")
        return np.arange(start, horizon + 1)
    values = np.asarray(periods, dtype="int64")
    if values.size == 0 or (values < start).any():
        raise LoyaltyDataError(f"periods must be integers >= {start}, got {list(values)}.")
    return values


def _renewals(renewals: int | Sequence[int]) -> np.ndarray:
    values = np.atleast_1d(np.asarray(renewals, dtype="int64"))
    if (values < 0).any():
        raise LoyaltyDataError(f"renewals must be >= 0, got {list(values)}.")
    return values


def _mixture_survival(t: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Customer-weighted survival over groups: draws x periods."""
    curves = np.exp(sbg_log_survival(t[None, None, :], a[:, :, None], b[:, :, None]))
    return np.asarray(np.tensordot(curves, w / w.sum(), axes=([1], [0])))


def _mixture_derl(
    discount_rate: float, n: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """DERL averaged over the groups' survivors at ``n``: draws x renewals."""
    survivors = np.exp(sbg_log_survival(n[None, None, :], a[:, :, None], b[:, :, None]))
    survivors = survivors * w[None, :, None]
    values = sbg_derl(discount_rate, a[:, :, None], b[:, :, None], n[None, None, :])
    return np.asarray((survivors * values).sum(axis=1) / survivors.sum(axis=1))
