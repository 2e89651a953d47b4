r"""Relative-importance measures computed from correlation matrices or from raw binary outcomes.

* :func:`relative_weights`: Johnson's (2000) relative weights. With :math:`R_{XX} = Q \Lambda
  Q^\top`, the orthogonal counterparts of the predictors have loadings :math:`\Lambda^* =
  R_{XX}^{1/2} = Q \Lambda^{1/2} Q^\top`, the outcome's regression on them is :math:`\beta =
  R_{XX}^{-1/2} r_{Xy}`, and the weight of predictor :math:`j` is :math:`\epsilon_j = \sum_k
  \Lambda^{*2}_{jk} \beta_k^2`; the weights sum to the model :math:`R^2`.
* :func:`permutation_shapley`: the Shapley value by Monte Carlo over random orderings of the
  predictors (Castro, Gómez & Tejada 2009), for more predictors than exact enumeration allows.
  Each ordering's increments telescope to the full :math:`R^2`, so shares still sum exactly.
* :func:`logistic_subset_r2` and :func:`logistic_relative_weights`: binary outcomes. The Shapley
  decomposition uses McFadden's (1974) pseudo-:math:`R^2 = 1 - \ell(S)/\ell(\varnothing)` of the
  logistic regression on every subset; relative weights follow Tonidandel & LeBreton (2010):
  the logistic coefficients :math:`b` on the orthogonal predictors are standardized to
  :math:`b^*_k = b_k R / s_{\hat\eta}` (:math:`R` the correlation of the outcome with the fitted
  probability, :math:`s_{\hat\eta}` the standard deviation of the fitted logit), so the
  weights sum to :math:`R^2 = \operatorname{cor}(y, \hat p)^2`.

References
----------
Castro, J., Gómez, D. & Tejada, J. (2009). Polynomial calculation of the Shapley value based on
sampling. *Computers & Operations Research* 36(5), 1726-1730.

Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
variables in multiple regression. *Multivariate Behavioral Research* 35(1), 1-19.

McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In P. Zarembka
(ed.), *Frontiers in Econometrics*, 105-142. Academic Press.

Tonidandel, S. & LeBreton, J. M. (2010). Determining the relative importance of predictors in
logistic regression: an extension of relative weight analysis. *Organizational Research
Methods* 13(4), 767-781.
"""

from __future__ import annotations

import numpy as np

from loyaltymodels.journey.subsets import PIVOT_TOLERANCE

__all__ = [
    "logistic_relative_weights",
    "logistic_subset_r2",
    "permutation_shapley",
    "relative_weights",
]

EIGEN_TOLERANCE = 1e-10


