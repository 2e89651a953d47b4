r"""Journey flow: a Markov chain of touchpoints with absorbing outcomes, from an event log.

Each customer's journey is ``start -> touchpoint_1 -> ... -> touchpoint_k -> outcome``, where
the outcome is an absorbing state (``"purchase"``, ``"churn"``, ...; journeys without one end in
``"leave"``). The maximum-likelihood transition probabilities are the observed transition
shares :math:`\hat p_{ab} = n_{ab} / n_{a\cdot}` (Anderson & Goodman 1957). With the transient
block :math:`Q` and the transient-to-absorbing block :math:`R` of the transition matrix, the
absorption probabilities are :math:`B = (I - Q)^{-1} R` (Kemeny & Snell 1960, ch. 3), and the
conversion probability is :math:`B_{start, c}` for the conversion state :math:`c`.

The **removal effect** of touchpoint :math:`k` is the relative drop in conversion when the
touchpoint is removed, i.e. every transition into :math:`k` is redirected to ``"leave"``:
:math:`RE_k = 1 - B^{(-k)}_{start,c} / B_{start,c}` (Anderl, Becker, von Wangenheim & Schumann
2016); their normalised values attribute conversions to touchpoints.

**Drop-off** at a touchpoint is the share of departures from it that end the journey without
conversion, with a Wilson (1927) interval. Intervals of the conversion probability and removal
effects come from the posterior of each row of the transition matrix, a Dirichlet with the
observed counts plus a Jeffreys prior of 1/2 per observed transition (Gelman et al. 2013, 3.4),
solved draw by draw.

References
----------
Anderl, E., Becker, I., von Wangenheim, F. & Schumann, J. H. (2016). Mapping the customer journey:
lessons learned from graph-based online attribution modeling. *International Journal of Research
in Marketing* 33(3), 457-474.

Anderson, T. W. & Goodman, L. A. (1957). Statistical inference about Markov chains. *Annals of
Mathematical Statistics* 28(1), 89-110.

Kemeny, J. G. & Snell, J. L. (1960). *Finite Markov Chains*. Van Nostrand, Princeton.

Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association* 22(158), 209-212.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.journey.contracts import check_event_log
from loyaltymodels.summaries import equal_tailed_interval, wilson_interval

__all__ = ["JourneyFlowResult", "absorption_probabilities", "journey_flow", "wilson_interval"]

START = "start"
LEAVE = "leave"


def absorption_probabilities(transient: np.ndarray, absorbing: np.ndarray) -> np.ndarray:
    """Absorption probabilities :math:`(I - Q)^{-1} R` of an absorbing Markov chain.

    Parameters
    ----------
    transient : numpy.ndarray
        :math:`Q`, shape ``(..., t, t)``.
    absorbing : numpy.ndarray
        :math:`R`, shape ``(..., t, a)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., t, a)``: the probability of ending in each absorbing state from each
        transient state.
    """
    eye = np.eye(transient.shape[-1])
    return np.asarray(np.linalg.solve(eye - transient, absorbing))


@dataclass(repr=False)
class JourneyFlowResult(Result, frozen=True):
    """The journey as an absorbing Markov chain, from :func:`journey_flow`.

    Attributes
    ----------
    counts : pandas.DataFrame
        Transition counts: rows ``start`` and the touchpoints, columns the touchpoints and the
        absorbing states.
    transitions : pandas.DataFrame
        The estimated transition probabilities (rows sum to 1; rows never left are NaN).
    dropoff : pandas.DataFrame
        Per touchpoint: ``visits``, ``exits`` to each absorbing state, ``dropoff`` (share of
        departures ending without conversion) with Wilson ``lower``/``upper``.
    conversion : pandas.DataFrame
        Per absorbing state: the probability that a journey ends there (``estimate``, ``lower``,
        ``upper``) and the observed share.
    removal : pandas.DataFrame
        Per touchpoint: conversion without it, ``removal_effect`` with interval, and
        ``attribution`` (removal effects normalised to sum to 1).
    steps : pandas.DataFrame
        The funnel by step number (1 = first contact): journeys that ``reached`` the step,
        that ended there ``converted`` or ``left`` (without conversion), ``dropoff`` = left /
        reached with Wilson ``lower``/``upper``; the last row gathers all later steps.
    paths : pandas.DataFrame
        The most frequent paths with ``customers`` and ``share``.
    conversion_state : str
        The absorbing state counted as conversion.
    n_customers, n_events : int
        The size of the log.
    n_truncated_paths : int
        Journeys longer than ``max_path_steps``, shown truncated in ``paths``.
    ci_prob : float
        Coverage of the intervals.
    draws : int
        Posterior draws behind the intervals.
    random_seed : int or None
        Seed of the draws.
    """

    counts: pd.DataFrame
    transitions: pd.DataFrame
    dropoff: pd.DataFrame
    conversion: pd.DataFrame
    removal: pd.DataFrame
    steps: pd.DataFrame
    paths: pd.DataFrame
    conversion_state: str
    n_customers: int
    n_events: int
    n_truncated_paths: int
    ci_prob: float
    draws: int
    random_seed: int | None

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """The removal effects per touchpoint."""
        return self.removal


def _chain_blocks(probs: np.ndarray, n_touch: int) -> tuple[np.ndarray, np.ndarray]:
    """Split (..., 1 + t, t + a) transition rows into square Q (start first) and R."""
    q = np.zeros((*probs.shape[:-1], n_touch + 1))
    q[..., 1:] = probs[..., :n_touch]
    return q, probs[..., n_touch:]


def _conversion_without(q: np.ndarray, r: np.ndarray, leave: int, target: int) -> np.ndarray:
    """Conversion from start in the full chain and with each touchpoint removed.

    Returns shape (..., t + 1): entry 0 the full chain, entry k the chain without
    touchpoint k (transitions into k redirected to ``leave``).
    """
    out = [absorption_probabilities(q, r)[..., 0, target]]
    for k in range(1, q.shape[-1]):
        q_k, r_k = q.copy(), r.copy()
        r_k[..., leave] += q_k[..., k]
        q_k[..., k] = 0.0
        out.append(absorption_probabilities(q_k, r_k)[..., 0, target])
    return np.stack(out, axis=-1)


def _path_table(
    customer: np.ndarray,
    position: np.ndarray,
    touch: np.ndarray,
    outcome: np.ndarray,
    names: list[str],
    absorbing: list[str],
    max_steps: int,
    top: int,
) -> tuple[pd.DataFrame, int]:
    n_customers = outcome.size
    keep = position < max_steps
    lengths = np.bincount(customer, minlength=n_customers)
    small = max(len(names), len(absorbing)) < 127
    matrix = np.zeros((n_customers, max_steps + 2), dtype=np.int8 if small else np.int16)
    matrix[customer[keep], position[keep]] = touch[keep] + 1
    matrix[:, max_steps] = outcome
    truncated = lengths > max_steps
    matrix[:, max_steps + 1] = truncated
    rows = np.ascontiguousarray(matrix).view(np.dtype((np.void, matrix.itemsize * matrix.shape[1])))
    _, first, counts = np.unique(rows.ravel(), return_index=True, return_counts=True)
    best = np.argsort(-counts, kind="stable")[:top]
    labels = []
    for index in first[best]:
        row = matrix[index]
        steps = [names[c - 1] for c in row[:max_steps] if c > 0]
        if row[max_steps + 1]:
            steps.append("...")
        steps.append(absorbing[row[max_steps]])
        labels.append(" > ".join(steps))
    table = pd.DataFrame(
        {"path": labels, "customers": counts[best], "share": counts[best] / n_customers}
    )
    return table.set_index("path"), int(truncated.sum())


def _step_table(
    last_position: np.ndarray, converted: np.ndarray, max_steps: int, ci_prob: float
) -> pd.DataFrame:
    """Funnel by step: journeys reaching each step and ending there, converted or not."""
    length = np.minimum(last_position + 1, max_steps)
    ended = np.bincount(length, minlength=max_steps + 1)[1:]
    won = np.bincount(length[converted], minlength=max_steps + 1)[1:]
    reached = ended[::-1].cumsum()[::-1]
    left = ended - won
    keep = reached > 0
    low, high = wilson_interval(left[keep], reached[keep], ci_prob)
    labels = [str(k) for k in range(1, max_steps)] + [f"{max_steps}+"]
    table = pd.DataFrame(
        {
            "reached": reached,
            "converted": won,
            "left": left,
            "dropoff": left / np.maximum(reached, 1),
        },
        index=pd.Index(labels, name="step"),
    ).loc[keep]
    table["lower"], table["upper"] = low, high
    return table


def journey_flow(
    events: pd.DataFrame,
    *,
    customer_col: str = "customer",
    touchpoint_col: str = "touchpoint",
    time_col: str = "time",
    outcome_col: str | None = "outcome",
    conversion: str = "purchase",
    touchpoints: Sequence[str] | None = None,
    ci_prob: float = 0.95,
    draws: int = 1000,
    random_seed: int | None = None,
    max_path_steps: int = 20,
    top_paths: int = 20,
) -> JourneyFlowResult:
    r"""Estimate the journey's Markov chain, drop-off, removal effects and path frequencies.

    Transition probabilities :math:`\hat p_{ab} = n_{ab}/n_{a\cdot}`; conversion probability
    :math:`[(I - Q)^{-1} R]_{start, c}`; removal effect :math:`RE_k = 1 - B^{(-k)}_{start,c} /
    B_{start,c}` (Anderl et al. 2016); drop-off with Wilson intervals; everything vectorised
    over events (no loop over customers or events).

    Parameters
    ----------
    events : pandas.DataFrame
        The event log (see :mod:`loyaltymodels.journey.contracts`).
    customer_col, touchpoint_col, time_col : str
        Column names.
    outcome_col : str or None, default "outcome"
        Column holding the absorbing outcome of the journey (its last non-missing value per
        customer counts); None when the log has none (every journey ends in ``"leave"``).
    conversion : str, default "purchase"
        The absorbing state that counts as conversion.
    touchpoints : sequence of str, optional
        The declared touchpoints (their order is kept); other names are an error.
    ci_prob : float, default 0.95
        Coverage of the intervals.
    draws : int, default 1000
        Posterior draws of the transition matrix for the intervals of conversion and removal
        effects.
    random_seed : int, optional
        Seed of the draws.
    max_path_steps : int, default 20
        Paths are shown up to this many touchpoints (longer ones end in ``...``).
    top_paths : int, default 20
        How many of the most frequent paths to report.

    Returns
    -------
    JourneyFlowResult
        Transition matrix, drop-off, conversion, removal effects and paths.

    References
    ----------
    Anderl, E. et al. (2016). *International Journal of Research in Marketing* 33(3), 457-474.
    Kemeny, J. G. & Snell, J. L. (1960). *Finite Markov Chains*, ch. 3.
    """
    check_event_log(
        events,
        customer_col=customer_col,
        touchpoint_col=touchpoint_col,
        time_col=time_col,
        outcome_col=outcome_col,
        touchpoints=touchpoints,
    )
    if not 0.0 < float(ci_prob) < 1.0:
        raise LoyaltyDataError(f"ci_prob must lie strictly between 0 and 1, got {ci_prob!r}.")
    if int(draws) != draws or draws < 100:
        raise LoyaltyDataError(f"draws must be an integer >= 100, got {draws!r}.")
    log = _encode_log(events, customer_col, touchpoint_col, outcome_col, touchpoints)
    if conversion not in log.outcome_names:
        raise LoyaltyDataError(
            f"conversion state '{conversion}' never occurs in column '{outcome_col}' (it has "
            f"{log.outcome_names}); name the state that counts as conversion."
        )
    names, outcome_names = log.touchpoints, log.outcome_names
    counts = _transition_counts(log)
    departures = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        probs = counts / departures[:, None]
    unvisited = departures == 0
    chain = _ChainDraws.sample(
        counts,
        np.where(unvisited[:, None], 0.0, probs),
        len(names),
        leave=len(outcome_names) - 1,
        target=outcome_names.index(conversion),
        draws=int(draws),
        rng=np.random.default_rng(random_seed),
    )
    tail = (1.0 - float(ci_prob)) / 2.0
    position = np.arange(log.n_events) - np.flatnonzero(log.first)[log.customer]
    paths, n_truncated = _path_table(
        log.customer,
        position,
        log.touch,
        log.outcome,
        names,
        outcome_names,
        max_path_steps,
        top_paths,
    )
    states, targets = [START, *names], [*names, *outcome_names]
    converted = log.outcome == chain.target
    return JourneyFlowResult(
        counts=pd.DataFrame(counts.astype(np.int64), index=states, columns=targets),
        transitions=pd.DataFrame(
            np.where(unvisited[:, None], np.nan, probs), index=states, columns=targets
        ),
        dropoff=_dropoff_table(log, counts, chain.target, float(ci_prob)),
        conversion=_conversion_table(log, chain, float(ci_prob)),
        removal=_removal_table(names, chain, tail),
        steps=_step_table(position[log.last], converted, max_path_steps, float(ci_prob)),
        paths=paths,
        conversion_state=conversion,
        n_customers=log.n_customers,
        n_events=log.n_events,
        n_truncated_paths=n_truncated,
        ci_prob=float(ci_prob),
        draws=int(draws),
        random_seed=random_seed,
    )


@dataclass(frozen=True)
class _EncodedLog:
    """The event log as integer codes, sorted by customer (order of events kept)."""

    customer: np.ndarray
    touch: np.ndarray
    outcome: np.ndarray
    touchpoints: list[str]
    outcome_names: list[str]

    @property
    def n_events(self) -> int:
        return int(self.customer.size)

    @property
    def n_customers(self) -> int:
        return int(self.outcome.size)

    @property
    def first(self) -> np.ndarray:
        first: np.ndarray = np.r_[True, self.customer[1:] != self.customer[:-1]]
        return first

    @property
    def last(self) -> np.ndarray:
        last: np.ndarray = np.r_[self.customer[1:] != self.customer[:-1], True]
        return last


def _encode_log(
    events: pd.DataFrame,
    customer_col: str,
    touchpoint_col: str,
    outcome_col: str | None,
    touchpoints: Sequence[str] | None,
) -> _EncodedLog:
    customer, _ = pd.factorize(events[customer_col], sort=False)
    if touchpoints is not None:
        names = [str(t) for t in touchpoints]
        touch = pd.Categorical(events[touchpoint_col].astype(str), categories=names).codes
    else:
        codes, uniques = pd.factorize(events[touchpoint_col], sort=True)
        touch, names = codes, [str(u) for u in uniques]
    touch = np.asarray(touch, dtype=np.int64)
    order = None
    if np.any(np.diff(customer) < 0):
        order = np.argsort(customer, kind="stable")
        customer, touch = customer[order], touch[order]
    outcome, outcome_names = _absorbing_outcomes(events, outcome_col, customer, order)
    return _EncodedLog(customer, touch, outcome, names, outcome_names)


def _absorbing_outcomes(
    events: pd.DataFrame, outcome_col: str | None, customer: np.ndarray, order: np.ndarray | None
) -> tuple[np.ndarray, list[str]]:
    """Each customer's absorbing state: the last non-missing outcome value, else ``leave``."""
    outcome = np.zeros(int(customer.max()) + 1, dtype=np.int64)
    if outcome_col is None:
        return outcome, [LEAVE]
    values = events[outcome_col].to_numpy()
    if order is not None:
        values = values[order]
    has = pd.notna(values)
    value_codes, value_names = pd.factorize(values[has], sort=True)
    outcome_names = [*(str(u) for u in value_names if str(u) != LEAVE), LEAVE]
    lookup = np.array([outcome_names.index(str(u)) for u in value_names], dtype=np.int64)
    outcome[:] = len(outcome_names) - 1
    owners = customer[has]
    latest = np.r_[owners[1:] != owners[:-1], True]
    outcome[owners[latest]] = lookup[value_codes[latest]]
    return outcome, outcome_names


