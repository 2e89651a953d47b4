r"""The discrete-time hazard likelihood, written once for NumPy and PyTensor.

A customer-period pattern (period, covariates, segment) with ``trials`` customer-periods of
which ``events`` churned contributes
:math:`\text{events}\,\log h + (\text{trials} - \text{events}) \log(1 - h)` with
:math:`h = g^{-1}(\eta)`, :math:`\eta = \lambda_t + x'\beta + u_s` (Allison 1982): one
binomial row per pattern. The complementary log-log link is the grouped-time
proportional-hazards model (Prentice & Gloeckler 1978); references in
:mod:`loyaltymodels.churn.hazard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loyaltymodels.likelihood.backend import NUMPY
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["LINKS", "PanelPatterns", "hazard_linear_predictor", "log_hazard_terms"]

LINKS = ("logit", "cloglog")


@dataclass(frozen=True)
class PanelPatterns(Patterns):
    """Counted customer-period patterns in the core's form, with their labels.

    ``values`` holds ``period_index``, ``covariates`` (one row per pattern, also centred at
    ``center``, the covariate means), ``segment_index``, ``events`` and ``survivors``; each
    pattern has weight one (a binomial row).
    """

    periods: tuple[int, ...] = ()
    covariates: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()


def log_hazard_terms(eta: Any, link: str, xp: Any = NUMPY) -> tuple[Any, Any]:
    """``log h`` and ``log(1 - h)`` for a linear predictor, computed stably.

    Parameters
    ----------
    eta : array or tensor
        The linear predictor.
    link : {"logit", "cloglog"}
        The link.
    xp : namespace, default NUMPY
        The array backend (:mod:`loyaltymodels.likelihood.backend`).

    Returns
    -------
    tuple
        ``(log h, log(1 - h))``: for the logit ``(-softplus(-eta), -softplus(eta))``, for the
        complementary log-log ``(log(1 - exp(-exp(eta))), -exp(eta))``.

    Examples
    --------
    >>> import numpy as np
    >>> [round(float(np.exp(v)), 6) for v in log_hazard_terms(np.array(0.0), "logit")]
    [0.5, 0.5]
    """
    if link == "logit":
        return -xp.softplus(-eta), -xp.softplus(eta)
    rate = xp.exp(eta)
    return xp.log1mexp(-rate), -rate


def hazard_linear_predictor(values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
    r"""Return :math:`\eta = \lambda_t + x'\beta + u_s` of each pattern (or row).

    Parameters
    ----------
    values : dict
        ``period_index``, ``covariates`` and, with segments, ``segment_index``.
    params : dict
        ``baseline`` (at zero covariates), optionally ``coef`` and ``segment_effect``: graph
        variables, one point or draws (draw axis first).
    xp : namespace
        The array backend.

    Returns
    -------
    array_like
        Shape ``(P,)``, or ``(D, P)`` for draws.
    """
    eta = xp.take(params["baseline"], values["period_index"])
    if "coef" in params:
        eta = eta + xp.linear(values["covariates"], params["coef"])
    if "segment_effect" in params:
        eta = eta + xp.take(params["segment_effect"], values["segment_index"])
    return eta
