"""What every CLV model does when it fits: validate, compress to patterns, fit on the core.

The fitting itself (PyMC graph, NumPy log-likelihood, every method, labelled table,
diagnostics) is the likelihood-model core's (:mod:`loyaltymodels.likelihood`); a CLV model adds
the customer summary: its validation, the pattern columns, the covariate roles and the result
class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, cast

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._degenerate import log_likelihood_flags
from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.clv.covariates import check_covariate_names, label_coefficients
from loyaltymodels.clv.priors import COEFFICIENT_PRIOR, PriorSpec, resolve_priors
from loyaltymodels.clv.result import CLVResult
from loyaltymodels.clv.summary_checks import count_customers, validate_summary
from loyaltymodels.likelihood.covariates import scale_by_covariates
from loyaltymodels.likelihood.model import LikelihoodModel, LoglikAndGradient, fit_model
from loyaltymodels.likelihood.parameters import Parameter
from loyaltymodels.likelihood.patterns import Patterns, compress_patterns

__all__ = ["CLVModel", "CovariateCLVModel", "LoglikAndGradient"]


class CLVModel[ResultT: CLVResult](LikelihoodModel):
    """Base class: a model stores its configuration; :meth:`fit` returns a result.

    Subclasses declare their parameters with default priors, the covariate roles they accept,
    the columns of a pattern, their log-likelihood (:meth:`loglik`) and their result class.
    """

    default_priors: ClassVar[dict[str, PriorSpec]] = {}
    covariate_effects: ClassVar[dict[str, tuple[tuple[str, str, float], ...]]] = {}
    result_class: ClassVar[type[CLVResult]] = CLVResult
    # strongly correlated parameters (a with b, r with alpha): a low-rank mass matrix takes a
    # third of the leapfrog steps of a diagonal one
    adaptation: ClassVar[str] = "low_rank"

    def __init__(self, priors: Mapping[str, PriorSpec] | None = None) -> None:
        self._configure(priors)

    def _configure(
        self, priors: Mapping[str, PriorSpec] | None, **covariates: Sequence[str] | None
    ) -> None:
        """Store the covariate columns by role (``<role>_covariates``) and the priors."""
        unknown = set(covariates) - {f"{role}_covariates" for role in self.covariate_effects}
        if unknown:
            raise TypeError(f"{type(self).__name__} got unexpected arguments {sorted(unknown)}")
        self.covariates = {
            role: check_covariate_names(covariates.get(f"{role}_covariates"), f"{role}_covariates")
            for role in self.covariate_effects
        }
        defaults = dict(self.default_priors)
        for role in self.covariate_roles:
            for coefficient in self._coefficient_names(role):
                defaults[coefficient] = COEFFICIENT_PRIOR
        self.priors = resolve_priors(defaults, priors)

    @property
    def covariate_roles(self) -> tuple[str, ...]:
        """The processes covariates can act on (e.g. ``("purchase", "dropout")``)."""
        return tuple(self.covariate_effects)

    def _coefficient_names(self, role: str) -> tuple[str, ...]:
        return tuple(coefficient for _, coefficient, _ in self.covariate_effects[role])

    @property
    def covariate_columns(self) -> list[str]:
        """All covariate columns, in order of first use."""
        columns: list[str] = []
        for names in self.covariates.values():
            columns.extend(name for name in names if name not in columns)
        return columns

    def _active_coefficients(self) -> list[tuple[str, str]]:
        return [
            (role, coefficient)
            for role in self.covariate_roles
            if self.covariates[role]
            for coefficient in self._coefficient_names(role)
        ]

    def var_names(self) -> list[str]:
        """Return the model's variables as they appear in the posterior.

        Returns
        -------
        list of str
            Base parameters, then covariate coefficient vectors.
        """
        return [*self.default_priors, *(name for _, name in self._active_coefficients())]

    # ------------------------------------------------------------------ the core's contract

    def parameters(self, patterns: Patterns | None = None) -> list[Parameter]:
        """Return the positive base parameters, then one coefficient vector per active effect.

        Parameters
        ----------
        patterns : Patterns, optional
            Unused: the sizes depend on the configuration only.

        Returns
        -------
        list of Parameter
            The declarations.
        """
        base = [Parameter(name, self.priors[name]) for name in self.default_priors]
        coefficients = [
            Parameter(name, self.priors[name], positive=False, size=len(self.covariates[role]))
            for role, name in self._active_coefficients()
        ]
        return [*base, *coefficients]

    def individual_parameters(
        self, values: Mapping[str, Any], params: Mapping[str, Any], xp: Any
    ) -> dict[str, Any]:
        """Apply the covariate effects: each customer's parameters.

        Parameters
        ----------
        values : mapping
            Pattern columns, with ``covariates_<role>`` matrices of shape ``(P, k)``.
        params : mapping
            Base parameters and coefficient vectors (graph variables, or NumPy draws shaped
            ``(D, 1)`` and ``(D, k)``).
        xp : namespace
            The array backend.

        Returns
        -------
        dict
            The base parameters, scaled per customer where covariates act.
        """
        individual = {name: params[name] for name in self.default_priors}
        for role, effects in self.covariate_effects.items():
            if self.covariates[role]:
                matrix = values[f"covariates_{role}"]
                for target, coefficient, sign in effects:
                    individual[target] = scale_by_covariates(
                        individual[target], params[coefficient], matrix, sign=sign, xp=xp
                    )
        return individual

    def pattern_values(self, patterns: Patterns) -> dict[str, Any]:
        """Return the pattern columns and one ``covariates_<role>`` matrix per active role.

        Parameters
        ----------
        patterns : Patterns
            The compressed data.

        Returns
        -------
        dict
            The arrays :meth:`loglik` reads.
        """
        values: dict[str, Any] = dict(patterns.values)
        for role, names in self.covariates.items():
            if names:
                values[f"covariates_{role}"] = np.column_stack(
                    [patterns.values[name] for name in names]
                )
        return values

    def label_parameters(self, table: pd.DataFrame, patterns: Patterns) -> pd.DataFrame:
        """Label coefficient rows by covariate: ``gamma_purchase[income]``."""
        for role, coefficient in self._active_coefficients():
            table = label_coefficients(table, coefficient, self.covariates[role])
        return table

    def diagnose(self, fit: Fit, patterns: Patterns) -> list[str]:
        """Flag estimates at the boundary and a log-likelihood the data cannot have."""
        return [
            *super().diagnose(fit, patterns),
            *log_likelihood_flags(fit.log_likelihood, float(np.sum(patterns.weights))),
        ]

    # ------------------------------------------------------------------ the customer summary

    def _validate(self, data: Any) -> pd.DataFrame:
        return validate_summary(data, covariates=self.covariate_columns)

    def validate(self, data: Any) -> pd.DataFrame:
        """Check a customer summary as this model needs it (raises :class:`LoyaltyDataError`).

        Parameters
        ----------
        data : pandas.DataFrame
            One row per customer, with the columns the model reads (see its documentation).

        Returns
        -------
        pandas.DataFrame
            The summary as the model fits and predicts from it.
        """
        return self._validate(data)

    def _pattern_columns(self) -> list[str]:
        return ["frequency", "recency", "T"]

    def _rows_to_fit(self, data: pd.DataFrame) -> pd.DataFrame:
        return data

    def _compress(self, data: pd.DataFrame) -> Patterns:
        weights = data["weights"].to_numpy(dtype=float) if "weights" in data.columns else None
        columns = [*self._pattern_columns(), *self.covariate_columns]
        return compress_patterns(data, columns, weights)

    def fit(
        self,
        data: pd.DataFrame,
        *,
        method: str = "nuts",
        random_seed: int | None = None,
        draws: int = 1000,
        tune: int = 1000,
        chains: int = 2,
        progressbar: bool = False,
    ) -> ResultT:
        """Fit the model to a customer summary.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per customer (see the model's documentation for the columns).
        method : {"nuts", "map", "laplace", "advi", "mle"}, default "nuts"
            ``"nuts"`` samples the posterior with nutpie; ``"mle"`` maximises the likelihood
            (flat priors) with standard errors from the Hessian; ``"map"`` the posterior mode
            under the priors; ``"laplace"`` and ``"advi"`` approximate the posterior.
        random_seed : int, optional
            Seed of the sampler/optimiser; recorded in ``result.idata.attrs``.
        draws, tune, chains : int
            Posterior draws per chain, tuning steps and chains.
        progressbar : bool, default False
            Show the sampler's progress.

        Returns
        -------
        CLVResult
            The fitted result (its class depends on the model: ``BetaGeoResult`` for
            ``BetaGeo``, ...).
        """
        data = self._validate(data)
        rows = self._rows_to_fit(data)
        _check_repeat_purchases(rows)
        patterns = self._compress(rows)
        if patterns.n_patterns < 2:
            raise LoyaltyDataError(
                f"every customer in the data shares one pattern ({', '.join(patterns.values)} "
                f"all equal across {describe_rows(rows.index)}): the spread between customers "
                "that the model's mixing distributions describe cannot be estimated (the "
                "estimates would run off to infinity). Fit more varied customers, or fix the "
                "parameters with with_parameters()."
            )
        config = {
            "model": self.name,
            "priors": "flat" if method == "mle" else self.priors,
            "covariates": self.covariates,
            "n_customers": count_customers(data),
            "n_patterns": patterns.n_patterns,
        }
        fit = fit_model(
            self,
            patterns,
            method=method,
            random_seed=random_seed,
            draws=draws,
            tune=tune,
            chains=chains,
            config=config,
            progressbar=progressbar,
        )
        return self._result(fit, data, rows, patterns, config)

    def with_parameters(self, data: pd.DataFrame, params: Mapping[str, Any]) -> ResultT:
        """Return a result at fixed parameter values, without fitting.

        Useful for predictions at published estimates or for scenario analysis. The result
        behaves like a point fit (``method="fixed"``, sd 0, one draw).

        Parameters
        ----------
        data : pandas.DataFrame
            The customer summary (the default data of the predictions).
        params : mapping
            A value for every model variable (see :meth:`var_names`).

        Returns
        -------
        CLVResult
            The result.

        Examples
        --------
        >>> from loyaltymodels.clv import BetaGeo
        >>> from loyaltymodels.datasets import load_cdnow_summary
        >>> fixed = BetaGeo().with_parameters(
        ...     load_cdnow_summary(), {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> round(fixed.log_likelihood, 1)
        -9582.4
        """
        data = self._validate(data)
        rows = self._rows_to_fit(data)
        patterns = self._compress(rows)
        config = {"model": self.name, "fixed_parameters": True, "covariates": self.covariates}
        return self._result(self.fixed_fit(patterns, params, config), data, rows, patterns, config)

    def _result(
        self,
        fit: Fit,
        data: pd.DataFrame,
        rows: pd.DataFrame,
        patterns: Patterns,
        config: dict[str, Any],
    ) -> ResultT:
        """Build the result, complete, from the complete fit."""
        result = self.result_class(
            fit=fit,
            data=data,
            config=config,
            model=self,
            var_names=self.var_names(),
            n_patterns=patterns.n_patterns,
            n_excluded=count_customers(data) - count_customers(rows),
        )
        return cast(ResultT, result)

    def pointwise_log_likelihood(
        self, data: pd.DataFrame, draws: Mapping[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Log-likelihood of every unique pattern of ``data`` at every posterior draw.

        Customers with the same pattern (and covariates) have the same log-likelihood, so the
        values are per pattern with the number of customers sharing it as its weight; a sum
        over customers is the weighted sum over patterns.

        Parameters
        ----------
        data : pandas.DataFrame
            The fitted summary.
        draws : mapping of str to numpy.ndarray
            The draws of every model variable, draw axis first.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            The log-likelihoods, shape ``(n_draws, n_patterns)``, and the pattern weights.
        """
        patterns = self._compress(self._rows_to_fit(self._validate(data)))
        loglik = self.pattern_log_likelihood(patterns, draws)
        return loglik, np.asarray(patterns.weights, dtype=float)


class CovariateCLVModel[ResultT: CLVResult](CLVModel[ResultT]):
    """A CLV model whose purchase and dropout processes can depend on customer covariates.

    Subclasses declare in ``covariate_effects`` which parameters each role scales.

    Parameters
    ----------
    priors : dict, optional
        Priors by parameter name, as ``(pymc distribution name, parameters)``.
    purchase_covariates : list of str, optional
        Columns acting on the purchase process.
    dropout_covariates : list of str, optional
        Columns acting on the dropout process.
    """

    def __init__(
        self,
        priors: Mapping[str, PriorSpec] | None = None,
        *,
        purchase_covariates: list[str] | None = None,
        dropout_covariates: list[str] | None = None,
    ) -> None:
        self._configure(
            priors,
            purchase_covariates=purchase_covariates,
            dropout_covariates=dropout_covariates,
        )


def _check_repeat_purchases(rows: pd.DataFrame) -> None:
    """Refuse to fit data without a single repeat purchase: nothing identifies the model."""
    if (rows["frequency"].to_numpy() > 0).any():
        return
    raise LoyaltyDataError(
        f"column 'frequency' is 0 for every customer ({describe_rows(rows.index)}): without "
        "repeat purchases the purchase and dropout processes cannot be estimated. Check that "
        "frequency counts the purchases after the first one and that the calibration period "
        "is long enough for customers to buy again."
    )
