r"""Bayesian discrete-time hazard model of churn with covariates, on the likelihood-model core.

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

import re
from collections.abc import Sequence
from typing import Any, ClassVar, cast

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._degenerate import boundary_flags
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.churn.aggregation import CountedPatterns, count_patterns
from loyaltymodels.churn.fitting import ChurnLikelihoodModel
from loyaltymodels.churn.hazard_likelihood import (
    LINKS,
    PanelPatterns,
    hazard_linear_predictor,
    log_hazard_terms,
)
from loyaltymodels.churn.hazard_result import HazardChurnResult, HazardSpec
from loyaltymodels.churn.panel_data import check_panel
from loyaltymodels.likelihood.parameters import Parameter
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["LINKS", "HazardChurn", "log_hazard_terms", "panel_patterns"]

_LABEL = re.compile(r"^(?P<name>[A-Za-z_]+)(\[(?P<index>\d+)\])?$")


class HazardChurn(ChurnLikelihoodModel):
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

    name: ClassVar[str] = "HazardChurn"

    def __init__(
        self, link: str = "logit", *, flat_priors: bool = False, prior_sigma: float = 2.5
    ) -> None:
        if link not in LINKS:
            raise LoyaltyDataError(f"link must be one of {LINKS}, got {link!r}.")
        self.link = link
        self.flat_priors = bool(flat_priors)
        self.prior_sigma = float(prior_sigma)

    def settings(self) -> dict[str, Any]:
        """Return the link, whether priors are flat and the prior scale."""
        return {"link": self.link, "flat_priors": self.flat_priors, "prior_sigma": self.prior_sigma}

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
        spec = HazardSpec.from_panel(
            panel,
            self.link,
            period=period,
            covariates=covariates,
            segment=segment,
            customer=customer,
        )
        patterns = panel_patterns(counted, spec)
        run = dict(method=method, random_seed=random_seed, draws=draws, tune=tune, chains=chains)
        fit = self.fit_patterns(patterns, run, flat=flat, covariates=covariates, segment=segment)
        return HazardChurnResult(
            fit,
            spec,
            n_rows=counted.n_rows,
            n_patterns=len(counted.patterns),
            n_customers=int(panel[customer].nunique()),
            n_churned=int(counted.patterns["events"].sum()),
        )

    # ------------------------------------------------------------------ the likelihood

    def parameters(self, patterns: Patterns) -> list[Parameter]:
        """Return the centred baseline, the effects and the segment effects with their scale.

        The baseline is parameterised at the covariate means (``baseline_centred``, which
        samples well) and reported at zero covariates (:meth:`derived`).

        Parameters
        ----------
        patterns : PanelPatterns
            The data (numbers of periods, covariates and segments).

        Returns
        -------
        list of Parameter
            The declarations.
        """
        data = cast(PanelPatterns, patterns)
        sigma = self.prior_sigma
        declared = [
            Parameter(
                "baseline_centred",
                ("Normal", {"mu": -2.0, "sigma": sigma}),
                positive=False,
                size=len(data.periods),
                reported=False,
            )
        ]
        if data.covariates:
            prior = ("Normal", {"mu": 0.0, "sigma": sigma})
            declared.append(Parameter("coef", prior, positive=False, size=len(data.covariates)))
        if data.segments:
            declared += [
                Parameter("sigma_segment", ("HalfNormal", {"sigma": 1.0})),
                Parameter(
                    "segment_effect",
                    ("ZeroSumNormal", {"sigma": "sigma_segment"}),
                    positive=False,
                    size=len(data.segments),
                ),
            ]
        return declared

    def derived(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> dict[str, Any]:
        r"""Return the baseline at zero covariates: :math:`\lambda_t = \lambda^c_t - \bar x'\beta`.

        Parameters
        ----------
        values : dict
            The pattern arrays (``center``: the covariate means).
        params : dict
            The parameters.
        xp : namespace
            The array backend.

        Returns
        -------
        dict
            ``baseline``.
        """
        baseline = params["baseline_centred"]
        if "coef" in params:
            baseline = baseline - xp.linear(values["center"][None, :], params["coef"])
        return {"baseline": baseline}

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return each pattern's binomial log-likelihood (events and survivors).

        The graph reads the baseline at the covariate means with centred covariates, as it is
        sampled; the estimates (the baseline at zero covariates) give the same predictor.
        """
        if "baseline_centred" in params:
            params = {**params, "baseline": params["baseline_centred"]}
            values = {**values, "covariates": values["centred_covariates"]}
        log_h, log_survive = log_hazard_terms(
            hazard_linear_predictor(values, params, xp), self.link, xp
        )
        return values["events"] * log_h + values["survivors"] * log_survive

    def label_parameters(self, table: pd.DataFrame, patterns: Patterns) -> pd.DataFrame:
        """Label rows ``baseline[t]``, by covariate and ``segment[s]``; the baseline first."""
        data = cast(PanelPatterns, patterns)
        labels = []
        for label in table.index:
            match = _LABEL.match(str(label))
            name = match["name"] if match else str(label)
            index = int(match["index"]) if match and match["index"] else 0
            if name == "baseline":
                labels.append(f"baseline[{data.periods[index]}]")
            elif name == "coef":
                labels.append(data.covariates[index])
            elif name == "segment_effect":
                labels.append(f"segment[{data.segments[index]}]")
            else:
                labels.append(str(label))
        relabelled = table.copy()
        relabelled.index = pd.Index(labels, name="parameter")
        first = [label.startswith("baseline[") for label in labels]
        order = sorted(range(len(labels)), key=lambda i: not first[i])
        return relabelled.iloc[order]

    def diagnose(self, fit: Fit, patterns: Patterns) -> list[str]:
        """Flag effects or a segment scale at the boundary of the parameter space."""
        labels = [str(label) for label in fit.params.index]
        positive = [label for label in labels if label.startswith("sigma")]
        return boundary_flags(fit.params, positive=positive, coefficients=labels)


def panel_patterns(counted: CountedPatterns, spec: HazardSpec) -> PanelPatterns:
    """Put counted customer-period patterns in the core's form.

    Parameters
    ----------
    counted : CountedPatterns
        The collapsed panel (``trials`` and ``events`` per pattern).
    spec : HazardSpec
        Column names, periods, segments and covariate means.

    Returns
    -------
    PanelPatterns
        Values, weights (one per binomial pattern: its counts are in the values) and labels.
    """
    patterns = counted.patterns
    n = len(patterns)
    trials = patterns["trials"].to_numpy(dtype=float)
    events = patterns["events"].to_numpy(dtype=float)
    codes = np.zeros(n, dtype="int64")
    if spec.segment:
        segments = pd.Categorical(patterns[spec.segment].astype(str), categories=spec.segments)
        codes = np.asarray(segments.codes, dtype="int64")
    covariates = (
        patterns[spec.covariates].to_numpy(dtype=float) if spec.covariates else np.zeros((n, 0))
    )
    return PanelPatterns(
        values={
            "period_index": np.searchsorted(spec.periods, patterns[spec.period].to_numpy("int64")),
            "covariates": covariates,
            "centred_covariates": covariates - np.asarray(spec.center, dtype=float),
            "segment_index": np.asarray(codes, dtype="int64"),
            "events": events,
            "survivors": trials - events,
            "center": np.asarray(spec.center, dtype=float),
        },
        weights=np.ones(n),
        inverse=counted.row_pattern,
        periods=tuple(int(t) for t in spec.periods),
        covariates=tuple(spec.covariates),
        segments=tuple(spec.segments),
    )


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
