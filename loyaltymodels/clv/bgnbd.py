"""The BG/NBD model (Fader, Hardie & Lee 2005) and its fitted result."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from loyaltymodels.clv.expectations.bgnbd import (
    bgnbd_conditional_expected_purchases,
    bgnbd_conditional_purchase_probability,
    bgnbd_expected_purchases_new_customer,
    bgnbd_probability_alive,
)
from loyaltymodels.clv.likelihoods.bgnbd import (
    bgnbd_log_common,
    bgnbd_loglik,
    bgnbd_loglik_and_gradient,
)
from loyaltymodels.clv.model_base import CLVModel, LoglikAndGradient
from loyaltymodels.clv.priors import SCALE_PRIOR, SHAPE_PRIOR, PriorSpec
from loyaltymodels.clv.transaction_result import TransactionResult
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["BetaGeo", "BetaGeoResult"]

Arrays = dict[str, np.ndarray]


def _history(values: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return values["frequency"], values["recency"], values["T"]


class BetaGeoResult(TransactionResult):
    """A fitted BG/NBD model.

    Predictions (each a per-customer DataFrame of ``mean``, ``sd``, ``lower``, ``upper``):
    :meth:`probability_alive`, :meth:`expected_purchases`, :meth:`purchase_probability`,
    :meth:`expected_purchases_new_customer` and :meth:`customer_lifetime_value`; closed forms
    in :mod:`loyaltymodels.clv.expectations.bgnbd`.
    """

    model_name = "BG/NBD"
    parameter_names = ("r", "alpha", "a", "b")

    def _alive(self, values: Arrays, params: dict[str, Any]) -> np.ndarray:
        return bgnbd_probability_alive(*_history(values), **params)

    def _expected(self, values: Arrays, params: dict[str, Any], t: float) -> np.ndarray:
        return bgnbd_conditional_expected_purchases(*_history(values), t, **params)

    def _pmf(self, values: Arrays, params: dict[str, Any], n: int, t: float) -> np.ndarray:
        return bgnbd_conditional_purchase_probability(n, *_history(values), t, **params)

    def _new_customer(self, params: dict[str, Any], t: np.ndarray) -> np.ndarray:
        return bgnbd_expected_purchases_new_customer(t, **params)


class BetaGeo(CLVModel[BetaGeoResult]):
    r"""The BG/NBD buy-till-you-die model (Fader, Hardie & Lee 2005, Marketing Science 24(2)).

    While active, a customer buys at Poisson rate :math:`\lambda \sim \text{Gamma}(r, \alpha)`;
    after each purchase they drop out with probability :math:`p \sim \text{Beta}(a, b)`. The
    likelihood is :func:`~loyaltymodels.clv.likelihoods.bgnbd_loglik`, evaluated once per unique
    (frequency, recency, T) pattern and weighted by its count.

    Parameters
    ----------
    priors : dict, optional
        Priors by parameter name (``r``, ``alpha``, ``a``, ``b`` and, with covariates,
        ``gamma_purchase``, ``gamma_dropout_a``, ``gamma_dropout_b``) as
        ``(pymc distribution name, parameters)``; defaults in :mod:`loyaltymodels.clv.priors`.
    purchase_covariates : list of str, optional
        Columns acting on the purchase rate: :math:`\alpha_i = \alpha\exp(-\gamma_1' z_i)`.
    dropout_covariates : list of str, optional
        Columns acting on the dropout probability: :math:`a_i = a\exp(\gamma_2' z_i)`,
        :math:`b_i = b\exp(\gamma_3' z_i)` (Fader & Hardie 2007 note on covariates).

    Examples
    --------
    >>> from loyaltymodels.clv import BetaGeo
    >>> from loyaltymodels.datasets import load_cdnow_summary
    >>> published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> result = BetaGeo().with_parameters(load_cdnow_summary(), published)
    >>> round(result.log_likelihood, 1)
    -9582.4
    >>> result.probability_alive()["mean"].round(3).head(2).tolist()
    [0.727, 0.212]

    Fit with ``BetaGeo().fit(summary, method="mle")`` (maximum likelihood) or the default
    ``method="nuts"`` (posterior sampling).
    """

    name = "BetaGeo"
    default_priors: ClassVar[dict[str, PriorSpec]] = {
        "r": SHAPE_PRIOR,
        "alpha": SCALE_PRIOR,
        "a": SHAPE_PRIOR,
        "b": SHAPE_PRIOR,
    }
    covariate_effects: ClassVar[dict[str, tuple[tuple[str, str, float], ...]]] = {
        "purchase": (("alpha", "gamma_purchase", -1.0),),
        "dropout": (("a", "gamma_dropout_a", 1.0), ("b", "gamma_dropout_b", 1.0)),
    }
    result_class = BetaGeoResult

    def __init__(
        self,
        priors: dict[str, PriorSpec] | None = None,
        *,
        purchase_covariates: list[str] | None = None,
        dropout_covariates: list[str] | None = None,
    ) -> None:
        super().__init__(
            priors,
            purchase_covariates=purchase_covariates,
            dropout_covariates=dropout_covariates,
        )

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return the log-likelihood of each pattern (NumPy or PyTensor)."""
        individual = self.individual_parameters(values, params, xp)
        frequency = values["frequency"]
        log_common = None
        if not self.covariate_columns:
            # the x-only factor (five log-gamma functions) once per distinct x, then gathered:
            # distinct x are few, patterns many
            counts = np.asarray(getattr(frequency, "data", frequency))
            levels, index = np.unique(counts, return_inverse=True)
            log_common = bgnbd_log_common(levels, **individual, xp=xp)[index]
        return bgnbd_loglik(
            frequency, values["recency"], values["T"], **individual, xp=xp, log_common=log_common
        )

    def loglik_and_gradient(self, patterns: Patterns) -> LoglikAndGradient | None:
        """Return the weighted log-likelihood and its written-out gradient (NumPy)."""
        if self.covariate_columns:
            return None
        values = patterns.values
        return bgnbd_loglik_and_gradient(
            values["frequency"], values["recency"], values["T"], patterns.weights
        )
