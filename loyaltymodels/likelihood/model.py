r"""The likelihood-model core: a model declares its parameters and one log-likelihood.

A model (a subclass of :class:`LikelihoodModel`) declares

* its parameters (:meth:`~LikelihoodModel.parameters`: name, transform, prior, size; see
  :class:`~loyaltymodels.likelihood.parameters.Parameter`),
* optionally quantities derived from them (:meth:`~LikelihoodModel.derived`, e.g. a
  hierarchical model's per-cohort values) and each row's individual parameters
  (:meth:`~LikelihoodModel.individual_parameters`, e.g. covariate effects),
* one log-likelihood per pattern, :meth:`~LikelihoodModel.loglik` ``(values, params, xp)``,
  written once against an array backend ``xp``
  (:mod:`loyaltymodels.likelihood.backend`), so that the same formula is evaluated in NumPy
  and built as a PyTensor graph,
* optionally the weighted log-likelihood and its gradient written out in NumPy
  (:meth:`~LikelihoodModel.loglik_and_gradient`), which lets ``method="mle"`` run without
  building or compiling a PyMC model.

The core then gives, for data compressed to unique patterns with weights
(:mod:`loyaltymodels.likelihood.patterns`), the total log-likelihood
:math:`\ell(\theta) = \sum_p w_p\,\ell_p(\theta)`, the PyMC model
(:meth:`~LikelihoodModel.build_model`), every fitting method (:func:`fit_model`: ``"mle"``,
``"map"``, ``"laplace"``, ``"nuts"``, ``"advi"``, see :mod:`loyaltymodels._pymc_fit`), the
log-likelihood of every pattern at every draw (for PSIS-LOO) and a complete
:class:`~loyaltymodels._bayes_fit.Fit`: labelled parameter table, diagnostics and the
log-likelihood at the estimates, from which each model builds its result in one step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict, Unpack

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import Fit, fit_attributes, parameter_labels
from loyaltymodels._degenerate import boundary_flags, flag_result
from loyaltymodels._optimise import fit_positive_mle, wald_table
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.likelihood.backend import NUMPY, pytensor_backend
from loyaltymodels.likelihood.parameters import Parameter, graph_variable
from loyaltymodels.likelihood.patterns import Patterns

if TYPE_CHECKING:
    import pymc as pm

__all__ = ["FitSettings", "LikelihoodModel", "LoglikAndGradient"]

LoglikAndGradient = Callable[[np.ndarray], tuple[float, np.ndarray]]
Values = dict[str, Any]


class LikelihoodModel:
    """Base class of the likelihood models: declare parameters and ``loglik``; the core fits.

    Subclasses override :meth:`parameters` and :meth:`loglik`, and where needed
    :meth:`derived`, :meth:`individual_parameters`, :meth:`pattern_values`,
    :meth:`loglik_and_gradient`, :meth:`label_parameters` and :meth:`diagnose`.
    """

    name: ClassVar[str] = ""
    #: nutpie's mass-matrix adaptation for this model ("diag" or "low_rank")
    adaptation: ClassVar[str] = "diag"

    # ------------------------------------------------------------------ declared by models

    def settings(self) -> dict[str, Any]:
        """Return the model's configuration (shown by ``repr`` and recorded with each fit)."""
        return {}

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.settings().items())
        return f"{type(self).__name__}({arguments})"

    def parameters(self, patterns: Patterns) -> list[Parameter]:
        """Return the declared parameters (their sizes may depend on the data)."""
        raise NotImplementedError

    def loglik(self, values: Values, params: Values, xp: Any) -> Any:
        """Return the log-likelihood of each pattern (one formula for NumPy and PyTensor)."""
        raise NotImplementedError

    def derived(self, values: Values, params: Values, xp: Any) -> Values:
        """Return reported quantities computed from the parameters (none by default)."""
        return {}

    def individual_parameters(self, values: Values, params: Values, xp: Any) -> Values:
        """Return each pattern's parameters (the population parameters by default)."""
        return dict(params)

    def pattern_values(self, patterns: Patterns) -> Values:
        """Return the arrays ``loglik`` reads (the pattern columns by default)."""
        return dict(patterns.values)

    def loglik_and_gradient(self, patterns: Patterns) -> LoglikAndGradient | None:
        """Return ``theta -> (weighted log-likelihood, gradient)`` in NumPy, if written out.

        Only for models whose parameters are all positive scalars, in :meth:`parameters`
        order; ``method="mle"`` then runs without PyMC.
        """
        return None

    def label_parameters(self, table: pd.DataFrame, patterns: Patterns) -> pd.DataFrame:
        """Return the parameter table with the model's labels (``name[i]`` by default)."""
        return table

    def diagnose(self, fit: Fit, patterns: Patterns) -> list[str]:
        """Return flags for a fit (estimates at the boundary of the parameter space).

        Parameters
        ----------
        fit : Fit
            The fit with its labelled table and log-likelihood.
        patterns : Patterns
            The data.

        Returns
        -------
        list of str
            The flags.
        """
        declared = [p for p in self.parameters(patterns) if p.reported]
        return boundary_flags(
            fit.params,
            positive={p.name for p in declared if p.positive},
            coefficients={p.name for p in declared if not p.positive},
        )

    # ------------------------------------------------------------------ the core

    def reported_names(self, patterns: Patterns) -> list[str]:
        """Return the variables of the parameter table: reported parameters, then derived ones.

        Parameters
        ----------
        patterns : Patterns
            The data (sizes of vector parameters).

        Returns
        -------
        list of str
            The names.
        """
        declared = [p.name for p in self.parameters(patterns) if p.reported]
        return [*declared, *self._derived_names(patterns)]

    def _derived_names(self, patterns: Patterns) -> list[str]:
        point = {p.name: _point(p) for p in self.parameters(patterns)}
        return list(self.derived(self.pattern_values(patterns), point, NUMPY))

    def build_model(self, patterns: Patterns, *, flat: bool = False) -> pm.Model:
        """Build the PyMC model: priors, derived quantities and the weighted log-likelihood.

        The log-likelihood of each pattern is weighted by its count and added with
        ``pm.Potential``, so the graph's size is the number of patterns.

        Parameters
        ----------
        patterns : Patterns
            The compressed data.
        flat : bool, default False
            Flat priors (maximum likelihood).

        Returns
        -------
        pymc.Model
            The model.
        """
        import pymc as pm
        import pytensor.tensor as pt

        xp = pytensor_backend()
        values = {name: pt.constant(array) for name, array in self.pattern_values(patterns).items()}
        with pm.Model() as model:
            params: Values = {}
            for parameter in self.parameters(patterns):
                params[parameter.name] = graph_variable(parameter, flat=flat, created=params)
            derived = self.derived(values, params, xp)
            for name, value in derived.items():
                pm.Deterministic(name, value)
            loglik = self.loglik(values, {**params, **derived}, xp)
            pm.Potential("loglik", pt.sum(pt.constant(patterns.weights) * loglik))
        return model

    def log_likelihood(self, patterns: Patterns, params: Mapping[str, Any]) -> float:
        """Return the total log-likelihood of compressed data at given parameter values (NumPy).

        Parameters
        ----------
        patterns : Patterns
            The compressed data.
        params : mapping
            A value for every variable the log-likelihood reads.

        Returns
        -------
        float
            The weighted sum of the pattern log-likelihoods.
        """
        values = self.pattern_values(patterns)
        point = {name: np.asarray(value, dtype=float) for name, value in params.items()}
        return float(np.sum(patterns.weights * self.loglik(values, point, NUMPY)))

    def pattern_log_likelihood(
        self, patterns: Patterns, draws: Mapping[str, np.ndarray]
    ) -> np.ndarray:
        """Return the log-likelihood of every pattern at every draw, shape ``(D, P)``.

        Parameters
        ----------
        patterns : Patterns
            The compressed data.
        draws : mapping of str to numpy.ndarray
            Draws of the variables the log-likelihood reads, draw axis first.

        Returns
        -------
        numpy.ndarray
            One row per draw.
        """
        values = self.pattern_values(patterns)
        n_draws = len(next(iter(draws.values())))
        loglik = np.empty((n_draws, patterns.n_patterns))
        for k in range(n_draws):
            point = {name: np.asarray(value[k], dtype=float) for name, value in draws.items()}
            loglik[k] = self.loglik(values, point, NUMPY)
        return loglik

    def complete(self, fit: Fit, patterns: Patterns) -> Fit:
        """Label a fit's table, compute the log-likelihood at the estimates and diagnose it.

        Parameters
        ----------
        fit : Fit
            A fit from the fitting methods (labels ``name[i]``).
        patterns : Patterns
            The data.

        Returns
        -------
        Fit
            The complete fit: what a result is built from.
        """
        names = self.reported_names(patterns)
        estimates = {name: fit.draws(name).mean(axis=0) for name in names}
        loglik = self.log_likelihood(patterns, estimates)
        labelled = fit.completed(self.label_parameters(fit.params, patterns), fit.flags, loglik)
        flags = list(fit.flags)
        flag_result(flags, self.diagnose(labelled, patterns), stacklevel=4)
        return labelled.completed(labelled.params, flags, loglik)

    def fixed_fit(
        self, patterns: Patterns, params: Mapping[str, Any], config: dict[str, Any]
    ) -> Fit:
        """Return the complete fit at fixed parameter values (sd 0, one draw).

        Parameters
        ----------
        patterns : Patterns
            The data.
        params : mapping
            A value for every reported variable.
        config : dict
            The configuration recorded in the DataTree attributes.

        Returns
        -------
        Fit
            Method ``"fixed"``.
        """
        names = self.reported_names(patterns)
        missing = [name for name in names if name not in params]
        if missing:
            raise LoyaltyDataError(
                f"params is missing {missing}; give a value for each of {names}."
            )
        values = {name: np.asarray(params[name], dtype=float) for name in names}
        estimate = np.concatenate([np.ravel(values[name]) for name in names])
        labels = parameter_labels(names, [values[name] for name in names])
        fit = Fit(
            "fixed",
            wald_table(labels, estimate, np.zeros_like(estimate)),
            posterior={name: value[None, None, ...] for name, value in values.items()},
            attrs=fit_attributes("fixed", None, None, config),
        )
        return self.complete(fit, patterns)


