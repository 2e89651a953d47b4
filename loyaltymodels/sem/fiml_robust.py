r"""Robust ML for incomplete data (MLR with FIML): sandwich SEs and the Yuan-Bentler test.

With missing values each respondent i contributes the normal log-density of the items
answered, :math:`\ell_i(\mu, \Sigma)` (see :mod:`loyaltymodels.sem.fiml`). Write the
saturated moments as :math:`m = (\mu, \mathrm{vech}\,\Sigma)` and the model parameters as
:math:`x = (\theta, \mu)`, with :math:`J = \partial m/\partial x^\top`.

* Casewise scores of the saturated model, for the answered items o of respondent i with
  :math:`u_i = \Sigma_{oo}^{-1}(y_{io} - \mu_o)`:
  :math:`\partial\ell_i/\partial\mu_o = u_i` and
  :math:`\partial\ell_i/\partial\Sigma_{oo} = \tfrac12(u_iu_i^\top - \Sigma_{oo}^{-1})` (the
  off-diagonal entries of vech counted twice). The model's scores are :math:`s_i = J^\top
  s^{(1)}_i`.
* Huber-White covariance (Huber 1967; White 1982; Yuan & Bentler 2000):
  :math:`\mathrm{Cov}(\hat x) = H^{-1}(\sum_i s_is_i^\top)H^{-1}`, with :math:`H` the observed
  information (Hessian of :math:`-\ell`), lavaan's ``MLR`` with ``missing = "ml"``.
* Yuan-Bentler scaling factor (lavaan's ``"yuan.bentler.mplus"``):
  :math:`c = [\mathrm{tr}(A_1^{-1}B_1) - \mathrm{tr}(A_0^{-1}B_0)]/df`, where
  :math:`A_0, B_0` are the observed and first-order information of the model per respondent
  and :math:`A_1, B_1` the same matrices of the saturated model at its own (EM) estimates.
  The independence (baseline) model gets its factor the same way, its :math:`J` selecting
  the means and the variances.
* Robust CFI, TLI and RMSEA use the FIML-corrected statistic (Savalei 2018; Zhang & Savalei
  2023; lavaan's ``lav_fit_fiml_corrected``, version V3): the normal-theory statistic
  :math:`T_3` of the estimates against the EM moments :math:`(\tilde\mu, \tilde\Sigma)`
  taken as complete-data moments, and its factor
  :math:`c_3 = \mathrm{tr}(UW_m^{-1}W_cW_m^{-1}U\Gamma)/df` with :math:`W_m = A_1`,
  :math:`\Gamma = W_m^{-1}B_1W_m^{-1}`, :math:`W_c` the complete-data normal weight at the EM
  moments and :math:`U = W_m - W_mJ(J^\top W_mJ)^{-1}J^\top W_m`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loyaltymodels.sem.numerical import hessian_from_gradient
from loyaltymodels.sem.robust import normal_theory_weight
from loyaltymodels.sem.structure import MatrixStructure

__all__ = [
    "FIMLRobust",
    "SaturatedFIML",
    "fiml_baseline_scaling",
    "fiml_corrected_statistic",
    "fiml_robust_correction",
    "saturated_casewise_scores",
    "saturated_fiml",
    "saturated_observed_information",
]


@dataclass(frozen=True)
class FIMLRobust:
    """Huber-White covariance, Yuan-Bentler factor and the FIML-corrected statistic.

    Attributes
    ----------
    vcov : numpy.ndarray
        Huber-White covariance of ``(theta, means)``.
    scaling_factor : float
        Yuan-Bentler scaling factor of the test statistic.
    corrected_chi2, corrected_scaling : float
        :math:`T_3` and :math:`c_3` (:func:`fiml_corrected_statistic`).
    """

    vcov: np.ndarray
    scaling_factor: float
    corrected_chi2: float
    corrected_scaling: float


def _patterns(values: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Row indices of each missingness pattern with its mask of answered items."""
    answered = ~np.isnan(values)
    keys, inverse = np.unique(answered, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    return [(keys[g], np.flatnonzero(inverse == g)) for g in range(len(keys))]


def saturated_casewise_scores(values: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    r"""Casewise scores of the saturated normal model for incomplete data.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data, NaN for a missing value.
    mu, sigma : numpy.ndarray
        Means (p) and covariance (p x p) at which the scores are taken.

    Returns
    -------
    numpy.ndarray
        n x (p + p(p+1)/2): the derivatives of :math:`\ell_i` in :math:`\mu` and in the
        lower triangle of :math:`\Sigma` (``numpy.tril_indices`` order).
    """
    n, p = values.shape
    rows, cols = np.tril_indices(p)
    twice = np.where(rows == cols, 1.0, 2.0)
    out = np.zeros((n, p + rows.size))
    for mask, index in _patterns(values):
        inv = np.linalg.inv(sigma[np.ix_(mask, mask)])
        u_obs = (values[np.ix_(index, np.flatnonzero(mask))] - mu[mask]) @ inv
        u = np.zeros((index.size, p))
        u[:, mask] = u_obs
        inv_full = np.zeros((p, p))
        inv_full[np.ix_(mask, mask)] = inv
        out[index, :p] = u
        out[index, p:] = 0.5 * (u[:, rows] * u[:, cols] - inv_full[rows, cols]) * twice
    return out


def saturated_observed_information(
    values: np.ndarray, mu: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    r"""Observed information per respondent of the saturated model (incomplete data).

    The Hessian of :math:`-\ell/N` in :math:`(\mu, \mathrm{vech}\,\Sigma)`, by central
    differences of the analytic gradient :math:`\sum_i s^{(1)}_i`, symmetrised.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data, NaN for a missing value.
    mu, sigma : numpy.ndarray
        The point of evaluation.

    Returns
    -------
    numpy.ndarray
        Square matrix of size p + p(p+1)/2.
    """
    n, p = values.shape
    rows, cols = np.tril_indices(p)

    def gradient(point: np.ndarray) -> np.ndarray:
        m = point[:p]
        s = np.zeros((p, p))
        s[rows, cols] = point[p:]
        s[cols, rows] = point[p:]
        return saturated_casewise_scores(values, m, s).sum(axis=0)

    base = np.concatenate([mu, sigma[rows, cols]])
    return np.asarray(-hessian_from_gradient(gradient, base) / n)


@dataclass(frozen=True)
class SaturatedFIML:
    """The saturated model of incomplete data at its EM estimates, with its informations.

    Attributes
    ----------
    means, cov : numpy.ndarray
        EM estimates of the means and covariance.
    observed : numpy.ndarray
        Observed information per respondent, :math:`A_1`.
    first_order : numpy.ndarray
        First-order information per respondent, :math:`B_1`.
    """

    means: np.ndarray
    cov: np.ndarray
    observed: np.ndarray
    first_order: np.ndarray

    @property
    def trace(self) -> float:
        r""":math:`\mathrm{tr}(A_1^{-1}B_1)`, the first term of the Yuan-Bentler factor."""
        return float(np.trace(np.linalg.solve(self.observed, self.first_order)))


def saturated_fiml(values: np.ndarray, means: np.ndarray, cov: np.ndarray) -> SaturatedFIML:
    """Collect the informations of the saturated model at its EM estimates.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data, NaN for a missing value.
    means, cov : numpy.ndarray
        EM estimates (:func:`loyaltymodels.sem.fiml.saturated_em`).

    Returns
    -------
    SaturatedFIML
        The estimates with :math:`A_1` and :math:`B_1`.
    """
    scores = saturated_casewise_scores(values, means, cov)
    observed = saturated_observed_information(values, means, cov)
    return SaturatedFIML(means, cov, observed, scores.T @ scores / values.shape[0])


def fiml_corrected_statistic(
    saturated: SaturatedFIML,
    n: int,
    sigma: np.ndarray,
    mu: np.ndarray,
    jacobian: np.ndarray,
    df: float,
) -> tuple[float, float]:
    r"""FIML-corrected statistic :math:`T_3` and its factor :math:`c_3` (version V3).

    Parameters
    ----------
    saturated : SaturatedFIML
        The saturated model at its EM estimates.
    n : int
        Number of respondents.
    sigma, mu : numpy.ndarray
        Moments implied by the model at its FIML estimates.
    jacobian : numpy.ndarray
        :math:`\partial(\mu, \mathrm{vech}\,\Sigma)/\partial x^\top` of the model.
    df : float
        Degrees of freedom.

    Returns
    -------
    tuple of float
        ``(T3, c3)`` for the robust CFI, TLI and RMSEA.
    """
    cov, means = saturated.cov, saturated.means
    p = cov.shape[0]
    inv = np.linalg.inv(sigma)
    gap = means - mu
    statistic = n * (
        np.linalg.slogdet(sigma)[1]
        + np.trace(cov @ inv)
        - np.linalg.slogdet(cov)[1]
        - p
        + gap @ inv @ gap
    )
    w_m = saturated.observed
    w_m_inv = np.linalg.inv(w_m)
    w_c = normal_theory_weight(np.linalg.inv(cov), meanstructure=True)
    gamma = w_m_inv @ saturated.first_order @ w_m_inv
    w_j = w_m @ jacobian
    u = w_m - w_j @ np.linalg.solve(jacobian.T @ w_j, w_j.T)
    k = float(np.trace(u @ w_m_inv @ w_c @ w_m_inv @ u @ gamma))
    return float(statistic), k / df


def _model_jacobian(structure: MatrixStructure, theta: np.ndarray) -> np.ndarray:
    """d(mu, vech Sigma)/d(theta, mu) of a model with free means."""
    p = len(structure.observed_names)
    rows, cols = np.tril_indices(p)
    derivs = structure.sigma_derivatives(theta)
    q = theta.size
    jac = np.zeros((p + rows.size, q + p))
    jac[:p, q:] = np.eye(p)
    jac[p:, :q] = derivs[:, rows, cols].T
    return jac


def _sandwich_parts(
    values: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
    jacobian: np.ndarray,
    information: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Huber-White covariance and tr(A0^-1 B0) of a model with observed information H."""
    scores = saturated_casewise_scores(values, mu, sigma) @ jacobian
    h_inv = np.linalg.inv(information)
    middle = scores.T @ scores
    vcov = h_inv @ middle @ h_inv
    return vcov, float(np.trace(h_inv @ middle))  # tr((H/n)^-1 (S'S/n))


def fiml_robust_correction(
    structure: MatrixStructure,
    theta: np.ndarray,
    means: np.ndarray,
    values: np.ndarray,
    information: np.ndarray,
    saturated: SaturatedFIML,
) -> FIMLRobust:
    r"""Huber-White covariance and Yuan-Bentler scaling factor of a FIML fit.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    theta, means : numpy.ndarray
        FIML estimates of the covariance-structure parameters and of the means.
    values : numpy.ndarray
        n x p data (NaN = missing), columns in ``structure.observed_names`` order.
    information : numpy.ndarray
        Observed information of ``(theta, means)``: the Hessian of :math:`-\ell`.
    saturated : SaturatedFIML
        The saturated model at its EM estimates.

    Returns
    -------
    FIMLRobust
        ``vcov`` of ``(theta, means)``, the scaling factor (nan when df is 0) and
        :math:`T_3, c_3`.
    """
    n, p = values.shape
    sigma, _ = structure.implied(theta)
    jacobian = _model_jacobian(structure, theta)
    vcov, trace_h0 = _sandwich_parts(values, means, sigma, jacobian, information)
    df = p * (p + 1) / 2 - theta.size
    if df <= 0:
        return FIMLRobust(vcov, np.nan, np.nan, np.nan)
    t3, c3 = fiml_corrected_statistic(saturated, n, sigma, means, jacobian, df)
    return FIMLRobust(vcov, (saturated.trace - trace_h0) / df, t3, c3)


def fiml_baseline_scaling(values: np.ndarray, saturated: SaturatedFIML) -> FIMLRobust:
    r"""Yuan-Bentler factor and FIML-corrected statistic of the independence model.

    The independence model has a free mean and variance per item; its FIML estimates are the
    mean and (divisor n) variance of the answered values, and its moments are linear in its
    parameters, so its observed information is :math:`NJ^\top A_1 J` at those estimates.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data, NaN for a missing value.
    saturated : SaturatedFIML
        The saturated model at its EM estimates.

    Returns
    -------
    FIMLRobust
        As for a model, for the baseline's means and variances.
    """
    n, p = values.shape
    mu = np.nanmean(values, axis=0)
    sigma = np.diag(np.nanvar(values, axis=0))
    rows, cols = np.tril_indices(p)
    jacobian = np.zeros((p + rows.size, 2 * p))
    jacobian[:p, :p] = np.eye(p)
    jacobian[p + np.flatnonzero(rows == cols), p + np.arange(p)] = 1.0
    a1 = saturated_observed_information(values, mu, sigma)
    information = n * (jacobian.T @ a1 @ jacobian)
    vcov, trace_h0 = _sandwich_parts(values, mu, sigma, jacobian, information)
    df = p * (p - 1) / 2
    t3, c3 = fiml_corrected_statistic(saturated, n, sigma, mu, jacobian, df)
    return FIMLRobust(vcov, (saturated.trace - trace_h0) / df, t3, c3)
