r"""Maximum-likelihood estimation on a sample covariance matrix.

The ML estimate minimises the discrepancy

.. math::

    F_{ML}(\theta) = \log|\Sigma(\theta)| + \mathrm{tr}\bigl(S\Sigma(\theta)^{-1}\bigr)
        - \log|S| - p,

with :math:`S` the sample covariance with divisor N (Jöreskog 1969; lavaan's
``likelihood = "normal"``). Variances are not bounded, so improper (Heywood) solutions show up
as negative estimates instead of being hidden at a bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from loyaltymodels.sem.optimization import halving_step
from loyaltymodels.sem.structure import MatrixStructure

__all__ = ["MLSolution", "fisher_scoring", "fit_ml", "sample_covariance"]

GRADIENT_TOLERANCE = 1e-8


@dataclass(frozen=True)
class MLSolution:
    """Outcome of one ML fit: estimates, discrepancy, convergence flag and message."""

    theta: np.ndarray
    discrepancy: float
    converged: bool
    message: str


def sample_covariance(values: np.ndarray) -> np.ndarray:
    """Covariance matrix with divisor N (the ML estimate), rows are observations.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data.

    Returns
    -------
    numpy.ndarray
        p x p covariance.
    """
    centered = values - values.mean(axis=0)
    covariance: np.ndarray = centered.T @ centered / values.shape[0]
    return covariance


def fisher_scoring(
    structure: MatrixStructure,
    cov: np.ndarray,
    start: np.ndarray,
    logdet_cov: float,
    *,
    max_iter: int = 50,
    tolerance: float = GRADIENT_TOLERANCE,
    fixed_inverse_hessian: np.ndarray | None = None,
) -> MLSolution:
    r"""Minimise the ML discrepancy by Fisher scoring.

    Each step is :math:`\theta \leftarrow \theta - H^{-1}\nabla F` with the expected Hessian
    :math:`H = \Delta^\top(\Sigma^{-1}\otimes\Sigma^{-1})\Delta`.

    The expected Hessian of :math:`F_{ML}` is twice the unit information, so from a good start
    (the full-sample estimate, in a bootstrap) a handful of steps reach the optimum. Steps are
    halved while they do not decrease F.

    Parameters
    ----------
    structure, cov, start, tolerance
        As in :func:`fit_ml`.
    logdet_cov : float
        :math:`\log|S|`.
    max_iter : int, default 50
        Iteration limit.
    fixed_inverse_hessian : numpy.ndarray, optional
        Inverse expected Hessian to use at every step instead of recomputing it (e.g. the one
        at the full-sample estimate, for bootstrap refits that start there): cheaper steps,
        linear convergence.

    Returns
    -------
    MLSolution
        The estimates; ``converged`` is False when scoring stalled.
    """

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        return structure.ml_value_and_gradient(x, cov, logdet_cov)

    theta = np.asarray(start, dtype=float).copy()
    value, grad = objective(theta)
    if not np.isfinite(value):
        return MLSolution(theta, value, False, "start is not admissible")
    for _ in range(max_iter):
        if float(np.max(np.abs(grad))) < tolerance:
            return MLSolution(theta, value, True, "scoring converged")
        if fixed_inverse_hessian is not None:
            step = fixed_inverse_hessian @ grad
        else:
            hessian = 2.0 * structure.expected_information(theta)
            try:
                step = np.linalg.solve(hessian, grad)
            except np.linalg.LinAlgError:
                return MLSolution(theta, value, False, "singular information matrix")
        found = halving_step(objective, theta, step, value, halvings=30, slack=1e-14)
        if found is None:
            return MLSolution(theta, value, False, "line search failed")
        theta, value, grad = found.theta, found.value, found.gradient
    converged = float(np.max(np.abs(grad))) < 1e-5
    return MLSolution(theta, value, converged, "iteration limit reached")


def fit_ml(
    structure: MatrixStructure,
    cov: np.ndarray,
    start: np.ndarray,
    *,
    max_iter: int = 2000,
    tolerance: float = GRADIENT_TOLERANCE,
    fixed_inverse_hessian: np.ndarray | None = None,
) -> MLSolution:
    """Minimise the ML discrepancy from ``start``: Fisher scoring, then BFGS if it stalls.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    cov : numpy.ndarray
        Sample covariance (divisor N).
    start : numpy.ndarray
        Starting values (e.g. semopy's solution, or the full-sample estimate in a bootstrap).
    max_iter : int, default 2000
        Iteration limit of BFGS.
    tolerance : float, default 1e-8
        Convergence threshold on the largest absolute gradient element.
    fixed_inverse_hessian : numpy.ndarray, optional
        Passed to :func:`fisher_scoring` for a first, cheap attempt.

    Returns
    -------
    MLSolution
        The estimates; ``converged`` is False when the gradient did not vanish.
    """
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        return MLSolution(start, np.inf, False, "sample covariance is not positive definite")
    scored = MLSolution(np.asarray(start, dtype=float), np.inf, False, "")
    if fixed_inverse_hessian is not None:
        scored = fisher_scoring(
            structure,
            cov,
            start,
            logdet,
            tolerance=tolerance,
            fixed_inverse_hessian=fixed_inverse_hessian,
        )
    if not scored.converged:
        scored = fisher_scoring(structure, cov, start, logdet, tolerance=tolerance)
    if scored.converged:
        return scored

    def fun(theta: np.ndarray) -> float:
        return structure.ml_discrepancy(theta, cov, logdet)

    def jac(theta: np.ndarray) -> np.ndarray:
        return structure.ml_gradient(theta, cov)

    begin = scored.theta if np.isfinite(scored.discrepancy) else np.asarray(start, dtype=float)
    result = optimize.minimize(
        fun,
        begin,
        jac=jac,
        method="BFGS",
        options={"gtol": tolerance, "maxiter": max_iter},
    )
    theta = np.asarray(result.x, dtype=float)
    value = float(result.fun)
    grad = jac(theta)
    converged = bool(np.isfinite(value) and np.all(np.isfinite(grad)))
    converged = converged and float(np.max(np.abs(grad))) < 1e-5
    return MLSolution(theta, value, converged, str(result.message))