def _sqrt_and_inverse_sqrt(rxx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, vectors = np.linalg.eigh(rxx)
    values = np.clip(values, 0.0, None)
    keep = values > EIGEN_TOLERANCE * values.max(axis=-1, keepdims=True)
    root = np.sqrt(values)
    inverse_root = np.where(keep, 1.0 / np.where(keep, root, 1.0), 0.0)
    half = (vectors * root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    inverse_half = (vectors * inverse_root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    return half, inverse_half


def relative_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights from correlation matrices (outcome last).

    Parameters
    ----------
    corr : numpy.ndarray
        Shape ``(..., p + 1, p + 1)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., p)``; the weights sum to the R-squared.
    """
    corr = np.asarray(corr, dtype=float)
    scale = np.sqrt(np.diagonal(corr, axis1=-2, axis2=-1))
    corr = corr / scale[..., :, None] / scale[..., None, :]
    rxx, rxy = corr[..., :-1, :-1], corr[..., :-1, -1]
    half, inverse_half = _sqrt_and_inverse_sqrt(rxx)
    beta = (inverse_half @ rxy[..., None])[..., 0]
    return np.asarray((half**2 @ (beta**2)[..., None])[..., 0])


def permutation_shapley(
    corr: np.ndarray, n_permutations: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Shapley values of R-squared by Monte Carlo over orderings of the predictors.

    Parameters
    ----------
    corr : numpy.ndarray
        One correlation matrix, shape ``(p + 1, p + 1)``, outcome last.
    n_permutations : int
        The number of random orderings.
    rng : numpy.random.Generator
        The random number generator.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The estimated Shapley values and their Monte Carlo standard errors, shape ``(p,)``.
    """
    corr = np.asarray(corr, dtype=float)
    p = corr.shape[0] - 1
    orders = rng.permuted(np.tile(np.arange(p), (n_permutations, 1)), axis=1)
    residual = np.broadcast_to(corr, (n_permutations, p + 1, p + 1)).copy()
    rows = np.arange(n_permutations)
    increments = np.zeros((n_permutations, p))
    explained = np.zeros(n_permutations)
    for step in range(p):
        j = orders[:, step]
        column = residual[rows, :, j]
        pivot = residual[rows, j, j]
        pivot = np.where(pivot > PIVOT_TOLERANCE * corr[j, j], pivot, np.inf)
        residual -= column[:, :, None] * column[:, None, :] / pivot[:, None, None]
        now = 1.0 - residual[:, -1, -1] / corr[-1, -1]
        increments[rows, j] = now - explained
        explained = now
    estimate = increments.mean(axis=0)
    se = increments.std(axis=0, ddof=1) / np.sqrt(n_permutations)
    return estimate, se


def _unique_patterns(
    x: np.ndarray, trials: np.ndarray, successes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collapse rows with equal predictors, adding up their binomial trials and successes."""
    patterns, inverse = np.unique(x, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    summed_trials = np.bincount(inverse, weights=trials, minlength=len(patterns))
    summed_successes = np.bincount(inverse, weights=successes, minlength=len(patterns))
    return patterns, summed_trials, summed_successes


def _logistic_fit(
    x: np.ndarray, trials: np.ndarray, successes: np.ndarray, iterations: int = 50
) -> tuple[np.ndarray, float]:
    """Newton-Raphson for a binomial logit with intercept; returns (coefficients, log-lik)."""
    design = np.column_stack([np.ones(len(x)), x])
    share = successes.sum() / trials.sum()
    coef = np.zeros(design.shape[1])
    coef[0] = np.log(share / (1.0 - share))
    loglik = -np.inf
    for _ in range(iterations):
        eta = design @ coef
        prob = 1.0 / (1.0 + np.exp(-eta))
        gradient = design.T @ (successes - trials * prob)
        weight = trials * prob * (1.0 - prob)
        hessian = design.T @ (design * weight[:, None])
        step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        coef = coef + step
        eta = design @ coef
        new = float(successes @ eta - trials @ np.logaddexp(0.0, eta))
        if abs(new - loglik) < 1e-10 * (1.0 + abs(new)):
            loglik = new
            break
        loglik = new
    return coef, loglik


def logistic_subset_r2(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """McFadden's pseudo-R-squared of the logistic regression on every subset of predictors.

    Parameters
    ----------
    x : numpy.ndarray
        Predictors, shape ``(n, p)``.
    y : numpy.ndarray
        0/1 outcome, shape ``(n,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(2**p,)`` indexed by bit mask (bit ``j`` is predictor ``j``).
    """
    p = x.shape[1]
    patterns, trials, successes = _unique_patterns(x, np.ones_like(y, dtype=float), y)
    share = successes.sum() / trials.sum()
    null = float(successes.sum() * np.log(share) + (trials - successes).sum() * np.log1p(-share))
    r2 = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        columns = [j for j in range(p) if mask >> j & 1]
        loglik = _logistic_fit(*_unique_patterns(patterns[:, columns], trials, successes))[1]
        r2[mask] = 1.0 - loglik / null
    return r2


def logistic_relative_weights(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Relative weights for a binary outcome (Tonidandel & LeBreton 2010).

    Parameters
    ----------
    x, y : numpy.ndarray
        Predictors and 0/1 outcome, as in :func:`logistic_subset_r2`.

    Returns
    -------
    (numpy.ndarray, float)
        The weights (shape ``(p,)``) and the R-squared they sum to, the squared correlation of
        the outcome with the fitted probability.
    """
    standard = (x - x.mean(axis=0)) / x.std(axis=0)
    half, inverse_half = _sqrt_and_inverse_sqrt(
        np.corrcoef(standard, rowvar=False).reshape(x.shape[1], x.shape[1])
    )
    orthogonal = standard @ inverse_half
    coef = _logistic_fit(*_unique_patterns(orthogonal, np.ones_like(y, dtype=float), y))[0]
    eta = coef[0] + orthogonal @ coef[1:]
    prob = 1.0 / (1.0 + np.exp(-eta))
    r = float(np.corrcoef(y, prob)[0, 1])
    standardized = coef[1:] * orthogonal.std(axis=0) * r / eta.std()
    return half**2 @ standardized**2, r**2
