r"""Fit PyMC models the same way everywhere: NUTS (nutpie), MAP/MLE with Hessian, Laplace, ADVI.

Every Bayesian model of the package builds a :class:`pymc.Model` and hands it to
:func:`fit_pymc_model`, which returns a :class:`Fit`: the draws (or the mode), a tidy
parameter table, the ArviZ DataTree with the configuration, seed and package version in its
attributes, and the diagnostics that failed.

Methods
-------
``"nuts"``
    The No-U-Turn sampler (Hoffman & Gelman 2014) as implemented by nutpie.
``"map"`` / ``"mle"``
    The posterior mode found by L-BFGS on the log density *without* the Jacobian of the
    parameter transforms, so that with flat priors it is the maximum-likelihood estimate.
    Standard errors come from the observed information (the negative Hessian at the mode),
    carried to the natural parameter scale by the delta method:
    :math:`\Sigma_\theta = J \, (-H_u)^{-1} J^\top`, :math:`J = \partial\theta/\partial u`.
``"laplace"``
    The mode plus a normal approximation in the unconstrained space, :math:`u \sim
    N(\hat u, (-H_u)^{-1})`, transformed back draw by draw (Laplace approximation; e.g. Gelman
    et al. 2013, *Bayesian Data Analysis*, 3rd ed., section 13.3).
``"advi"``
    Mean-field automatic differentiation variational inference (Kucukelbir et al. 2017).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Literal

import arviz as az
import numpy as np
import pandas as pd
import pymc as pm
import pytensor
import pytensor.tensor as pt
from pytensor.graph.replace import graph_replace

from loyaltymodels._bayes_fit import (
    INTERVAL_PROB,
    BayesFit,
    Fit,
    FitWarning,
    SamplerWarning,
    fit_attributes,
    parameter_labels,
)
from loyaltymodels._optimise import (
    inverse_information,
    maximise,
    observed_information,
    resolve_seed,
    wald_table,
)

__all__ = [
    "METHODS",
    "BayesFit",
    "Fit",
    "FitWarning",
    "SamplerWarning",
    "compile_nuts",
    "fit_pymc_model",
]

Method = Literal["nuts", "map", "laplace", "advi", "mle"]
METHODS: tuple[str, ...] = ("nuts", "map", "laplace", "advi", "mle")
MAX_R_HAT = 1.01
MIN_ESS_PER_CHAIN = 100
# The optimiser's functions (log density with gradient, natural parameters, their Jacobian) are
# compiled with numba, PyTensor's default backend: with the Hessian taken by differences of the
# gradient, a cold compile of a BG/NBD fit takes about a second (the C backend: 15 s cold).
_COMPILE_MODE = "NUMBA"


def compile_nuts(model: pm.Model) -> Any:
    """Compile ``model`` for nutpie once, so that refits with new data can reuse it.

    Parameters
    ----------
    model : pymc.Model
        The model.

    Returns
    -------
    nutpie.CompiledModel
        Pass it to :func:`fit_pymc_model` as ``compiled=`` (after ``.with_data(...)`` if the
        model has data containers).
    """
    import nutpie

    return nutpie.compile_pymc_model(model)


def fit_pymc_model(
    model: pm.Model,
    *,
    method: str = "nuts",
    var_names: list[str],
    random_seed: int | None = None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 2,
    config: dict[str, Any] | None = None,
    compiled: Any = None,
    progressbar: bool = False,
    target_accept: float | None = None,
    adaptation: str = "diag",
) -> Fit:
    """Fit a PyMC model by ``method`` and summarise ``var_names``.

    Parameters
    ----------
    model : pymc.Model
        The model, with its data fixed.
    method : {"nuts", "map", "laplace", "advi", "mle"}
        How to fit. ``"mle"`` is ``"map"`` under the model's (flat) priors.
    var_names : list of str
        The parameters (free or deterministic) to report.
    random_seed : int, optional
        Seed for the sampler, optimiser start and approximation draws. When None a seed is
        drawn from fresh entropy and recorded in the DataTree attributes.
    draws, tune, chains : int
        Posterior draws per chain, tuning steps (NUTS) and chains; ``laplace`` and ``advi`` take
        ``draws * chains`` draws.
    config : dict, optional
        The model configuration, stored in the DataTree attributes.
    compiled : nutpie.CompiledModel, optional
        A compiled model from :func:`compile_nuts` to reuse (NUTS only).
    progressbar : bool, default False
        Show the sampler's progress bar.
    target_accept : float, optional
        NUTS target acceptance rate (nutpie's default when None); raise it (e.g. 0.95) when a
        fit reports divergent transitions.
    adaptation : {"diag", "low_rank"}, default "diag"
        nutpie's mass-matrix adaptation. The low-rank update learns strong posterior
        correlations, such as those of buy-till-you-die parameters (a with b, r with alpha),
        and needs about a third of the leapfrog steps of a diagonal mass matrix there; the
        diagonal one suits hierarchical models, whose funnels a low-rank update does not fix.

    Returns
    -------
    Fit
        The fit.
    """
    from loyaltymodels._validation import LoyaltyDataError

    if method not in METHODS:
        raise LoyaltyDataError(f"method must be one of {METHODS}, got {method!r}.")
    seed = resolve_seed(random_seed)
    attrs = fit_attributes(method, random_seed, seed, config)
    if method == "nuts":
        # the settings of nutpie.sample, all here
        sampler: dict[str, Any] = {
            "draws": draws,
            "tune": tune,
            "chains": chains,
            "cores": chains,
            "seed": seed,
            "save_warmup": False,
            "progress_bar": progressbar,
            "adaptation": adaptation,
        }
        if target_accept is not None:
            sampler["target_accept"] = target_accept
        fit = _fit_nuts(model, var_names, compiled, sampler)
    elif method in ("map", "mle"):
        fit = _fit_mode(model, var_names, seed, method, n_draws=0)
    elif method == "laplace":
        fit = _fit_mode(model, var_names, seed, method, n_draws=draws * chains)
    else:
        fit = _fit_advi(model, var_names, seed, draws * chains, progressbar)
    fit.idata.attrs.update(attrs)
    for flag in fit.flags:
        warnings.warn(flag, FitWarning, stacklevel=2)
    return fit


# --------------------------------------------------------------------------- NUTS


def _fit_nuts(model: pm.Model, var_names: list[str], compiled: Any, sampler: dict[str, Any]) -> Fit:
    import nutpie

    compiled = compiled if compiled is not None else compile_nuts(model)
    idata = nutpie.sample(compiled, **sampler)
    params = _summarise_draws(idata, var_names)
    flags = _sampler_flags(idata, params, sampler["chains"])
    return Fit("nuts", params, idata, flags=flags)


def _sampler_flags(idata: Any, params: pd.DataFrame, chains: int) -> list[str]:
    flags = []
    divergent = int(np.asarray(idata["sample_stats"]["diverging"].values).sum())
    if divergent:
        flags.append(
            f"{divergent} divergent transitions after tuning: the posterior may be biased."
        )
    worst_r_hat = float(params["r_hat"].max())
    if chains > 1 and worst_r_hat > MAX_R_HAT:
        flags.append(f"max R-hat {worst_r_hat:.3f} > {MAX_R_HAT}: chains have not mixed.")
    min_ess = float(params["ess_bulk"].min())
    if min_ess < MIN_ESS_PER_CHAIN * chains:
        flags.append(
            f"min bulk ESS {min_ess:.0f} < {MIN_ESS_PER_CHAIN * chains}: too few effective draws."
        )
    return flags


def _summarise_draws(idata: Any, var_names: list[str]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        table: pd.DataFrame = az.summary(
            idata,
            var_names=var_names,
            round_to="none",
            ci_prob=INTERVAL_PROB,
            ci_kind="hdi",
        )
    lower, upper = (c for c in table.columns if c.startswith("hdi"))
    table = table.rename(columns={"mean": "estimate", lower: "hdi_lower", upper: "hdi_upper"})
    columns = ["estimate", "sd", "hdi_lower", "hdi_upper", "r_hat", "ess_bulk", "ess_tail"]
    table = table[columns].astype(float)
    table.index = [_flat_label(label) for label in table.index]
    table.attrs.update({"ci_prob": INTERVAL_PROB, "ci_kind": "hdi"})
    return table


def _flat_label(label: str) -> str:
    return label.replace(" ", "")


# --------------------------------------------------------------------------- mode, Laplace


@dataclass
class _Unconstrained:
    """Maps between the flat unconstrained vector and the model's natural parameters."""

    model: pm.Model
    var_names: list[str]

    def __post_init__(self) -> None:
        model = self.model
        value_vars = list(model.value_vars)
        point = model.initial_point()
        self.names = [v.name for v in value_vars]
        self.shapes = [np.shape(point[name]) for name in self.names]
        sizes = [int(np.prod(shape)) for shape in self.shapes]
        flat = pt.vector("unconstrained", dtype="float64")
        offsets = np.cumsum([0, *sizes])
        replacements = {
            var: flat[offsets[i] : offsets[i + 1]].reshape(self.shapes[i]).astype(var.dtype)
            for i, var in enumerate(value_vars)
        }
        logp = model.logp(jacobian=False)
        outputs = model.replace_rvs_by_values([model[name] for name in self.var_names])
        natural = [pt.as_tensor_variable(out) for out in outputs]
        natural_flat = pt.concatenate([pt.atleast_1d(out).ravel() for out in natural])
        replaced: list[Any] = list(
            graph_replace([logp, natural_flat, *natural], replacements, strict=False)
        )
        logp, natural_flat, natural = replaced[0], replaced[1], replaced[2:]
        gradient: Any = pt.grad(logp, flat)
        self._logp_grad = pytensor.function([flat], [logp, gradient], mode=_COMPILE_MODE)
        self._natural = pytensor.function(
            [flat], natural, on_unused_input="ignore", mode=_COMPILE_MODE
        )
        self._jacobian = pytensor.function(
            [flat],
            pytensor.gradient.jacobian(natural_flat, flat),
            on_unused_input="ignore",
            mode=_COMPILE_MODE,
        )
        self.start = np.concatenate([np.ravel(point[name]) for name in self.names]).astype(float)

    def negative_logp_and_grad(self, flat: np.ndarray) -> tuple[float, np.ndarray]:
        logp, grad = self._logp_grad(flat)
        if not np.isfinite(logp):
            return np.inf, np.zeros_like(flat)
        return -float(logp), -np.asarray(grad)

    def natural(self, flat: np.ndarray) -> list[np.ndarray]:
        return [np.asarray(out) for out in self._natural(flat)]

    def jacobian(self, flat: np.ndarray) -> np.ndarray:
        return np.asarray(self._jacobian(flat))


def _fit_mode(model: pm.Model, var_names: list[str], seed: int, method: str, n_draws: int) -> Fit:
    space = _Unconstrained(model, var_names)
    rng = np.random.default_rng(seed)
    best, flags = maximise(space.negative_logp_and_grad, space.start, rng)
    mode = best.x
    natural = space.natural(mode)
    covariance_u, hessian_flag = inverse_information(
        observed_information(space.negative_logp_and_grad, mode)
    )
    if hessian_flag:
        flags.append(hessian_flag)
    jac = space.jacobian(mode)
    covariance = jac @ covariance_u @ jac.T
    se = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    if n_draws:
        draws_u = rng.multivariate_normal(mode, covariance_u, size=n_draws, method="eigh")
        samples = [space.natural(u) for u in draws_u]
        posterior = {
            name: np.stack([s[i] for s in samples])[None, ...] for i, name in enumerate(var_names)
        }
    else:
        posterior = {
            name: value[None, None, ...] for name, value in zip(var_names, natural, strict=True)
        }
    idata = az.from_dict({"posterior": posterior})
    estimate = np.concatenate([np.ravel(v) for v in natural])
    params = wald_table(parameter_labels(var_names, natural), estimate, se)
    if n_draws:
        params = _summarise_draws(idata, var_names)
        params["estimate_mode"] = estimate
    return Fit(method, params, idata, max_logp=-float(best.fun), flags=flags)


# --------------------------------------------------------------------------- ADVI


def _fit_advi(
    model: pm.Model, var_names: list[str], seed: int, n_draws: int, progressbar: bool
) -> Fit:
    with model:
        approximation = pm.fit(
            n=30_000,
            method="advi",
            random_seed=seed,
            progressbar=progressbar,
            callbacks=[
                pm.variational.callbacks.CheckParametersConvergence(tolerance=1e-3, diff="relative")
            ],
        )
        idata = approximation.sample(n_draws, random_seed=seed)
    params = _summarise_draws(idata, var_names)
    params[["r_hat", "ess_bulk", "ess_tail"]] = np.nan
    flags = []
    history = np.asarray(approximation.hist)
    if history.size and not np.all(np.isfinite(history[-100:])):
        flags.append("ADVI's objective is not finite at the end of optimisation.")
    return Fit("advi", params, idata, flags=flags)
