"""Simulators: simulated retention series and churn panels, with known parameters.

Each simulator takes ``random_seed`` (a NumPy Generator is built from it; the global RNG is
never touched) and returns ``(data, truth)``: the simulated data and the parameters that
generated it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["simulate_sbg_cohorts", "simulate_subscription_panel"]


def simulate_sbg_cohorts(
    parameters: Mapping[str, tuple[float, float]] | None = None,
    *,
    cohort_size: int = 1000,
    periods: int = 7,
    records: bool = False,
    random_seed: int | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Simulate contract renewals from the shifted-beta-geometric model.

    Every customer draws a churn probability ``theta ~ Beta(alpha, beta)`` and then churns in
    period ``T ~ Geometric(theta)`` (``T >= 1``); the cohort is observed up to ``periods``.

    Parameters
    ----------
    parameters : mapping of str to (alpha, beta), optional
        One entry per cohort; by default the two segments of Fader & Hardie (2007):
        ``{"regular": (0.704, 1.182), "high_end": (0.668, 3.806)}``.
    cohort_size : int, default 1000
        Customers per cohort.
    periods : int, default 7
        The last period observed.
    records : bool, default False
        Return one row per customer (``customer_id``, ``cohort``, ``periods``, ``churned``)
        instead of survival counts.
    random_seed : int, optional
        Seed of the NumPy Generator.

    Returns
    -------
    data : pandas.DataFrame
        Survival counts indexed by ``period`` (0..periods), one column per cohort; or the
        per-customer records.
    truth : dict
        ``{"parameters": {cohort: (alpha, beta)}, "cohort_size": ..., "periods": ...}``.

    Examples
    --------
    >>> counts, truth = simulate_sbg_cohorts(random_seed=1)
    >>> counts.loc[0].tolist()
    [1000, 1000]
    """
    parameters = dict(parameters or {"regular": (0.704, 1.182), "high_end": (0.668, 3.806)})
    rng = np.random.default_rng(random_seed)
    counts = {}
    rows = []
    for name, (alpha, beta) in parameters.items():
        theta = rng.beta(alpha, beta, size=cohort_size)
        churn_period = rng.geometric(np.clip(theta, 1e-12, 1.0))
        counts[name] = [int((churn_period > t).sum()) for t in range(periods + 1)]
        rows.append(
            pd.DataFrame(
                {
                    "cohort": name,
                    "periods": np.minimum(churn_period, periods),
                    "churned": (churn_period <= periods).astype("int64"),
                }
            )
        )
    truth = {"parameters": parameters, "cohort_size": cohort_size, "periods": periods}
    if records:
        frame = pd.concat(rows, ignore_index=True)
        frame.insert(0, "customer_id", np.arange(1, len(frame) + 1))
        return frame, truth
    return pd.DataFrame(counts, index=pd.RangeIndex(periods + 1, name="period")), truth


