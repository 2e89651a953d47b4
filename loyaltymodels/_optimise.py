r"""Posterior modes and maximum-likelihood estimates with Hessian standard errors.

Shared by the PyMC fitting path (:func:`loyaltymodels._pymc_fit.fit_pymc_model`, methods ``"map"``,
``"mle"`` and ``"laplace"``) and by models that give their log-likelihood and its gradient in
plain NumPy (:func:`fit_positive_mle`), which fit without building or compiling a PyMC model.

The optimiser is L-BFGS-B on an unconstrained vector :math:`u`; the observed information
:math:`I(\hat u) = -\nabla^2 \log p(\hat u)` comes from central differences of the exact gradient,
and standard errors of the natural parameters :math:`\theta(u)` from the delta method,
:math:`\Sigma_\theta = J\, I^{-1} J^\top` with :math:`J = \partial\theta/\partial u`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import (
    INTERVAL_PROB,
    Fit,
    FitWarning,
    fit_attributes,
)
from loyaltymodels.summaries import wald_interval

__all__ = [
    "fit_positive_mle",
    "inverse_information",
    "maximise",
    "observed_information",
    "resolve_seed",
    "wald_table",
]

# |log theta| beyond this (theta outside 1e-13 .. 1e13) means the optimiser ran off to a boundary
_EDGE = 30.0

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def resolve_seed(random_seed: int | None) -> int:
    """Return the seed to use: derived from ``random_seed``, or from fresh entropy if None."""
    return int(np.random.SeedSequence(random_seed).generate_state(1)[0])


def maximise(
    objective: Objective, start: np.ndarray, rng: np.random.Generator
) -> tuple[Any, list[str]]:
    """Minimise ``objective`` (value and gradient) by L-BFGS-B, restarting if it fails.

    Up to two restarts from ``start`` plus N(0, 0.5) noise; the best attempt is kept.

    Parameters
    ----------
    objective : callable
        ``u -> (value, gradient)``; return ``inf`` where the density is zero.
    start : numpy.ndarray
        The starting point.
    rng : numpy.random.Generator
        Source of the restart noise.

    Returns
    -------
    scipy.optimize.OptimizeResult, list of str
        The best attempt and, if it did not converge, a flag saying so.
    """
    from scipy import optimize

    attempts = []
    for attempt in range(3):
        begin = start if attempt == 0 else start + rng.normal(0, 0.5, start.size)
        attempts.append(
            optimize.minimize(
                objective,
                begin,
                jac=True,
                method="L-BFGS-B",
                options={"maxiter": 10_000, "ftol": 1e-13, "gtol": 1e-8},
            )
        )
        if attempts[-1].success:
            break
    best = min(attempts, key=lambda result: float(result.fun))
    flags = [] if best.success else [f"optimiser did not converge: {best.message}"]
    return best, flags


def observed_information(objective: Objective, u: np.ndarray) -> np.ndarray:
    r"""Return the Hessian of ``objective`` (the negative log density) by gradient differences.

    Column i is :math:`(g(u + h_i e_i) - g(u - h_i e_i)) / (2 h_i)` with
    :math:`h_i = 10^{-4} \max(1, |u_i|)`, then symmetrised: 2k gradient evaluations and no
    second-derivative code.

    Parameters
    ----------
    objective : callable
        ``u -> (value, gradient)`` of the negative log density.
    u : numpy.ndarray
        Where to evaluate (the mode).

    Returns
    -------
    numpy.ndarray
        The observed information matrix, shape ``(k, k)``.

    Examples
    --------
    >>> import numpy as np
    >>> quadratic = lambda u: (float(u @ u), 2 * u)
    >>> observed_information(quadratic, np.array([1.0, -2.0])).round(6).tolist()
    [[2.0, 0.0], [0.0, 2.0]]
    """
    steps = 1e-4 * np.maximum(1.0, np.abs(u))
    columns = []
    for i, step in enumerate(steps):
        shift = np.zeros_like(u)
        shift[i] = step
        upper = objective(u + shift)[1]
        lower = objective(u - shift)[1]
        columns.append((upper - lower) / (2.0 * step))
    hessian = np.column_stack(columns)
    symmetric: np.ndarray = 0.5 * (hessian + hessian.T)
    return symmetric


def inverse_information(information: np.ndarray) -> tuple[np.ndarray, str]:
    """Invert the observed information; NaN and a flag when it is not positive definite.

    Parameters
    ----------
    information : numpy.ndarray
        The observed information (negative Hessian of the log density).

    Returns
    -------
    numpy.ndarray, str
        The covariance matrix of the unconstrained parameters, and a flag (empty if fine).
    """
    information = 0.5 * (information + information.T)
    eigenvalues = np.linalg.eigvalsh(information)
    if not np.all(np.isfinite(eigenvalues)) or eigenvalues.min() <= 0:
        nan = np.full_like(information, np.nan)
        return nan, "the Hessian at the mode is not negative definite: standard errors are NaN."
    return np.linalg.inv(information), ""


def wald_table(labels: list[str], estimate: np.ndarray, se: np.ndarray) -> pd.DataFrame:
    """Return the table of a point fit: estimate, standard error, 95 % Wald interval.

    Parameters
    ----------
    labels : list of str
        One label per scalar parameter.
    estimate, se : numpy.ndarray
        Estimates and standard errors.

    Returns
    -------
    pandas.DataFrame
        Columns ``estimate``, ``sd``, ``wald_lower``, ``wald_upper`` and NaN ``r_hat``,
        ``ess_bulk``, ``ess_tail``; ``attrs`` record the interval's ``ci_prob`` and
        ``ci_kind`` (``"wald"``), as :class:`loyaltymodels.summaries.Interval` does.
    """
    interval = wald_interval(np.asarray(estimate), np.asarray(se), INTERVAL_PROB)
    table = pd.DataFrame(
        {
            "estimate": estimate,
            "sd": se,
            "wald_lower": interval.lower,
            "wald_upper": interval.upper,
            "r_hat": np.nan,
            "ess_bulk": np.nan,
            "ess_tail": np.nan,
        },
        index=labels,
    )
    table.attrs.update({"ci_prob": interval.prob, "ci_kind": interval.kind})
    return table


def fit_positive_mle(
    loglik_and_gradient: Callable[[np.ndarray], tuple[float, np.ndarray]],
    var_names: list[str],
    *,
    random_seed: int | None = None,
    config: dict[str, Any] | None = None,
) -> Fit:
    r"""Maximum-likelihood estimate of positive scalar parameters, optimised on the log scale.

    With :math:`\theta = e^u` the gradient is :math:`\partial\ell/\partial u =
    \theta \odot \partial\ell/\partial\theta` and the delta method gives
    :math:`\Sigma_\theta = D\, I(\hat u)^{-1} D` with :math:`D = \mathrm{diag}(\hat\theta)`.
    The start is :math:`\theta = 1`, as on the PyMC path, so both find the same optimum.

    Parameters
    ----------
    loglik_and_gradient : callable
        ``theta -> (log-likelihood, gradient with respect to theta)``, in NumPy.
    var_names : list of str
        The parameters, in the order of ``theta``.
    random_seed : int, optional
        Seed of the restart noise (used only if the first optimisation fails).
    config : dict, optional
        The model configuration, recorded in the DataTree attributes.

    Returns
    -------
    Fit
        Method ``"mle"``: Wald table, the mode as a single draw, ``max_logp`` the maximised
        log-likelihood; failed checks flagged and warned as :class:`FitWarning`.

    Examples
    --------
    Exponential waiting times with rate :math:`\lambda`: :math:`\hat\lambda = n / \sum y`
    with standard error :math:`\hat\lambda / \sqrt{n}`.

    >>> import numpy as np
    >>> y = np.array([0.5, 1.5, 2.0, 4.0])
    >>> def loglik(theta):
    ...     rate = theta[0]
    ...     return y.size * np.log(rate) - rate * y.sum(), np.array([y.size / rate - y.sum()])
    >>> fit = fit_positive_mle(loglik, ["rate"], random_seed=1)
    >>> fit.params.loc["rate", ["estimate", "sd"]].round(6).tolist()
    [0.5, 0.25]
    """
    seed = resolve_seed(random_seed)

    def objective(u: np.ndarray) -> tuple[float, np.ndarray]:
        with np.errstate(all="ignore"):
            theta = np.exp(u)
            value, gradient = loglik_and_gradient(theta)
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return np.inf, np.zeros_like(u)
        return -float(value), -np.asarray(gradient, dtype=float) * theta

    best, flags = maximise(objective, np.zeros(len(var_names)), np.random.default_rng(seed))
    covariance_u, hessian_flag = inverse_information(observed_information(objective, best.x))
    if hessian_flag:
        flags.append(hessian_flag)
    with np.errstate(over="ignore"):
        estimate = np.exp(best.x)
    edge = [name for name, u in zip(var_names, best.x, strict=True) if abs(u) > _EDGE]
    if edge:
        flags.append(
            f"{', '.join(edge)} ran to the edge of the parameter space (below 1e-13 or above "
            "1e13): the likelihood has no interior maximum for these data."
        )
    se = estimate * np.sqrt(np.clip(np.diag(covariance_u), 0.0, None))
    for flag in flags:
        warnings.warn(flag, FitWarning, stacklevel=3)
    return Fit(
        "mle",
        wald_table(list(var_names), estimate, se),
        max_logp=-float(best.fun),
        flags=flags,
        posterior={
            name: np.array([[value]]) for name, value in zip(var_names, estimate, strict=True)
        },
        attrs=fit_attributes("mle", random_seed, seed, config),
    )
