r"""Global fit indices of an ML-fitted SEM, computed from the sample and implied moments.

With N observations, p observed variables, sample covariance :math:`S` (divisor N), implied
covariance :math:`\hat\Sigma` and q free parameters (definitions as in lavaan 0.6, ML,
``likelihood = "normal"``, no mean structure):

- :math:`\chi^2 = N F_{ML}` with :math:`df = p(p+1)/2 - q`;
- baseline (independence) model :math:`\chi^2_0 = N(\sum_j \log s_{jj} - \log|S|)`,
  :math:`df_0 = p(p-1)/2`;
- CFI :math:`= 1 - \max(\chi^2 - df, 0) / \max(\chi^2 - df, \chi^2_0 - df_0, 0)` (Bentler 1990);
- TLI :math:`= (\chi^2_0/df_0 - \chi^2/df) / (\chi^2_0/df_0 - 1)` (Tucker & Lewis 1973);
- RMSEA :math:`= \sqrt{\max(\chi^2 - df, 0)/(N\,df)}` (Steiger 1990) and its 90% interval from
  the noncentrality parameters :math:`\lambda` that put :math:`\chi^2` at the 95th and 5th
  percentile of the noncentral :math:`\chi^2_{df}(\lambda)` (Browne & Cudeck 1993);
- SRMR :math:`= \sqrt{\sum_{i\le j} r_{ij}^2 / (p(p+1)/2)}` with
  :math:`r_{ij} = (s_{ij} - \hat\sigma_{ij})/\sqrt{s_{ii}s_{jj}}` (Bentler 1995);
- log-likelihoods :math:`\ell_0 = -\tfrac N2(p\log 2\pi + \log|\hat\Sigma| +
  \mathrm{tr}(S\hat\Sigma^{-1}))` and :math:`\ell_1 = -\tfrac N2(p\log 2\pi + \log|S| + p)`;
- AIC :math:`= -2\ell_0 + 2q`, BIC :math:`= -2\ell_0 + q\log N`, sample-size adjusted BIC
  :math:`= -2\ell_0 + q\log((N+2)/24)` (Sclove 1987).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

from loyaltymodels.summaries import accepts_former_ci_prob_names

__all__ = ["FIT_INDEX_NAMES", "fit_indices", "global_indices", "rmsea_interval"]

FIT_INDEX_NAMES = (
    "chi2",
    "df",
    "pvalue",
    "cfi",
    "tli",
    "rmsea",
    "rmsea_ci_lower",
    "rmsea_ci_upper",
    "srmr",
    "loglik",
    "loglik_h1",
    "aic",
    "bic",
    "bic_adj",
)


def _noncentrality(chi2: float, df: float, probability: float) -> float:
    """Noncentrality lambda with P(X <= chi2) = probability for X ~ chi2_df(lambda); 0 if none."""

    def gap(lam: float) -> float:
        return (
            float(stats.ncx2.cdf(chi2, df, lam) - probability)
            if lam > 0
            else float(stats.chi2.cdf(chi2, df) - probability)
        )

    if gap(0.0) < 0.0:
        return 0.0
    upper = max(chi2, 1.0)
    while gap(upper) > 0.0:
        upper *= 2.0
    return float(optimize.brentq(gap, 0.0, upper, xtol=1e-12, rtol=1e-14))


@accepts_former_ci_prob_names
def rmsea_interval(chi2: float, df: float, n: int, *, ci_prob: float = 0.90) -> tuple[float, float]:
    """Confidence interval of the RMSEA by inverting the noncentral chi-square.

    Parameters
    ----------
    chi2 : float
        The model chi-square.
    df : float
        Its degrees of freedom (> 0).
    n : int
        Sample size N.
    ci_prob : float, default 0.90
        Interval probability (the former name ``level`` still works, with a
        ``FutureWarning``).

    Returns
    -------
    tuple of float
        Lower and upper bound.

    References
    ----------
    Browne, M. W. & Cudeck, R. (1993). Alternative ways of assessing model fit. In Bollen &
    Long (eds.), Testing Structural Equation Models, 136-162.

    Examples
    --------
    >>> low, high = rmsea_interval(85.305521, 24, 301)
    >>> round(low, 3), round(high, 3)
    (0.071, 0.114)
    """
    tail = (1.0 - ci_prob) / 2.0
    lam_low = _noncentrality(chi2, df, 1.0 - tail)
    lam_high = _noncentrality(chi2, df, tail)
    return float(np.sqrt(lam_low / (n * df))), float(np.sqrt(lam_high / (n * df)))


def fit_indices(cov: np.ndarray, sigma: np.ndarray, n: int, n_free: int) -> pd.Series:
    r"""Compute every global fit index from the sample and the implied covariance.

    Parameters
    ----------
    cov : numpy.ndarray
        Sample covariance :math:`S` (divisor N).
    sigma : numpy.ndarray
        Implied covariance :math:`\\hat\\Sigma`.
    n : int
        Number of observations used.
    n_free : int
        Number of free parameters q.

    Returns
    -------
    pandas.Series
        ``chi2, df, pvalue, cfi, tli, rmsea, rmsea_ci_lower, rmsea_ci_upper, srmr, loglik,
        loglik_h1, aic, bic, bic_adj``, at full precision.
    """
    p = cov.shape[0]
    _, logdet_s = np.linalg.slogdet(cov)
    _, logdet_sigma = np.linalg.slogdet(sigma)
    trace = float(np.trace(cov @ np.linalg.inv(sigma)))
    f_ml = logdet_sigma + trace - logdet_s - p
    chi2 = n * f_ml
    df = p * (p + 1) / 2 - n_free
    chi2_base = n * (float(np.log(np.diag(cov)).sum()) - logdet_s)
    scale = 1.0 / np.sqrt(np.diag(cov))
    resid = (cov - sigma) * np.outer(scale, scale)
    lower = np.tril_indices(p)
    srmr = float(np.sqrt(np.mean(resid[lower] ** 2)))

    log2pi = np.log(2.0 * np.pi)
    loglik = -n / 2.0 * (p * log2pi + logdet_sigma + trace)
    loglik_h1 = -n / 2.0 * (p * log2pi + logdet_s + p)
    return pd.Series(
        global_indices(chi2, df, chi2_base, p * (p - 1) / 2, n, srmr, loglik, loglik_h1, n_free),
        name="fit_indices",
        dtype=float,
    )


def global_indices(
    chi2: float,
    df: float,
    chi2_base: float,
    df_base: float,
    n: int,
    srmr: float,
    loglik: float,
    loglik_h1: float,
    n_free: int,
    n_groups: int = 1,
) -> dict[str, float]:
    r"""Compute the indices shared by one- and multiple-group fits from their statistics.

    Formulas in the module docstring; with G groups the RMSEA and its interval are multiplied
    by :math:`\sqrt G` (lavaan's multiple-group RMSEA).

    Parameters
    ----------
    chi2, df : float
        Model statistic and degrees of freedom.
    chi2_base, df_base : float
        Baseline (independence) statistic and degrees of freedom.
    n : int
        Total sample size.
    srmr : float
        The SRMR.
    loglik, loglik_h1 : float
        Log-likelihoods of the model and the saturated model.
    n_free : int
        Free parameters.
    n_groups : int, default 1
        Number of groups.

    Returns
    -------
    dict of str to float
        ``chi2, df, pvalue, cfi, tli, rmsea, rmsea_ci_lower, rmsea_ci_upper, srmr, loglik,
        loglik_h1, aic, bic, bic_adj``.
    """
    pvalue = float(stats.chi2.sf(chi2, df)) if df > 0 else np.nan
    denom = max(chi2 - df, chi2_base - df_base, 0.0)
    cfi = 1.0 - max(chi2 - df, 0.0) / denom if denom > 0 else 1.0
    if df > 0 and df_base > 0:
        tli = (chi2_base / df_base - chi2 / df) / (chi2_base / df_base - 1.0)
        root_g = np.sqrt(n_groups)
        rmsea = float(np.sqrt(max(chi2 / (n * df) - 1.0 / n, 0.0))) * root_g
        low, high = (bound * root_g for bound in rmsea_interval(chi2, df, n))
    else:
        tli = rmsea = low = high = np.nan
    return {
        "chi2": chi2,
        "df": df,
        "pvalue": pvalue,
        "cfi": cfi,
        "tli": tli,
        "rmsea": rmsea,
        "rmsea_ci_lower": low,
        "rmsea_ci_upper": high,
        "srmr": srmr,
        "loglik": loglik,
        "loglik_h1": loglik_h1,
        "aic": -2.0 * loglik + 2.0 * n_free,
        "bic": -2.0 * loglik + n_free * np.log(n),
        "bic_adj": -2.0 * loglik + n_free * np.log((n + 2.0) / 24.0),
    }
