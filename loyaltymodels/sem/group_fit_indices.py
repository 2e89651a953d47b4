r"""Global fit indices of a model fitted in one or several groups with a mean structure.

With G groups, :math:`N = \sum_g N_g`, p observed variables and q free parameters (lavaan 0.6
``fitMeasures``, ML, ``likelihood = "normal"``):

- :math:`\chi^2 = \sum_g N_g F_g`, :math:`df = G\,(p(p+1)/2 + p) - q`;
- baseline: independence model with free means and variances in every group,
  :math:`\chi^2_0 = \sum_g N_g(\sum_j\log s_{g,jj} - \log|S_g|)`, :math:`df_0 = G\,p(p-1)/2`;
- CFI and TLI as for one group (Bentler 1990; Tucker & Lewis 1973);
- RMSEA :math:`= \sqrt{\max(\chi^2/(N\,df) - 1/N, 0)}\,\sqrt G` and its 90% interval scaled
  by :math:`\sqrt G` (Steiger 1998, the multiple-group correction lavaan uses);
- SRMR: the group SRMRs weighted by :math:`N_g/N`, each over the residual correlations
  :math:`(s_{ij} - \hat\sigma_{ij})/\sqrt{s_{ii}s_{jj}}` (:math:`i \le j`) and the
  standardized mean residuals :math:`(\bar y_j - \hat\mu_j)/\sqrt{s_{jj}}` (Bentler's
  SRMR with the mean structure, lavaan's ``srmr``);
- :math:`\ell = -\tfrac12\sum_g N_g(p\log 2\pi + \log|S_g| + p + F_g)`, AIC, BIC and the
  sample-size adjusted BIC as for one group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels.sem.fit_indices import global_indices

__all__ = ["group_fit_indices"]


def group_fit_indices(
    covs: list[np.ndarray],
    sigmas: list[np.ndarray],
    means: list[np.ndarray],
    mus: list[np.ndarray],
    sizes: list[int],
    discrepancies: np.ndarray,
    n_free: int,
) -> pd.Series:
    r"""Compute the fit indices of a (multiple-group) model with a mean structure.

    Parameters
    ----------
    covs : list of numpy.ndarray
        Sample covariances (divisor :math:`N_g`).
    sigmas : list of numpy.ndarray
        Implied covariances.
    means, mus : list of numpy.ndarray
        Sample and implied means.
    sizes : list of int
        Group sizes.
    discrepancies : numpy.ndarray
        :math:`F_g` of every group (including the mean term).
    n_free : int
        Number of free parameters q.

    Returns
    -------
    pandas.Series
        The indices of :func:`~loyaltymodels.sem.fit_indices.fit_indices` followed by
        ``baseline_chi2, baseline_df, npar``.
    """
    n_groups = len(covs)
    p = covs[0].shape[0]
    n_g = np.asarray(sizes, dtype=float)
    n = float(n_g.sum())
    chi2 = float(n_g @ np.asarray(discrepancies))
    df = n_groups * (p * (p + 1) / 2 + p) - n_free
    logdets = np.array([np.linalg.slogdet(c)[1] for c in covs])
    chi2_base = float(
        sum(
            ng * (np.log(np.diag(c)).sum() - ld)
            for ng, c, ld in zip(n_g, covs, logdets, strict=True)
        )
    )
    df_base = n_groups * p * (p - 1) / 2
    srmr = 0.0
    for ng, cov, sigma, mean, mu in zip(n_g, covs, sigmas, means, mus, strict=True):
        scale = 1.0 / np.sqrt(np.diag(cov))
        resid = (cov - sigma) * np.outer(scale, scale)
        squares = np.concatenate([resid[np.tril_indices(p)], (mean - mu) * scale]) ** 2
        srmr += ng / n * float(np.sqrt(np.mean(squares)))
    log2pi = np.log(2.0 * np.pi)
    loglik_h1 = float(-0.5 * np.sum(n_g * (p * log2pi + logdets + p)))
    loglik = loglik_h1 - 0.5 * chi2
    indices = global_indices(
        chi2, df, chi2_base, df_base, int(n), srmr, loglik, loglik_h1, n_free, n_groups
    )
    indices.update(baseline_chi2=chi2_base, baseline_df=df_base, npar=float(n_free))
    return pd.Series(indices, name="fit_indices", dtype=float)
