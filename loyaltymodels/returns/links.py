r"""Take the links of the experience-return chain from fitted models of the package.

* Satisfaction effects from a fitted SEM (:class:`~loyaltymodels.sem.SEMResult`): the path
  estimates of ``satisfaction ~ dimension`` with their standard errors and joint covariance
  (expected information, Bollen 1989, ch. 4).
* The retention effect of satisfaction from a discrete-time hazard model of churn
  (:class:`~loyaltymodels.churn.HazardChurnResult`, logit link). The model describes churn,
  :math:`\operatorname{logit} h = \lambda_t + \beta_s s + \dots`; retention is
  :math:`1 - h` and :math:`\operatorname{logit}(1 - h) = -\operatorname{logit}(h)`, so the
  change in the log-odds of retention per satisfaction point is :math:`\gamma = -\beta_s`.
* The baseline per-period retention of a customer profile from the same hazard model.
* A margin per customer and period from a customer lifetime value (Gupta & Lehmann 2003).

References
----------
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley, chapter 4.
Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*
17(1), 9-24.
Allison, P. D. (1982). Discrete-time methods for the analysis of event histories.
*Sociological Methodology* 13, 61-98.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "baseline_retention_from_hazard",
    "margin_from_clv",
    "retention_effect_from_hazard",
    "satisfaction_effect_covariance_from_sem",
    "satisfaction_effects_from_sem",
]


def _paths(
    sem_result: Any, outcome: str, dimensions: Sequence[str] | None
) -> dict[str, tuple[float, float, int]]:
    r"""Locate the paths ``outcome ~ dimension``: dimension -> (estimate, se, free index).

    A regression on a latent or structural outcome sits in the matrix :math:`B`; a regression
    of an observed outcome on observed variables only is laid out by semopy as loadings of the
    outcome on the (exogenous, observed) predictors, in :math:`\Lambda`. Both are found here.
    """
    from loyaltymodels.sem import SEMResult

    if not isinstance(sem_result, SEMResult):
        raise LoyaltyDataError(
            f"sem_result must be a fitted SEMResult, got {type(sem_result).__name__}."
        )
    latents = set(sem_result.latents)
    se_free = np.sqrt(np.clip(np.diag(np.asarray(sem_result.vcov)), 0.0, None))
    found: dict[str, tuple[float, float, int]] = {}
    regressed = set()
    for loc in sem_result.structure.locations:
        structural = loc.matrix == "beta"
        observed = loc.matrix == "lambda" and loc.col not in latents
        if not (structural or observed):
            continue
        regressed.add(loc.row)
        if loc.row != outcome:
            continue
        if loc.free_index >= 0:
            estimate = float(sem_result.theta[loc.free_index])
            found[loc.col] = (estimate, float(se_free[loc.free_index]), loc.free_index)
        else:
            found[loc.col] = (float(loc.fixed_value), 0.0, -1)
    if not found:
        raise LoyaltyDataError(
            f"the SEM has no regression '{outcome} ~ ...'; name the satisfaction construct "
            f"with outcome= (regressed variables: {sorted(regressed)})."
        )
    if dimensions is None:
        return found
    missing = [d for d in dimensions if d not in found]
    if missing:
        raise LoyaltyDataError(
            f"the SEM has no path from {missing} to '{outcome}'; it has {list(found)}."
        )
    return {d: found[d] for d in dimensions}


def _check_scale(scale: float) -> float:
    factor = float(scale)
    if not np.isfinite(factor) or factor <= 0:
        raise LoyaltyDataError(f"scale must be a positive number, got {scale!r}.")
    return factor


def satisfaction_effects_from_sem(
    sem_result: Any,
    outcome: str = "satisfaction",
    *,
    dimensions: Sequence[str] | None = None,
    scale: float = 1.0,
) -> dict[str, tuple[float, float]]:
    """Return the satisfaction effects of the experience dimensions from a fitted SEM.

    The unstandardized path coefficients of ``outcome ~ dimension`` and their standard
    errors: satisfaction points per point of the dimension (on the scales of the constructs'
    marker items for latent constructs, of the variables themselves for observed ones). Paths
    fixed in the model get a standard error of 0.

    Parameters
    ----------
    sem_result : SEMResult
        A fitted :class:`~loyaltymodels.sem.SEM`.
    outcome : str, default "satisfaction"
        The satisfaction construct or variable (the left-hand side of the regression).
    dimensions : sequence of str, optional
        The dimensions to take (default: every predictor of ``outcome``).
    scale : float, default 1.0
        Multiplies estimates and standard errors, to express satisfaction in the units of the
        churn model's satisfaction covariate (e.g. ``10 / 6`` from a 1-7 item scale to a
        0-10 score).

    Returns
    -------
    dict of str to (float, float)
        Dimension -> (estimate, se), ready for ``ReturnInputs.from_values``.
    """
    paths = _paths(sem_result, outcome, dimensions)
    factor = _check_scale(scale)
    return {str(d): (est * factor, se * factor) for d, (est, se, _) in paths.items()}


def satisfaction_effect_covariance_from_sem(
    sem_result: Any,
    outcome: str = "satisfaction",
    *,
    dimensions: Sequence[str] | None = None,
    scale: float = 1.0,
) -> pd.DataFrame:
    """Return the joint covariance of the satisfaction effects from a fitted SEM.

    The block of the estimates' covariance matrix (inverse expected information) for the paths
    ``outcome ~ dimension``; paths of correlated dimensions are correlated, which matters for
    plans that close several gaps at once.

    Parameters
    ----------
    sem_result : SEMResult
        A fitted :class:`~loyaltymodels.sem.SEM`.
    outcome : str, default "satisfaction"
        The satisfaction construct or variable.
    dimensions : sequence of str, optional
        The dimensions (default: every predictor of ``outcome``).
    scale : float, default 1.0
        As in :func:`satisfaction_effects_from_sem` (the covariance is scaled by its square).

    Returns
    -------
    pandas.DataFrame
        Dimension x dimension covariance, for ``satisfaction_effect_cov=``.
    """
    paths = _paths(sem_result, outcome, dimensions)
    factor = _check_scale(scale)
    fixed = [d for d, (_, _, index) in paths.items() if index < 0]
    if fixed:
        raise LoyaltyDataError(
            f"the path(s) {outcome} ~ {fixed} are fixed in the SEM and have no sampling "
            "variance; leave them out with dimensions=."
        )
    names = [str(d) for d in paths]
    positions = [index for _, _, index in paths.values()]
    block = np.asarray(sem_result.vcov)[np.ix_(positions, positions)] * factor**2
    return pd.DataFrame(block, index=names, columns=names)


def retention_effect_from_hazard(
    hazard_result: Any,
    covariate: str = "satisfaction",
    *,
    use_draws: bool | None = None,
) -> tuple[float, float] | np.ndarray:
    r"""Return the retention effect of satisfaction from a fitted discrete-time hazard model.

    :math:`\gamma = -\beta`: the hazard model's logit coefficient describes the log-odds of
    churning, and the log-odds of retention are their negative.

    Parameters
    ----------
    hazard_result : HazardChurnResult
        A :class:`~loyaltymodels.churn.HazardChurn` fit with the logit link.
    covariate : str, default "satisfaction"
        The satisfaction covariate.
    use_draws : bool, optional
        Return the posterior draws of :math:`\gamma` (default when the fit has draws, i.e.
        ``"nuts"``, ``"advi"``, ``"laplace"``) instead of (estimate, sd) (default for
        ``"map"``/``"mle"``, whose sd is the Hessian standard error).

    Returns
    -------
    (float, float) or numpy.ndarray
        (estimate, se) of :math:`\gamma`, or its draws.
    """
    from loyaltymodels.churn import HazardChurnResult

    if not isinstance(hazard_result, HazardChurnResult):
        raise LoyaltyDataError(
            f"hazard_result must be a HazardChurnResult, got {type(hazard_result).__name__}."
        )
    if hazard_result.spec.link != "logit":
        raise LoyaltyDataError(
            f"the hazard model uses the {hazard_result.spec.link!r} link, whose coefficient is "
            "not a change in the log-odds of retention; refit with HazardChurn(link='logit')."
        )
    covariates = hazard_result.spec.covariates
    if covariate not in covariates:
        raise LoyaltyDataError(
            f"the hazard model has no covariate '{covariate}'; it has {covariates}."
        )
    if _draws_chosen(use_draws, hazard_result.fit.n_draws > 1, hazard_result, "(estimate, se)"):
        draws = hazard_result.fit.draws("coef")[:, covariates.index(covariate)]
        return -np.asarray(draws, dtype=float)
    estimate, sd = hazard_result.params.loc[covariate, ["estimate", "sd"]].to_numpy(dtype=float)
    return (-float(estimate), float(sd))


def baseline_retention_from_hazard(
    hazard_result: Any,
    profile: Mapping[str, float] | None = None,
    *,
    use_draws: bool | None = None,
) -> float | np.ndarray:
    r"""Return the per-period retention of a customer profile from a fitted hazard model.

    The hazard model has a baseline per period; the chain uses one constant per-period
    retention, taken as the geometric mean over the fitted periods :math:`1..T`,

    .. math:: r_0 = \Bigl(\prod_{t=1}^{T} (1 - h_t)\Bigr)^{1/T} = S(T)^{1/T},

    so that :math:`r_0^T` equals the profile's survival to the last fitted period. ``profile``
    fixes covariates (the others are held at their panel means); with segments, the baseline
    is that of the average segment. Use the same profile (e.g. the survey's mean satisfaction)
    as the satisfaction change refers to.

    Parameters
    ----------
    hazard_result : HazardChurnResult
        A fitted :class:`~loyaltymodels.churn.HazardChurn`.
    profile : mapping of str to float, optional
        Covariate values, e.g. ``{"satisfaction": 7.0}``.
    use_draws : bool, optional
        Return one value per posterior draw (default when the fit has draws), for
        ``retention=``; draws from the same fit as
        :func:`retention_effect_from_hazard` stay paired in the chain.

    Returns
    -------
    float or numpy.ndarray
        The retention (at the mode for ``"map"``/``"mle"``; the posterior mean without draws),
        or its draws.
    """
    from loyaltymodels.churn import HazardChurnResult
    from loyaltymodels.churn.hazard import log_hazard_terms

    if not isinstance(hazard_result, HazardChurnResult):
        raise LoyaltyDataError(
            f"hazard_result must be a HazardChurnResult, got {type(hazard_result).__name__}."
        )
    spec = hazard_result.spec
    values = spec.profile_values(profile, model="the hazard model")
    eta = np.asarray(hazard_result.fit.draws("baseline"), dtype=float)
    if spec.covariates:
        x = np.array([values[name] for name in spec.covariates])
        eta = eta + (np.asarray(hazard_result.fit.draws("coef"), dtype=float) @ x)[:, None]
    _, log_survive = log_hazard_terms(eta, spec.link)
    retention = np.exp(np.asarray(log_survive).mean(axis=1))
    if _draws_chosen(use_draws, retention.size > 1, hazard_result, "the retention at the mode"):
        return retention
    return float(retention.mean())


def margin_from_clv(clv: float, retention: float, discount_rate: float) -> float:
    r"""Margin per customer and period implied by a customer lifetime value.

    With constant margin :math:`m` from the next period on, per-period retention :math:`r` and
    discount rate :math:`d`, the lifetime value of a customer is
    :math:`\mathrm{CLV} = \sum_{t \ge 1} m\, r^t / (1+d)^t = m\, r / (1 + d - r)`
    (Gupta & Lehmann 2003), so :math:`m = \mathrm{CLV}\,(1 + d - r) / r`.

    Parameters
    ----------
    clv : float
        Lifetime value of a customer (present value of future margin).
    retention : float
        Per-period retention, strictly between 0 and 1.
    discount_rate : float
        Discount rate per period, >= 0.

    Returns
    -------
    float
        The margin per customer and period.

    Examples
    --------
    >>> margin_from_clv(600.0, 0.75, 0.25)  # CLV = 400 x 0.75 / (1.25 - 0.75) = 600
    400.0
    """
    values = {"clv": clv, "retention": retention, "discount_rate": discount_rate}
    for name, value in values.items():
        if not np.isfinite(float(value)):
            raise LoyaltyDataError(f"{name} must be a finite number, got {value!r}.")
    if not 0.0 < float(retention) < 1.0:
        raise LoyaltyDataError(f"retention must lie strictly between 0 and 1, got {retention!r}.")
    if float(discount_rate) < 0:
        raise LoyaltyDataError(f"discount_rate must be >= 0, got {discount_rate!r}.")
    return float(clv) * (1.0 + float(discount_rate) - float(retention)) / float(retention)


def _draws_chosen(
    use_draws: bool | None, has_draws: bool, hazard_result: Any, instead: str
) -> bool | None:
    """Whether to return draws: by default when the fit has them; refused when it has none."""
    if use_draws is None:
        return has_draws
    if use_draws and not has_draws:
        raise LoyaltyDataError(
            f"the hazard fit (method={hazard_result.method!r}) has no posterior draws; "
            f"use use_draws=False for {instead}."
        )
    return use_draws
