r"""The PLS path-modelling algorithm on indicator correlation matrices, batched.

Every step of Wold's and Lohmöller's algorithm is a function of the indicator correlation
matrix :math:`S` alone, so the algorithm runs here on a stack of correlation matrices of shape
``(B, p, p)``: one for a fit, thousands for a bootstrap, ``n`` for a jackknife. Outer weights
:math:`W` (``p x k``, zero outside each construct's block) are iterated to a fixed point:

1. construct correlations :math:`C = W^\top S W` (scores have unit variance);
2. inner weights :math:`E` (``k x k``, :math:`E_{ij}` is the weight of construct i in the inner
   proxy of construct j), by the scheme:

   - *centroid*: :math:`E_{ij} = \operatorname{sign}(C_{ij})` for adjacent i, j;
   - *factorial*: :math:`E_{ij} = C_{ij}` for adjacent i, j;
   - *path* (Lohmöller 1989): for a predecessor i of j, the coefficient of i in the regression
     of j on all its predecessors; for a successor i of j, :math:`C_{ij}`;

3. outer estimation with the proxy covariances :math:`G = S W E`: mode A (correlation weights)
   :math:`w_j = G_{[j], j}`, mode B (regression weights) :math:`w_j = S_{[j][j]}^{-1} G_{[j], j}`;
4. rescaling to unit score variance, :math:`w_j \leftarrow w_j / \sqrt{w_j^\top S_{[j][j]} w_j}`.

The iteration stops when the largest absolute change of an outer weight is below ``tol``.

References
----------
Lohmöller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least Squares*.
Physica. Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. & Lauro, C. (2005). PLS path
modeling. Computational Statistics & Data Analysis 48(1), 159-205.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loyaltymodels.pls.syntax import PLSSpec

__all__ = ["SCHEMES", "PLSLayout", "batched_solve", "outer_weights"]

SCHEMES = ("path", "factorial", "centroid")


@dataclass(frozen=True)
class PLSLayout:
    """Index arrays of a PLS model, derived once from its :class:`PLSSpec`.

    Attributes
    ----------
    membership : numpy.ndarray
        p x k 0/1 matrix, indicator i belongs to construct j.
    blocks : list of numpy.ndarray
        Indicator positions of each construct.
    mode_b : numpy.ndarray
        k booleans, construct estimated with mode B weights.
    adjacency : numpy.ndarray
        k x k 0/1, ``adjacency[i, j] = 1`` for a path i -> j.
    antecedents : list of numpy.ndarray
        Positions of each construct's direct causes (empty for exogenous constructs).
    """

    membership: np.ndarray
    blocks: list[np.ndarray]
    mode_b: np.ndarray
    adjacency: np.ndarray
    antecedents: list[np.ndarray]

    @classmethod
    def from_spec(cls, spec: PLSSpec) -> PLSLayout:
        """Build the layout of ``spec``.

        Parameters
        ----------
        spec : PLSSpec
            The parsed model.

        Returns
        -------
        PLSLayout
            Its index arrays.
        """
        membership = spec.membership()
        adjacency = spec.path_matrix()
        return cls(
            membership=membership,
            blocks=[np.flatnonzero(membership[:, j]) for j in range(membership.shape[1])],
            mode_b=np.array([spec.modes[c] == "B" for c in spec.constructs]),
            adjacency=adjacency,
            antecedents=[np.flatnonzero(adjacency[:, j]) for j in range(adjacency.shape[1])],
        )

    @property
    def n_constructs(self) -> int:
        """Number of constructs k."""
        return int(self.membership.shape[1])


def batched_solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve ``matrix @ x = rhs`` for a stack of systems; singular systems give NaN.

    Parameters
    ----------
    matrix : numpy.ndarray
        Shape (B, q, q).
    rhs : numpy.ndarray
        Shape (B, q) or (B, q, m).

    Returns
    -------
    numpy.ndarray
        The solutions, shaped like ``rhs``; rows whose matrix is singular or non-finite are NaN.
    """
    vector = rhs.ndim == matrix.ndim - 1
    right = rhs[..., None] if vector else rhs
    finite = np.isfinite(matrix).all(axis=(-2, -1)) & np.isfinite(right).all(axis=(-2, -1))
    safe = np.where(finite[:, None, None], matrix, np.eye(matrix.shape[-1]))
    safe_rhs = np.where(finite[:, None, None], right, 0.0)
    try:
        out: np.ndarray = np.linalg.solve(safe, safe_rhs)
    except np.linalg.LinAlgError:
        out = np.empty_like(safe_rhs)
        for b in range(safe.shape[0]):
            try:
                out[b] = np.linalg.solve(safe[b], safe_rhs[b])
            except np.linalg.LinAlgError:
                out[b] = np.nan
    out[~finite] = np.nan
    return out[..., 0] if vector else out


