r"""Thresholds and polychoric correlations of ordinal items, from their contingency tables.

An item with categories :math:`0..K-1` is read as a cut standard normal :math:`y^*`:
:math:`y = a \iff \tau_{a-1} < y^* \le \tau_a` (:math:`\tau_{-1} = -\infty`,
:math:`\tau_{K-1} = \infty`). The thresholds are estimated from the margin,
:math:`\hat\tau_a = \Phi^{-1}(\sum_{c \le a} n_c / N)`; the polychoric correlation of two items
maximises, with the thresholds held at these values (two-step estimator; Olsson 1979), the
likelihood of their contingency table

.. math::

    \ell(\rho) = \sum_{a,b} n_{ab} \log \pi_{ab}(\rho), \qquad
    \pi_{ab} = \Phi_2(\tau_a, s_b) - \Phi_2(\tau_{a-1}, s_b) - \Phi_2(\tau_a, s_{b-1})
    + \Phi_2(\tau_{a-1}, s_{b-1}),

whose derivative uses :math:`\partial\Phi_2/\partial\rho = \phi_2` (the density). Every
quantity is a function of the cells, so one pair costs a few table-sized evaluations whatever
the sample size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from loyaltymodels.sem.bivariate_normal import bivariate_normal_cdf, bivariate_normal_pdf

__all__ = [
    "PairCells",
    "fit_polychoric",
    "pair_cells",
    "threshold_scores",
    "thresholds_from_counts",
]


def thresholds_from_counts(counts: np.ndarray) -> np.ndarray:
    r"""Return the thresholds :math:`\Phi^{-1}` of the cumulative proportions of the categories.

    Parameters
    ----------
    counts : numpy.ndarray
        Frequencies of the K categories (all positive).

    Returns
    -------
    numpy.ndarray
        The K - 1 thresholds.
    """
    cumulative = np.cumsum(counts)[:-1] / counts.sum()
    return np.asarray(special.ndtri(cumulative), dtype=float)


def threshold_scores(thresholds: np.ndarray) -> np.ndarray:
    r"""Scores of the univariate probit likelihood in the thresholds, per category.

    For an answer in category a, :math:`\partial\log\pi_a/\partial\tau_a = \phi(\tau_a)/\pi_a`
    and :math:`\partial\log\pi_a/\partial\tau_{a-1} = -\phi(\tau_{a-1})/\pi_a`.

    Parameters
    ----------
    thresholds : numpy.ndarray
        The K - 1 thresholds.

    Returns
    -------
    numpy.ndarray
        K x (K - 1): row a is the score of an answer in category a.
    """
    k = thresholds.size + 1
    cdf = np.concatenate([[0.0], special.ndtr(thresholds), [1.0]])
    prob = np.diff(cdf)
    density = np.exp(-0.5 * thresholds**2) / np.sqrt(2.0 * np.pi)
    out = np.zeros((k, k - 1))
    rows = np.arange(k - 1)
    out[rows, rows] = density / prob[:-1]
    out[rows + 1, rows] = -density / prob[1:]
    return out


@dataclass(frozen=True)
class PairCells:
    r"""Cell probabilities of a pair and their derivatives (all K1 x K2 unless noted).

    ``prob`` :math:`\pi_{ab}`; ``d_rho`` :math:`\partial\pi_{ab}/\partial\rho`; ``g1`` (K1-1 x
    K2) :math:`\phi(\tau_t)[\Phi((s_{b}-\rho\tau_t)/r) - \Phi((s_{b-1}-\rho\tau_t)/r)]`, the
    derivative of :math:`\pi_{tb}` in :math:`\tau_t` (minus that of :math:`\pi_{t+1,b}`),
    :math:`r = \sqrt{1-\rho^2}`; ``g2`` (K1 x K2-1) the same for the second item.
    """

    prob: np.ndarray
    d_rho: np.ndarray
    g1: np.ndarray
    g2: np.ndarray


def _with_infinity(thresholds: np.ndarray) -> np.ndarray:
    return np.concatenate([[-np.inf], thresholds, [np.inf]])


def _cell_differences(grid: np.ndarray) -> np.ndarray:
    return np.asarray(grid[1:, 1:] - grid[:-1, 1:] - grid[1:, :-1] + grid[:-1, :-1], dtype=float)


def _edge_derivative(tau: np.ndarray, other: np.ndarray, rho: float) -> np.ndarray:
    r = np.sqrt(1.0 - rho * rho)
    density = np.exp(-0.5 * tau**2) / np.sqrt(2.0 * np.pi)
    cdf = special.ndtr((other[None, :] - rho * tau[:, None]) / r)
    return np.asarray(density[:, None] * np.diff(cdf, axis=1), dtype=float)


def pair_cells(tau1: np.ndarray, tau2: np.ndarray, rho: float, *, full: bool = True) -> PairCells:
    """Return the cell probabilities of two items and their derivatives.

    Parameters
    ----------
    tau1, tau2 : numpy.ndarray
        Thresholds of the two items.
    rho : float
        Correlation of the underlying normals.
    full : bool, default True
        Also the threshold derivatives ``g1``, ``g2`` (else empty arrays).

    Returns
    -------
    PairCells
        Probabilities and derivatives.
    """
    t1, t2 = _with_infinity(tau1), _with_infinity(tau2)
    prob = _cell_differences(bivariate_normal_cdf(t1[:, None], t2[None, :], rho))
    d_rho = _cell_differences(bivariate_normal_pdf(t1[:, None], t2[None, :], rho))
    if not full:
        return PairCells(prob, d_rho, np.empty(0), np.empty(0))
    g1 = _edge_derivative(tau1, t2, rho)
    g2 = _edge_derivative(tau2, t1, rho).T
    return PairCells(prob, d_rho, g1, g2)


def _two_by_two(table: np.ndarray, tau1: np.ndarray, tau2: np.ndarray) -> float | None:
    """Return lavaan's closed forms and zero-cell rule for a 2 x 2 table (None: estimate)."""
    empty = np.flatnonzero(table.ravel() == 0)
    if empty.size == 2:
        return 1.0 if table[0, 0] > 0 else -1.0
    if empty.size == 1:  # add 1/2 to the empty cell keeping the margins
        sign = 1.0 if empty[0] in (0, 3) else -1.0
        table += sign * np.array([[0.5, -0.5], [-0.5, 0.5]])
    if table[0, 0] * table[1, 1] == table[0, 1] * table[1, 0]:
        return 0.0
    if tau1[0] == 0.0 and tau2[0] == 0.0:
        return float(-np.cos(2.0 * np.pi * table[0, 0] / table.sum()))
    return None


