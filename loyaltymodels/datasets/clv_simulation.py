r"""Simulated customer bases for buy-till-you-die models, with the parameters that made them.

Each simulator draws the customers' latent traits from the model's mixing distributions and
then their purchase histories, vectorised in NumPy (a million customers take about a second),
and returns ``(data, params)``: the data as the package's models take it and the true
population parameters. Randomness comes only from ``random_seed``.

Models (rates per week; Gamma(shape, rate))
-------------------------------------------
- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
  24(2)): purchases are Poisson with rate :math:`\lambda \sim \text{Gamma}(r, \alpha)`;
  after each repeat purchase the customer drops out with probability
  :math:`p \sim \text{Beta}(a, b)`.
- Pareto/NBD (Schmittlein, Morrison & Colombo 1987, Management Science 33(1)): Poisson rate
  :math:`\lambda \sim \text{Gamma}(r, \alpha)` until an exponential lifetime with rate
  :math:`\mu \sim \text{Gamma}(s, \beta)`.
- BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6)): at each of ``n`` discrete
  opportunities an alive customer buys with probability :math:`p \sim \text{Beta}(\alpha,
  \beta)`; before each opportunity they drop out with probability :math:`\theta \sim
  \text{Beta}(\gamma, \delta)`.
- Gamma-Gamma spend (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): each
  transaction's value is :math:`z \sim \text{Gamma}(p, \nu)` with
  :math:`\nu \sim \text{Gamma}(q, \gamma)`, so the mean of :math:`x` values is
  :math:`\bar z \sim \text{Gamma}(p x, \nu x)`.

Time
----
Customers are acquired uniformly over the first ``acquisition_weeks`` of a window of
``observation_weeks`` (CDNOW: acquired in the first 12 weeks, observed for 39) and observed to
its end, so ``T`` = window end - acquisition time. With ``daily=True`` (or ``transactions=True``)
time has the resolution of calendar days, as in real logs: acquisition happens on day
:math:`b \in \{0, \dots, 7 \cdot \text{acquisition\_weeks} - 1\}`, the window's last day
is :math:`D - 1` with :math:`D = 7 \cdot \text{observation\_weeks}`, a purchase at continuous
time :math:`u` after acquisition falls on day :math:`b + \lfloor 7u \rfloor` (observed when that
day is at most :math:`D - 1`), same-day purchases count once, and ``T`` = (D - 1 - b) / 7,
exactly as :func:`loyaltymodels.clv.rfm.rfm_summary` summarises a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "simulate_bgbb",
    "simulate_bgnbd",
    "simulate_gamma_gamma",
    "simulate_pareto_nbd",
]

_START = "2000-01-01"


def simulate_bgnbd(
    n_customers: int,
    *,
    r: float = 0.243,
    alpha: float = 4.414,
    a: float = 0.793,
    b: float = 2.426,
    observation_weeks: float = 39.0,
    acquisition_weeks: float = 12.0,
    daily: bool = False,
    transactions: bool = False,
    spend: tuple[float, float, float] | None = None,
    latent: bool = False,
    start: str = _START,
    random_seed: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    r"""Simulate a BG/NBD customer base (defaults: the CDNOW estimates of Fader et al. 2005).

    Each customer has :math:`\lambda \sim \text{Gamma}(r, \alpha)` (rate :math:`\alpha`)
    and :math:`p \sim \text{Beta}(a, b)`; the number of repeat purchases until dropout is
    :math:`J \sim \text{Geometric}(p)` on :math:`\{1, 2, \dots\}`. With :math:`N \sim
    \text{Poisson}(\lambda T)` purchase opportunities in the window, the customer makes
    :math:`x = \min(J, N)` repeat purchases, and since Poisson arrival times given :math:`N`
    are uniform order statistics, :math:`t_x = T \cdot \text{Beta}(x, N - x + 1)`.

    Parameters
    ----------
    n_customers : int
        Number of customers.
    r, alpha, a, b : float
        Population parameters (time unit: weeks).
    observation_weeks, acquisition_weeks : float, default 39 and 12
        Window length and the span over which customers are acquired (0: all at the start).
    daily : bool, default False
        Calendar-day resolution with same-day purchases merged (see the module notes);
        default continuous time.
    transactions : bool, default False
        Return the transaction log (``customer_id``, ``date``[, ``spend``]; one row per
        purchase including the first, at daily resolution, starting on ``start``) instead
        of the summary. Summarise it with ``rfm_summary(..., observation_end=...)`` where
        ``observation_end`` is ``params["observation_end"]``.
    spend : tuple of float, optional
        Gamma-Gamma ``(p, q, gamma)``: adds ``monetary_value`` (mean repeat spend) to the
        summary, or ``spend`` to the log.
    latent : bool, default False
        Add the customers' latent ``lambda_``, ``p_`` and ``alive`` (at the window end).
    start : str, default "2000-01-01"
        The window's first day (for the log).
    random_seed : int or numpy.random.Generator, optional
        The seed.

    Returns
    -------
    data : pandas.DataFrame
        The summary (``customer_id``, ``frequency``, ``recency``, ``T`` in weeks) or the log.
    params : dict
        The true parameters (and, for logs, ``observation_end``).

    Examples
    --------
    >>> data, truth = simulate_bgnbd(1000, random_seed=1)
    >>> list(data.columns), truth["r"]
    (['customer_id', 'frequency', 'recency', 'T'], 0.243)
    >>> bool((data["recency"] <= data["T"]).all())
    True
    """
    rng = np.random.default_rng(random_seed)
    _check_count(n_customers)
    _check_positive(r=r, alpha=alpha, a=a, b=b)
    lam = rng.gamma(r, 1.0 / alpha, n_customers)
    p = rng.beta(a, b, n_customers)
    dropout_after = rng.geometric(p)  # repeat purchase at which the customer drops out
    settings = _CountingSettings(
        observation_weeks, acquisition_weeks, daily, transactions, spend, latent, start
    )
    params = {"r": r, "alpha": alpha, "a": a, "b": b}
    latent_cols = {"lambda_": lam, "p_": p}
    return _simulate_counting(rng, lam, params, latent_cols, settings, dropout_after=dropout_after)


def simulate_pareto_nbd(
    n_customers: int,
    *,
    r: float = 0.553,
    alpha: float = 10.578,
    s: float = 0.606,
    beta: float = 11.669,
    observation_weeks: float = 39.0,
    acquisition_weeks: float = 12.0,
    daily: bool = False,
    transactions: bool = False,
    spend: tuple[float, float, float] | None = None,
    latent: bool = False,
    start: str = _START,
    random_seed: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    r"""Simulate a Pareto/NBD customer base (defaults: the CDNOW estimates of Fader et al. 2005).

    Each customer has :math:`\lambda \sim \text{Gamma}(r, \alpha)` and a lifetime
    :math:`\tau \sim \text{Exponential}(\mu)`, :math:`\mu \sim \text{Gamma}(s, \beta)`.
    Purchases are Poisson on :math:`(0, \min(\tau, T)]`: :math:`x \sim
    \text{Poisson}(\lambda \min(\tau, T))` and :math:`t_x` is the largest of :math:`x`
    uniform times, :math:`\min(\tau, T) \cdot \text{Beta}(x, 1)`.

    Parameters
    ----------
    n_customers : int
        Number of customers.
    r, alpha, s, beta : float
        Population parameters (time unit: weeks).
    observation_weeks, acquisition_weeks, daily, transactions, spend, start, random_seed
        As in :func:`simulate_bgnbd`.
    latent : bool, default False
        Add the latent ``lambda_``, ``mu_`` and ``alive`` (at the window end).

    Returns
    -------
    data : pandas.DataFrame
        The summary or the log, as in :func:`simulate_bgnbd`.
    params : dict
        The true parameters.

    Examples
    --------
    >>> data, truth = simulate_pareto_nbd(500, random_seed=2)
    >>> sorted(truth)
    ['alpha', 'beta', 'r', 's']
    """
    rng = np.random.default_rng(random_seed)
    _check_count(n_customers)
    _check_positive(r=r, alpha=alpha, s=s, beta=beta)
    lam = rng.gamma(r, 1.0 / alpha, n_customers)
    mu = rng.gamma(s, 1.0 / beta, n_customers)
    lifetime = rng.exponential(1.0, n_customers) / mu
    settings = _CountingSettings(
        observation_weeks, acquisition_weeks, daily, transactions, spend, latent, start
    )
    params = {"r": r, "alpha": alpha, "s": s, "beta": beta}
    latent_cols = {"lambda_": lam, "mu_": mu}
    return _simulate_counting(rng, lam, params, latent_cols, settings, lifetime=lifetime)


def simulate_bgbb(
    n_customers: int,
    *,
    alpha: float = 1.204,
    beta: float = 0.750,
    gamma: float = 0.657,
    delta: float = 2.783,
    periods: int = 6,
    latent: bool = False,
    random_seed: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    r"""Simulate a BG/BB (discrete-time) customer base; defaults: the donations estimates.

    Each customer has purchase probability :math:`p \sim \text{Beta}(\alpha, \beta)` and
    dropout probability :math:`\theta \sim \text{Beta}(\gamma, \delta)`. The number of
    opportunities they are alive for is :math:`\omega = \min(G - 1, n)` with :math:`G \sim
    \text{Geometric}(\theta)`, so :math:`P(\omega \ge t) = (1 - \theta)^t`; at each of
    these they buy with probability :math:`p` (Fader, Hardie & Shang 2010).

    Parameters
    ----------
    n_customers : int
        Number of customers.
    alpha, beta, gamma, delta : float
        Population parameters.
    periods : int, default 6
        Number of transaction opportunities ``n``.
    latent : bool, default False
        Add the latent ``p_``, ``theta_`` and ``alive`` (after the last opportunity).
    random_seed : int or numpy.random.Generator, optional
        The seed.

    Returns
    -------
    data : pandas.DataFrame
        ``customer_id``, ``frequency`` (purchases x), ``recency`` (opportunity of the last
        purchase t_x, 0 if none) and ``T`` (= ``periods``).
    params : dict
        The true parameters.

    Examples
    --------
    >>> data, truth = simulate_bgbb(1000, random_seed=3)
    >>> int(data["T"].iloc[0]), bool((data["frequency"] <= data["recency"]).all())
    (6, True)
    """
    rng = np.random.default_rng(random_seed)
    _check_count(n_customers)
    _check_positive(alpha=alpha, beta=beta, gamma=gamma, delta=delta)
    if int(periods) != periods or periods < 1:
        raise ValueError(f"periods must be a positive whole number, got {periods!r}.")
    p = rng.beta(alpha, beta, n_customers)
    theta = rng.beta(gamma, delta, n_customers)
    alive_for = np.minimum(rng.geometric(theta) - 1, periods)
    opportunity = np.arange(1, periods + 1)
    buys = (rng.random((n_customers, periods)) < p[:, None]) & (
        opportunity[None, :] <= alive_for[:, None]
    )
    frequency = buys.sum(axis=1)
    recency = np.where(buys, opportunity[None, :], 0).max(axis=1)
    data = pd.DataFrame(
        {
            "customer_id": np.arange(n_customers, dtype=np.int64),
            "frequency": frequency.astype(np.int64),
            "recency": recency.astype(np.int64),
            "T": np.full(n_customers, int(periods), dtype=np.int64),
        }
    )
    if latent:
        data["p_"] = p
        data["theta_"] = theta
        data["alive"] = alive_for >= periods
    return data, {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta}


def simulate_gamma_gamma(
    frequency: Any,
    *,
    p: float = 6.25,
    q: float = 3.74,
    gamma: float = 15.44,
    latent: bool = False,
    random_seed: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    r"""Simulate mean repeat spend under the Gamma-Gamma model (defaults: Fader & Hardie 2013).

    Each customer has :math:`\nu \sim \text{Gamma}(q, \gamma)` (rate :math:`\gamma`);
    each of their :math:`x` repeat transactions is worth :math:`z \sim \text{Gamma}(p,
    \nu)`, so the mean is :math:`\bar z \sim \text{Gamma}(p x, \nu x)` (0 when x = 0).

    Parameters
    ----------
    frequency : int or array-like of int
        The customers' numbers of repeat transactions; an int ``n`` simulates ``n`` customers
        with frequencies 1 + Poisson(2) (every customer a repeat buyer).
    p, q, gamma : float
        Population parameters.
    latent : bool, default False
        Add the latent ``nu_`` and the customers' expected spend ``p / nu_`` as ``mean_spend``.
    random_seed : int or numpy.random.Generator, optional
        The seed.

    Returns
    -------
    data : pandas.DataFrame
        ``customer_id``, ``frequency`` and ``monetary_value``.
    params : dict
        The true parameters.

    Examples
    --------
    >>> data, truth = simulate_gamma_gamma([0, 1, 5], random_seed=4)
    >>> data["monetary_value"].iloc[0], bool((data["monetary_value"].iloc[1:] > 0).all())
    (np.float64(0.0), True)
    """
    rng = np.random.default_rng(random_seed)
    _check_positive(p=p, q=q, gamma=gamma)
    if np.ndim(frequency) == 0:
        _check_count(int(frequency))
        x = 1 + rng.poisson(2.0, int(frequency))
    else:
        x = np.asarray(frequency)
        if x.size == 0 or np.any(x < 0) or np.any(x != np.round(x)):
            raise ValueError("frequency must be non-negative whole numbers.")
        x = x.astype(np.int64)
    nu = rng.gamma(q, 1.0 / gamma, x.size)
    mean_value = _mean_spend(rng, x, nu, p)
    data = pd.DataFrame(
        {
            "customer_id": np.arange(x.size, dtype=np.int64),
            "frequency": x,
            "monetary_value": mean_value,
        }
    )
    if latent:
        data["nu_"] = nu
        data["mean_spend"] = p / nu
    return data, {"p": p, "q": q, "gamma": gamma}


# ---------------------------------------------------------------------------- machinery


def _check_count(n_customers: int) -> None:
    if int(n_customers) != n_customers or n_customers < 1:
        raise ValueError(f"n_customers must be a positive whole number, got {n_customers!r}.")


def _check_positive(**values: float) -> None:
    bad = {name: value for name, value in values.items() if not (np.isfinite(value) and value > 0)}
    if bad:
        raise ValueError(f"parameters must be positive and finite, got {bad}.")


def _mean_spend(rng: np.random.Generator, x: np.ndarray, nu: np.ndarray, p: float) -> np.ndarray:
    """Mean of ``x`` Gamma(p, nu) values per customer (0 when x = 0)."""
    shape = np.where(x > 0, p * x, 1.0)
    draws = rng.gamma(shape, 1.0 / (nu * np.maximum(x, 1)))
    return np.where(x > 0, draws, 0.0)


def _given(values: np.ndarray | None) -> np.ndarray:
    if values is None:
        raise TypeError("a counting simulator needs a dropout rule (dropout_after or lifetime).")
    return values


def _acquisition(
    rng: np.random.Generator, n: int, observation_weeks: float, acquisition_weeks: float
) -> np.ndarray:
    if not 0 <= acquisition_weeks < observation_weeks:
        raise ValueError(
            "acquisition_weeks must be >= 0 and shorter than observation_weeks, got "
            f"{acquisition_weeks!r} and {observation_weeks!r}."
        )
    return rng.uniform(0.0, acquisition_weeks, n)


@dataclass(frozen=True)
class _CountingSettings:
    """The observation window and output options shared by the counting simulators."""

    observation_weeks: float
    acquisition_weeks: float
    daily: bool
    transactions: bool
    spend: tuple[float, float, float] | None
    latent: bool
    start: str


def _simulate_counting(
    rng: np.random.Generator,
    lam: np.ndarray,
    params: dict[str, Any],
    latent_cols: dict[str, np.ndarray],
    settings: _CountingSettings,
    *,
    dropout_after: np.ndarray | None = None,
    lifetime: np.ndarray | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Shared core of the BG/NBD and Pareto/NBD simulators (one dropout rule each)."""
    n = lam.size
    spend, transactions = settings.spend, settings.transactions
    if settings.daily or transactions:
        data, alive = _daily(rng, lam, settings, dropout_after=dropout_after, lifetime=lifetime)
        params = dict(params)
        if transactions:
            end = pd.Timestamp(settings.start) + pd.Timedelta(
                days=round(settings.observation_weeks * 7) - 1
            )
            params["observation_end"] = end
    else:
        birth = _acquisition(rng, n, settings.observation_weeks, settings.acquisition_weeks)
        window = settings.observation_weeks - birth
        if lifetime is not None:  # Pareto/NBD: Poisson purchases while alive
            active = np.minimum(lifetime, window)
            x = rng.poisson(lam * active)
            recency = np.where(x > 0, active * rng.beta(np.maximum(x, 1), 1.0), 0.0)
            alive = lifetime > window
        else:  # BG/NBD: the J-th repeat purchase is the last
            dropout_after = _given(dropout_after)
            opportunities = rng.poisson(lam * window)
            x = np.minimum(dropout_after, opportunities)
            recency = np.where(
                x > 0,
                window * rng.beta(np.maximum(x, 1), np.maximum(opportunities - x + 1, 1)),
                0.0,
            )
            alive = dropout_after > opportunities
        data = pd.DataFrame(
            {
                "customer_id": np.arange(n, dtype=np.int64),
                "frequency": x.astype(np.int64),
                "recency": recency,
                "T": window,
            }
        )
        if spend is not None:
            nu = rng.gamma(spend[1], 1.0 / spend[2], n)
            data["monetary_value"] = _mean_spend(rng, x, nu, spend[0])
    if spend is not None:
        params = {**params, "p": spend[0], "q": spend[1], "gamma": spend[2]}
    if settings.latent and not transactions:
        for name, values in latent_cols.items():
            data[name] = values
        data["alive"] = alive
    return data, params


