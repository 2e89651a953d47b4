"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) and its fitted result."""

from __future__ import annotations

from typing import Any, ClassVar

from loyaltymodels.clv.closed_form_predictions import ClosedFormPredictions
from loyaltymodels.clv.expectations.pareto_nbd import PARETO_NBD_CLOSED_FORMS
from loyaltymodels.clv.likelihoods.pareto_nbd import pareto_nbd_loglik
from loyaltymodels.clv.model_base import CovariateCLVModel
from loyaltymodels.clv.priors import SCALE_PRIOR, SHAPE_PRIOR, PriorSpec
from loyaltymodels.clv.purchase_process import PURCHASE_COVARIATE_EFFECTS, PURCHASE_PRIORS
from loyaltymodels.clv.transaction_result import TransactionResult

__all__ = ["ParetoNBD", "ParetoNBDResult"]


class ParetoNBDResult(ClosedFormPredictions, TransactionResult):
    """A fitted Pareto/NBD model.

    Predictions as for :class:`~loyaltymodels.clv.BetaGeoResult`; closed forms in
    :mod:`loyaltymodels.clv.expectations.pareto_nbd`.
    """

    model_name = "Pareto/NBD"
    parameter_names = ("r", "alpha", "s", "beta")
    closed_forms = PARETO_NBD_CLOSED_FORMS


class ParetoNBD(CovariateCLVModel[ParetoNBDResult]):
    r"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, Management Science 33(1)).

    While active, a customer buys at Poisson rate :math:`\lambda \sim \text{Gamma}(r, \alpha)`
    and has an exponential lifetime with rate :math:`\mu \sim \text{Gamma}(s, \beta)`. The
    likelihood (:func:`~loyaltymodels.clv.likelihoods.pareto_nbd_loglik`) uses the Gaussian
    hypergeometric function with its argument kept in [0, 1).

    Parameters
    ----------
    priors : dict, optional
        Priors by parameter name (``r``, ``alpha``, ``s``, ``beta`` and, with covariates,
        ``gamma_purchase``, ``gamma_dropout``).
    purchase_covariates : list of str, optional
        Columns acting on the purchase rate: :math:`\alpha_i = \alpha\exp(-\gamma_1' z_i)`.
    dropout_covariates : list of str, optional
        Columns acting on the dropout rate: :math:`\beta_i = \beta\exp(-\gamma_2' z_i)`
        (Fader & Hardie 2007 note on covariates).

    Examples
    --------
    >>> from loyaltymodels.clv import ParetoNBD
    >>> from loyaltymodels.datasets import load_cdnow_summary
    >>> published = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
    >>> result = ParetoNBD().with_parameters(load_cdnow_summary(), published)
    >>> round(result.log_likelihood, 1)
    -9595.0
    """

    name = "ParetoNBD"
    default_priors: ClassVar[dict[str, PriorSpec]] = {
        **PURCHASE_PRIORS,
        "s": SHAPE_PRIOR,
        "beta": SCALE_PRIOR,
    }
    covariate_effects: ClassVar[dict[str, tuple[tuple[str, str, float], ...]]] = {
        "purchase": PURCHASE_COVARIATE_EFFECTS,
        "dropout": (("beta", "gamma_dropout", -1.0),),
    }
    result_class = ParetoNBDResult

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return the log-likelihood of each pattern (NumPy or PyTensor)."""
        individual = self.individual_parameters(values, params, xp)
        return pareto_nbd_loglik(
            values["frequency"], values["recency"], values["T"], **individual, xp=xp
        )
