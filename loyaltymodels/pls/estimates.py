r"""Everything a PLS fit estimates, as functions of the indicator correlation matrices.

Given converged outer weights :math:`W` on correlation matrices :math:`S` (stacked, shape
``(B, p, p)``), this module computes loadings :math:`L = S W` (correlations of indicators with
construct scores), construct correlations :math:`C = W^\top S W`, path coefficients by OLS of
each endogenous construct on its causes, :math:`\beta_j = C_{PP}^{-1} C_{Pj}` with
:math:`R^2_j = \beta_j^\top C_{Pj}`, and total effects :math:`(I - B)^{-1} - I`.

Consistent PLS (PLSc; Dijkstra & Henseler 2015) corrects reflective (mode A) constructs for
measurement error with the reliability :math:`\rho_A` of their scores,

.. math::

    \hat c_j^2 = \frac{w_j^\top (S_{jj} - \operatorname{diag} S_{jj}) w_j}
                      {w_j^\top (w_j w_j^\top - \operatorname{diag} w_j w_j^\top) w_j},
    \qquad \rho_{A,j} = (w_j^\top w_j)^2 \hat c_j^2,
    \qquad \lambda_j = \hat c_j w_j,

and the construct correlations :math:`C^c_{ij} = C_{ij} / \sqrt{\rho_{A,i}\rho_{A,j}}`
(:math:`\rho_A = 1` for composites and single indicators); paths and :math:`R^2` are then
computed from :math:`C^c`.

References
----------
Dijkstra, T. K. & Henseler, J. (2015). Consistent partial least squares path modeling. MIS
Quarterly 39(2), 297-316.
"""

from __future__ import annotations

import numpy as np

from loyaltymodels.pls.algorithm import PLSLayout, batched_solve, outer_weights
from loyaltymodels.pls.assessment import htmt_from_corr

__all__ = ["PLSEstimates", "estimate_from_weights", "rho_a", "run_pls", "total_effects"]


PLSEstimates = dict[str, np.ndarray]


def rho_a(corr: np.ndarray, weights: np.ndarray, layout: PLSLayout) -> np.ndarray:
    """Dijkstra-Henseler reliability rho_A of each construct score.

    Parameters
    ----------
    corr : numpy.ndarray
        Indicator correlation matrices, (B, p, p).
    weights : numpy.ndarray
        Outer weights scaled to unit score variance, (B, p, k).
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    numpy.ndarray
        Shape (B, k); 1 for single-indicator constructs.
    """
    out = np.ones((corr.shape[0], layout.n_constructs))
    for j, items in enumerate(layout.blocks):
        if items.size < 2:
            continue
        w = weights[:, items, j]
        block = corr[:, items[:, None], items[None, :]]
        off = ~np.eye(items.size, dtype=bool)
        numerator = np.einsum("bi,bij,bj->b", w, block * off, w)
        outer = w[:, :, None] * w[:, None, :]
        denominator = np.einsum("bi,bij,bj->b", w, outer * off, w)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, j] = (w**2).sum(axis=1) ** 2 * numerator / denominator
    return out


def _paths(construct_corr: np.ndarray, layout: PLSLayout) -> tuple[np.ndarray, np.ndarray]:
    n_batch, k = construct_corr.shape[0], layout.n_constructs
    paths = np.zeros((n_batch, k, k))
    r2 = np.full((n_batch, k), np.nan)
    for j, causes in enumerate(layout.antecedents):
        if causes.size == 0:
            continue
        target = construct_corr[:, causes, j]
        beta = batched_solve(construct_corr[:, causes[:, None], causes[None, :]], target)
        paths[:, causes, j] = beta
        r2[:, j] = (beta * target).sum(axis=1)
    return paths, r2


