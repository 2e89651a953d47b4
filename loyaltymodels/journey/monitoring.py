r"""Control charts for tracking touchpoints: p-charts of problem rates and EWMA of satisfaction.

**p-chart with varying sample sizes** (Montgomery 2020, section 7.2.2): for period :math:`i`
with :math:`d_i` problems among :math:`n_i` contacts, :math:`\hat p_i = d_i / n_i`, centre line
:math:`\bar p = \sum d_i / \sum n_i` (over the baseline periods, or a given standard
:math:`p_0`) and limits

.. math::

    \bar p \pm k \sqrt{\bar p (1 - \bar p) / n_i}

(cut at 0 and 1; :math:`k = 3` by default). A period outside its limits raises an alarm.

**EWMA chart** (Roberts 1959; Montgomery 2020, section 9.2): :math:`z_i = \lambda x_i +
(1 - \lambda) z_{i-1}`, :math:`z_0 = \mu_0`, with limits :math:`\mu_0 \pm L \sqrt{v_i}` where
:math:`v_i = (1 - \lambda)^2 v_{i-1} + \lambda^2 \sigma^2 / n_i`, :math:`v_0 = 0`; for a
constant :math:`n` this is Montgomery's :math:`\sigma^2/n \cdot \lambda/(2-\lambda)[1 - (1 -
\lambda)^{2i}]`, and ``exact_limits=False`` uses its steady state :math:`\lambda/(2-\lambda)`.
With :math:`\lambda = 0.1, L = 2.814` or :math:`\lambda = 0.2, L = 2.962` the in-control
average run length is about 500 (Lucas & Saccucci 1990; Montgomery 2020, Table 9.11).
:math:`\mu_0` and :math:`\sigma` are given or estimated from the baseline periods:
:math:`\hat\sigma = \overline{MR}/1.128` for single values (Montgomery 2020, section 6.4) and the
pooled :math:`\hat\sigma^2 = \sum n_i (x_i - \bar x)^2 / (m - 1)` for period means of
:math:`n_i` answers.

References
----------
Lucas, J. M. & Saccucci, M. S. (1990). Exponentially weighted moving average control schemes:
properties and enhancements. *Technometrics* 32(1), 1-12.

Montgomery, D. C. (2020). *Introduction to Statistical Quality Control*, 8th ed. Wiley.

Roberts, S. W. (1959). Control chart tests based on geometric moving averages.
*Technometrics* 1(3), 239-250.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError

__all__ = ["ControlChartResult", "ewma_chart", "ewma_statistic", "p_chart"]

D2_FOR_TWO = 1.128


@dataclass(repr=False)
class ControlChartResult(Result, frozen=True):
    """A control chart, from :func:`p_chart` or :func:`ewma_chart`.

    Attributes
    ----------
    table : pandas.DataFrame
        Per period: ``value`` (the observed rate or mean), ``n``, ``statistic`` (what is
        charted), ``center``, ``lower``, ``upper`` and ``alarm`` (outside the limits).
    kind : str
        ``"p"`` or ``"ewma"``.
    settings : dict
        The chart's constants (centre, sigma, multiplier, lambda, baseline periods).
    """

    table: pd.DataFrame
    kind: str
    settings: dict[str, Any]

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """The per-period table."""
        return self.table

    @property
    def alarms(self) -> list[Any]:
        """The periods that raised an alarm, in order."""
        return list(self.table.index[self.table["alarm"].to_numpy()])

    @property
    def first_alarm(self) -> Any:
        """The first period that raised an alarm (None when there is none)."""
        alarms = self.alarms
        return alarms[0] if alarms else None


def _as_array(values: Any, name: str) -> tuple[np.ndarray, pd.Index]:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    array = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        raise LoyaltyDataError(
            f"{name} has missing or non-numeric values at periods "
            f"{list(series.index[bad][:5])}; give a number for every period."
        )
    return array, series.index


def _baseline(baseline: int | None, m: int) -> int:
    if baseline is None:
        return m
    if int(baseline) != baseline or not 2 <= baseline <= m:
        raise LoyaltyDataError(f"baseline must be an integer between 2 and {m}, got {baseline!r}.")
    return int(baseline)


def p_chart(
    problems: Any,
    sizes: Any,
    *,
    center: float | None = None,
    k: float = 3.0,
    baseline: int | None = None,
) -> ControlChartResult:
    r"""p-chart of problem rates with varying sample sizes (Montgomery 2020, 7.2.2).

    Limits :math:`\bar p \pm k\sqrt{\bar p(1-\bar p)/n_i}`, cut at 0 and 1.

    Parameters
    ----------
    problems : array-like or pandas.Series
        Problems (nonconforming contacts) per period; a Series's index labels the periods.
    sizes : array-like or pandas.Series
        Contacts per period (> 0).
    center : float, optional
        A standard problem rate :math:`p_0`; by default :math:`\bar p` of the baseline periods.
    k : float, default 3.0
        Width of the limits in standard errors.
    baseline : int, optional
        Estimate :math:`\bar p` from the first ``baseline`` periods only (phase I); all by
        default.

    Returns
    -------
    ControlChartResult
        Per period: rate, limits, alarm.
    """
    d, index = _as_array(problems, "problems")
    n, _ = _as_array(sizes, "sizes")
    if d.shape != n.shape:
        raise LoyaltyDataError(f"problems has {d.size} periods but sizes has {n.size}.")
    bad = (n <= 0) | (d < 0) | (d > n) | (d != np.round(d)) | (n != np.round(n))
    if bad.any():
        raise LoyaltyDataError(
            f"problems and sizes must be whole numbers with 0 <= problems <= sizes and sizes > 0;"
            f" not at periods {list(index[bad][:5])}."
        )
    m = _baseline(baseline, d.size)
    p_bar = float(d[:m].sum() / n[:m].sum()) if center is None else float(center)
    if not 0.0 < p_bar < 1.0:
        raise LoyaltyDataError(
            f"the centre line is {p_bar}; a p-chart needs a problem rate strictly between 0 and "
            "1 (no problems at all in the baseline gives no limits)."
        )
    rate = d / n
    half = k * np.sqrt(p_bar * (1.0 - p_bar) / n)
    table = pd.DataFrame(
        {
            "value": rate,
            "n": n.astype(np.int64),
            "statistic": rate,
            "center": p_bar,
            "lower": np.clip(p_bar - half, 0.0, 1.0),
            "upper": np.clip(p_bar + half, 0.0, 1.0),
        },
        index=index,
    )
    table["alarm"] = (rate > table["upper"]) | (rate < table["lower"])
    settings = {"center": p_bar, "k": float(k), "baseline": m, "center_given": center is not None}
    return ControlChartResult(table=table, kind="p", settings=settings)


def ewma_statistic(values: np.ndarray, lam: float, start: Any) -> np.ndarray:
    r"""Compute the EWMA :math:`z_i = \lambda x_i + (1-\lambda) z_{i-1}`, :math:`z_0` = ``start``.

    Parameters
    ----------
    values : numpy.ndarray
        The observations, periods along the last axis (any leading shape).
    lam : float
        The weight :math:`\lambda` in (0, 1].
    start : float or numpy.ndarray
        :math:`z_0`, usually the target :math:`\mu_0` (an array of the leading shape of
        ``values`` continues several series).

    Returns
    -------
    numpy.ndarray
        :math:`z_1, \dots, z_m` with the shape of ``values``.
    """
    values = np.asarray(values, dtype=float)
    initial = np.broadcast_to(
        (1.0 - lam) * np.asarray(start, dtype=float)[..., None], (*values.shape[:-1], 1)
    )
    return np.asarray(lfilter([lam], [1.0, -(1.0 - lam)], values, axis=-1, zi=initial)[0])


def ewma_chart(
    values: Any,
    *,
    sizes: Any = None,
    target: float | None = None,
    sigma: float | None = None,
    lam: float = 0.2,
    L: float = 2.962,
    baseline: int | None = None,
    exact_limits: bool = True,
) -> ControlChartResult:
    r"""EWMA chart of a satisfaction score, NPS or any period mean (Montgomery 2020, 9.2).

    :math:`z_i = \lambda x_i + (1-\lambda) z_{i-1}`, limits :math:`\mu_0 \pm L\sqrt{v_i}` with
    :math:`v_i = (1-\lambda)^2 v_{i-1} + \lambda^2\sigma^2/n_i`.

    Parameters
    ----------
    values : array-like or pandas.Series
        One value per period (a single observation, or a period mean with ``sizes``).
    sizes : array-like, optional
        Answers behind each period mean; then ``sigma`` is the standard deviation of one answer.
    target : float, optional
        The in-control mean :math:`\mu_0` (default: the mean of the baseline periods, weighted
        by ``sizes``).
    sigma : float, optional
        The in-control standard deviation (default: estimated from the baseline periods).
    lam : float, default 0.2
        The EWMA weight :math:`\lambda`.
    L : float, default 2.962
        Width of the limits; with ``lam=0.2`` the in-control ARL is about 500.
    baseline : int, optional
        Periods used to estimate ``target`` and ``sigma`` (phase I); all by default.
    exact_limits : bool, default True
        Time-varying limits from :math:`v_i`; False uses the steady-state width.

    Returns
    -------
    ControlChartResult
        Per period: value, EWMA statistic, limits, alarm.
    """
    x, index = _as_array(values, "values")
    if not 0.0 < lam <= 1.0:
        raise LoyaltyDataError(f"lam must lie in (0, 1], got {lam!r}.")
    if sizes is None:
        n = np.ones_like(x)
    else:
        n, _ = _as_array(sizes, "sizes")
        if n.shape != x.shape or np.any(n <= 0):
            raise LoyaltyDataError("sizes must give a positive count for every period.")
    m = _baseline(baseline, x.size)
    mu = float(np.average(x[:m], weights=n[:m])) if target is None else float(target)
    if sigma is None:
        if sizes is None:
            s = float(np.mean(np.abs(np.diff(x[:m]))) / D2_FOR_TWO)
        else:
            s = float(np.sqrt(np.sum(n[:m] * (x[:m] - mu) ** 2) / (m - 1)))
    else:
        s = float(sigma)
    if not np.isfinite(s) or s <= 0:
        raise LoyaltyDataError(
            "the standard deviation is zero in the baseline periods (constant values); give "
            "sigma or a baseline that varies."
        )
    z = ewma_statistic(x, lam, mu)
    if exact_limits:
        variance = lfilter([lam**2], [1.0, -((1.0 - lam) ** 2)], s**2 / n)
    else:
        variance = lam / (2.0 - lam) * s**2 / n
    half = L * np.sqrt(variance)
    table = pd.DataFrame(
        {
            "value": x,
            "n": n,
            "statistic": z,
            "center": mu,
            "lower": mu - half,
            "upper": mu + half,
        },
        index=index,
    )
    table["alarm"] = (z > table["upper"]) | (z < table["lower"])
    settings = {
        "center": mu,
        "sigma": s,
        "lam": float(lam),
        "L": float(L),
        "baseline": m,
        "exact_limits": bool(exact_limits),
    }
    return ControlChartResult(table=table, kind="ewma", settings=settings)
