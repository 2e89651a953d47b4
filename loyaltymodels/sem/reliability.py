"""Reliability of multi-item scales: Cronbach's alpha, composite reliability and AVE.

The pure functions here work on item data or on standardized loadings; :class:`SEMResult`
uses them for its per-construct reliability table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_dataframe,
    check_not_constant,
    check_numeric,
)

__all__ = ["average_variance_extracted", "composite_reliability", "cronbach_alpha"]


def cronbach_alpha(items: pd.DataFrame, *, confidence: float = 0.95) -> pd.Series:
    r"""Cronbach's alpha of a multi-item scale with Feldt's confidence interval.

    .. math::

        \alpha = \frac{k}{k-1}\Bigl(1 - \frac{\sum_j s_j^2}{s_X^2}\Bigr),

    with :math:`k` items of variances :math:`s_j^2` and the variance :math:`s_X^2` of their
    sum. Feldt's interval uses :math:`(1-\alpha)/(1-\hat\alpha) \sim F(n-1, (n-1)(k-1))`:

    .. math::

        [\,1 - (1-\hat\alpha) F_{1-\gamma/2},\; 1 - (1-\hat\alpha) F_{\gamma/2}\,],

    with :math:`\gamma = 1 - \text{confidence}`.

    Rows with a missing item are excluded (listwise) and the number of rows used is
    reported as ``n``.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per respondent, one numeric column per item (at least two items).
    confidence : float, default 0.95
        Coverage of the interval, in (0, 1).

    Returns
    -------
    pandas.Series
        ``alpha``, ``lower``, ``upper``, ``n_items`` and ``n`` (rows used).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika 16(3), 297-334.
    Feldt, L. S., Woodruff, D. J. & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement 11(1), 93-103.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> round(float(cronbach_alpha(items)["alpha"]), 4)
    0.9538
    """
    check_dataframe(items, name="items")
    columns = list(items.columns)
    if len(columns) < 2:
        raise LoyaltyDataError(
            f"Cronbach's alpha needs at least two items, got {columns}; "
            "pass all the items of the scale as columns."
        )
    if not 0.0 < float(confidence) < 1.0:
        raise LoyaltyDataError(f"confidence must lie in (0, 1), got {confidence!r}.")
    check_numeric(items, columns)
    complete = items.dropna()
    n = len(complete)
    if n < 3:
        raise LoyaltyDataError(
            f"items have only {n} complete rows; Cronbach's alpha needs at least 3 respondents."
        )
    check_not_constant(complete, columns)
    values = complete.to_numpy(dtype=float)
    k = values.shape[1]
    item_variances = values.var(axis=0, ddof=1)
    total_variance = values.sum(axis=1).var(ddof=1)
    alpha = k / (k - 1) * (1.0 - item_variances.sum() / total_variance)
    gamma = 1.0 - float(confidence)
    dfn, dfd = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - gamma / 2.0, dfn, dfd)
    upper = 1.0 - (1.0 - alpha) * stats.f.ppf(gamma / 2.0, dfn, dfd)
    return pd.Series(
        {"alpha": alpha, "lower": lower, "upper": upper, "n_items": k, "n": n},
        name="cronbach_alpha",
        dtype=float,
    )


def composite_reliability(
    loadings: Sequence[float] | np.ndarray, error_variances: Sequence[float] | np.ndarray
) -> float:
    r"""Composite reliability (rho_C, Jöreskog's rho) of a congeneric scale.

    .. math::

        \rho_C = \frac{(\sum_j \lambda_j)^2}{(\sum_j \lambda_j)^2 + \sum_j \theta_j},

    with standardized loadings :math:`\lambda_j` and standardized error variances
    :math:`\theta_j` (:math:`1 - \lambda_j^2` when the indicators load on one factor only).

    Parameters
    ----------
    loadings : array-like
        Standardized loadings of the construct's indicators.
    error_variances : array-like
        Standardized residual variances of the same indicators.

    Returns
    -------
    float
        rho_C.

    References
    ----------
    Jöreskog, K. G. (1971). Statistical analysis of sets of congeneric tests. Psychometrika
    36(2), 109-133. Fornell, C. & Larcker, D. F. (1981). Journal of Marketing Research 18(1).

    Examples
    --------
    >>> round(composite_reliability([0.8, 0.8, 0.8], [0.36, 0.36, 0.36]), 4)
    0.8421
    """
    lam = _standardized_loadings(loadings)
    theta = _vector(error_variances, "error_variances")
    if theta.size != lam.size:
        raise LoyaltyDataError(
            f"got {lam.size} loadings but {theta.size} error variances; pass one error "
            "variance per indicator, in the same order."
        )
    if np.any(theta < 0):
        raise LoyaltyDataError(
            f"error variances must be >= 0, got {theta.tolist()} (positions "
            f"{np.flatnonzero(theta < 0).tolist()}); a negative variance is an improper "
            "solution: fix the model before computing reliability."
        )
    total = lam.sum() ** 2
    return float(total / (total + theta.sum()))


def average_variance_extracted(loadings: Sequence[float] | np.ndarray) -> float:
    r"""Average variance extracted (AVE) of a construct.

    .. math::

        \mathrm{AVE} = \frac{1}{k}\sum_{j=1}^k \lambda_j^2,

    with standardized loadings :math:`\lambda_j`.

    Parameters
    ----------
    loadings : array-like
        Standardized loadings of the construct's indicators.

    Returns
    -------
    float
        The AVE.

    References
    ----------
    Fornell, C. & Larcker, D. F. (1981). Evaluating structural equation models with
    unobservable variables and measurement error. Journal of Marketing Research 18(1), 39-50.

    Examples
    --------
    >>> round(average_variance_extracted([0.8, 0.7, 0.9]), 4)
    0.6467
    """
    lam = _standardized_loadings(loadings)
    return float(np.mean(lam**2))


def _vector(values: Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as error:
        raise LoyaltyDataError(f"{name} must be numbers, got {values!r}.") from error
    if out.size == 0:
        raise LoyaltyDataError(f"{name} is empty; pass one value per indicator.")
    bad = np.flatnonzero(~np.isfinite(out))
    if bad.size:
        raise LoyaltyDataError(
            f"{name} has missing or infinite values at positions {bad.tolist()}; pass finite "
            "numbers."
        )
    return out


def _standardized_loadings(loadings: Sequence[float] | np.ndarray) -> np.ndarray:
    lam = _vector(loadings, "loadings")
    beyond = np.flatnonzero(np.abs(lam) > 1.0)
    if beyond.size:
        raise LoyaltyDataError(
            f"standardized loadings must lie in [-1, 1], got {lam[beyond].tolist()} at "
            f"positions {beyond.tolist()}; pass standardized loadings (std_all), and treat a "
            "loading beyond 1 as an improper solution (Heywood case)."
        )
    return lam
