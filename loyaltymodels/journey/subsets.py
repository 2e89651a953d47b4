r"""R-squared of every subset of predictors, and the Shapley (LMG) values built from them.

For standardized predictors with correlation matrix :math:`R_{XX}` and correlations with the
outcome :math:`r_{Xy}`, the R-squared of the regression on a subset :math:`S` is
:math:`R^2(S) = r_{Sy}^\top R_{SS}^{-1} r_{Sy}`. All :math:`2^p` values are computed by sweeping
(Goodnight 1979): every subset :math:`S` with largest element :math:`m` keeps the residual
covariance of the predictors :math:`m+1, \dots, p-1` and the outcome after regressing them on
:math:`S`; adding a predictor :math:`j > m` is one rank-one update

.. math::

    C'_{ab} = C_{ab} - C_{aj} C_{jb} / C_{jj}, \qquad R^2(S \cup \{j\}) = 1 - C'_{yy}.

Subsets with the same largest element share a block shape, so each update runs on all of them
(and on a stack of bootstrap correlation matrices) at once; the work is about
:math:`6 \cdot 2^p` numbers per matrix instead of :math:`2^p` separate solves. A pivot
:math:`C_{jj}` below ``tolerance`` (a predictor that is a linear combination of the subset) adds
nothing, which is the R-squared of the generalised inverse.

The Shapley value of predictor :math:`j` (the LMG decomposition, Lindeman, Merenda & Gold 1980;
general dominance, Budescu 1993; Grömping 2006) is

.. math::

    \phi_j = \sum_{S \not\ni j} \frac{|S|!\,(p - |S| - 1)!}{p!}
        \left[R^2(S \cup \{j\}) - R^2(S)\right],

and :math:`\sum_j \phi_j = R^2(\text{all}) - R^2(\varnothing)`, computed here as one product of
the subset R-squared with a fixed :math:`2^p \times p` weight matrix.

References
----------
Budescu, D. V. (1993). Dominance analysis: a new approach to the problem of relative importance
of predictors in multiple regression. *Psychological Bulletin* 114(3), 542-551.

Goodnight, J. H. (1979). A tutorial on the SWEEP operator. *The American Statistician* 33(3),
149-158.

Grömping, U. (2006). Relative importance for linear regression in R: the package relaimpo.
*Journal of Statistical Software* 17(1), 1-27.

Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). *Introduction to Bivariate and
Multivariate Analysis*. Scott, Foresman, Glenview IL, p. 119 ff.
"""

from __future__ import annotations

from math import factorial

import numpy as np

__all__ = ["MAX_EXACT", "popcounts", "shapley_from_subsets", "shapley_weights", "subset_r2"]

#: The largest number of predictors for which every subset is enumerated.
MAX_EXACT = 20

PIVOT_TOLERANCE = 1e-10


def popcounts(p: int) -> np.ndarray:
    """Count the predictors in each subset, indexed by the subset's bit mask.

    Parameters
    ----------
    p : int
        The number of predictors.

    Returns
    -------
    numpy.ndarray
        Integer array of length :math:`2^p`.
    """
    counts = np.zeros(1, dtype=np.int64)
    for _ in range(p):
        counts = np.concatenate([counts, counts + 1])
    return counts


def subset_r2(corr: np.ndarray, *, tolerance: float = PIVOT_TOLERANCE) -> np.ndarray:
    """R-squared of the regression of the outcome on every subset of predictors.

    Parameters
    ----------
    corr : numpy.ndarray
        Correlation (or covariance) matrices of shape ``(..., p + 1, p + 1)``, the outcome last.
    tolerance : float
        Pivots (residual variances relative to the predictor's variance) below this count as
        zero: the predictor is collinear with the subset and adds nothing.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 2**p)``: entry ``mask`` is the R-squared of the subset whose predictors are
        the set bits of ``mask`` (bit ``j`` is predictor ``j``).
    """
    corr = np.asarray(corr, dtype=float)
    batch = corr.shape[:-2]
    p = corr.shape[-1] - 1
    scale = np.sqrt(np.diagonal(corr, axis1=-2, axis2=-1))
    corr = corr / scale[..., :, None] / scale[..., None, :]
    # the stack of matrices is the last (contiguous) axis, so every elementwise update runs
    # over all matrices at once even where the blocks are 1 x 1
    stack = np.moveaxis(corr.reshape((-1, p + 1, p + 1)), 0, -1)
    n_matrices = stack.shape[-1]
    r2 = np.zeros((1 << p, n_matrices))
    # groups[m + 1]: (masks, blocks) of the subsets whose largest predictor is m (m = -1: empty);
    # a block holds the residual covariance of predictors m+1..p-1 and the outcome.
    groups: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(1, dtype=np.int64), stack[None])]
    for j in range(p):
        size = p - j  # predictors j+1..p-1 and the outcome
        group_masks = np.empty(1 << j, dtype=np.int64)
        group_blocks = np.empty((1 << j, size, size, n_matrices))
        start = 0
        for m, (parent_masks, parent) in enumerate(groups, start=-1):
            pivot_at = j - m - 1
            column = parent[:, pivot_at + 1 :, pivot_at, :]
            pivot = parent[:, pivot_at, pivot_at, :]
            scaled = column / np.where(pivot > tolerance, pivot, np.inf)[:, None, :]
            child = group_blocks[start : start + len(parent)]
            np.multiply(column[:, :, None, :], scaled[:, None, :, :], out=child)
            np.subtract(parent[:, pivot_at + 1 :, pivot_at + 1 :, :], child, out=child)
            group_masks[start : start + len(parent)] = parent_masks | (1 << j)
            start += len(parent)
        r2[group_masks] = 1.0 - group_blocks[:, -1, -1, :]
        groups.append((group_masks, group_blocks))
    return r2.T.reshape((*batch, 1 << p))


def shapley_weights(p: int) -> np.ndarray:
    """Build the matrix that turns subset values into Shapley values.

    Parameters
    ----------
    p : int
        The number of players (predictors).

    Returns
    -------
    numpy.ndarray
        Shape ``(2**p, p)``: ``A[S, j] = w(|S| - 1)`` if ``j`` is in ``S`` and ``-w(|S|)``
        otherwise, with :math:`w(s) = s!(p - s - 1)!/p!`, so that ``values @ A`` are the Shapley
        values.
    """
    sizes = popcounts(p)
    weight = np.array([factorial(s) * factorial(p - s - 1) / factorial(p) for s in range(p)])
    members = (np.arange(1 << p)[:, None] >> np.arange(p)[None, :]) & 1
    with_j = weight[np.clip(sizes - 1, 0, p - 1)][:, None]
    without_j = weight[np.clip(sizes, 0, p - 1)][:, None]
    weights: np.ndarray = np.where(members == 1, with_j, -without_j)
    return weights


def shapley_from_subsets(values: np.ndarray) -> np.ndarray:
    """Shapley values from the values of every coalition.

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(..., 2**p)`` indexed by bit mask, as :func:`subset_r2` returns.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., p)``.
    """
    p = int(np.log2(values.shape[-1]))
    shapley: np.ndarray = values @ shapley_weights(p)
    return shapley
