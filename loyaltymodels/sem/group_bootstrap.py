r"""Nonparametric bootstrap of a multiple-group SEM: resample within groups, refit, recompute.

Each resample draws :math:`N_g` rows with replacement inside every group g (the group sizes
are part of the design), forms the groups' means and covariances and refits from the
full-sample estimates. The refit is quasi-Newton: the first step is Fisher scoring with the
information at the full-sample estimates, :math:`\theta \leftarrow \theta -
(2\mathcal I(\hat\theta))^{-1}\nabla F(\theta)`, and BFGS updates of that inverse
Hessian follow (Nocedal & Wright 2006, ch. 6), with step halving; a refit that does not
reach the gradient tolerance that way falls back on the full optimiser, and one that still
fails is counted as failed and excluded from the intervals (Efron & Tibshirani 1993, ch. 6 and
14 for the percentile and BCa intervals).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from loyaltymodels.sem.groups import GroupModel, sample_moments

__all__ = ["group_jackknife_rows", "group_resample_rows", "refit_group_statistics"]

Statistic = Callable[[np.ndarray], np.ndarray]
# Gradient tolerance of refits (as the one-group bootstrap).
BOOTSTRAP_TOLERANCE = 1e-6


def _bfgs_update(h: np.ndarray, s: np.ndarray, y: np.ndarray) -> np.ndarray:
    """BFGS update of an inverse Hessian (skipped when the curvature condition fails)."""
    sy = float(s @ y)
    if sy <= 1e-12:
        return h
    hy = h @ y
    rho = 1.0 / sy
    update = (1.0 + rho * float(y @ hy)) * np.outer(s, s) - np.outer(hy, s) - np.outer(s, hy)
    return np.asarray(h + rho * update)


def _refit(
    model: GroupModel,
    blocks: list[np.ndarray],
    start: np.ndarray,
    inverse_hessian: np.ndarray,
) -> tuple[np.ndarray | None, str]:
    moments = sample_moments(blocks)
    theta = start.copy()
    h = inverse_hessian.copy()
    value, grad = model.value_and_gradient(theta, moments)
    for _ in range(100):
        if not np.isfinite(value):
            break
        if float(np.max(np.abs(grad))) < BOOTSTRAP_TOLERANCE:
            return theta, ""
        step = h @ grad
        scale = 1.0
        for _ in range(20):
            candidate = theta - scale * step
            new_value, new_grad = model.value_and_gradient(candidate, moments)
            if np.isfinite(new_value) and new_value <= value + 1e-15:
                break
            scale /= 2.0
        else:
            break
        h = _bfgs_update(h, candidate - theta, new_grad - grad)
        theta, value, grad = candidate, new_value, new_grad
    theta, converged, message = model.fit(start, moments, tolerance=BOOTSTRAP_TOLERANCE)
    return (theta, "") if converged else (None, message)


def refit_group_statistics(
    model: GroupModel,
    blocks: list[np.ndarray],
    start: np.ndarray,
    information: np.ndarray,
    row_sets: list[list[np.ndarray]],
    statistic: Statistic,
    *,
    progress: bool = False,
    description: str = "bootstrap",
) -> tuple[np.ndarray, list[str]]:
    """Refit the model on each set of rows (one index array per group) and evaluate ``statistic``.

    Parameters
    ----------
    model : GroupModel
        The group structures.
    blocks : list of numpy.ndarray
        Complete data of each group.
    start : numpy.ndarray
        Full-sample estimates (warm start).
    information : numpy.ndarray
        Unit expected information at ``start`` (fixed scaling of the refit steps).
    row_sets : list of list of numpy.ndarray
        For every refit, the row indices of every group.
    statistic : callable
        Maps a parameter vector to a flat array.
    progress : bool, default False
        Show a progress bar.
    description : str
        Progress-bar label.

    Returns
    -------
    draws : numpy.ndarray
        (len(row_sets), size) statistics; rows of failed refits are NaN.
    messages : list of str
        The optimiser message of every failed refit.
    """
    size = np.asarray(statistic(start)).size
    out = np.full((len(row_sets), size), np.nan)
    messages = []
    inverse_hessian = np.linalg.pinv(2.0 * information)
    with threadpool_limits(limits=1):
        for k, rows in enumerate(tqdm(row_sets, desc=description, disable=not progress)):
            theta, message = _refit(
                model, [block[r] for block, r in zip(blocks, rows, strict=True)], start,
                inverse_hessian,
            )  # fmt: skip
            if theta is None:
                messages.append(message)
                continue
            out[k] = statistic(theta)
    return out, messages


def group_resample_rows(
    sizes: list[int], n_resamples: int, rng: np.random.Generator
) -> list[list[np.ndarray]]:
    """Draw ``n_resamples`` stratified resamples: ``N_g`` rows with replacement per group.

    Parameters
    ----------
    sizes : list of int
        Rows of each group.
    n_resamples : int
        Number of resamples.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    list of list of numpy.ndarray
        Row indices per resample and group.
    """
    return [[rng.integers(0, n, size=n) for n in sizes] for _ in range(n_resamples)]


def group_jackknife_rows(sizes: list[int]) -> list[list[np.ndarray]]:
    """Leave-one-out row sets over all groups (one respondent left out per set).

    Parameters
    ----------
    sizes : list of int
        Rows of each group.

    Returns
    -------
    list of list of numpy.ndarray
        ``sum(sizes)`` row sets.
    """
    full = [np.arange(n) for n in sizes]
    out = []
    for g, n in enumerate(sizes):
        for i in range(n):
            rows = list(full)
            rows[g] = np.delete(full[g], i)
            out.append(rows)
    return out
