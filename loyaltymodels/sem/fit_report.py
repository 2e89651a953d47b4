"""The sentences of a fitted SEM's Markdown report that every kind of fit shares."""

from __future__ import annotations

import pandas as pd

__all__ = ["fit_sentence", "optimizer_state"]


def fit_sentence(fit: pd.Series, fmt: str, *, rmsea_interval: bool = True) -> str:
    """Describe the chi-square test and the global fit indices in one sentence (no full stop).

    Parameters
    ----------
    fit : pandas.Series
        The fit indices (``chi2, df, pvalue, cfi, tli, rmsea, srmr`` and, with
        ``rmsea_interval``, ``rmsea_ci_lower, rmsea_ci_upper``).
    fmt : str
        Format of the numbers, e.g. ``".3f"`` (the p-value has four significant digits).
    rmsea_interval : bool, default True
        Follow the RMSEA with its 90% confidence interval.

    Returns
    -------
    str
        ``"Chi-square ... on ... df (p = ...); CFI ..., TLI ..., RMSEA ... [90% CI ..., ...],
        SRMR ..."``.
    """
    interval = (
        f" [90% CI {fit['rmsea_ci_lower']:{fmt}}, {fit['rmsea_ci_upper']:{fmt}}]"
        if rmsea_interval
        else ""
    )
    return (
        f"Chi-square {fit['chi2']:{fmt}} on {fit['df']:.0f} df (p = {fit['pvalue']:.4g}); "
        f"CFI {fit['cfi']:{fmt}}, TLI {fit['tli']:{fmt}}, RMSEA {fit['rmsea']:{fmt}}{interval}, "
        f"SRMR {fit['srmr']:{fmt}}"
    )


def optimizer_state(converged: bool) -> str:
    """Say whether the optimizer converged.

    Parameters
    ----------
    converged : bool
        Whether the fit converged.

    Returns
    -------
    str
        ``"optimizer converged"`` or ``"optimizer did NOT converge"``.
    """
    return f"optimizer {'converged' if converged else 'did NOT converge'}"
