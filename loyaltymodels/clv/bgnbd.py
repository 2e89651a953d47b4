"""The BG/NBD model (Fader, Hardie & Lee 2005) and its fitted result."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from loyaltymodels.clv.closed_form_predictions import ClosedFormPredictions
from loyaltymodels.clv.expectations.bgnbd import BGNBD_CLOSED_FORMS
from loyaltymodels.clv.likelihoods.bgnbd import (
    bgnbd_log_common,
    bgnbd_loglik,
    bgnbd_loglik_and_gradient,
)
from loyaltymodels.clv.model_base import CovariateCLVModel, LoglikAndGradient
from loyaltymodels.clv.priors import SHAPE_PRIOR, PriorSpec
from loyaltymodels.clv.purchase_process import PURCHASE_COVARIATE_EFFECTS, PURCHASE_PRIORS
from loyaltymodels.clv.transaction_result import TransactionResult
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["BetaGeo", "BetaGeoResult"]


class BetaGeoResult(ClosedFormPredictions, TransactionResult):
    """A fitted BG/NBD model.

    Predictions (each a per-customer DataFrame of ``mean``, ``sd``, ``lower``, ``upper``):
    :meth:`probability_alive`, :meth:`expected_purchases`, :meth:`purchase_probability`,
    :meth:`expected_purchases_new_customer` and :meth:`customer_lifetime_value`; closed forms
    in :mod:`loyaltymodels.clv.expectations.bgnbd`.
    """

    model_name = "BG/NBD"
    parameter_names = ("r", "alpha", "a", "b")
    closed_forms = BGNBD_CLOSED_FORMS


class BetaGeo(CovariateCLVModel[BetaGeoResult]):
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
        **PURCHASE_PRIORS,
        "a": SHAPE_PRIOR,
        "b": SHAPE_PRIOR,
    }
    covariate_effects: ClassVar[dict[str, tuple[tuple[str, str, float], ...]]] = {
        "purchase": PURCHASE_COVARIATE_EFFECTS,
        "dropout": (("a", "gamma_dropout_a", 1.0), ("b", "gamma_dropout_b", 1.0)),
    }
    result_class = BetaGeoResult

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
