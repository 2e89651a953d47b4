r"""Fit indices of a model fitted to ordinal statistics (WLSMV, DWLS, ULSMV).

lavaan's ``fitMeasures`` for these estimators.

With :math:`T` the statistic on df degrees of freedom, the baseline (independence) model has
free thresholds and zero correlations in every group, :math:`T_0 = \sum_g (N_g-1)\sum_c
w_{gc}r_{gc}^2` on :math:`df_0 = G\,p(p-1)/2`. CFI, TLI and RMSEA
:math:`\sqrt{\max(T/((N-G)\,df) - 1/(N-G), 0)}\sqrt G` (G groups) follow the usual formulas; the
``_scaled`` versions use the scaled-shifted statistics of model and baseline. SRMR is the root
mean square of the correlation residuals :math:`r_{ij} - \hat\rho_{ij}` over
:math:`i \le j` (the diagonal residuals are 0), weighted over groups by :math:`N_g/N`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels.sem.ordinal_moments import OrdinalMoments
from loyaltymodels.sem.wls import OrdinalModel, ScaledShifted, WlsFit, scaled_shifted

__all__ = ["ordinal_fit_indices"]


def _baseline(
    moments: list[OrdinalMoments],
    weights: list[np.ndarray],
    shares: tuple[np.ndarray, np.ndarray],
    n_eff: int,
    robust: bool,
) -> tuple[float, float, ScaledShifted | None]:
    fit_shares, robust_shares = shares
    counts = [m.n_thresholds for m in moments]
    offsets = np.cumsum([0, *counts])
    chi2 = 0.0
    jacobians = []
    for g, (m, w, f) in enumerate(zip(moments, weights, fit_shares, strict=True)):
        k = counts[g]
        chi2 += n_eff * f * float(np.sum(w[k:] * m.statistics[k:] ** 2))
        jac = np.zeros((m.statistics.size, int(offsets[-1])))
        jac[np.arange(k), offsets[g] + np.arange(k)] = 1.0
        jacobians.append(jac)
    p = moments[0].correlation.shape[0]
    df = len(moments) * p * (p - 1) / 2
    scaled = (
        scaled_shifted(chi2, df, jacobians, weights, [m.gamma for m in moments], robust_shares)
        if robust
        else None
    )
    return chi2, df, scaled


def _comparative(t: float, df: float, t0: float, df0: float) -> tuple[float, float]:
    denom = max(t - df, t0 - df0, 0.0)
    cfi = 1.0 - max(t - df, 0.0) / denom if denom > 0 else 1.0
    tli = (t0 / df0 - t / df) / (t0 / df0 - 1.0) if df > 0 else np.nan
    return cfi, tli


def ordinal_fit_indices(
    model: OrdinalModel,
    theta: np.ndarray,
    moments: list[OrdinalMoments],
    fit: WlsFit,
    df: float,
    estimator: str,
) -> pd.Series:
    """Compute the fit indices of an ordinal fit.

    Parameters
    ----------
    model : OrdinalModel
        The fitted structure.
    theta : numpy.ndarray
        Estimates.
    moments : list of OrdinalMoments
        Sample statistics per group.
    fit : WlsFit
        The fit (statistic, scaled statistic, weights, group shares, :math:`N - G`).
    df : float
        Degrees of freedom.
    estimator : str
        ``"WLSMV"``, ``"DWLS"`` or ``"ULSMV"``.

    Returns
    -------
    pandas.Series
        ``npar, chi2, df, pvalue, baseline_chi2, baseline_df, cfi, tli, rmsea, srmr`` and,
        with a scaled test, ``chi2_scaled, df_scaled, pvalue_scaled, chi2_scaling_factor,
        chi2_shift_parameter, baseline_chi2_scaled, baseline_chi2_scaling_factor,
        cfi_scaled, tli_scaled, rmsea_scaled``.
    """
    n_groups = len(moments)
    root_g = np.sqrt(n_groups)
    chi2, scaled, n_eff = fit.chi2, fit.scaled, fit.n_eff
    shares = (fit.fit_shares, fit.shares)
    t0, df0, base_scaled = _baseline(moments, fit.weights, shares, n_eff, scaled is not None)
    cfi, tli = _comparative(chi2, df, t0, df0)
    srmr = 0.0
    p = moments[0].correlation.shape[0]
    for g, (m, f) in enumerate(zip(moments, shares[1], strict=True)):
        k = m.n_thresholds
        resid = m.statistics[k:] - model.implied(theta, g)[k:]
        # the zero residuals of the unit diagonal count too, as in lavaan
        srmr += f * float(np.sqrt(np.sum(resid**2) / (p * (p + 1) / 2)))
    out: dict[str, float] = {
        "npar": float(model.n_params),
        "chi2": chi2,
        "df": df,
        # lavaan gives no p-value for the unscaled ULS statistic
        "pvalue": float(stats.chi2.sf(chi2, df)) if df > 0 and estimator != "ULSMV" else np.nan,
        "baseline_chi2": t0,
        "baseline_df": df0,
        "cfi": cfi,
        "tli": tli,
        "rmsea": float(np.sqrt(max(chi2 / (n_eff * df) - 1.0 / n_eff, 0.0)) * root_g)
        if df > 0
        else np.nan,
        "srmr": srmr,
    }
    if scaled is not None and base_scaled is not None:
        ts, t0s = scaled.statistic, base_scaled.statistic
        cfi_s, tli_s = _comparative(ts, df, t0s, df0)
        out |= {
            "chi2_scaled": ts,
            "df_scaled": df,
            "pvalue_scaled": float(stats.chi2.sf(ts, df)),
            "chi2_scaling_factor": scaled.scaling_factor,
            "chi2_shift_parameter": scaled.shift,
            "baseline_chi2_scaled": t0s,
            "baseline_chi2_scaling_factor": base_scaled.scaling_factor,
            "cfi_scaled": cfi_s,
            "tli_scaled": tli_s,
            "rmsea_scaled": float(np.sqrt(max(ts / (n_eff * df) - 1.0 / n_eff, 0.0)) * root_g),
        }
    return pd.Series(out, name="fit_indices", dtype=float)