def simulate_subscription_panel(
    n_customers: int = 10_000,
    n_periods: int = 10,
    *,
    baseline_hazard: Sequence[float] | None = None,
    effects: Mapping[str, float] | None = None,
    n_segments: int = 4,
    segment_sd: float = 0.3,
    link: str = "logit",
    random_seed: int | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    r"""Simulate a subscription panel in which satisfaction and complaints drive churn.

    Each customer has a satisfaction score (0-10, measured at sign-up), a plan (segment) and
    in every period a complaint indicator (probability 0.15, higher for the dissatisfied).
    The churn probability in period ``t`` is

    .. math:: h_{it} = g^{-1}(\lambda_t + \beta_s\,\mathrm{satisfaction}_i
              + \beta_c\,\mathrm{complaint}_{it} + u_{\mathrm{plan}(i)}),

    with ``g`` the logit or complementary log-log link. Customers leave the panel after
    churning; survivors are censored after ``n_periods``. All covariates are discrete, so
    the panel collapses into a few hundred (period, covariate, plan) patterns.

    Parameters
    ----------
    n_customers : int, default 10000
        Customers.
    n_periods : int, default 10
        Periods observed.
    baseline_hazard : sequence of float, optional
        The churn probability per period of a customer with average satisfaction (7), no
        complaint and an average plan; defaults to 0.12 falling to 0.05.
    effects : mapping, optional
        Coefficients on the link scale; default ``{"satisfaction": -0.25, "complaint": 0.8}``.
    n_segments : int, default 4
        Plans, named ``plan_A``, ``plan_B``, ...
    segment_sd : float, default 0.3
        Standard deviation of the plans' random intercepts (0 for none).
    link : {"logit", "cloglog"}, default "logit"
        The link.
    random_seed : int, optional
        Seed of the NumPy Generator.

    Returns
    -------
    panel : pandas.DataFrame
        One row per customer-period at risk: ``customer_id``, ``period``, ``plan``,
        ``satisfaction``, ``complaint``, ``churned``.
    truth : dict
        ``link``, ``baseline`` (the linear predictor at zero covariates and zero plan effect,
        per period), ``effects``, ``segment_effects`` (per plan), ``segment_sd``.

    Examples
    --------
    >>> panel, truth = simulate_subscription_panel(n_customers=500, random_seed=1)
    >>> sorted(panel.columns)
    ['churned', 'complaint', 'customer_id', 'period', 'plan', 'satisfaction']
    >>> truth["effects"]
    {'satisfaction': -0.25, 'complaint': 0.8}
    """
    if link not in ("logit", "cloglog"):
        raise ValueError(f"link must be 'logit' or 'cloglog', got {link!r}.")
    rng = np.random.default_rng(random_seed)
    effects = dict(effects or {"satisfaction": -0.25, "complaint": 0.8})
    unknown = set(effects) - {"satisfaction", "complaint"}
    if unknown:
        raise ValueError(f"effects may name 'satisfaction' and 'complaint', not {sorted(unknown)}.")
    hazard = np.asarray(
        baseline_hazard if baseline_hazard is not None else np.linspace(0.12, 0.05, n_periods),
        dtype=float,
    )
    if hazard.shape != (n_periods,):
        raise ValueError(f"baseline_hazard needs {n_periods} values, got {hazard.size}.")
    typical = np.log(hazard / (1 - hazard)) if link == "logit" else np.log(-np.log1p(-hazard))
    baseline = typical - effects.get("satisfaction", 0.0) * 7.0
    plans = [f"plan_{chr(ord('A') + k)}" for k in range(n_segments)]
    plan_effect = (
        rng.normal(0.0, segment_sd, size=n_segments) if segment_sd > 0 else np.zeros(n_segments)
    )
    plan = rng.integers(0, n_segments, size=n_customers)
    satisfaction = np.clip(np.round(rng.normal(7.0, 2.0, size=n_customers)), 0, 10)
    complaint_probability = np.clip(0.15 + 0.03 * (7.0 - satisfaction), 0.02, 0.6)
    customer_rows = []
    alive = np.ones(n_customers, dtype=bool)
    for t in range(n_periods):
        at_risk = np.flatnonzero(alive)
        complaint = (rng.random(at_risk.size) < complaint_probability[at_risk]).astype("int64")
        eta = (
            baseline[t]
            + effects.get("satisfaction", 0.0) * satisfaction[at_risk]
            + effects.get("complaint", 0.0) * complaint
            + plan_effect[plan[at_risk]]
        )
        probability = 1 / (1 + np.exp(-eta)) if link == "logit" else -np.expm1(-np.exp(eta))
        churned = (rng.random(at_risk.size) < probability).astype("int64")
        customer_rows.append(
            pd.DataFrame(
                {
                    "customer_id": at_risk + 1,
                    "period": t + 1,
                    "plan": np.asarray(plans)[plan[at_risk]],
                    "satisfaction": satisfaction[at_risk],
                    "complaint": complaint,
                    "churned": churned,
                }
            )
        )
        alive[at_risk[churned == 1]] = False
    panel = pd.concat(customer_rows, ignore_index=True)
    panel = panel.sort_values(["customer_id", "period"], kind="stable").reset_index(drop=True)
    truth = {
        "link": link,
        "baseline": baseline,
        "effects": effects,
        "segment_effects": dict(zip(plans, plan_effect.tolist(), strict=True)),
        "segment_sd": segment_sd,
    }
    return panel, truth
