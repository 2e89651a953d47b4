"""The Gamma-Gamma spend model (Colombo & Jiang 1999; Fader & Hardie 2013) and its result."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.expectations.gamma_gamma import gamma_gamma_conditional_expected_spend
from loyaltymodels.clv.likelihoods.gamma_gamma import (
    gamma_gamma_loglik,
    gamma_gamma_loglik_and_gradient,
)
from loyaltymodels.clv.model_base import CLVModel, LoglikAndGradient
from loyaltymodels.clv.priors import SCALE_PRIOR, SHAPE_PRIOR, PriorSpec
from loyaltymodels.clv.quantities import expected_spend_quantity
from loyaltymodels.clv.result import DEFAULT_MAX_DRAWS, CLVResult
from loyaltymodels.clv.summary_checks import validate_summary
from loyaltymodels.likelihood.patterns import Patterns
from loyaltymodels.summaries import accepts_former_ci_prob_names

__all__ = ["GammaGamma", "GammaGammaResult"]


class GammaGammaResult(CLVResult):
    """A fitted Gamma-Gamma spend model.

    ``n_excluded`` counts the customers without repeat purchases, who carry no spend
    information and are not part of the fit (their expected spend is the population mean).
    """

    model_name = "Gamma-Gamma"
    parameter_names = ("p", "q", "gamma")

    def _expected_values(
        self, values: dict[str, np.ndarray], draws: dict[str, np.ndarray]
    ) -> np.ndarray:
        params = {name: draws[name][:, None] for name in self.parameter_names}
        spend: np.ndarray = gamma_gamma_conditional_expected_spend(
            values["frequency"], values["monetary_value"], **params
        )
        return spend

    @accepts_former_ci_prob_names
    def expected_spend(
        self,
        data: pd.DataFrame | None = None,
        *,
        max_draws: int | None = DEFAULT_MAX_DRAWS,
        ci_prob: float = 0.95,
        return_draws: bool = False,
        n_jobs: int = -1,
    ) -> pd.DataFrame | np.ndarray:
        """Predict the expected mean transaction value of each customer.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            A summary with ``frequency`` and ``monetary_value``; default the fitted data.
        max_draws, ci_prob, return_draws, n_jobs
            As in :meth:`loyaltymodels.clv.BetaGeoResult.probability_alive` (``ci_prob`` was
            ``interval``, still accepted with a FutureWarning).

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
        """
        quantity = expected_spend_quantity()
        return self.predict(quantity, data, max_draws, ci_prob, return_draws, n_jobs)


class GammaGamma(CLVModel[GammaGammaResult]):
    r"""The Gamma-Gamma model of the mean repeat-transaction value.

    A customer's transaction values are Gamma(p, :math:`\nu`) with
    :math:`\nu \sim \text{Gamma}(q, \gamma)` across customers; the mean :math:`\bar z` of x
    transactions then has the density of
    :func:`~loyaltymodels.clv.likelihoods.gamma_gamma_loglik` (Fader & Hardie 2013, "The
    Gamma-Gamma model of monetary value"). Fitted on customers with at least one repeat
    purchase; the others are counted in ``n_excluded``.

    Parameters
    ----------
    priors : dict, optional
        Priors for ``p``, ``q`` and ``gamma``.

    Examples
    --------
    >>> from loyaltymodels.clv import GammaGamma
    >>> from loyaltymodels.datasets import load_cdnow_summary
    >>> published = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> result = GammaGamma().with_parameters(load_cdnow_summary(with_spend=True), published)
    >>> result.n_excluded  # customers without repeat purchases
    1411
    >>> round(float(result.expected_spend()["mean"].iloc[1]), 2)
    18.92
    """

    name = "GammaGamma"
    default_priors: ClassVar[dict[str, PriorSpec]] = {
        "p": SHAPE_PRIOR,
        "q": SHAPE_PRIOR,
        "gamma": SCALE_PRIOR,
    }
    result_class = GammaGammaResult

    def _validate(self, data: Any) -> pd.DataFrame:
        return validate_summary(data, time_column=None, spend=True)

    def _rows_to_fit(self, data: pd.DataFrame) -> pd.DataFrame:
        repeat = data[data["frequency"] > 0]
        if repeat.empty:
            raise LoyaltyDataError(
                "column 'frequency' is 0 for every customer: the Gamma-Gamma model needs "
                "customers with repeat purchases (frequency > 0) to learn about spend."
            )
        return repeat

    def _pattern_columns(self) -> list[str]:
        return ["frequency", "monetary_value"]

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return the log-likelihood of each pattern (NumPy or PyTensor)."""
        return gamma_gamma_loglik(
            values["frequency"],
            values["monetary_value"],
            params["p"],
            params["q"],
            params["gamma"],
            xp=xp,
        )

    def loglik_and_gradient(self, patterns: Patterns) -> LoglikAndGradient | None:
        """Return the weighted log-likelihood and its written-out gradient (NumPy)."""
        values = patterns.values
        return gamma_gamma_loglik_and_gradient(
            values["frequency"], values["monetary_value"], patterns.weights
        )