def fit_polychoric(
    table: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, *, start: float = 0.0
) -> float:
    r"""Maximum likelihood polychoric correlation of one contingency table, thresholds given.

    Fisher scoring on :math:`\rho` within :math:`[-0.999, 0.999]` with step halving, from the
    gradient :math:`\sum n_{ab}\,\partial_\rho\pi_{ab}/\pi_{ab}` and the expected information
    :math:`N\sum(\partial_\rho\pi_{ab})^2/\pi_{ab}`. Empty cells enter with weight 0; a 2 x 2
    table with one empty cell gets 1/2 added to it and its diagonal partner, keeping the
    margins, as lavaan does.

    Parameters
    ----------
    table : numpy.ndarray
        K1 x K2 frequencies.
    tau1, tau2 : numpy.ndarray
        Thresholds of the two items (two-step: from the margins).
    start : float, default 0
        Starting correlation.

    Returns
    -------
    float
        The polychoric correlation.
    """
    table = np.asarray(table, dtype=float).copy()
    if table.shape == (2, 2):
        closed = _two_by_two(table, tau1, tau2)
        if closed is not None:
            return closed
    n = table.sum()
    used = table > 0

    def loglik(rho: float) -> tuple[float, float, float]:
        cells = pair_cells(tau1, tau2, rho, full=False)
        prob = np.maximum(cells.prob[used], 1e-300)
        grad = float(np.sum(table[used] * cells.d_rho[used] / prob))
        info = float(n * np.sum(cells.d_rho[used] ** 2 / prob))
        return float(np.sum(table[used] * np.log(prob))), grad, info

    rho = float(np.clip(start, -0.99, 0.99))
    value, grad, info = loglik(rho)
    for _ in range(100):
        step = grad / info if info > 0 else 0.0
        scale = 1.0
        while True:
            candidate = float(np.clip(rho + scale * step, -0.999, 0.999))
            new_value, new_grad, new_info = loglik(candidate)
            if new_value >= value - 1e-12 * abs(value) or scale < 1e-8:
                break
            scale /= 2.0
        moved = abs(candidate - rho)
        rho, value, grad, info = candidate, new_value, new_grad, new_info
        if moved < 1e-12 or abs(grad) < 1e-10 * n:
            break
    return rho
