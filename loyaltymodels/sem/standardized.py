r"""Fully standardized estimates (lavaan's ``std.all``) and their delta-method standard errors.

With :math:`\mathrm{sd}(\eta) = \sqrt{\mathrm{diag}(C\Psi C^\top)}` and
:math:`\mathrm{sd}(y) = \sqrt{\mathrm{diag}(\Sigma)}`:

- regression :math:`\eta_i \sim \eta_j`: :math:`b_{ij}\,\mathrm{sd}(\eta_j)/\mathrm{sd}(\eta_i)`;
- loading :math:`\eta_j =\sim y_i`: :math:`\lambda_{ij}\,\mathrm{sd}(\eta_j)/\mathrm{sd}(y_i)`;
- variances: divided by the total variance (so a residual variance becomes :math:`1 - R^2`);
- covariances: divided by the square roots of the two (residual) variances, i.e. reported as
  correlations (lavaan's default ``cov.std = TRUE``).

Standard errors follow from the delta method, :math:`\mathrm{SE} =
\sqrt{\mathrm{diag}(J V J^\top)}`, with :math:`V` the covariance of the free estimates and
:math:`J` the Jacobian of the standardized values (central differences).
"""

from __future__ import annotations

import numpy as np

from loyaltymodels.sem.structure import MatrixStructure

__all__ = ["standardized_estimates", "standardized_standard_errors"]


def standardized_estimates(structure: MatrixStructure, theta: np.ndarray) -> np.ndarray:
    """Standardized value of every parameter entry, in ``structure.locations`` order.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    theta : numpy.ndarray
        Free-parameter vector.

    Returns
    -------
    numpy.ndarray
        One standardized value per location.
    """
    sigma, parts = structure.implied(theta)
    eta_index = {name: i for i, name in enumerate(structure.eta_names)}
    y_index = {name: i for i, name in enumerate(structure.observed_names)}
    eta_var = np.diag(parts["eta_cov"])
    y_var = np.diag(sigma)
    psi, resid = parts["psi"], parts["theta"]
    out = np.empty(len(structure.locations))
    for k, loc in enumerate(structure.locations):
        if loc.matrix == "beta":
            i, j = eta_index[loc.row], eta_index[loc.col]
            out[k] = parts["beta"][i, j] * np.sqrt(eta_var[j] / eta_var[i])
        elif loc.matrix == "lambda":
            i, j = y_index[loc.row], eta_index[loc.col]
            out[k] = parts["lambda"][i, j] * np.sqrt(eta_var[j] / y_var[i])
        elif loc.matrix == "psi":
            i, j = eta_index[loc.row], eta_index[loc.col]
            if i == j:
                out[k] = psi[i, i] / eta_var[i]
            else:
                out[k] = psi[i, j] / np.sqrt(psi[i, i] * psi[j, j])
        else:
            i, j = y_index[loc.row], y_index[loc.col]
            if i == j:
                out[k] = resid[i, i] / y_var[i]
            else:
                out[k] = resid[i, j] / np.sqrt(resid[i, i] * resid[j, j])
    return out


def standardized_standard_errors(
    structure: MatrixStructure, theta: np.ndarray, vcov: np.ndarray
) -> np.ndarray:
    """Delta-method standard errors of :func:`standardized_estimates`.

    Parameters
    ----------
    structure, theta
        The model's matrix layout and free-parameter vector, as for
        :func:`standardized_estimates`.
    vcov : numpy.ndarray
        Covariance matrix of the free estimates.

    Returns
    -------
    numpy.ndarray
        One standard error per location (0 for values fixed by standardization, e.g. a
        standardized variance of an exogenous latent).
    """
    jac = np.empty((len(structure.locations), theta.size))
    for k in range(theta.size):
        step = 1e-6 * max(1.0, abs(theta[k]))
        up, down = theta.copy(), theta.copy()
        up[k] += step
        down[k] -= step
        jac[:, k] = (
            standardized_estimates(structure, up) - standardized_estimates(structure, down)
        ) / (2.0 * step)
    var = np.einsum("ij,jk,ik->i", jac, vcov, jac)
    se: np.ndarray = np.sqrt(np.clip(var, 0.0, None))
    return se