def _point(parameter: Parameter) -> np.ndarray:
    return np.ones(()) if parameter.size is None else np.ones(parameter.size)


class FitSettings(TypedDict, total=False):
    """How to fit, beyond the method: the settings :func:`fit_model` hands to the fitting path.

    Each is optional; an absent one takes the default of
    :func:`loyaltymodels._pymc_fit.fit_pymc_model` (seed from fresh entropy, 1000 draws after
    1000 tuning steps in 2 chains, no configuration recorded, no progress bar, the sampler's
    own target acceptance rate).
    """

    random_seed: int | None
    draws: int
    tune: int
    chains: int
    config: dict[str, Any] | None
    progressbar: bool
    target_accept: float | None


def fit_model(
    model: LikelihoodModel,
    patterns: Patterns,
    *,
    method: str = "nuts",
    flat: bool | None = None,
    **settings: Unpack[FitSettings],
) -> Fit:
    """Fit a likelihood model to compressed data by ``method`` and return the complete fit.

    ``method="mle"`` uses the model's written-out gradient when it has one
    (:meth:`LikelihoodModel.loglik_and_gradient`), without PyMC; every other case builds the
    PyMC model (flat priors for ``"mle"``) and fits it with
    :func:`loyaltymodels._pymc_fit.fit_pymc_model`.

    Parameters
    ----------
    model : LikelihoodModel
        The model.
    patterns : Patterns
        The compressed data.
    method : {"nuts", "map", "laplace", "advi", "mle"}, default "nuts"
        How to fit.
    flat : bool, optional
        Flat priors (default: for ``"mle"`` only); with ``"map"`` the mode is then the
        maximum-likelihood estimate under the method's name.
    **settings
        :class:`FitSettings`: ``random_seed`` (seed of the sampler / optimiser, recorded in
        the DataTree attributes), ``draws``, ``tune``, ``chains`` (sampler settings),
        ``config`` (the configuration recorded as typed JSON in the DataTree attributes),
        ``progressbar`` (show the sampler's progress) and ``target_accept`` (NUTS target
        acceptance rate).

    Returns
    -------
    Fit
        Labelled table, draws, flags and the log-likelihood at the estimates.
    """
    gradient = model.loglik_and_gradient(patterns) if method == "mle" else None
    if gradient is not None:
        names = [p.name for p in model.parameters(patterns)]
        fit = fit_positive_mle(
            gradient,
            names,
            random_seed=settings.get("random_seed"),
            config=settings.get("config"),
        )
        return model.complete(fit, patterns)
    from loyaltymodels._pymc_fit import fit_pymc_model

    fit = fit_pymc_model(
        model.build_model(patterns, flat=method == "mle" if flat is None else flat),
        method=method,
        var_names=model.reported_names(patterns),
        adaptation=model.adaptation,
        **settings,
    )
    return model.complete(fit, patterns)