def _daily(
    rng: np.random.Generator,
    lam: np.ndarray,
    settings: _CountingSettings,
    *,
    dropout_after: np.ndarray | None,
    lifetime: np.ndarray | None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Simulate purchase days; return the log or its summary, and who is alive at the end."""
    n = lam.size
    observation_weeks, acquisition_weeks = settings.observation_weeks, settings.acquisition_weeks
    spend = settings.spend
    last_day = round(observation_weeks * 7) - 1
    acquisition_days = round(acquisition_weeks * 7)
    if not 0 <= acquisition_days <= last_day:
        raise ValueError(
            "acquisition_weeks must be >= 0 and shorter than observation_weeks, got "
            f"{acquisition_weeks!r} and {observation_weeks!r}."
        )
    birth = rng.integers(0, max(acquisition_days, 1), n)
    window = (last_day + 1 - birth) / 7.0  # continuous weeks until the window closes
    if lifetime is not None:
        span = np.minimum(lifetime, window)
        count = rng.poisson(lam * span)
        alive = lifetime > window
    else:
        dropout_after = _given(dropout_after)
        span = window
        opportunities = rng.poisson(lam * window)
        count = np.minimum(dropout_after, opportunities)
        alive = dropout_after > opportunities
    owner = np.repeat(np.arange(n), count)
    if lifetime is not None:
        times = rng.random(owner.size) * span[owner]
        times = times[np.lexsort((times, owner))]  # `owner` is already sorted
    else:
        # first `count` of the Poisson arrivals: uniform order statistics of `opportunities`
        times = _first_order_statistics(rng, opportunities, count, window)
    day = birth[owner] + np.floor(times * 7.0).astype(np.int64)
    day = np.minimum(day, last_day)  # guards the upper edge against rounding
    if settings.transactions:
        return _log(rng, n, birth, owner, day, spend, settings.start), alive
    return _summarise_days(rng, n, birth, owner, day, last_day, spend), alive


def _first_order_statistics(
    rng: np.random.Generator, total: np.ndarray, keep: np.ndarray, window: np.ndarray
) -> np.ndarray:
    """Draw the first ``keep[i]`` of ``total[i]`` sorted uniforms on (0, window[i]).

    Uses the sequential construction of uniform order statistics: given the k-th smallest of
    m uniforms is u, the next one is u + (1 - u) * Beta(1, m - k).
    """
    owner = np.repeat(np.arange(total.size), keep)
    starts = np.cumsum(keep) - keep
    rank = np.arange(owner.size) - starts[owner]  # 0-based position within the customer
    remaining = (total[owner] - rank).astype(np.float64)
    # U_(k+1) = 1 - prod_{j<=k}(1 - B_j), B_j ~ Beta(1, remaining_j)
    log_gap = np.log1p(-rng.beta(1.0, remaining))
    before = np.concatenate([[0.0], np.cumsum(log_gap)])  # running sum before each entry
    fraction = -np.expm1(before[1:] - before[starts][owner])
    times: np.ndarray = fraction * window[owner]
    return times


def _log(
    rng: np.random.Generator,
    n: int,
    birth: np.ndarray,
    owner: np.ndarray,
    day: np.ndarray,
    spend: tuple[float, float, float] | None,
    start: str,
) -> pd.DataFrame:
    customer = np.concatenate([np.arange(n), owner])
    days = np.concatenate([birth, day])
    order = np.lexsort((days, customer))
    customer, days = customer[order], days[order]
    frame = pd.DataFrame(
        {
            "customer_id": customer.astype(np.int64),
            "date": pd.Timestamp(start) + pd.to_timedelta(days, unit="D"),
        }
    )
    if spend is not None:
        p, q, gamma = spend
        nu = rng.gamma(q, 1.0 / gamma, n)
        frame["spend"] = rng.gamma(p, 1.0 / nu[customer])
    return frame


def _summarise_days(
    rng: np.random.Generator,
    n: int,
    birth: np.ndarray,
    owner: np.ndarray,
    day: np.ndarray,
    last_day: int,
    spend: tuple[float, float, float] | None,
) -> pd.DataFrame:
    """Merge same-day purchases (including the first day) and summarise per customer."""
    if spend is not None:
        p, q, gamma = spend
        nu = rng.gamma(q, 1.0 / gamma, n)
        value = rng.gamma(p, 1.0 / nu[owner])
    # `day` is sorted within owner; a purchase is a new occasion unless it repeats the day
    # before it or falls on the acquisition day
    previous = np.concatenate([[-1], day[:-1]])
    same_owner = np.concatenate([[False], owner[1:] == owner[:-1]])
    new = (day > birth[owner]) & ~(same_owner & (day == previous))
    frequency = np.bincount(owner[new], minlength=n)
    last = birth.copy()
    np.maximum.at(last, owner[new], day[new])
    data = pd.DataFrame(
        {
            "customer_id": np.arange(n, dtype=np.int64),
            "frequency": frequency.astype(np.int64),
            "recency": (last - birth) / 7.0,
            "T": (last_day - birth) / 7.0,
        }
    )
    if spend is not None:
        repeat = day > birth[owner]
        total = np.bincount(owner[repeat], weights=value[repeat], minlength=n)
        data["monetary_value"] = np.where(frequency > 0, total / np.maximum(frequency, 1), 0.0)
    return data