def _transition_counts(log: _EncodedLog) -> np.ndarray:
    """Count the moves from ``start`` and each touchpoint (rows) to each touchpoint and outcome."""
    n_touch = len(log.touchpoints)
    width = n_touch + len(log.outcome_names)
    first, last = log.first, log.last
    source = np.where(first, 0, np.r_[0, log.touch[:-1]] + 1)
    flat = source * width + log.touch
    exits = (log.touch[last] + 1) * width + n_touch + log.outcome[log.customer[last]]
    return (
        np.bincount(np.r_[flat, exits], minlength=(n_touch + 1) * width)
        .reshape(n_touch + 1, width)
        .astype(float)
    )


@dataclass(frozen=True)
class _ChainDraws:
    """Conversion with each touchpoint removed, at the estimate and per posterior draw."""

    q: np.ndarray
    r: np.ndarray
    q_draws: np.ndarray
    r_draws: np.ndarray
    point: np.ndarray
    drawn: np.ndarray
    target: int

    @classmethod
    def sample(
        cls,
        counts: np.ndarray,
        probs: np.ndarray,
        n_touch: int,
        *,
        leave: int,
        target: int,
        draws: int,
        rng: np.random.Generator,
    ) -> _ChainDraws:
        """Draw transition rows from their Dirichlet(counts + 1/2) posteriors."""
        q, r = _chain_blocks(probs, n_touch)
        alpha = np.where(counts > 0, counts + 0.5, 0.0)
        gammas = rng.gamma(np.broadcast_to(alpha, (draws, *alpha.shape)))
        totals = gammas.sum(axis=-1, keepdims=True)
        sampled = np.divide(gammas, totals, out=np.zeros_like(gammas), where=totals > 0)
        q_draws, r_draws = _chain_blocks(sampled, n_touch)
        return cls(
            q,
            r,
            q_draws,
            r_draws,
            point=_conversion_without(q, r, leave, target),
            drawn=_conversion_without(q_draws, r_draws, leave, target),
            target=target,
        )


