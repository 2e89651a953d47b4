r"""The shifted-beta-geometric likelihood, written once for NumPy and PyTensor.

Customers are counted per ``(group, period, churned)`` pattern, a group being a cohort's
customers with one covariate pattern. A group's parameters are its cohort's, shifted on the log
scale by its (centred) covariates,

.. math::

    \alpha_g = \alpha_{c(g)} \exp(x_g'\gamma_\alpha), \qquad
    \beta_g = \beta_{c(g)} \exp(x_g'\gamma_\beta),

and a pattern contributes :math:`\log P(T = t)` if its customers churned in period ``t`` and
:math:`\log S(t)` if they were still active at ``t`` (Fader & Hardie 2007,
:func:`~loyaltymodels.churn.sbg_churn_log_probability`,
:func:`~loyaltymodels.churn.sbg_log_survival`). :func:`sbg_group_parameters` is the one
computation of the group parameters: for the PyMC graph, the log-likelihood at the estimates
and the draws of the projections.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing* 21(1), 76-90.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels.churn.sbg_data import SurvivalPatterns
from loyaltymodels.churn.sbg_math import sbg_churn_log_probability, sbg_log_survival
from loyaltymodels.likelihood.backend import NUMPY
from loyaltymodels.likelihood.covariates import scale_by_covariates
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["CohortPatterns", "cohort_patterns", "sbg_group_parameters", "sbg_pattern_loglik"]


@dataclass(frozen=True)
class CohortPatterns(Patterns):
    """Counted sBG patterns in the core's form, with the survival data they came from.

    ``values`` holds the pattern columns ``group``, ``period`` and ``churned`` and the group
    arrays ``cohort_of_group`` and ``covariates`` (centred at :attr:`center`).
    """

    survival: SurvivalPatterns | None = None
    center: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def n_cohorts(self) -> int:
        """The number of cohorts."""
        return len(self.survival.cohorts) if self.survival is not None else 0

    @property
    def n_covariates(self) -> int:
        """The number of covariates."""
        return int(self.values["covariates"].shape[1])


def cohort_patterns(survival: SurvivalPatterns) -> CohortPatterns:
    """Put survival patterns in the core's form, with covariates centred at their means.

    The centre is the customer-weighted mean of the group covariates.

    Parameters
    ----------
    survival : SurvivalPatterns
        From :func:`~loyaltymodels.churn.patterns_from_survival_counts` or
        :func:`~loyaltymodels.churn.patterns_from_records`.

    Returns
    -------
    CohortPatterns
        Values, weights (customers per pattern) and the survival data.
    """
    table, groups = survival.table, survival.groups
    if survival.covariates:
        values = groups[survival.covariates].to_numpy(dtype=float)
        center = np.average(values, axis=0, weights=groups["customers"].to_numpy(dtype=float))
    else:
        values, center = np.zeros((len(groups), 0)), np.zeros(0)
    cohort_of_group = pd.Categorical(groups["cohort"], categories=survival.cohorts).codes
    return CohortPatterns(
        values={
            "group": table["group"].to_numpy(dtype="int64"),
            "period": table["period"].to_numpy(dtype=float),
            "churned": table["churned"].to_numpy(dtype=bool),
            "cohort_of_group": np.asarray(cohort_of_group, dtype="int64"),
            "covariates": values - center,
        },
        weights=table["count"].to_numpy(dtype=float),
        inverse=np.arange(len(table)),
        survival=survival,
        center=np.asarray(center),
    )


def sbg_group_parameters(values: dict[str, Any], params: dict[str, Any], xp: Any) -> list[Any]:
    """Return alpha and beta of every group: the cohort's, shifted by the covariates.

    Parameters
    ----------
    values : dict
        ``cohort_of_group`` and ``covariates`` (centred, one row per group).
    params : dict
        ``alpha`` and ``beta`` per cohort and, with covariates, ``log_alpha_coef`` and
        ``log_beta_coef``: graph variables, one point, or draws (draw axis first).
    xp : namespace
        The array backend.

    Returns
    -------
    list
        ``[alpha_group, beta_group]``, shape ``(G,)`` or ``(D, G)``.
    """
    out = []
    for name in ("alpha", "beta"):
        value = xp.take(params[name], values["cohort_of_group"])
        effect = params.get(f"log_{name}_coef")
        if effect is not None:
            value = scale_by_covariates(value, effect, values["covariates"], sign=1.0, xp=xp)
        out.append(value)
    return out


def sbg_pattern_loglik(
    values: dict[str, Any], alpha_group: Any, beta_group: Any, xp: Any = NUMPY
) -> Any:
    r"""Return each pattern's log-likelihood: :math:`\log P(T = t)` or :math:`\log S(t)`.

    Parameters
    ----------
    values : dict
        ``group``, ``period`` and ``churned`` of each pattern.
    alpha_group, beta_group : array_like
        The group parameters (:func:`sbg_group_parameters`).
    xp : namespace, default NUMPY
        The array backend.

    Returns
    -------
    array_like
        One value per pattern.
    """
    a = xp.take(alpha_group, values["group"])
    b = xp.take(beta_group, values["group"])
    t = values["period"]
    churn = sbg_churn_log_probability(t, a, b, xp=xp)
    active = sbg_log_survival(t, a, b, xp=xp)
    return xp.where(values["churned"], churn, active)
