"""The summary of one Monte Carlo output of the return chain (plug-in value, mean, interval).

Every output of :mod:`loyaltymodels.returns` (a plan's value, ROI, payback, and the difference
between two plans) is summarised the same way by :func:`summarise_return`.
"""

from __future__ import annotations

import warnings

import numpy as np

from loyaltymodels.summaries import draw_sd, equal_tailed_interval

__all__ = ["SUMMARY_COLUMNS", "summarise_draws", "summarise_return"]

SUMMARY_COLUMNS = ("estimate", "mean", "median", "sd", "lower", "upper", "prob_positive")


def summarise_return(estimate: float, draws: np.ndarray, ci_prob: float) -> dict[str, float]:
    """Summarise the draws of one quantity.

    Parameters
    ----------
    estimate : float
        The plug-in value.
    draws : numpy.ndarray
        Monte Carlo draws (may contain ``inf`` for the payback period).
    ci_prob : float
        Probability of the equal-tailed interval.

    Returns
    -------
    dict of str to float
        ``estimate``, ``mean``, ``median``, ``sd`` (``ddof=1``, as ArviZ), ``lower``, ``upper``
        and ``prob_positive`` (share of draws > 0). With infinite draws, quantiles use the
        inverted empirical distribution (no interpolation) and the mean and sd are NaN.
    """
    finite = bool(np.all(np.isfinite(draws)))
    method = "linear" if finite else "inverted_cdf"
    interval = equal_tailed_interval(draws, ci_prob, method=method)
    median = np.quantile(draws, 0.5, method=method)  # type: ignore[call-overload]
    return {
        "estimate": float(estimate),
        "mean": float(draws.mean()) if finite else np.nan,
        "median": float(median),
        "sd": float(draw_sd(draws)) if finite and draws.size > 1 else np.nan,
        "lower": float(interval.lower),
        "upper": float(interval.upper),
        "prob_positive": float(np.mean(draws > 0)),
    }


def summarise_draws(estimate: float, draws: np.ndarray, level: float) -> dict[str, float]:
    """Summarise the draws of one quantity.

    .. deprecated:: 0.2.0
        Use :func:`summarise_return` (argument ``ci_prob``).

    Parameters
    ----------
    estimate : float
        The plug-in value.
    draws : numpy.ndarray
        Monte Carlo draws.
    level : float
        Probability of the equal-tailed interval.

    Returns
    -------
    dict of str to float
        As :func:`summarise_return`.
    """
    warnings.warn(
        "loyaltymodels.returns.model.summarise_draws is deprecated; use "
        "loyaltymodels.returns.summarise_return(estimate, draws, ci_prob).",
        FutureWarning,
        stacklevel=2,
    )
    return summarise_return(estimate, draws, level)