def _conversion_table(log: _EncodedLog, chain: _ChainDraws, ci_prob: float) -> pd.DataFrame:
    absorbed = absorption_probabilities(chain.q, chain.r)[0]
    absorbed_draws = absorption_probabilities(chain.q_draws, chain.r_draws)[:, 0, :]
    observed = np.bincount(log.outcome, minlength=len(log.outcome_names)) / log.n_customers
    interval = equal_tailed_interval(absorbed_draws, ci_prob)
    return pd.DataFrame(
        {
            "estimate": absorbed,
            "lower": interval.lower,
            "upper": interval.upper,
            "observed_share": observed,
        },
        index=pd.Index(log.outcome_names, name="outcome"),
    )


def _removal_table(names: list[str], chain: _ChainDraws, tail: float) -> pd.DataFrame:
    point, drawn = chain.point, chain.drawn
    with np.errstate(invalid="ignore", divide="ignore"):
        effect = 1.0 - point[1:] / point[0]
        effect_draws = 1.0 - drawn[:, 1:] / drawn[:, :1]
    low, high = np.nanquantile(effect_draws, [tail, 1 - tail], axis=0)
    total_effect = effect.sum()
    return pd.DataFrame(
        {
            "conversion_without": point[1:],
            "removal_effect": effect,
            "lower": low,
            "upper": high,
            "attribution": effect / total_effect if total_effect > 0 else np.nan,
        },
        index=pd.Index(names, name="touchpoint"),
    )


def _dropoff_table(
    log: _EncodedLog, counts: np.ndarray, target: int, ci_prob: float
) -> pd.DataFrame:
    names = log.touchpoints
    n_touch = len(names)
    touch_counts = counts[1:]
    visits = np.bincount(log.touch, minlength=n_touch)
    lost = touch_counts[:, n_touch:].sum(axis=1) - touch_counts[:, n_touch + target]
    departures = touch_counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = wilson_interval(lost, np.maximum(departures, 1), ci_prob)
        dropoff = pd.DataFrame(
            {"visits": visits, "departures": departures.astype(int)},
            index=pd.Index(names, name="touchpoint"),
        )
        for j, name in enumerate(log.outcome_names):
            dropoff[f"to_{name}"] = touch_counts[:, n_touch + j].astype(int)
        dropoff["dropoff"] = lost / departures
        dropoff["lower"] = np.where(departures > 0, low, np.nan)
        dropoff["upper"] = np.where(departures > 0, high, np.nan)
    return dropoff
