"""What every CLV model does when it fits: validate, compress to patterns, build, fit, wrap."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import BayesFit, parameter_labels
from loyaltymodels._degenerate import boundary_flags, flag_result, log_likelihood_flags
from loyaltymodels._mode import fit_positive_mle, wald_table
from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.clv.covariates import check_covariate_names, label_coefficients
from loyaltymodels.clv.likelihoods.backend import NUMPY, pytensor_backend
from loyaltymodels.clv.patterns import Patterns, compress_patterns
from loyaltymodels.clv.priors import (
    COEFFICIENT_PRIOR,
    PriorSpec,
    prior_variable,
    resolve_priors,
)
from loyaltymodels.clv.result import CLVResult
from loyaltymodels.clv.summary_checks import count_customers, validate_summary

if TYPE_CHECKING:
    import pymc as pm

__all__ = ["CLVModel"]

LoglikAndGradient = Callable[[np.ndarray], tuple[float, np.ndarray]]


class CLVModel:
    """Base class: a model stores its configuration; :meth:`fit` returns a result.

    Subclasses declare their parameters with default priors, the covariate roles they accept,
    the columns of a pattern, their log-likelihood graph and their result class.
    """

    name: ClassVar[str] = ""
    default_priors: ClassVar[dict[str, PriorSpec]] = {}
    covariate_effects: ClassVar[dict[str, tuple[tuple[str, str, float], ...]]] = {}
    result_class: ClassVar[type[CLVResult]] = CLVResult

    def __init__(
        self,
        priors: Mapping[str, PriorSpec] | None = None,
        **covariates: Sequence[str] | None,
    ) -> None:
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
        from loyaltymodels.clv.covariates import scale_by_covariates

        individual = {name: params[name] for name in self.default_priors}
        for role, effects in self.covariate_effects.items():
            if self.covariates[role]:
                matrix = values[f"covariates_{role}"]
                for target, coefficient, sign in effects:
                    individual[target] = scale_by_covariates(
                        individual[target], params[coefficient], matrix, sign=sign, xp=xp
                    )
        return individual

    # ------------------------------------------------------------------ declared by subclasses
    # (the defaults suit the continuous-time models on (frequency, recency, T) summaries)

    def _validate(self, data: Any) -> pd.DataFrame:
        return validate_summary(data, covariates=self.covariate_columns)

    def _pattern_columns(self) -> list[str]:
        return ["frequency", "recency", "T"]

    def _loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        raise NotImplementedError

    def _rows_to_fit(self, data: pd.DataFrame) -> pd.DataFrame:
        return data

    def _loglik_and_gradient(self, patterns: Patterns) -> LoglikAndGradient | None:
        """Return the weighted log-likelihood and its gradient in NumPy, if the model has them.

        Models that return a function here (of their base parameters, in :meth:`var_names`
        order) are fitted by ``method="mle"`` without building a PyMC model; the others, and
        fits with covariates, go through PyMC.
        """
        return None

    # ------------------------------------------------------------------ shared

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

    def build_model(self, patterns: Patterns, *, flat: bool = False) -> pm.Model:
        """Build the PyMC model of the compressed data.

        The log-likelihood of each unique pattern is weighted by its count and added with
        ``pm.Potential``, so the graph's size is the number of patterns.

        Parameters
        ----------
        patterns : Patterns
            The compressed data (with covariate columns, if any).
        flat : bool, default False
            Flat priors (maximum likelihood).

        Returns
        -------
        pymc.Model
            The model.
        """
        import pymc as pm
        import pytensor.tensor as pt

        values = {name: pt.constant(column) for name, column in patterns.values.items()}
        for role, names in self.covariates.items():
            if names:
                matrix = np.column_stack([patterns.values[name] for name in names])
                values[f"covariates_{role}"] = pt.constant(matrix)
        with pm.Model() as model:
            params: dict[str, Any] = {
                name: prior_variable(name, self.priors[name], flat=flat)
                for name in self.default_priors
            }
            for role, coefficient in self._active_coefficients():
                params[coefficient] = prior_variable(
                    coefficient,
                    self.priors[coefficient],
                    flat=flat,
                    positive=False,
                    shape=len(self.covariates[role]),
                )
            loglik = self._loglik(values, params, pytensor_backend())
            pm.Potential("loglik", pt.sum(pt.constant(patterns.weights) * loglik))
        return model

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
    ) -> Any:
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
            The fitted result (its class depends on the model).
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
        loglik_and_gradient = self._loglik_and_gradient(patterns) if method == "mle" else None
        if loglik_and_gradient is not None:
            fit = fit_positive_mle(
                loglik_and_gradient, self.var_names(), random_seed=random_seed, config=config
            )
            return self._make_result(fit, data, patterns, _count_excluded(data, rows), config)
        from loyaltymodels._bayes import fit_pymc_model

        fit = fit_pymc_model(
            self.build_model(patterns, flat=method == "mle"),
            method=method,
            var_names=self.var_names(),
            random_seed=random_seed,
            draws=draws,
            tune=tune,
            chains=chains,
            config=config,
            progressbar=progressbar,
            # strongly correlated parameters (a with b, r with alpha): a low-rank mass matrix
            # takes a third of the leapfrog steps of a diagonal one
            adaptation="low_rank",
        )
        return self._make_result(fit, data, patterns, _count_excluded(data, rows), config)

    def with_parameters(self, data: pd.DataFrame, params: Mapping[str, Any]) -> Any:
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
        names = self.var_names()
        missing = [name for name in names if name not in params]
        if missing:
            raise LoyaltyDataError(
                f"params is missing {missing}; give a value for each of {names}."
            )
        rows = self._rows_to_fit(data)
        patterns = self._compress(rows)
        values = {name: np.asarray(params[name], dtype=float) for name in names}
        estimate = np.concatenate([np.ravel(values[name]) for name in names])
        labels = parameter_labels(names, [values[name] for name in names])
        table = wald_table(labels, estimate, np.zeros_like(estimate))
        config = {"model": self.name, "fixed_parameters": True}
        posterior = {name: value[None, None, ...] for name, value in values.items()}
        fit = BayesFit("fixed", table, posterior=posterior)
        return self._make_result(fit, data, patterns, _count_excluded(data, rows), config)

    def _make_result(
        self,
        fit: Any,
        data: pd.DataFrame,
        patterns: Patterns,
        n_excluded: float,
        config: dict[str, Any],
    ) -> Any:
        result = self.result_class(
            fit=fit,
            data=data,
            config=config,
            model=self,
            var_names=self.var_names(),
            n_patterns=patterns.n_patterns,
            n_excluded=n_excluded,
        )
        for role, coefficient in self._active_coefficients():
            result.params = label_coefficients(result.params, coefficient, self.covariates[role])
        result.log_likelihood = self.log_likelihood(patterns, result.point_estimates())
        base = set(self.default_priors)
        flag_result(
            result.flags,
            [
                *boundary_flags(
                    result.params,
                    positive=base,
                    coefficients=[str(x) for x in result.params.index if str(x) not in base],
                ),
                *log_likelihood_flags(result.log_likelihood, float(np.sum(patterns.weights))),
            ],
        )
        return result

    def log_likelihood(self, patterns: Patterns, params: Mapping[str, Any]) -> float:
        """Return the total log-likelihood of compressed data at given parameter values.

        Parameters
        ----------
        patterns : Patterns
            The compressed data.
        params : mapping
            One value per model variable (scalars; vectors for coefficients).

        Returns
        -------
        float
            The weighted sum of the pattern log-likelihoods.
        """
        values = self._pattern_values(patterns)
        numpy_params = {name: np.asarray(value, dtype=float) for name, value in params.items()}
        loglik = self._loglik(values, numpy_params, NUMPY)
        return float(np.sum(patterns.weights * loglik))

    def _pattern_values(self, patterns: Patterns) -> dict[str, Any]:
        values: dict[str, Any] = dict(patterns.values)
        for role, names in self.covariates.items():
            if names:
                values[f"covariates_{role}"] = np.column_stack(
                    [patterns.values[name] for name in names]
                )
        return values

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
        values = self._pattern_values(patterns)
        n_draws = len(next(iter(draws.values())))
        loglik = np.empty((n_draws, patterns.n_patterns))
        for k in range(n_draws):
            params = {name: np.asarray(value[k], dtype=float) for name, value in draws.items()}
            loglik[k] = self._loglik(values, params, NUMPY)
        return loglik, np.asarray(patterns.weights, dtype=float)


def _count_excluded(data: pd.DataFrame, rows: pd.DataFrame) -> float:
    """Count the customers (sum of weights) the model leaves out of the fit."""
    return count_customers(data) - count_customers(rows)


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
