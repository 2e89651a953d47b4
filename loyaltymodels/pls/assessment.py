r"""Assessment of a PLS path model, from correlation matrices (batched where bootstrapped).

- HTMT (Henseler, Ringle & Sarstedt 2015) on absolute indicator correlations, as SmartPLS and
  SEMinR compute it; the monotrait mean of a single-indicator construct counts as 1:

  .. math:: \mathrm{HTMT}_{ij} = \overline{|r|}_{ij} / \sqrt{\overline{|r|}_{ii}\,
            \overline{|r|}_{jj}}.

- Cronbach's alpha of the standardized indicators, :math:`\alpha = \frac{q}{q-1}
  (1 - q / \mathbf 1^\top R \mathbf 1)`.
- Variance inflation factors: the diagonal of the inverse correlation matrix of a
  construct's indicators (outer VIF) or of an endogenous construct's causes (inner VIF).
- Effect size :math:`f^2 = (R^2_{\text{incl}} - R^2_{\text{excl}}) / (1 - R^2_{\text{incl}})`
  (Cohen 1988).
- SRMR (Henseler et al. 2014): root mean square of the lower triangle (with diagonal) of
  :math:`S - \hat\Sigma`. The implied indicator correlations are
  :math:`\hat\Sigma_{[i][j]} = \lambda_i \Phi_{ij} \lambda_j^\top` between blocks; within a
  reflective block :math:`\lambda_i\lambda_i^\top` off the diagonal (common factor), within a
  composite block the observed :math:`S_{[i][i]}`. The *saturated* model takes the construct
  correlations :math:`\Phi` as estimated; the *estimated* model takes those implied by the
  structural model, :math:`\Phi = (I - B)^{-1}\Psi(I - B)^{-\top}` with the observed
  correlations of the exogenous constructs and :math:`1 - R^2_j` as the variance of each
  structural residual.

References
----------
Henseler, J., Dijkstra, T. K., Sarstedt, M. et al. (2014). Common beliefs and reality about
PLS. Organizational Research Methods 17(2), 182-209. Henseler, J., Ringle, C. M. & Sarstedt, M.
(2015). A new criterion for assessing discriminant validity in variance-based structural
equation modeling. JAMS 43(1), 115-135.
"""

from __future__ import annotations

import numpy as np

from loyaltymodels.pls.algorithm import PLSLayout, batched_solve

__all__ = [
    "effect_sizes",
    "htmt_from_corr",
    "implied_construct_corr",
    "inner_vif",
    "srmr",
    "standardized_alpha",
    "vif_from_corr",
]


