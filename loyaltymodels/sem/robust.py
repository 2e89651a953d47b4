r"""Robust ML: Satorra-Bentler (MLM) and Huber-White / Yuan-Bentler (MLR) corrections.

Moments of group g are :math:`m = (\mu, \mathrm{vech}\,\Sigma)` (the means only with a mean
structure); :math:`\Delta = \partial m/\partial\theta^\top`. With group shares
:math:`w_g = N_g/N`:

**MLM** (Satorra & Bentler 1994; lavaan ``estimator = "MLM"``). With the normal-theory weight
:math:`V_g = \mathrm{diag}(\Sigma^{-1}, \tfrac12 D^\top(\Sigma^{-1}\otimes\Sigma^{-1})D)` at the
fitted moments and :math:`\Gamma_g` the sample covariance (divisor :math:`N_g`) of
:math:`(y_i, \mathrm{vech}((y_i-\bar y)(y_i-\bar y)^\top))`, stacked as
:math:`V = \oplus w_g V_g`, :math:`\Gamma = \oplus\Gamma_g/w_g`:
:math:`\mathrm{Cov}(\hat\theta) = N^{-1}E^{-1}\Delta^\top V\Gamma V\Delta E^{-1}` with
:math:`E = \Delta^\top V\Delta`, and the scaling factor
:math:`c = \mathrm{tr}(U\Gamma)/df`, :math:`U = V - V\Delta E^{-1}\Delta^\top V`.

**MLR** (Huber 1967, White 1982; Yuan & Bentler 2000; lavaan ``"MLR"``, test
``"yuan.bentler.mplus"``). With the observed information per observation :math:`A_0`
(Hessian of :math:`-\ell/N`), the first-order information :math:`B_0 = N^{-1}\sum_i s_is_i^\top`
of the casewise scores :math:`s_i = \Delta^\top s^{(1)}_i` (:math:`s^{(1)}_i` the score of the
saturated model at the fitted moments) and the same two matrices :math:`A_1, B_1` of the
saturated model at the sample moments:
:math:`\mathrm{Cov}(\hat\theta) = N^{-1}A_0^{-1}B_0A_0^{-1}` and
:math:`c = (\mathrm{tr}(A_1^{-1}B_1) - \mathrm{tr}(A_0^{-1}B_0))/df`.

Either way the scaled statistic is :math:`T/c` on the same df.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels.sem.groups import GroupModel, SampleMoments
from loyaltymodels.sem.numerical import hessian_from_gradient
from loyaltymodels.sem.partable import parameter_table

__all__ = [
    "RobustCorrection",
    "baseline_scaling",
    "normal_theory_weight",
    "observed_information",
    "robust_correction",
    "scaled_fit_indices",
]


@dataclass(frozen=True)
class RobustCorrection:
    """Robust covariance of the estimates and the scaling factor of the test statistic."""

    vcov: np.ndarray
    scaling_factor: float


def normal_theory_weight(sigma_inv: np.ndarray, meanstructure: bool) -> np.ndarray:
    r"""Normal-theory weight of the moments :math:`(\mu, \mathrm{vech}\,\Sigma)`.

    :math:`V = \mathrm{diag}(\Sigma^{-1}, \tfrac12 D^\top(\Sigma^{-1}\otimes\Sigma^{-1})D)`
    (Browne 1974), with :math:`D` the duplication matrix; its entry for the lower-triangle
    pairs (i, j) and (k, l) is :math:`\tfrac14 m_{ij}m_{kl}(a_{ik}a_{jl} + a_{il}a_{jk})` with
    :math:`A = \Sigma^{-1}` and :math:`m_{ij} = 2` off the diagonal, 1 on it.

    Parameters
    ----------
    sigma_inv : numpy.ndarray
        Inverse covariance matrix (p x p).
    meanstructure : bool
        Whether the means lead the moment vector.

    Returns
    -------
    numpy.ndarray
        Square matrix of size p(p+1)/2 (plus p with the means); vech in
        ``numpy.tril_indices`` order.
    """
    p = sigma_inv.shape[0]
    rows, cols = np.tril_indices(p)
    a = sigma_inv
    base = (
        a[np.ix_(rows, rows)] * a[np.ix_(cols, cols)]
        + a[np.ix_(rows, cols)] * a[np.ix_(cols, rows)]
    )
    multiplicity = np.where(rows == cols, 1.0, 2.0)
    w_sigma: np.ndarray = 0.25 * base * np.outer(multiplicity, multiplicity)
    if not meanstructure:
        return w_sigma
    out = np.zeros((p + w_sigma.shape[0],) * 2)
    out[:p, :p] = sigma_inv
    out[p:, p:] = w_sigma
    return out


def _saturated_scores(
    block: np.ndarray, mu: np.ndarray, sigma: np.ndarray, meanstructure: bool
) -> np.ndarray:
    """Casewise scores of the saturated normal model at (mu, sigma) in (mu, vech) order."""
    p = sigma.shape[0]
    rows, cols = np.tril_indices(p)
    inv = np.linalg.inv(sigma)
    u = (block - mu) @ inv
    s_sigma = u[:, rows] * u[:, cols] - inv[rows, cols]
    s_sigma[:, rows == cols] *= 0.5
    return np.hstack([u, s_sigma]) if meanstructure else s_sigma


def _moment_jacobian(
    model: GroupModel, theta: np.ndarray, g: int, meanstructure: bool
) -> np.ndarray:
    d_sigma, d_mu = model.structures[g].derivatives(theta)
    p = d_mu.shape[1]
    rows, cols = np.tril_indices(p)
    vech = d_sigma[:, rows, cols]
    return np.hstack([d_mu, vech]).T if meanstructure else vech.T


def robust_correction(
    model: GroupModel,
    theta: np.ndarray,
    moments: SampleMoments,
    blocks: list[np.ndarray],
    df: float,
    estimator: str,
    *,
    meanstructure: bool = True,
) -> RobustCorrection:
    """Robust covariance and scaling factor of a fitted (multiple-group) ML model.

    Parameters
    ----------
    model : GroupModel
        The group structures.
    theta : numpy.ndarray
        ML estimates.
    moments : SampleMoments
        Sample moments (means of zero for a model without mean structure).
    blocks : list of numpy.ndarray
        Raw data of each group (complete rows).
    df : float
        Degrees of freedom of the model test.
    estimator : {"MLM", "MLR"}
        Satorra-Bentler or Huber-White/Yuan-Bentler.
    meanstructure : bool, default True
        Whether the means are part of the moments.

    Returns
    -------
    RobustCorrection
        ``vcov`` (q x q) and ``scaling_factor`` (nan when df is 0).
    """
    n = moments.n_total
    weights = moments.weights
    p = moments.covs[0].shape[0]
    jacobians = [_moment_jacobian(model, theta, g, meanstructure) for g in range(len(blocks))]
    if estimator == "MLM":
        e = np.zeros((model.n_params, model.n_params))
        middle = np.zeros_like(e)
        trace_ug = 0.0
        parts = []
        for g, block in enumerate(blocks):
            mom = model.structures[g].moments(theta)
            v = weights[g] * normal_theory_weight(np.linalg.inv(mom.sigma), meanstructure)
            centered = block - block.mean(axis=0)
            rows, cols = np.tril_indices(p)
            products = centered[:, rows] * centered[:, cols]
            z = np.hstack([centered, products]) if meanstructure else products
            z = z - z.mean(axis=0)
            gamma = z.T @ z / block.shape[0] / weights[g]
            vd = v @ jacobians[g]
            e += jacobians[g].T @ vd
            middle += vd.T @ gamma @ vd
            parts.append((v, gamma))
        e_inv = np.linalg.inv(e)
        vcov = e_inv @ middle @ e_inv / n
        for v, gamma in parts:
            trace_ug += float(np.sum(v * gamma.T))
        # tr(U Gamma) = sum_g tr(V_g G_g) - tr(E^-1 sum_g D_g' V_g G_g V_g D_g)
        trace_ug -= float(np.trace(e_inv @ middle))
        scaling = trace_ug / df if df > 0 else np.nan
        return RobustCorrection(vcov, scaling)
    if estimator != "MLR":
        raise ValueError(f"unknown robust estimator {estimator!r}")
    scores = []
    trace_h1 = 0.0
    for g, block in enumerate(blocks):
        mom = model.structures[g].moments(theta)
        mu = mom.mu if meanstructure else block.mean(axis=0)
        scores.append(_saturated_scores(block, mu, mom.sigma, meanstructure) @ jacobians[g])
        mean = block.mean(axis=0)
        s1 = _saturated_scores(block, mean, moments.covs[g], meanstructure)
        a1 = normal_theory_weight(np.linalg.inv(moments.covs[g]), meanstructure)
        b1 = s1.T @ s1 / block.shape[0]
        trace_h1 += float(np.trace(np.linalg.solve(a1, b1)))
    stacked = np.vstack(scores)
    b0 = stacked.T @ stacked / n
    a0 = observed_information(model, theta, moments)
    a0_inv = np.linalg.inv(a0)
    vcov = a0_inv @ b0 @ a0_inv / n
    scaling = (trace_h1 - float(np.trace(a0_inv @ b0))) / df if df > 0 else np.nan
    return RobustCorrection(vcov, scaling)


def observed_information(
    model: GroupModel, theta: np.ndarray, moments: SampleMoments
) -> np.ndarray:
    r"""Observed information per observation: the Hessian of :math:`-\ell/N = F/2 + c`.

    Central differences of the analytic gradient, symmetrised.

    Parameters
    ----------
    model : GroupModel
        The group structures.
    theta : numpy.ndarray
        Estimates.
    moments : SampleMoments
        Sample moments.

    Returns
    -------
    numpy.ndarray
        q x q matrix.
    """
    # -l/N = F/2 + c, so the Hessian is half that of F
    return 0.5 * hessian_from_gradient(lambda x: model.value_and_gradient(x, moments)[1], theta)


def baseline_scaling(
    moments: SampleMoments,
    blocks: list[np.ndarray],
    observed: list[str],
    estimator: str,
    *,
    meanstructure: bool = True,
) -> float:
    """Scaling factor of the independence (baseline) model's test statistic.

    The baseline has free variances (and means) of every item in every group; its ML
    estimates are the sample variances and means.

    Parameters
    ----------
    moments : SampleMoments
        Sample moments.
    blocks : list of numpy.ndarray
        Raw data of each group.
    observed : list of str
        Items.
    estimator : {"MLM", "MLR"}
        Robust estimator.
    meanstructure : bool, default True
        Whether the means are part of the moments.

    Returns
    -------
    float
        The baseline scaling factor.
    """
    description = "\n".join(f"{name} ~~ {name}" for name in observed)
    n_groups = len(blocks)
    table = parameter_table(description, n_groups=n_groups, meanstructure=meanstructure)
    model = GroupModel(table, observed, [], n_groups)
    theta = np.zeros(model.n_params)
    position = {name: i for i, name in enumerate(observed)}
    for lhs, op, group, free in table[["lhs", "op", "group", "free"]].itertuples(index=False):
        j = position[lhs]
        cov, mean = moments.covs[group - 1], moments.means[group - 1]
        theta[free - 1] = cov[j, j] if op == "~~" else mean[j]
    p = len(observed)
    df = n_groups * p * (p - 1) / 2
    return robust_correction(
        model, theta, moments, blocks, df, estimator, meanstructure=meanstructure
    ).scaling_factor


def scaled_fit_indices(
    indices: pd.Series, scaling: float, baseline: float, n: int, n_groups: int
) -> pd.Series:
    r"""Add lavaan's scaled and robust fit indices to a fit-index series.

    With model and baseline statistics :math:`T, T_0`, their scaling factors :math:`c, c_0`
    and degrees of freedom :math:`d, d_0`: ``chi2_scaled`` :math:`T/c`; ``cfi_scaled`` and
    ``tli_scaled`` are the usual formulas on the scaled statistics; ``rmsea_scaled``
    :math:`\sqrt{\max(T/(cNd) - 1/N, 0)}\sqrt G`; the robust versions
    (Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei 2014) are
    ``cfi_robust`` :math:`1 - \max(T - cd, 0)/\max(T - cd, T_0 - c_0d_0, 0)`, ``tli_robust``
    :math:`1 - [(T - cd)/d]/[(T_0 - c_0d_0)/d_0]` and ``rmsea_robust``
    :math:`\sqrt{\max(T/(Nd) - c/N, 0)}\sqrt G`.

    Parameters
    ----------
    indices : pandas.Series
        Output of the normal-theory fit indices (with ``baseline_chi2`` and ``baseline_df``).
    scaling, baseline : float
        Scaling factors of the model and of the baseline.
    n : int
        Total sample size.
    n_groups : int
        Number of groups.

    Returns
    -------
    pandas.Series
        ``indices`` with ``chi2_scaled, df_scaled, pvalue_scaled, chi2_scaling_factor,
        baseline_chi2_scaled, baseline_chi2_scaling_factor, cfi_scaled, tli_scaled,
        rmsea_scaled, cfi_robust, tli_robust, rmsea_robust``.
    """
    t, d = float(indices["chi2"]), float(indices["df"])
    t0, d0 = float(indices["baseline_chi2"]), float(indices["baseline_df"])
    ts, t0s = t / scaling, t0 / baseline
    root_g = np.sqrt(n_groups)
    out = indices.copy()
    out["chi2_scaled"] = ts
    out["df_scaled"] = d
    out["pvalue_scaled"] = float(stats.chi2.sf(ts, d)) if d > 0 else np.nan
    out["chi2_scaling_factor"] = scaling
    out["baseline_chi2_scaled"] = t0s
    out["baseline_chi2_scaling_factor"] = baseline
    denom = max(ts - d, t0s - d0, 0.0)
    out["cfi_scaled"] = 1.0 - max(ts - d, 0.0) / denom if denom > 0 else 1.0
    out["tli_scaled"] = (t0s / d0 - ts / d) / (t0s / d0 - 1.0) if d > 0 else np.nan
    out["rmsea_scaled"] = float(np.sqrt(max(ts / (n * d) - 1.0 / n, 0.0)) * root_g)
    robust_denom = max(t - scaling * d, t0 - baseline * d0, 0.0)
    out["cfi_robust"] = 1.0 - max(t - scaling * d, 0.0) / robust_denom if robust_denom > 0 else 1.0
    out["tli_robust"] = 1.0 - ((t - scaling * d) / d) / ((t0 - baseline * d0) / d0)
    out["rmsea_robust"] = float(np.sqrt(max(t / (n * d) - scaling / n, 0.0)) * root_g)
    return out
