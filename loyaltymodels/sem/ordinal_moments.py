r"""Sample statistics of ordinal items: thresholds, polychorics and their covariance.

These are the statistics weighted least squares fits, with their asymptotic covariance matrix.

The statistics of a group are :math:`s = (\tau_1^\top, \dots, \tau_p^\top,
\mathrm{vech}^*(R)^\top)^\top`: the thresholds item by item, then the polychoric correlations
below the diagonal, column by column (:math:`r_{21}, r_{31}, \dots, r_{p1}, r_{32}, \dots`),
lavaan's order.

Their asymptotic covariance :math:`\Gamma` (:math:`N\,\mathrm{ACov}(s)`, lavaan's ``NACOV``)
follows Muthen (1984) as lavaan computes it: with the casewise scores :math:`u_i` of the
univariate likelihoods in the thresholds and :math:`v_i` of the pairwise likelihoods in the
correlations (functions of each respondent's cells only), the two-step estimating equations
have the Jacobian

.. math::

    A = \begin{pmatrix} A_{11} & 0 \\ A_{21} & A_{22} \end{pmatrix}, \quad
    A_{11} = \oplus_j \sum_i u_{ij}u_{ij}^\top, \quad
    A_{21} = \sum_i v_i w_i^\top, \quad
    A_{22} = \mathrm{diag}\sum_i v_i^2,

(:math:`w_i` the scores of the pairwise likelihood in the thresholds) and
:math:`\Gamma = N\,A^{-1}\big(\sum_i z_iz_i^\top\big)A^{-\top}`, :math:`z_i = (u_i, v_i)`:
the sandwich of the influence functions :math:`A^{-1}z_i`, which carries the correction for
the thresholds estimated in the first step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loyaltymodels.sem.polychoric import (
    fit_polychoric,
    pair_cells,
    threshold_scores,
    thresholds_from_counts,
)

__all__ = ["OrdinalMoments", "ordinal_moments", "pair_order"]


@dataclass(frozen=True)
class OrdinalMoments:
    """Thresholds, polychoric correlations, their stacked vector and Gamma of one group."""

    thresholds: tuple[np.ndarray, ...]
    correlation: np.ndarray
    statistics: np.ndarray
    gamma: np.ndarray
    n: int

    @property
    def n_thresholds(self) -> int:
        """Number of thresholds (the first entries of ``statistics``)."""
        return int(sum(t.size for t in self.thresholds))


def pair_order(p: int) -> list[tuple[int, int]]:
    """Return the pairs ``(i, j)``, ``i > j``, in lavaan's order (column by column).

    Parameters
    ----------
    p : int
        Number of items.

    Returns
    -------
    list of tuple of int
        The p(p-1)/2 pairs.
    """
    return [(i, j) for j in range(p - 1) for i in range(j + 1, p)]


def _pair_scores(
    codes_i: np.ndarray,
    codes_j: np.ndarray,
    tau_i: np.ndarray,
    tau_j: np.ndarray,
    levels: tuple[int, int],
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Polychoric correlation, casewise score in rho and the rows of A21 for both items."""
    k_i, k_j = levels
    table = np.bincount(codes_i * k_j + codes_j, minlength=k_i * k_j).reshape(k_i, k_j)
    rho = fit_polychoric(table, tau_i, tau_j)
    cells = pair_cells(tau_i, tau_j, rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(table > 0, cells.d_rho / cells.prob, 0.0)
        weighted = np.where(table > 0, table * score / cells.prob, 0.0)
    # sum over respondents of score_rho * d log pi / d tau, cell by cell
    a21_i = np.sum(weighted[:-1] * cells.g1, axis=1) - np.sum(weighted[1:] * cells.g1, axis=1)
    a21_j = np.sum(weighted[:, :-1] * cells.g2, axis=0) - np.sum(weighted[:, 1:] * cells.g2, axis=0)
    return rho, score[codes_i, codes_j], a21_i, a21_j


def ordinal_moments(codes: np.ndarray, n_levels: list[int]) -> OrdinalMoments:
    r"""Compute the WLS statistics of one group of ordinal answers and their :math:`\Gamma`.

    Parameters
    ----------
    codes : numpy.ndarray
        n x p integer categories, item j coded :math:`0..K_j-1`, every category present.
    n_levels : list of int
        :math:`K_j` of every item.

    Returns
    -------
    OrdinalMoments
        Thresholds, polychoric correlation matrix, the statistics vector and
        :math:`\Gamma` (Muthen 1984; lavaan's ``NACOV``).
    """
    n, p = codes.shape
    thresholds = tuple(
        thresholds_from_counts(np.bincount(codes[:, j], minlength=n_levels[j]).astype(float))
        for j in range(p)
    )
    starts = np.cumsum([0] + [t.size for t in thresholds])
    n_th = int(starts[-1])
    pairs = pair_order(p)
    scores_th = np.empty((n, n_th))
    a11_inv = np.zeros((n_th, n_th))
    for j, tau in enumerate(thresholds):
        block = slice(starts[j], starts[j + 1])
        per_category = threshold_scores(tau)
        scores_th[:, block] = per_category[codes[:, j]]
        counts = np.bincount(codes[:, j], minlength=n_levels[j]).astype(float)
        a11_inv[block, block] = np.linalg.inv(per_category.T @ (counts[:, None] * per_category))
    scores_rho = np.empty((n, len(pairs)))
    a21 = np.zeros((len(pairs), n_th))
    correlation = np.eye(p)
    for c, (i, j) in enumerate(pairs):
        rho, score, row_i, row_j = _pair_scores(
            codes[:, i], codes[:, j], thresholds[i], thresholds[j], (n_levels[i], n_levels[j])
        )
        correlation[i, j] = correlation[j, i] = rho
        scores_rho[:, c] = score
        a21[c, starts[i] : starts[i + 1]] = row_i
        a21[c, starts[j] : starts[j + 1]] = row_j
    a22 = np.einsum("ij,ij->j", scores_rho, scores_rho)
    influence_th = scores_th @ a11_inv
    influence_rho = (scores_rho - influence_th @ a21.T) / a22
    influence = np.hstack([influence_th, influence_rho])
    gamma = n * (influence.T @ influence)
    statistics = np.concatenate([*thresholds, [correlation[i, j] for i, j in pairs]])
    return OrdinalMoments(thresholds, correlation, statistics, gamma, n)
