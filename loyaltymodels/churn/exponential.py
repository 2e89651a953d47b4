r"""Exponential churn: the smallest model on the likelihood-model core (the recipe's example).

Every customer churns at the constant rate :math:`\lambda` per period: a churner observed to
leave after :math:`t` periods contributes :math:`\log\lambda - \lambda t`, a customer still
active after :math:`t` periods :math:`-\lambda t` (right-censored). The maximum-likelihood
estimate is :math:`\hat\lambda = d / \sum_i t_i` (``d`` churners) with standard error
:math:`\hat\lambda / \sqrt d` (e.g. Lawless 2003, *Statistical Models and Methods for Lifetime
Data*, 2nd ed., section 2.2).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels.likelihood import LikelihoodModel, Parameter, Patterns, compress_patterns
from loyaltymodels.likelihood import fit_model as fit_on_core

__all__ = ["ExponentialChurn"]


class ExponentialChurn(LikelihoodModel):
    """Constant churn rate per period, with a Gamma(1, 1) prior on the rate.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"periods": [1.0, 2.0, 4.0, 5.0], "churned": [1, 1, 0, 1]})
    >>> fit = ExponentialChurn().fit(data, method="mle", random_seed=1)
    >>> round(float(fit.params.loc["rate", "estimate"]), 4)  # 3 churners / 12 periods
    0.25
    """

    name: ClassVar[str] = "ExponentialChurn"

    def parameters(self, patterns: Patterns) -> list[Parameter]:
        """Return the one parameter: the churn rate (positive)."""
        return [Parameter("rate", ("Gamma", {"alpha": 1.0, "beta": 1.0}))]

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return each pattern's log-likelihood, for NumPy and PyTensor alike."""
        rate = params["rate"]
        return values["churned"] * xp.log(rate) - rate * values["periods"]

    def fit(self, data: pd.DataFrame, *, method: str = "nuts", **options: Any) -> Fit:
        """Fit to one row per customer (``periods`` observed, ``churned`` 1/0).

        Parameters
        ----------
        data : pandas.DataFrame
            The customers.
        method : {"nuts", "map", "laplace", "advi", "mle"}, default "nuts"
            How to fit.
        **options
            Passed to :func:`loyaltymodels.likelihood.fit_model` (``random_seed``, ``draws``).

        Returns
        -------
        Fit
            The complete fit (labelled table, draws, flags, log-likelihood).
        """
        patterns = compress_patterns(data, ["periods", "churned"])
        return fit_on_core(self, patterns, method=method, config={"model": self.name}, **options)
