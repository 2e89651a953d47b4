r"""Bayesian discrete-time hazard model of churn with covariates, fitted by PyMC.

For customer ``i`` in period ``t`` (while at risk) the churn probability is

.. math::

    h_{it} = g^{-1}\left(\lambda_t + x_{it}^\top \beta + u_{s(i)}\right),
    \qquad u_s \sim N(0, \sigma_u^2),

with a free baseline :math:`\lambda_t` per period, static or time-varying covariates
:math:`x_{it}`, optional segment random effects :math:`u_s`, and link ``g`` the logit
(:math:`e^{\beta}` are odds ratios) or the complementary log-log
(:math:`h = 1 - \exp(-e^{\eta})`, the grouped-time proportional-hazards model, so
:math:`e^{\beta}` are hazard ratios; Prentice & Gloeckler 1978). The likelihood is
:math:`\prod_{it} h_{it}^{y_{it}} (1 - h_{it})^{1 - y_{it}}` (Allison 1982; Singer & Willett
2003); rows that share the period, covariates and segment are collapsed into binomial counts,
so the cost grows with the number of distinct patterns. Segment effects are sampled as a
zero-sum normal (deviations from the average segment) with the baseline of the average segment,
which removes the ridge between the baseline and the mean of the segment effects.

References
----------
Allison, P. D. (1982). Discrete-time methods for the analysis of event histories. *Sociological
Methodology* 13, 61-98.

Prentice, R. L. & Gloeckler, L. A. (1978). Regression analysis of grouped survival data with
application to breast cancer data. *Biometrics* 34(1), 57-67.

Singer, J. D. & Willett, J. B. (2003). *Applied Longitudinal Data Analysis*. Oxford University
Press, chapters 10-12.
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
from loyaltymodels.churn.aggregation import CountedPatterns, count_patterns
from loyaltymodels.churn.hazard_result import HazardChurnResult, HazardSpec
from loyaltymodels.churn.panel_data import check_panel

__all__ = ["LINKS", "HazardChurn", "log_hazard_terms"]

LINKS = ("logit", "cloglog")


def log_hazard_terms(eta: Any, link: str) -> tuple[Any, Any]:
    """``log h`` and ``log(1 - h)`` for a linear predictor, computed stably.

    Works on NumPy arrays and PyTensor tensors alike.

    Parameters
    ----------
    eta : array or tensor
        The linear predictor.
    link : {"logit", "cloglog"}
        The link.

    Returns
    -------
    tuple
        ``(log h, log(1 - h))``: for the logit ``(-softplus(-eta), -softplus(eta))``, for the
        complementary log-log ``(log(1 - exp(-exp(eta))), -exp(eta))``.
    """
    if isinstance(eta, np.ndarray) or np.isscalar(eta):
        eta = np.asarray(eta, dtype=float)
        if link == "logit":
            return -np.logaddexp(0.0, -eta), -np.logaddexp(0.0, eta)
        rate = np.exp(eta)
        return np.log(-np.expm1(-rate)), -rate
    if link == "logit":
        return -pt.softplus(-eta), -pt.softplus(eta)
    rate = pt.exp(eta)
    return pt.log1mexp(-rate), -rate


class HazardChurn:
    """Discrete-time hazard model of churn (logit or complementary log-log link).

    Parameters
    ----------
    link : {"logit", "cloglog"}, default "logit"
        ``"logit"`` reports odds ratios; ``"cloglog"`` reports hazard ratios (proportional
        hazards in the underlying continuous time).
    flat_priors : bool, default False
        Flat (improper) priors on the baseline and the effects, so that ``"map"`` is the
        maximum-likelihood estimate (``method="mle"`` always uses them). Not available with
        segment random effects.
    prior_sigma : float, default 2.5
        Scale of the Normal(0, prior_sigma) priors on the baseline (at the covariate means)
        and on the effects.

    Notes
    -----
    The model stores its configuration only; :meth:`fit` validates the panel and returns a
    :class:`HazardChurnResult`.

    References
    ----------
    Allison, P. D. (1982). Discrete-time methods for the analysis of event histories.
    *Sociological Methodology* 13, 61-98.

    Examples
    --------
    >>> from loyaltymodels.datasets import simulate_subscription_panel
    >>> panel, truth = simulate_subscription_panel(n_customers=2000, random_seed=3)
    >>> result = HazardChurn().fit(
    ...     panel, covariates=["satisfaction", "complaint"], method="mle", random_seed=1
    ... )
    >>> bool(result.effects().loc["satisfaction", "ratio"] < 1)
    True
    """

    def __init__(
        self, link: str = "logit", *, flat_priors: bool = False, prior_sigma: float = 2.5
    ) -> None:
        if link not in LINKS:
            raise LoyaltyDataError(f"link must be one of {LINKS}, got {link!r}.")
        self.link = link
        self.flat_priors = bool(flat_priors)
        self.prior_sigma = float(prior_sigma)

    def __repr__(self) -> str:
        return (
            f"HazardChurn(link={self.link!r}, flat_priors={self.flat_priors}, "
            f"prior_sigma={self.prior_sigma})"
        )

    def fit(
        self,
        data: pd.DataFrame,
        *,
        covariates: Sequence[str] = (),
        customer: str = "customer_id",
        period: str = "period",
        churned: str = "churned",
        segment: str | None = None,
        method: str = "nuts",
        random_seed: int | None = None,
        draws: int = 1000,
        tune: int = 1000,
        chains: int = 2,
    ) -> HazardChurnResult:
        r"""Fit the hazard model to a customer-period panel.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per customer and period at risk; ``churned`` is 1 in the period the
            customer left (their last row) and 0 otherwise.
        covariates : sequence of str
            Numeric covariate columns (static or time-varying).
        customer, period, churned : str
            The customer id, period (1, 2, ...) and churn indicator columns.
        segment : str, optional
            A column of segments that get random intercepts :math:`u_s \sim N(0, \sigma_u^2)`.
            They are reported as deviations from the average segment (summing to zero; a
            zero-sum normal), and the baseline as that of the average segment, which keeps the
            two identified and the sampler efficient.
        method : {"nuts", "map", "mle", "laplace", "advi"}, default "nuts"
            How to fit.
        random_seed : int, optional
            Seed of the sampler / optimiser.
        draws, tune, chains : int
            Sampler settings.

        Returns
        -------
        HazardChurnResult
            The fitted result.
        """
        covariates = [covariates] if isinstance(covariates, str) else [str(c) for c in covariates]
        flat = self.flat_priors or method == "mle"
        if flat and segment is not None:
            raise LoyaltyDataError(
                "flat priors (and method='mle') are not available with segment random effects: "
                "their scale has no finite maximum. Use method='nuts' or 'map' with the default "
                "priors, or drop segment=."
            )
        panel = check_panel(
            data,
            customer=customer,
            period=period,
            churned=churned,
            covariates=covariates,
            segment=segment,
        )
        _check_events(panel, churned)
        keys = [period, *covariates] + ([segment] if segment else [])
        counted = count_patterns(panel, keys, churned)
        periods = np.sort(panel[period].unique()).astype("int64")
        segments = sorted(str(s) for s in pd.unique(panel[segment].astype(str))) if segment else []
        center = panel[covariates].to_numpy(dtype=float).mean(axis=0) if covariates else np.zeros(0)
        spec = HazardSpec(
            link=self.link,
            period=period,
            covariates=covariates,
            segment=segment,
            customer=customer,
            periods=periods,
            segments=segments,
            center=center,
        )
        model, var_names = self.build_model(counted, spec, flat=flat)
        fit = fit_pymc_model(
            model,
            method=method,
            random_seed=random_seed,
            var_names=var_names,
            draws=draws,
            tune=tune,
            chains=chains,
            config={
                "model": "HazardChurn",
                "link": self.link,
                "flat_priors": flat,
                "prior_sigma": self.prior_sigma,
                "covariates": covariates,
                "segment": segment,
            },
        )
        result = HazardChurnResult.from_fit(
            fit,
            spec,
            n_rows=counted.n_rows,
            n_patterns=len(counted.patterns),
            n_customers=int(panel[customer].nunique()),
            n_churned=int(counted.patterns["events"].sum()),
        )
        labels = [str(label) for label in result.params.index]
        positive = [label for label in labels if label.startswith("sigma")]
        flag_result(
            result.flags, boundary_flags(result.params, positive=positive, coefficients=labels)
        )
        return result

    def build_model(
        self, counted: CountedPatterns, spec: HazardSpec, *, flat: bool
    ) -> tuple[pm.Model, list[str]]:
        """Build the PyMC model on binomial patterns.

        The baseline is parameterised at the covariate means (``lambda_c``, which samples
        well) and reported at zero covariates, ``lambda_t = lambda_c_t - xbar' beta``.

        Parameters
        ----------
        counted : CountedPatterns
            The collapsed panel (``trials`` and ``events`` per pattern).
        spec : HazardSpec
            Column names, periods, segments and covariate means.
        flat : bool
            Use flat priors.

        Returns
        -------
        tuple of (pymc.Model, list of str)
            The model and the names of the parameters to report.
        """
        patterns = counted.patterns
        period_index = np.searchsorted(spec.periods, patterns[spec.period].to_numpy("int64"))
        trials = patterns["trials"].to_numpy(dtype=float)
        events = patterns["events"].to_numpy(dtype=float)
        n_periods = len(spec.periods)
        var_names = ["baseline"]
        with pm.Model() as model:
            if flat:
                centred_baseline = pm.Flat("baseline_centred", shape=n_periods)
            else:
                centred_baseline = pm.Normal(
                    "baseline_centred", -2.0, self.prior_sigma, shape=n_periods
                )
            eta = centred_baseline[period_index]
            baseline = centred_baseline
            if spec.covariates:
                x = patterns[spec.covariates].to_numpy(dtype=float) - spec.center
                k = len(spec.covariates)
                coef = (
                    pm.Flat("coef", shape=k)
                    if flat
                    else pm.Normal("coef", 0.0, self.prior_sigma, shape=k)
                )
                eta = eta + pt.dot(x, coef)
                baseline = centred_baseline - pt.dot(spec.center, coef)
                var_names.append("coef")
            pm.Deterministic("baseline", baseline)
            if spec.segment:
                segment_index = pd.Categorical(
                    patterns[spec.segment].astype(str), categories=spec.segments
                ).codes.astype("int64")
                sigma = pm.HalfNormal("sigma_segment", 1.0)
                effect = pm.ZeroSumNormal("segment_effect", sigma=sigma, shape=len(spec.segments))
                eta = eta + effect[segment_index]
                var_names += ["sigma_segment", "segment_effect"]
            log_h, log_survive = log_hazard_terms(eta, self.link)
            pm.Potential("loglik", pt.sum(events * log_h + (trials - events) * log_survive))
        return model, var_names


def _check_events(panel: pd.DataFrame, churned: str) -> None:
    """Refuse a panel without churn, or with churn in every row: nothing can be estimated."""
    events = panel[churned].to_numpy(dtype=float)
    if events.sum() == 0:
        raise LoyaltyDataError(
            f"column '{churned}' is 0 in every row: with no churn at all the hazard cannot be "
            "estimated (every baseline would run to minus infinity). Fit a panel that includes "
            "customers who left, or report the churn rate as 0 out of "
            f"{len(events)} customer-periods."
        )
    if events.sum() == len(events):
        raise LoyaltyDataError(
            f"column '{churned}' is 1 in every row: every customer churns in their first period "
            "at risk, so the hazard is 1 and nothing else can be estimated."
        )
