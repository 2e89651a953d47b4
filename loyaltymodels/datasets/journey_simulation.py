"""Simulators: a hotel guest journey with known key drivers, problem rates and journey flow.

:func:`simulate_hotel_survey` draws one post-stay survey row per guest: 1-10 ratings of five
touchpoints (booking, check-in, room, restaurant, check-out; the restaurant is visited by only
some guests, so its rating is missing by design), a 0/1 problem flag per touchpoint (a problem
lowers that rating by about three points), and three outcomes generated from the ratings with
known coefficients: overall satisfaction, likelihood to recommend (0-10) and a 0/1 return
(rebooking) intention. Check-in and room are the real drivers.

:func:`simulate_journey_events` walks customers through a Markov chain of touchpoints with a
known transition matrix into absorbing outcomes, and returns the event log (one row per
contact, with times) together with the true matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "HOTEL_TOUCHPOINTS",
    "SimulatedHotelSurvey",
    "SimulatedJourney",
    "SimulatedStays",
    "hotel_transitions",
    "simulate_hotel_stays",
    "simulate_hotel_survey",
    "simulate_journey_events",
]

#: The touchpoints of the simulated hotel stay, in journey order.
HOTEL_TOUCHPOINTS = ("booking", "check_in", "room", "restaurant", "check_out")

# Effect of each touchpoint rating on overall satisfaction (points per rating point).
_OVERALL = {"booking": 0.05, "check_in": 0.45, "room": 0.55, "restaurant": 0.05, "check_out": 0.1}
_PROBLEM_RATE = {
    "booking": 0.03,
    "check_in": 0.18,
    "room": 0.10,
    "restaurant": 0.05,
    "check_out": 0.04,
}
_MEAN_RATING = {"booking": 8.2, "check_in": 7.0, "room": 7.4, "restaurant": 7.6, "check_out": 8.0}
_RESTAURANT_VISIT = 0.6
_RATING_SD = 1.3
_FACTOR_LOADING = 0.5
_PROBLEM_DROP = 3.0
_OVERALL_NOISE = 0.8
_COMPLAINT_RATE = 0.3
_RESOLUTION = {"satisfied": 0.5, "mollified": 0.3, "dissatisfied": 0.2}
_RESOLUTION_EFFECT = {"satisfied": 1.0, "mollified": 0.0, "dissatisfied": -1.0}


@dataclass
class SimulatedHotelSurvey:
    """A simulated post-stay survey and the truth behind it.

    Attributes
    ----------
    survey : pandas.DataFrame
        Per guest: the five ratings (``restaurant`` NaN when not visited), ``problem_<tp>``
        flags (NaN when not experienced), ``overall`` (a continuous satisfaction score),
        ``recommend`` (0-10), ``complained`` (0/1; 30% of guests with a problem),
        ``complaint_outcome`` (satisfied / mollified / dissatisfied, for complainers) and
        ``returns`` (0/1 intention to return).
    overall_coefficients : dict of str to float
        The true effect of each rating on ``overall`` (restaurant: among visitors).
    problem_rates : dict of str to float
        The true problem incidence per touchpoint.
    drivers : list of str
        The planted real drivers (``check_in`` and ``room``).
    """

    survey: pd.DataFrame
    overall_coefficients: dict[str, float]
    problem_rates: dict[str, float]
    drivers: list[str]


def simulate_hotel_survey(
    n_guests: int = 2000,
    *,
    random_seed: int | None = None,
    problem_rates: dict[str, float] | None = None,
) -> SimulatedHotelSurvey:
    """Simulate a hotel post-stay survey with known key drivers.

    Parameters
    ----------
    n_guests : int, default 2000
        Respondents.
    random_seed : int, optional
        Seed of the simulation.
    problem_rates : dict of str to float, optional
        Problem incidence per touchpoint (defaults: check-in 18%, room 10%, others 3-5%).

    Returns
    -------
    SimulatedHotelSurvey
        The survey and the true coefficients and problem rates.
    """
    if int(n_guests) != n_guests or n_guests < 10:
        raise LoyaltyDataError(f"n_guests must be an integer >= 10, got {n_guests!r}.")
    rates = dict(_PROBLEM_RATE if problem_rates is None else problem_rates)
    rng = np.random.default_rng(random_seed)
    general = rng.normal(size=n_guests)
    survey = pd.DataFrame(index=pd.RangeIndex(n_guests, name="guest"))
    visited = rng.random(n_guests) < _RESTAURANT_VISIT
    overall = np.full(n_guests, 1.5)
    for tp in HOTEL_TOUCHPOINTS:
        problem = rng.random(n_guests) < rates[tp]
        latent = (
            _MEAN_RATING[tp]
            + _RATING_SD
            * (
                _FACTOR_LOADING * general
                + np.sqrt(1 - _FACTOR_LOADING**2) * rng.normal(size=n_guests)
            )
            - _PROBLEM_DROP * problem
        )
        rating = np.clip(np.round(latent), 1, 10)
        flag = problem.astype(float)
        if tp == "restaurant":
            rating = np.where(visited, rating, np.nan)
            flag = np.where(visited, flag, np.nan)
            overall += _OVERALL[tp] * np.where(visited, rating - _MEAN_RATING[tp], 0.0)
            overall += _OVERALL[tp] * _MEAN_RATING[tp]
        else:
            overall += _OVERALL[tp] * rating
        survey[tp] = rating
        survey[f"problem_{tp}"] = flag
    overall = overall + _OVERALL_NOISE * rng.normal(size=n_guests)
    survey["overall"] = overall
    survey["recommend"] = np.clip(np.round(overall + rng.normal(0.0, 1.0, n_guests)), 0, 10)
    flags = survey[[f"problem_{tp}" for tp in HOTEL_TOUCHPOINTS]].fillna(0.0).to_numpy()
    any_problem = flags.sum(axis=1) > 0
    complained = any_problem & (rng.random(n_guests) < _COMPLAINT_RATE)
    outcome = rng.choice(len(_RESOLUTION), size=n_guests, p=list(_RESOLUTION.values()))
    resolution = np.full(n_guests, None, dtype=object)
    resolution[complained] = np.array(list(_RESOLUTION), dtype=object)[outcome[complained]]
    shift = np.where(complained, np.array(list(_RESOLUTION_EFFECT.values()))[outcome], 0.0)
    survey["complained"] = complained.astype(int)
    survey["complaint_outcome"] = pd.Series(resolution, index=survey.index, dtype="object")
    logit = overall - 7.0 + shift
    survey["returns"] = (rng.random(n_guests) < 1 / (1 + np.exp(-logit))).astype(int)
    return SimulatedHotelSurvey(
        survey=survey,
        overall_coefficients=dict(_OVERALL),
        problem_rates=rates,
        drivers=["check_in", "room"],
    )


def hotel_transitions() -> pd.DataFrame:
    """Return the true transition matrix of the simulated online-booking journey.

    Returns
    -------
    pandas.DataFrame
        Rows: ``start`` and the transient touchpoints; columns: the touchpoints and the
        absorbing outcomes ``purchase`` and ``leave``; rows sum to 1.
    """
    states = ["search", "offers", "reviews", "checkout"]
    columns = [*states, "purchase", "leave"]
    rows = {
        "start": [0.7, 0.3, 0.0, 0.0, 0.0, 0.0],
        "search": [0.0, 0.6, 0.15, 0.0, 0.0, 0.25],
        "offers": [0.1, 0.0, 0.3, 0.35, 0.0, 0.25],
        "reviews": [0.0, 0.5, 0.0, 0.2, 0.0, 0.3],
        "checkout": [0.0, 0.1, 0.0, 0.0, 0.6, 0.3],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


@dataclass
class SimulatedJourney:
    """A simulated journey event log and the chain that generated it.

    Attributes
    ----------
    events : pandas.DataFrame
        One row per contact: ``customer``, ``touchpoint``, ``time`` (hours since the first
        contact), ``problem`` (0/1) and ``outcome`` (the absorbing state, on the last row of
        a journey that ended in one other than ``leave``; NaN elsewhere).
    transitions : pandas.DataFrame
        The true transition matrix.
    """

    events: pd.DataFrame
    transitions: pd.DataFrame


def simulate_journey_events(
    n_customers: int = 10_000,
    *,
    transitions: pd.DataFrame | None = None,
    problem_rate: float = 0.05,
    max_steps: int = 50,
    random_seed: int | None = None,
) -> SimulatedJourney:
    """Simulate journeys through a Markov chain of touchpoints (vectorised over customers).

    Parameters
    ----------
    n_customers : int, default 10000
        Customers (journeys).
    transitions : pandas.DataFrame, optional
        Rows ``start`` and transient touchpoints, columns the touchpoints then the absorbing
        states (default :func:`hotel_transitions`).
    problem_rate : float, default 0.05
        Probability that a contact has a problem.
    max_steps : int, default 50
        Journeys still running after this many contacts end in ``leave``.
    random_seed : int, optional
        Seed of the simulation.

    Returns
    -------
    SimulatedJourney
        The event log and the true transition matrix.
    """
    matrix = hotel_transitions() if transitions is None else transitions
    rng = np.random.default_rng(random_seed)
    transient = [s for s in matrix.index if s != "start"]
    absorbing = [c for c in matrix.columns if c not in transient]
    order = ["start", *transient]
    probs = matrix.loc[order, [*transient, *absorbing]].to_numpy(dtype=float)
    cumulative = np.cumsum(probs, axis=1)
    cumulative[:, -1] = 1.0
    state = np.zeros(n_customers, dtype=np.int64)
    alive = np.arange(n_customers)
    clock = np.zeros(n_customers)
    outcome = np.full(n_customers, len(transient) + absorbing.index("leave"))
    customers, touchpoints, times = [], [], []
    for _ in range(max_steps):
        if alive.size == 0:
            break
        u = rng.random(alive.size)
        nxt = (u[:, None] > cumulative[state[alive]]).sum(axis=1)
        ended = nxt >= len(transient)
        outcome[alive[ended]] = nxt[ended]
        alive, nxt = alive[~ended], nxt[~ended]
        clock[alive] += rng.exponential(2.0, size=alive.size)
        state[alive] = nxt + 1
        customers.append(alive)
        touchpoints.append(nxt)
        times.append(clock[alive].copy())
    customer = np.concatenate(customers)
    order_rows = np.argsort(customer, kind="stable")
    customer = customer[order_rows]
    touch = np.asarray(transient, dtype=object)[np.concatenate(touchpoints)[order_rows]]
    time = np.concatenate(times)[order_rows]
    last = np.r_[customer[1:] != customer[:-1], True]
    names = np.asarray([*transient, *absorbing], dtype=object)
    result = names[outcome[customer]]
    result = np.where(last & (result != "leave"), result, None)
    events = pd.DataFrame(
        {
            "customer": customer,
            "touchpoint": pd.Categorical(touch, categories=transient),
            "time": time,
            "problem": (rng.random(customer.size) < problem_rate).astype(np.int8),
            "outcome": pd.Series(result, dtype="object"),
        }
    )
    return SimulatedJourney(events=events, transitions=matrix.copy())


#: True log-odds ratios of churning after a stay with a problem at each touchpoint.
STAY_CHURN_EFFECTS = {
    "booking": 0.0,
    "check_in": 0.9,
    "room": 1.2,
    "restaurant": 0.1,
    "check_out": 0.2,
}


def _label(mask: np.ndarray, label: str) -> np.ndarray:
    """Object array holding ``label`` where ``mask`` is set and None elsewhere."""
    out = np.full(mask.shape, None, dtype=object)
    out[mask] = label
    return out


@dataclass
class SimulatedStays:
    """Repeated hotel stays with touchpoint problems and churn, and the truth behind them.

    Attributes
    ----------
    events : pandas.DataFrame
        One row per contact: ``customer``, ``touchpoint``, ``time`` (period ``t`` covers
        ``[t - 1, t)``), ``problem`` (0/1) and ``outcome`` (``"churn"`` on a churned guest's last
        contact).
    baseline_logit : float
        Log-odds of churning after a stay without problems.
    effects : dict of str to float
        True log-odds ratios of a problem at each touchpoint.
    problem_rates : dict of str to float
        Problem incidence per contact.
    """

    events: pd.DataFrame
    baseline_logit: float
    effects: dict[str, float]
    problem_rates: dict[str, float]


def simulate_hotel_stays(
    n_guests: int = 5000,
    *,
    periods: int = 8,
    baseline_logit: float = -2.5,
    random_seed: int | None = None,
) -> SimulatedStays:
    r"""Simulate guests who stay once per period until they churn (discrete-time hazard truth).

    In each period every remaining guest passes the five touchpoints (the restaurant with
    probability 0.6), each with a problem at its rate; after the stay the guest churns with
    probability :math:`\operatorname{logit}^{-1}(\alpha + \sum_k \beta_k \text{problem}_k)`.

    Parameters
    ----------
    n_guests : int, default 5000
        Guests.
    periods : int, default 8
        Periods observed.
    baseline_logit : float, default -2.5
        :math:`\alpha`.
    random_seed : int, optional
        Seed of the simulation.

    Returns
    -------
    SimulatedStays
        The event log and the true effects.
    """
    rng = np.random.default_rng(random_seed)
    names = list(HOTEL_TOUCHPOINTS)
    rates = np.array([_PROBLEM_RATE[tp] for tp in names])
    beta = np.array([STAY_CHURN_EFFECTS[tp] for tp in names])
    alive = np.arange(n_guests)
    blocks = []
    for t in range(1, periods + 1):
        m = alive.size
        visited = np.ones((m, len(names)), dtype=bool)
        visited[:, names.index("restaurant")] = rng.random(m) < _RESTAURANT_VISIT
        problem = (rng.random((m, len(names))) < rates) & visited
        eta = baseline_logit + problem.astype(float) @ beta
        churn = rng.random(m) < 1.0 / (1.0 + np.exp(-eta))
        rows, cols = np.nonzero(visited)
        last_col = np.where(visited, np.arange(len(names)), -1).max(axis=1)
        is_last = cols == last_col[rows]
        blocks.append(
            pd.DataFrame(
                {
                    "customer": alive[rows],
                    "touchpoint": np.asarray(names, dtype=object)[cols],
                    "time": t - 1 + 0.1 * (cols + 1),
                    "problem": problem[rows, cols].astype(np.int8),
                    "outcome": _label(is_last & churn[rows], "churn"),
                }
            )
        )
        alive = alive[~churn]
    events = pd.concat(blocks, ignore_index=True)
    events = events.sort_values(["customer", "time"], kind="stable", ignore_index=True)
    return SimulatedStays(
        events=events,
        baseline_logit=baseline_logit,
        effects=dict(STAY_CHURN_EFFECTS),
        problem_rates=dict(_PROBLEM_RATE),
    )
