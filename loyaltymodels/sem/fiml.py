r"""Full-information maximum likelihood (FIML) for data with missing values.

Each respondent contributes the normal log-density of the items they answered (Arbuckle 1996;
Enders & Bandalos 2001):

.. math::

    \ell(\theta,\mu) = -\tfrac12 \sum_i \bigl[p_i \log 2\pi + \log|\Sigma_{i}|
        + (y_i - \mu_i)^\top \Sigma_i^{-1} (y_i - \mu_i)\bigr],

with :math:`\Sigma_i, \mu_i` the rows and columns of :math:`\Sigma(\theta)` and of the free mean
vector :math:`\mu` for the observed items of respondent i. Rows are grouped by missingness
pattern. Standard errors use the observed information (numerical Hessian of the analytic
gradient), lavaan's default under FIML. The saturated model (H1) is fitted by EM
(Dempster, Laird & Rubin 1977).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from loyaltymodels.sem.numerical import hessian_from_gradient
from loyaltymodels.sem.structure import MatrixStructure

__all__ = ["FIMLSolution", "fit_fiml", "saturated_em", "srmr_with_means"]

_LOG2PI = np.log(2.0 * np.pi)


@dataclass(frozen=True)
class FIMLSolution:
    """FIML estimates, covariance, log-likelihoods, EM moments and observed information."""

    theta: np.ndarray
    means: np.ndarray
    vcov: np.ndarray
    loglik: float
    loglik_h1: float
    cov_h1: np.ndarray
    means_h1: np.ndarray
    converged: bool
    message: str
    information: np.ndarray


def _patterns(values: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    observed = ~np.isnan(values)
    keys, inverse = np.unique(observed, axis=0, return_inverse=True)
    return [(keys[g], values[inverse.ravel() == g][:, keys[g]]) for g in range(len(keys))]


def _loglik_and_weights(
    sigma: np.ndarray, mu: np.ndarray, patterns: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[float, np.ndarray, np.ndarray]:
    """Log-likelihood and its derivatives in Sigma and mu (as -2LL gradients)."""
    p = sigma.shape[0]
    total = 0.0
    w = np.zeros((p, p))
    g_mu = np.zeros(p)
    for mask, rows in patterns:
        sub = sigma[np.ix_(mask, mask)]
        chol = np.linalg.cholesky(sub)
        inv = np.linalg.inv(sub)
        dev = rows - mu[mask]
        scatter = dev.T @ dev
        n_g = rows.shape[0]
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        total += n_g * (mask.sum() * _LOG2PI + logdet) + float(np.sum(inv * scatter))
        w[np.ix_(mask, mask)] += n_g * inv - inv @ scatter @ inv
        g_mu[mask] += -2.0 * inv @ dev.sum(axis=0)
    return -0.5 * total, w, g_mu


def saturated_em(values: np.ndarray, *, tol: float = 1e-10, max_iter: int = 5000) -> tuple:
    """ML means and covariance of incomplete multivariate normal data by EM.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data with NaN for missing values.
    tol : float
        Convergence tolerance on the log-likelihood.
    max_iter : int
        Iteration limit.

    Returns
    -------
    tuple
        ``(mu, sigma, loglik)``.
    """
    n, p = values.shape
    mu = np.nanmean(values, axis=0)
    sigma = np.diag(np.nanvar(values, axis=0))
    patterns = _patterns(values)
    previous = -np.inf
    loglik = previous
    for _ in range(max_iter):
        sum_x = np.zeros(p)
        sum_xx = np.zeros((p, p))
        for mask, rows in patterns:
            miss = ~mask
            filled = np.empty((rows.shape[0], p))
            filled[:, mask] = rows
            extra = np.zeros((p, p))
            if miss.any():
                s_oo = sigma[np.ix_(mask, mask)]
                s_mo = sigma[np.ix_(miss, mask)]
                coef = np.linalg.solve(s_oo, s_mo.T).T if mask.any() else np.zeros((miss.sum(), 0))
                filled[:, miss] = mu[miss] + (rows - mu[mask]) @ coef.T
                cond = sigma[np.ix_(miss, miss)] - coef @ s_mo.T
                extra[np.ix_(miss, miss)] = cond * rows.shape[0]
            sum_x += filled.sum(axis=0)
            sum_xx += filled.T @ filled + extra
        mu = sum_x / n
        sigma = sum_xx / n - np.outer(mu, mu)
        loglik, _, _ = _loglik_and_weights(sigma, mu, patterns)
        if abs(loglik - previous) < tol:
            break
        previous = loglik
    return mu, sigma, loglik


def srmr_with_means(
    cov_h1: np.ndarray, means_h1: np.ndarray, sigma: np.ndarray, means: np.ndarray
) -> float:
    r"""Standardized root mean square residual of a model with a mean structure.

    With missing values the sample moments are the saturated (EM) estimates
    :math:`(\tilde\mu, \tilde\Sigma)`, and the model's means are fitted too, so the
    residuals of the p means count beside the :math:`p(p+1)/2` variances and covariances
    (Bentler 1995; lavaan's ``srmr`` with ``missing = "ml"``):

    .. math::

        \mathrm{SRMR} = \sqrt{\frac{\sum_{i \le j} r_{ij}^2 + \sum_i m_i^2}
        {p(p+1)/2 + p}},\quad
        r_{ij} = \frac{\tilde\sigma_{ij} - \hat\sigma_{ij}}{\sqrt{\tilde\sigma_{ii}
        \tilde\sigma_{jj}}},\quad m_i = \frac{\tilde\mu_i - \hat\mu_i}
        {\sqrt{\tilde\sigma_{ii}}}.

    Parameters
    ----------
    cov_h1, means_h1 : numpy.ndarray
        Saturated (EM) covariance and means.
    sigma, means : numpy.ndarray
        Model-implied covariance and means.

    Returns
    -------
    float
        SRMR.
    """
    p = cov_h1.shape[0]
    scale = 1.0 / np.sqrt(np.diag(cov_h1))
    resid = (cov_h1 - sigma) * np.outer(scale, scale)
    mean_resid = (means_h1 - means) * scale
    squares = float(np.sum(resid[np.tril_indices(p)] ** 2) + np.sum(mean_resid**2))
    return float(np.sqrt(squares / (p * (p + 1) / 2 + p)))


def fit_fiml(structure: MatrixStructure, values: np.ndarray, start: np.ndarray) -> FIMLSolution:
    """Fit the model by FIML over the parameters and a free mean vector.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    values : numpy.ndarray
        n x p data (NaN = missing), columns in ``structure.observed_names`` order.
    start : numpy.ndarray
        Starting values of the covariance-structure parameters.

    Returns
    -------
    FIMLSolution
        Estimates, observed-information covariance, log-likelihoods and the observed
        information of ``(theta, means)`` (Hessian of the negative log-likelihood).
    """
    q = structure.n_free
    patterns = _patterns(values)
    mu0 = np.nanmean(values, axis=0)

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        theta, mu = x[:q], x[q:]
        sigma, parts = structure.implied(theta)
        try:
            loglik, w, g_mu = _loglik_and_weights(sigma, mu, patterns)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros_like(x)
        grad = np.concatenate([structure.gradient_from_weight(parts, w), g_mu])
        return -2.0 * loglik, grad

    x0 = np.concatenate([start, mu0])
    result = optimize.minimize(
        objective, x0, jac=True, method="BFGS", options={"gtol": 1e-7, "maxiter": 5000}
    )
    x = np.asarray(result.x, dtype=float)
    value, grad = objective(x)
    converged = bool(np.isfinite(value) and np.max(np.abs(grad)) < 1e-3)
    hessian = hessian_from_gradient(lambda point: objective(point)[1], x)
    vcov_full = np.linalg.pinv(hessian / 2.0)  # Hessian of -LL is half that of -2LL
    means_h1, cov_h1, loglik_h1 = saturated_em(values)
    return FIMLSolution(
        theta=x[:q],
        means=x[q:],
        vcov=vcov_full[:q, :q],
        loglik=-0.5 * value,
        loglik_h1=loglik_h1,
        cov_h1=cov_h1,
        means_h1=means_h1,
        converged=converged,
        message=str(result.message),
        information=hessian / 2.0,
    )
