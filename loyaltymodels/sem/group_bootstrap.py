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

import numpy as np

from loyaltymodels.sem.groups import GroupModel, sample_moments
from loyaltymodels.sem.optimization import halving_step

__all__ = ["GroupRefit", "group_jackknife_rows", "group_resample_rows"]

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


class GroupRefit:
    """Refit of a multiple-group model from its estimates on per-group row sets.

    Parameters
    ----------
    model : GroupModel
        The group structures.
    blocks : list of numpy.ndarray
        Complete data of each group.
    start : numpy.ndarray
        Full-sample estimates (warm start).
    information : numpy.ndarray
        Unit expected information at ``start`` (the first inverse Hessian is its inverse/2).
    """

    def __init__(
        self,
        model: GroupModel,
        blocks: list[np.ndarray],
        start: np.ndarray,
        information: np.ndarray,
    ) -> None:
        self.model, self.blocks, self.start = model, blocks, start
        self.inverse_hessian = np.linalg.pinv(2.0 * information)

    def __call__(self, rows: list[np.ndarray]) -> tuple[np.ndarray | None, str]:
        """Refit on ``rows`` (one index array per group)."""
        model = self.model
        moments = sample_moments([b[r] for b, r in zip(self.blocks, rows, strict=True)])
        theta = self.start.copy()
        h = self.inverse_hessian.copy()
        value, grad = model.value_and_gradient(theta, moments)
        for _ in range(100):
            if not np.isfinite(value):
                break
            if float(np.max(np.abs(grad))) < BOOTSTRAP_TOLERANCE:
                return theta, ""
            moved = halving_step(
                lambda t: model.value_and_gradient(t, moments),
                theta,
                h @ grad,
                value,
                halvings=20,
                slack=1e-15,
            )
            if moved is None:
                break
            h = _bfgs_update(h, moved.theta - theta, moved.gradient - grad)
            theta, value, grad = moved.theta, moved.value, moved.gradient
        theta, converged, message = model.fit(self.start, moments, tolerance=BOOTSTRAP_TOLERANCE)
        return (theta, "") if converged else (None, message)


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
