"""Churn models fitted on the likelihood-model core, with their configuration recorded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from loyaltymodels._bayes_fit import Fit
from loyaltymodels.likelihood.model import LikelihoodModel, fit_model
from loyaltymodels.likelihood.patterns import Patterns

__all__ = ["ChurnLikelihoodModel"]


class ChurnLikelihoodModel(LikelihoodModel):
    """Base of the churn models: fits counted patterns and records how they were fitted.

    A churn model stores its configuration only; its ``fit`` validates the data, counts the
    patterns, fits them with :meth:`fit_patterns` and returns the model's result.
    """

    def fit_patterns(
        self, patterns: Patterns, run: Mapping[str, Any], *, flat: bool, **config: Any
    ) -> Fit:
        """Fit counted patterns with :func:`~loyaltymodels.likelihood.model.fit_model`.

        The configuration recorded in the fit is the model's name, its :meth:`settings`,
        whether the priors were flat, then ``config``.

        Parameters
        ----------
        patterns : Patterns
            The counted data.
        run : mapping
            ``method``, ``random_seed``, ``draws``, ``tune`` and ``chains``.
        flat : bool
            Flat priors.
        **config
            What else to record (columns, cohorts, covariates).

        Returns
        -------
        Fit
            The complete fit.
        """
        recorded = {"model": self.name, **self.settings(), "flat_priors": flat, **config}
        return fit_model(self, patterns, flat=flat, config=recorded, **run)