def total_effects(paths: np.ndarray) -> np.ndarray:
    """Total effects ``(I - B)^{-1} - I`` of a stack of path matrices (cause x outcome).

    Parameters
    ----------
    paths : numpy.ndarray
        Shape (B, k, k), ``paths[b, i, j]`` the direct effect of i on j.

    Returns
    -------
    numpy.ndarray
        Total effects, same shape. The inverse is the finite series
        ``B + B^2 + ...`` of a recursive model, so it is computed as that sum.
    """
    total = np.zeros_like(paths)
    power = paths.copy()
    for _ in range(paths.shape[-1]):
        total += power
        power = power @ paths
        if not np.any(power):
            break
    return total


def estimate_from_weights(
    corr: np.ndarray, weights: np.ndarray, layout: PLSLayout, *, consistent: bool = False
) -> PLSEstimates:
    """Compute loadings, construct correlations, paths, R^2, total effects and rho_A.

    Parameters
    ----------
    corr : numpy.ndarray
        Indicator correlation matrices, (B, p, p).
    weights : numpy.ndarray
        Converged outer weights, (B, p, k).
    layout : PLSLayout
        The model's index arrays.
    consistent : bool, default False
        Apply the PLSc correction to reflective (mode A) constructs.

    Returns
    -------
    dict of str to numpy.ndarray
        ``weights`` (B, p, k), ``loadings`` (B, p, k, own block only), ``cross_loadings``
        (B, p, k), ``construct_corr`` (B, k, k; disattenuated under PLSc), ``paths``
        (B, k, k), ``r2`` (B, k; NaN for exogenous constructs), ``total`` (B, k, k) and
        ``rho_a`` (B, k).
    """
    mask = layout.membership[None, :, :]
    cross = corr @ weights
    construct_corr = np.swapaxes(weights, 1, 2) @ corr @ weights
    reliability = rho_a(corr, weights, layout)
    loadings = cross * mask
    if consistent:
        reflective = ~layout.mode_b & (layout.membership.sum(axis=0) > 1)
        quality = np.where(reflective[None, :], reliability, 1.0)
        with np.errstate(invalid="ignore"):
            factor = np.sqrt(quality)
            construct_corr = construct_corr / (factor[:, :, None] * factor[:, None, :])
            k = layout.n_constructs
            construct_corr[:, np.arange(k), np.arange(k)] = 1.0
            scale = np.sqrt(reliability) / (weights**2).sum(axis=1)
        consistent_loadings = weights * scale[:, None, :]
        loadings = np.where(reflective[None, None, :], consistent_loadings, loadings)
    paths, r2 = _paths(construct_corr, layout)
    return {
        "weights": weights,
        "loadings": loadings,
        "cross_loadings": cross,
        "construct_corr": construct_corr,
        "paths": paths,
        "r2": r2,
        "total": total_effects(paths),
        "rho_a": reliability,
    }


def run_pls(
    corr: np.ndarray,
    layout: PLSLayout,
    *,
    scheme: str = "path",
    consistent: bool = False,
    tol: float = 1e-7,
    max_iter: int = 300,
) -> PLSEstimates:
    """Run the PLS algorithm and every estimate on a stack of correlation matrices.

    The one routine behind a fit (B = 1), the bootstrap (B resamples), the jackknife of BCa
    intervals and permutation tests.

    Parameters
    ----------
    corr : numpy.ndarray
        Indicator correlation matrices, (B, p, p).
    layout : PLSLayout
        The model's index arrays.
    scheme : {"path", "factorial", "centroid"}
        Inner weighting scheme.
    consistent : bool
        PLSc correction of reflective constructs.
    tol : float
        Convergence tolerance of the outer weights.
    max_iter : int
        Iteration limit.

    Returns
    -------
    dict of str to numpy.ndarray
        The arrays of :func:`estimate_from_weights` plus ``htmt`` (B, k, k), ``iterations``
        (B,) and ``converged`` (B,).
    """
    weights, iterations, converged = outer_weights(
        corr, layout, scheme=scheme, tol=tol, max_iter=max_iter
    )
    out = estimate_from_weights(corr, weights, layout, consistent=consistent)
    out["htmt"] = htmt_from_corr(corr, layout)
    out["iterations"] = iterations
    out["converged"] = converged
    return out
