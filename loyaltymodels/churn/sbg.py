r"""Shifted-beta-geometric (sBG) model of contract renewal, fitted on the likelihood-model core.

Each customer renews at the end of every period with probability ``1 - theta``; ``theta``
varies across the customers of a cohort as Beta(alpha, beta):

.. math::

    P(T = t \mid \alpha, \beta) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)},
    \qquad S(t \mid \alpha, \beta) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)}.

The log-likelihood of counted patterns is
:math:`\sum_{\text{churned}} n \log P(T = t) + \sum_{\text{active}} n \log S(t)`, so its
cost grows with the number of distinct (cohort, covariate pattern, period, churned) rows, not
with the number of customers.

Several cohorts are fitted at once, either independently or with partial pooling
(``log alpha_c ~ Normal(mu, sigma)``, the same for beta), and covariates shift both parameters
on the log scale: ``log alpha_g = log alpha_c + (x_g - xbar) gamma_alpha``.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing* 21(1), 76-90.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._degenerate import boundary_flags
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.churn.fitting import ChurnLikelihoodModel
from loyaltymodels.churn.sbg_data import (
    SurvivalPatterns,
    patterns_from_records,
    patterns_from_survival_counts,
)
from loyaltymodels.churn.sbg_likelihood import (
    CohortPatterns,
    cohort_patterns,
    sbg_group_parameters,
    sbg_pattern_loglik,
)
from loyaltymodels.churn.sbg_result import ShiftedBetaGeometricResult, relabel_by_cohort
from loyaltymodels.likelihood.parameters import Parameter
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["ShiftedBetaGeometric"]


class ShiftedBetaGeometric(ChurnLikelihoodModel):
    """Shifted-beta-geometric model of contract renewal for one or several cohorts.

    Parameters
    ----------
    pooled : bool, default False
        Partially pool the cohorts: ``log alpha_c ~ Normal(mu_log_alpha, sigma_log_alpha)`` and
        likewise for beta (hierarchical priors across cohorts). Otherwise each cohort has its
        own alpha and beta.
    flat_priors : bool, default False
        Use flat (improper) priors on alpha, beta and the covariate effects, so that ``"map"``
        is the maximum-likelihood estimate. ``method="mle"`` always uses flat priors.
    prior_sigma : float, default 2.0
        Scale of the weakly informative priors: ``alpha, beta ~ LogNormal(0, prior_sigma)``
        (or ``mu ~ Normal(0, prior_sigma)`` when pooled) and covariate effects
        ``~ Normal(0, prior_sigma / 2)``.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing* 21(1), 76-90.

    Examples
    --------
    >>> from loyaltymodels.churn import ShiftedBetaGeometric
    >>> result = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241], method="mle")
    >>> result.params.loc[("cohort", "alpha"), "estimate"].round(3)
    np.float64(0.704)
    """

    name: ClassVar[str] = "ShiftedBetaGeometric"

    def __init__(
        self, *, pooled: bool = False, flat_priors: bool = False, prior_sigma: float = 2.0
    ) -> None:
        self.pooled = bool(pooled)
        self.flat_priors = bool(flat_priors)
        self.prior_sigma = float(prior_sigma)

    def settings(self) -> dict[str, Any]:
        """Return whether cohorts are pooled, whether priors are flat and the prior scale."""
        return {
            "pooled": self.pooled,
            "flat_priors": self.flat_priors,
            "prior_sigma": self.prior_sigma,
        }

    def fit(
        self,
        data: Any,
        *,
        method: str = "nuts",
        random_seed: int | None = None,
        periods: str = "periods",
        churned: str = "churned",
        cohort: str | None = None,
        covariates: Sequence[str] = (),
        cohort_covariates: pd.DataFrame | None = None,
        draws: int = 1000,
        tune: int = 1000,
        chains: int = 2,
    ) -> ShiftedBetaGeometricResult:
        """Fit the model to survival counts or to per-customer records.

        Parameters
        ----------
        data : sequence, pandas.Series or pandas.DataFrame
            Survival counts (customers active at the start of periods 0, 1, ...; one column per
            cohort), or per-customer records with the ``periods`` and ``churned`` columns.
        method : {"nuts", "map", "mle", "laplace", "advi"}, default "nuts"
            How to fit (see :func:`loyaltymodels._pymc_fit.fit_pymc_model`).
        random_seed : int, optional
            Seed of the sampler / optimiser.
        periods, churned : str
            Record columns: the churn period (or periods completed when active) and the churn
            indicator (1/0).
        cohort : str, optional
            Record column naming each customer's cohort.
        covariates : sequence of str
            Record columns that shift alpha and beta (customer or cohort characteristics).
        cohort_covariates : pandas.DataFrame, optional
            With survival counts: covariates per cohort, indexed by cohort name.
        draws, tune, chains : int
            Sampler settings.

        Returns
        -------
        ShiftedBetaGeometricResult
            The fitted result.
        """
        survival = self._patterns(data, periods, churned, cohort, covariates, cohort_covariates)
        flat = self.flat_priors or method == "mle"
        if method == "mle" and self.pooled:
            raise LoyaltyDataError(
                "method='mle' is not defined for the pooled model (the hierarchical scale has no "
                "finite maximum); use method='nuts' or 'map', or pooled=False."
            )
        patterns = cohort_patterns(survival)
        self._check_identified(patterns)
        run = dict(method=method, random_seed=random_seed, draws=draws, tune=tune, chains=chains)
        fit = self.fit_patterns(
            patterns, run, flat=flat, cohorts=survival.cohorts, covariates=survival.covariates
        )
        return ShiftedBetaGeometricResult(fit, patterns)

    @staticmethod
    def _patterns(
        data: Any,
        periods: str,
        churned: str,
        cohort: str | None,
        covariates: Sequence[str],
        cohort_covariates: pd.DataFrame | None,
    ) -> SurvivalPatterns:
        if isinstance(data, pd.DataFrame) and periods in data.columns and churned not in data:
            raise LoyaltyDataError(
                f"the records have a '{periods}' column but no '{churned}' column; per-customer "
                f"records need both (name them with periods= and churned=)."
            )
        if isinstance(data, pd.DataFrame) and churned in data.columns:
            if cohort_covariates is not None:
                raise LoyaltyDataError(
                    "cohort_covariates goes with survival counts; with per-customer records put "
                    "the covariates in columns and name them in covariates=."
                )
            return patterns_from_records(
                data, periods=periods, churned=churned, cohort=cohort, covariates=covariates
            )
        if covariates:
            raise LoyaltyDataError(
                "covariates= names columns of per-customer records; with survival counts pass "
                "cohort_covariates (a DataFrame indexed by cohort)."
            )
        return patterns_from_survival_counts(data, cohort_covariates)

    # ------------------------------------------------------------------ the likelihood

    def parameters(self, patterns: Patterns) -> list[Parameter]:
        """Return alpha and beta per cohort (or their pooled hyperparameters) and the effects.

        The declarations of :meth:`LikelihoodModel.parameters
        <loyaltymodels.likelihood.model.LikelihoodModel.parameters>` for ``patterns``, the
        :class:`CohortPatterns` of the data (number of cohorts and covariates).
        """
        data = cast(CohortPatterns, patterns)
        sigma = self.prior_sigma
        declared: list[Parameter] = []
        for name in ("alpha", "beta"):
            if self.pooled:
                declared += [
                    Parameter(f"mu_log_{name}", ("Normal", {"mu": 0.0, "sigma": sigma}), False),
                    Parameter(f"sigma_log_{name}", ("HalfNormal", {"sigma": 1.0})),
                    Parameter(
                        f"z_log_{name}",
                        ("Normal", {"mu": 0.0, "sigma": 1.0}),
                        positive=False,
                        size=data.n_cohorts,
                        flat_under_mle=False,
                        reported=False,
                    ),
                ]
            else:
                prior = ("LogNormal", {"mu": 0.0, "sigma": sigma})
                declared.append(Parameter(name, prior, size=data.n_cohorts))
        if data.n_covariates:
            effect = ("Normal", {"mu": 0.0, "sigma": sigma / 2})
            declared += [
                Parameter(f"log_{name}_coef", effect, positive=False, size=data.n_covariates)
                for name in ("alpha", "beta")
            ]
        return declared

    def derived(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> dict[str, Any]:
        """Pooled: each cohort's alpha and beta, exp(mu + sigma * z) on the log scale."""
        if not self.pooled:
            return {}
        return {
            name: xp.exp(
                params[f"mu_log_{name}"] + params[f"sigma_log_{name}"] * params[f"z_log_{name}"]
            )
            for name in ("alpha", "beta")
        }

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return each pattern's log-likelihood (:mod:`loyaltymodels.churn.sbg_likelihood`)."""
        alpha_group, beta_group = sbg_group_parameters(values, params, xp)
        return sbg_pattern_loglik(values, alpha_group, beta_group, xp)

    def label_parameters(self, table: pd.DataFrame, patterns: Patterns) -> pd.DataFrame:
        """Index the table by ``(cohort, parameter)``; effects as ``log_alpha:x``."""
        survival = cast(CohortPatterns, patterns).survival
        assert survival is not None
        return relabel_by_cohort(table, survival.cohorts, survival.covariates)

    def diagnose(self, fit: Fit, patterns: Patterns) -> list[str]:
        """Flag alpha, beta or covariate effects at the boundary of the parameter space."""
        names = {str(label[-1]) for label in fit.params.index}
        return boundary_flags(
            fit.params,
            positive={"alpha", "beta"},
            coefficients={name for name in names if ":" in name},
        )

    def _check_identified(self, patterns: CohortPatterns) -> None:
        survival = patterns.survival
        assert survival is not None
        covariates = survival.covariates
        if covariates and not self.pooled and patterns.n_cohorts > 1:
            within = survival.groups.groupby("cohort")[covariates].nunique()
            if (within <= 1).all().all():
                raise LoyaltyDataError(
                    f"covariates {covariates} are constant within each cohort, so they cannot be "
                    "told apart from the cohorts' own alpha and beta; use "
                    "ShiftedBetaGeometric(pooled=True)."
                )
