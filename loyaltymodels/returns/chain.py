r"""The experience-return chain as pure NumPy: gap closed -> satisfaction -> retention -> money.

For one Monte Carlo draw of the links (satisfaction effects :math:`\beta_d`, baseline
retention :math:`r_0`, retention effect :math:`\gamma`, margin :math:`m`) and a plan that closes
:math:`\Delta g_d` points of each dimension's gap:

.. math::

    \Delta s = \sum_d \beta_d\, \Delta g_d, \qquad
    r_1 = \operatorname{logistic}\bigl(\operatorname{logit}(r_0) + \gamma\, \Delta s\bigr).

Of :math:`N` customers, :math:`N r^t` are still customers after :math:`t` periods (constant
per-period retention), so the plan adds :math:`N (r_1^t - r_0^t)` customers in period
:math:`t`. With the geometric sum

.. math::

    G(q, H) = \sum_{t=1}^{H} q^t = \frac{q\,(1 - q^H)}{1 - q} \;(q \ne 1), \qquad
    G(1, H) = H, \qquad G(q, \infty) = \frac{q}{1 - q} \;(0 < q < 1),

and discount factor :math:`v = 1/(1 + d)`:

.. math::

    \text{extra customer-periods} &= N\,[G(r_1, H) - G(r_0, H)],\\
    \text{extra customers at the horizon} &= N\,(r_1^H - r_0^H) \quad (0 \text{ for } H = \infty),\\
    V = \text{PV of extra margin} &= \sum_{t=1}^{H} \frac{m N (r_1^t - r_0^t)}{(1+d)^t}
        = m N\,[G(v r_1, H) - G(v r_0, H)],\\
    C = \text{PV of cost} &= I + c\, G(v, H),\\
    \text{net value} = V - C, \qquad \text{ROI} &= (V - C) / C, \qquad
    \text{break-even investment} = V - c\, G(v, H),

where the break-even investment is the largest one-off investment the plan's extra margin pays
for (:math:`V` without running costs). The payback period is the first :math:`t \le H` at which
the cumulative discounted margin covers the cost incurred so far,
:math:`m N [G(v r_1, t) - G(v r_0, t)] \ge I + c\,G(v, t)`, and infinity if there is none
within the horizon. This is the return-on-quality chain of Rust, Zahorik & Keiningham (1995):
quality improvement -> satisfaction -> retention -> market share and profit, with the
retention-to-value step of Gupta & Lehmann (2003).

References
----------
Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.
Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*
17(1), 9-24.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "MEASURES",
    "experience_return",
    "geometric_sum",
    "payback_period",
    "retention_after",
]

#: The outputs of the chain, in display order.
MEASURES = (
    "satisfaction_change",
    "retention_baseline",
    "retention_improved",
    "retention_gain",
    "extra_customer_periods",
    "extra_customers_at_horizon",
    "value",
    "cost",
    "net_value",
    "roi",
    "break_even_investment",
    "payback_period",
)

# Periods evaluated at once when searching for the payback period, and the search's limit for
# an infinite horizon.
_CHUNK = 256
_MAX_PERIODS = 100_000


def geometric_sum(q: np.ndarray | float, horizon: float | np.ndarray) -> np.ndarray:
    r"""Return :math:`G(q, H) = \sum_{t=1}^{H} q^t` in closed form, elementwise.

    Parameters
    ----------
    q : array_like
        Ratios, > 0 (< 1 when ``horizon`` is infinite).
    horizon : float or array_like
        :math:`H`, a whole number >= 0 (or an array of them) or ``math.inf``.

    Returns
    -------
    numpy.ndarray
        :math:`q (1 - q^H) / (1 - q)`, :math:`H` where :math:`q = 1`, or :math:`q / (1 - q)`
        for an infinite horizon. :math:`1 - q^H` is computed as ``-expm1(H log q)`` so that
        ratios close to 1 keep their precision.

    Examples
    --------
    >>> float(geometric_sum(0.5, 3))
    0.875
    >>> float(geometric_sum(0.5, math.inf))
    1.0
    """
    q = np.asarray(q, dtype=float)
    if np.ndim(horizon) == 0 and math.isinf(horizon):
        return q / (1.0 - q)
    near_one = np.abs(1.0 - q) < 1e-12
    safe = np.where(near_one, 0.5, q)
    closed = safe * -np.expm1(horizon * np.log(safe)) / (1.0 - safe)
    return np.where(near_one, horizon, closed)


def retention_after(
    retention: np.ndarray, retention_effect: np.ndarray, satisfaction_change: np.ndarray
) -> np.ndarray:
    r"""Return the retention after a satisfaction change.

    :math:`r_1 = \mathrm{logistic}(\mathrm{logit}(r_0) + \gamma \Delta s)`.

    Parameters
    ----------
    retention : array_like
        :math:`r_0`, strictly between 0 and 1.
    retention_effect : array_like
        :math:`\gamma`, log-odds of retention per satisfaction point.
    satisfaction_change : array_like
        :math:`\Delta s`.

    Returns
    -------
    numpy.ndarray
        :math:`r_1`.

    Examples
    --------
    >>> round(float(retention_after(0.5, 0.5, 0.0)), 12)
    0.5
    """
    r0 = np.asarray(retention, dtype=float)
    eta = np.log(r0) - np.log1p(-r0) + np.asarray(retention_effect) * satisfaction_change
    return np.asarray(1.0 / (1.0 + np.exp(-eta)))


def _cumulative_margin(
    scale: np.ndarray, q1: np.ndarray, q0: np.ndarray, periods: np.ndarray
) -> np.ndarray:
    """``scale * [G(q1, t) - G(q0, t)]`` for draws (rows) and periods ``t`` (columns)."""
    t = periods[None, :]
    parts = []
    for q in (q1, q0):
        column = q[:, None]
        near_one = np.abs(1.0 - column) < 1e-12
        safe = np.where(near_one, 0.5, column)
        closed = safe * -np.expm1(t * np.log(safe)) / (1.0 - safe)
        parts.append(np.where(near_one, t, closed))
    return np.asarray(scale[:, None] * (parts[0] - parts[1]))


def payback_period(
    scale: np.ndarray,
    q1: np.ndarray,
    q0: np.ndarray,
    investment: float,
    cost_per_period: float,
    discount: float,
    horizon: float,
    total_value: np.ndarray,
) -> np.ndarray:
    r"""First period whose cumulative discounted margin covers the cost so far, per draw.

    Searches :math:`t = 1, 2, \dots` for :math:`s [G(q_1, t) - G(q_0, t)] \ge I + c\, G(v, t)`
    with :math:`s = m N`, :math:`q = v r`, in blocks of periods; a draw stops being searched
    once it is paid back or once even the largest margin still to come,
    :math:`\max(M(t), V)` (the cumulative margin is monotone in :math:`t`), falls short of the
    cost already incurred.

    Parameters
    ----------
    scale : numpy.ndarray
        :math:`m N` per draw.
    q1, q0 : numpy.ndarray
        Discounted retention :math:`v r_1` and :math:`v r_0` per draw.
    investment, cost_per_period : float
        :math:`I` and :math:`c`.
    discount : float
        :math:`v = 1 / (1 + d)`.
    horizon : float
        :math:`H` (may be infinite; the search then stops after 100,000 periods).
    total_value : numpy.ndarray
        :math:`V`, the cumulative margin at the horizon.

    Returns
    -------
    numpy.ndarray
        The payback period per draw (a whole number) or ``inf`` when the plan does not pay
        back within the horizon.
    """
    out = np.full(scale.shape, np.inf)
    open_ = np.ones(scale.shape, dtype=bool)
    last = horizon if math.isfinite(horizon) else float(_MAX_PERIODS)
    start = 1
    while open_.any() and start <= last:
        stop = int(min(last, start + _CHUNK - 1))
        periods = np.arange(start, stop + 1, dtype=float)
        rows = np.flatnonzero(open_)
        margin = _cumulative_margin(scale[rows], q1[rows], q0[rows], periods)
        cost = investment + cost_per_period * geometric_sum(discount, periods)
        covered = margin >= cost[None, :]
        hit = covered.any(axis=1)
        out[rows[hit]] = periods[np.argmax(covered[hit], axis=1)]
        best_to_come = np.maximum(margin[:, -1], total_value[rows])
        hopeless = best_to_come < cost[-1]
        open_[rows[hit | hopeless]] = False
        start = stop + 1
    return out


def experience_return(
    links: dict[str, np.ndarray],
    gap_change: np.ndarray,
    *,
    customers: float,
    discount_rate: float,
    horizon: float,
    investment: float,
    cost_per_period: float,
) -> dict[str, np.ndarray]:
    r"""Evaluate the chain for every draw of the links.

    Parameters
    ----------
    links : dict of str to numpy.ndarray
        ``satisfaction_effect`` (draws, n_dimensions), ``retention``, ``retention_effect``
        and ``margin`` (draws,).
    gap_change : numpy.ndarray
        :math:`\Delta g` per dimension.
    customers, discount_rate, horizon, investment, cost_per_period : float
        :math:`N, d, H, I, c`.

    Returns
    -------
    dict of str to numpy.ndarray
        One array of shape (draws,) per measure of :data:`MEASURES`.
    """
    delta_s = links["satisfaction_effect"] @ np.asarray(gap_change, dtype=float)
    r0 = links["retention"]
    r1 = retention_after(r0, links["retention_effect"], delta_s)
    v = 1.0 / (1.0 + discount_rate)
    n = customers
    scale = links["margin"] * n
    value = scale * (geometric_sum(v * r1, horizon) - geometric_sum(v * r0, horizon))
    annuity = float(geometric_sum(v, horizon))
    cost = investment + cost_per_period * annuity
    at_horizon = np.zeros_like(r0) if math.isinf(horizon) else n * (r1**horizon - r0**horizon)
    costs = np.full_like(r0, cost)
    return {
        "satisfaction_change": delta_s,
        "retention_baseline": r0,
        "retention_improved": r1,
        "retention_gain": r1 - r0,
        "extra_customer_periods": n * (geometric_sum(r1, horizon) - geometric_sum(r0, horizon)),
        "extra_customers_at_horizon": at_horizon,
        "value": value,
        "cost": costs,
        "net_value": value - cost,
        "roi": (value - cost) / cost,
        "break_even_investment": value - cost_per_period * annuity,
        "payback_period": payback_period(
            scale, v * r1, v * r0, investment, cost_per_period, v, horizon, value
        ),
    }
