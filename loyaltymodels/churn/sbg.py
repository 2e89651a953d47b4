r"""Shifted-beta-geometric (sBG) model of contract renewal, fitted by PyMC.

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
from typing import Any

import numpy as np
import pandas as pd
import pymc as pm
import pytensor.tensor as pt

from loyaltymodels._bayes import fit_pymc_model
from loyaltymodels._degenerate import boundary_flags, flag_result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.churn.sbg_data import (
    SurvivalPatterns,
    patterns_from_records,
    patterns_from_survival_counts,
)
from loyaltymodels.churn.sbg_result import ShiftedBetaGeometricResult

__all__ = ["ShiftedBetaGeometric"]


def _betaln(a: Any, b: Any) -> Any:
    return pt.gammaln(a) + pt.gammaln(b) - pt.gammaln(a + b)


class ShiftedBetaGeometric:
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

    Notes
    -----
    The model stores its configuration only; :meth:`fit` validates the data and returns a
    :class:`ShiftedBetaGeometricResult`.

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

    def __init__(
        self, *, pooled: bool = False, flat_priors: bool = False, prior_sigma: float = 2.0
    ) -> None:
        self.pooled = bool(pooled)
        self.flat_priors = bool(flat_priors)
        self.prior_sigma = float(prior_sigma)

    def __repr__(self) -> str:
        return (
            f"ShiftedBetaGeometric(pooled={self.pooled}, flat_priors={self.flat_priors}, "
            f"prior_sigma={self.prior_sigma})"
        )

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
            How to fit (see :func:`loyaltymodels._bayes.fit_pymc_model`).
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
        patterns = self._patterns(data, periods, churned, cohort, covariates, cohort_covariates)
        flat = self.flat_priors or method == "mle"
        if method == "mle" and self.pooled:
            raise LoyaltyDataError(
                "method='mle' is not defined for the pooled model (the hierarchical scale has no "
                "finite maximum); use method='nuts' or 'map', or pooled=False."
            )
        model, var_names = self.build_model(patterns, flat=flat)
        config = {
            "model": "ShiftedBetaGeometric",
            "pooled": self.pooled,
            "flat_priors": flat,
            "prior_sigma": self.prior_sigma,
            "cohorts": patterns.cohorts,
            "covariates": patterns.covariates,
        }
        fit = fit_pymc_model(
            model,
            method=method,
            random_seed=random_seed,
            var_names=var_names,
            draws=draws,
            tune=tune,
            chains=chains,
            config=config,
        )
        result = ShiftedBetaGeometricResult.from_fit(fit, patterns, _covariate_center(patterns))
        names = {str(label[-1]) for label in result.params.index}
        flag_result(
            result.flags,
            boundary_flags(
                result.params,
                positive={"alpha", "beta"},
                coefficients={name for name in names if ":" in name},
            ),
        )
        return result

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

    def build_model(self, patterns: SurvivalPatterns, *, flat: bool) -> tuple[pm.Model, list[str]]:
        """Build the PyMC model for counted patterns.

        Parameters
        ----------
        patterns : SurvivalPatterns
            The data, as returned by :func:`patterns_from_survival_counts` or
            :func:`patterns_from_records`.
        flat : bool
            Use flat priors.

        Returns
        -------
        tuple of (pymc.Model, list of str)
            The model and the names of the parameters to report.
        """
        n_cohorts = len(patterns.cohorts)
        cohort_of_group = pd.Categorical(
            patterns.groups["cohort"], categories=patterns.cohorts
        ).codes.astype("int64")
        covariates = patterns.covariates
        x = _centered_covariates(patterns)
        if covariates and not self.pooled and n_cohorts > 1:
            within = patterns.groups.groupby("cohort")[covariates].nunique()
            if (within <= 1).all().all():
                raise LoyaltyDataError(
                    f"covariates {covariates} are constant within each cohort, so they cannot be "
                    "told apart from the cohorts' own alpha and beta; use "
                    "ShiftedBetaGeometric(pooled=True)."
                )
        table = patterns.table
        group = table["group"].to_numpy(dtype="int64")
        period = table["period"].to_numpy(dtype=float)
        is_churn = table["churned"].to_numpy(dtype=bool)
        count = table["count"].to_numpy(dtype=float)
        var_names = ["alpha", "beta"]
        with pm.Model() as model:
            log_ab = []
            for name in ("alpha", "beta"):
                if self.pooled:
                    mu = (
                        pm.Flat(f"mu_log_{name}")
                        if flat
                        else pm.Normal(f"mu_log_{name}", 0.0, self.prior_sigma)
                    )
                    sigma = (
                        pm.HalfFlat(f"sigma_log_{name}")
                        if flat
                        else pm.HalfNormal(f"sigma_log_{name}", 1.0)
                    )
                    offset = pm.Normal(f"z_log_{name}", 0.0, 1.0, shape=n_cohorts)
                    log_value = mu + sigma * offset
                    pm.Deterministic(name, pt.exp(log_value))
                else:
                    value = (
                        pm.HalfFlat(name, shape=n_cohorts)
                        if flat
                        else pm.LogNormal(name, 0.0, self.prior_sigma, shape=n_cohorts)
                    )
                    log_value = pt.log(value)
                log_group = log_value[cohort_of_group]
                if covariates:
                    coef_name = f"log_{name}_coef"
                    coef = (
                        pm.Flat(coef_name, shape=len(covariates))
                        if flat
                        else pm.Normal(coef_name, 0.0, self.prior_sigma / 2, shape=len(covariates))
                    )
                    log_group = log_group + pt.dot(x, coef)
                log_ab.append(log_group)
            if self.pooled:
                var_names += ["mu_log_alpha", "sigma_log_alpha", "mu_log_beta", "sigma_log_beta"]
            if covariates:
                var_names += ["log_alpha_coef", "log_beta_coef"]
            alpha_row = pt.exp(log_ab[0])[group]
            beta_row = pt.exp(log_ab[1])[group]
            log_norm = _betaln(alpha_row, beta_row)
            log_churn = _betaln(alpha_row + 1.0, beta_row + period - 1.0) - log_norm
            log_active = _betaln(alpha_row, beta_row + period) - log_norm
            pm.Potential("loglik", pt.sum(count * pt.where(is_churn, log_churn, log_active)))
        return model, var_names


def _covariate_center(patterns: SurvivalPatterns) -> np.ndarray:
    if not patterns.covariates:
        return np.zeros(0)
    weights = patterns.groups["customers"].to_numpy(dtype=float)
    values = patterns.groups[patterns.covariates].to_numpy(dtype=float)
    return np.asarray(np.average(values, axis=0, weights=weights))


def _centered_covariates(patterns: SurvivalPatterns) -> np.ndarray:
    if not patterns.covariates:
        return np.zeros((len(patterns.groups), 0))
    values = patterns.groups[patterns.covariates].to_numpy(dtype=float)
    return values - _covariate_center(patterns)