def _normalise(weights: np.ndarray, corr: np.ndarray) -> np.ndarray:
    variance = np.einsum("bik,bij,bjk->bk", weights, corr, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        normalised: np.ndarray = weights / np.sqrt(variance)[:, None, :]
    return normalised


def _inner_weights(construct_corr: np.ndarray, layout: PLSLayout, scheme: str) -> np.ndarray:
    adjacency = layout.adjacency
    neighbours = adjacency + adjacency.T
    inner: np.ndarray
    if scheme == "centroid":
        inner = np.sign(construct_corr) * neighbours
        return inner
    if scheme == "factorial":
        inner = construct_corr * neighbours
        return inner
    # path weighting: successors by correlation, predecessors by regression coefficients
    inner = construct_corr * adjacency.T
    for j, causes in enumerate(layout.antecedents):
        if causes.size == 0:
            continue
        block = construct_corr[:, causes[:, None], causes[None, :]]
        inner[:, causes, j] = batched_solve(block, construct_corr[:, causes, j])
    return inner


def outer_weights(
    corr: np.ndarray,
    layout: PLSLayout,
    *,
    scheme: str = "path",
    tol: float = 1e-7,
    max_iter: int = 300,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iterate the PLS outer weights to convergence on a stack of correlation matrices.

    Parameters
    ----------
    corr : numpy.ndarray
        Indicator correlation matrices, shape (B, p, p), indicators in the layout's order.
    layout : PLSLayout
        The model's index arrays.
    scheme : {"path", "factorial", "centroid"}
        Inner weighting scheme.
    tol : float
        Convergence tolerance on the largest absolute change of an outer weight.
    max_iter : int
        Iteration limit.

    Returns
    -------
    weights : numpy.ndarray
        Shape (B, p, k), standardized so that every construct score has unit variance.
    iterations : numpy.ndarray
        Iterations used per matrix.
    converged : numpy.ndarray
        Whether each matrix converged within ``max_iter``.
    """
    n_batch = corr.shape[0]
    mask = layout.membership[None, :, :]
    weights = _normalise(np.broadcast_to(mask, (n_batch, *mask.shape[1:])).copy(), corr)
    iterations = np.zeros(n_batch, dtype=int)
    converged = np.zeros(n_batch, dtype=bool)
    active = np.arange(n_batch)
    mode_b = np.flatnonzero(layout.mode_b)
    for step in range(1, max_iter + 1):
        s, w = corr[active], weights[active]
        inner = _inner_weights(np.swapaxes(w, 1, 2) @ s @ w, layout, scheme)
        proxy_cov = s @ w @ inner
        new = proxy_cov * mask
        for j in mode_b:
            items = layout.blocks[j]
            block = s[:, items[:, None], items[None, :]]
            new[:, items, j] = batched_solve(block, proxy_cov[:, items, j])
        new = _normalise(new, s)
        change = np.abs(new - w).max(axis=(1, 2))
        weights[active] = new
        iterations[active] = step
        done = change < tol
        converged[active[done]] = True
        # matrices with non-finite weights cannot converge: stop iterating them
        active = active[~done & np.isfinite(change)]
        if active.size == 0:
            break
    return weights, iterations, converged