def htmt_from_corr(corr: np.ndarray, layout: PLSLayout) -> np.ndarray:
    """HTMT matrices of a stack of indicator correlation matrices.

    Parameters
    ----------
    corr : numpy.ndarray
        Shape (B, p, p).
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    numpy.ndarray
        Shape (B, k, k), symmetric, NaN on the diagonal.
    """
    absolute = np.abs(corr)
    membership = layout.membership
    sizes = membership.sum(axis=0)
    sums = np.einsum("pi,bpq,qj->bij", membership, absolute, membership)
    k = layout.n_constructs
    within = np.diagonal(sums, axis1=1, axis2=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mono = np.where(sizes > 1, (within - sizes) / (sizes * (sizes - 1)), 1.0)
        hetero = sums / np.outer(sizes, sizes)
        out: np.ndarray = hetero / np.sqrt(mono[:, :, None] * mono[:, None, :])
    out[:, np.arange(k), np.arange(k)] = np.nan
    return out


def standardized_alpha(corr: np.ndarray) -> float:
    """Cronbach's alpha of standardized items from their correlation matrix.

    Parameters
    ----------
    corr : numpy.ndarray
        q x q item correlation matrix.

    Returns
    -------
    float
        Alpha (1 for a single item).
    """
    q = corr.shape[0]
    if q < 2:
        return 1.0
    return float(q / (q - 1) * (1.0 - q / corr.sum()))


def vif_from_corr(corr: np.ndarray) -> np.ndarray:
    """Variance inflation factors of variables with correlation matrix ``corr``.

    Parameters
    ----------
    corr : numpy.ndarray
        q x q correlation matrix.

    Returns
    -------
    numpy.ndarray
        ``diag(corr^-1)`` (1 for a single variable; inf when ``corr`` is singular).
    """
    if corr.shape[0] == 1:
        return np.ones(1)
    try:
        return np.diag(np.linalg.inv(corr)).copy()
    except np.linalg.LinAlgError:
        return np.full(corr.shape[0], np.inf)


def inner_vif(construct_corr: np.ndarray, layout: PLSLayout) -> np.ndarray:
    """Inner VIF of each cause in each endogenous construct's regression.

    Parameters
    ----------
    construct_corr : numpy.ndarray
        k x k construct correlations.
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    numpy.ndarray
        k x k, ``[i, j]`` the VIF of cause i for outcome j (NaN where there is no path).
    """
    k = layout.n_constructs
    out = np.full((k, k), np.nan)
    for j, causes in enumerate(layout.antecedents):
        if causes.size:
            out[causes, j] = vif_from_corr(construct_corr[np.ix_(causes, causes)])
    return out


def effect_sizes(construct_corr: np.ndarray, layout: PLSLayout) -> np.ndarray:
    """Cohen's f^2 of each path.

    Parameters
    ----------
    construct_corr : numpy.ndarray
        k x k construct correlations (disattenuated under PLSc).
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    numpy.ndarray
        k x k, ``[i, j]`` the f^2 of cause i on outcome j (NaN where there is no path).
    """

    def r_squared(causes: np.ndarray, j: int) -> float:
        if causes.size == 0:
            return 0.0
        target = construct_corr[causes, j]
        beta = batched_solve(construct_corr[np.ix_(causes, causes)][None], target[None])[0]
        return float(beta @ target)

    k = layout.n_constructs
    out = np.full((k, k), np.nan)
    for j, causes in enumerate(layout.antecedents):
        if causes.size == 0:
            continue
        full = r_squared(causes, j)
        for i in causes:
            reduced = r_squared(causes[causes != i], j)
            out[i, j] = (full - reduced) / (1.0 - full)
    return out


def implied_construct_corr(
    construct_corr: np.ndarray, paths: np.ndarray, r2: np.ndarray, layout: PLSLayout
) -> np.ndarray:
    """Construct correlations implied by the recursive structural model.

    Parameters
    ----------
    construct_corr : numpy.ndarray
        k x k estimated construct correlations.
    paths : numpy.ndarray
        k x k path coefficients (cause x outcome).
    r2 : numpy.ndarray
        R^2 per construct (NaN for exogenous constructs).
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    numpy.ndarray
        ``(I - B)^{-1} Psi (I - B)^{-T}`` with ``B = paths.T``.
    """
    k = layout.n_constructs
    exogenous = np.array([causes.size == 0 for causes in layout.antecedents])
    psi = np.diag(np.where(exogenous, 1.0, 1.0 - np.nan_to_num(r2)))
    psi[np.ix_(exogenous, exogenous)] = construct_corr[np.ix_(exogenous, exogenous)]
    inverse = np.linalg.inv(np.eye(k) - paths.T)
    implied: np.ndarray = inverse @ psi @ inverse.T
    return implied


def srmr(
    corr: np.ndarray, loadings: np.ndarray, construct_corr: np.ndarray, layout: PLSLayout
) -> float:
    """Standardized root mean square residual of the implied indicator correlations.

    Parameters
    ----------
    corr : numpy.ndarray
        p x p observed indicator correlations.
    loadings : numpy.ndarray
        p x k loadings (own block only).
    construct_corr : numpy.ndarray
        k x k construct correlations: estimated (saturated model) or implied by the paths
        (estimated model).
    layout : PLSLayout
        The model's index arrays.

    Returns
    -------
    float
        SRMR over the lower triangle including the diagonal.
    """
    implied = loadings @ construct_corr @ loadings.T
    for j, items in enumerate(layout.blocks):
        if layout.mode_b[j]:
            implied[np.ix_(items, items)] = corr[np.ix_(items, items)]
    np.fill_diagonal(implied, 1.0)
    lower = np.tril_indices(corr.shape[0])
    return float(np.sqrt(np.mean((corr - implied)[lower] ** 2)))
