"""Flags for fits on degenerate data: estimates at the boundary and impossible likelihoods.

Some data sets let the likelihood increase without bound towards the edge of the parameter
space: a period without churn drives its log-odds baseline towards minus infinity, a covariate
that separates churners from stayers drives its coefficient towards infinity, customers who all
share one pattern drive the BG/NBD heterogeneity parameters towards infinity (a degenerate
gamma mixing distribution). The optimiser then stops somewhere far out (log-odds of -25,
``r = 4e8``) and reports a number that means nothing. These checks find such estimates after
the fit and say so on the result (``result.flags``, shown by ``to_markdown`` and every report)
and as a :class:`DegenerateDataWarning`.

Bounds: a positive parameter (shape, scale or rate) outside ``[1e-6, 1e5]``; a coefficient on
the log or log-odds scale beyond ``±15`` (a factor of ``e^15 ≈ 3.3e6`` on the odds or rate,
far beyond any real effect per unit of a covariate); a log-likelihood above ``50`` nats per
observation (a likelihood of ``e^50`` per customer is no probability model's answer to real
data; it comes from an outlier such as a frequency of ``1e12``) or not finite.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "COEFFICIENT_BOUND",
    "LOGLIK_PER_OBSERVATION_BOUND",
    "POSITIVE_BOUNDS",
    "DegenerateDataWarning",
    "boundary_flags",
    "flag_result",
    "log_likelihood_flags",
]

POSITIVE_BOUNDS = (1e-6, 1e5)
COEFFICIENT_BOUND = 15.0
LOGLIK_PER_OBSERVATION_BOUND = 50.0


class DegenerateDataWarning(UserWarning):
    """The data are degenerate for the model: an estimate ran to the boundary."""


def boundary_flags(
    params: pd.DataFrame,
    *,
    positive: Iterable[str] = (),
    coefficients: Iterable[str] = (),
) -> list[str]:
    """Return flags for estimates that ran off to the boundary of the parameter space.

    Parameters
    ----------
    params : pandas.DataFrame
        The parameter table (index: parameter labels, column ``estimate``).
    positive : iterable of str
        Labels of positive parameters (checked against :data:`POSITIVE_BOUNDS`); for a
        MultiIndex the last level is matched, and ``name[i]`` matches ``name``.
    coefficients : iterable of str
        Labels of coefficients on the log or log-odds scale (checked against
        :data:`COEFFICIENT_BOUND`), matched the same way.

    Returns
    -------
    list of str
        One flag per kind of problem found (empty when none).
    """
    positive = set(positive)
    coefficients = set(coefficients)
    low, high = POSITIVE_BOUNDS
    at_positive, at_coefficient = [], []
    for label, value in params["estimate"].items():
        key = label[-1] if isinstance(label, tuple) else label
        base = str(key).split("[")[0]
        name = "/".join(str(part) for part in label) if isinstance(label, tuple) else str(label)
        value = float(value)
        if str(key) in positive or base in positive:
            if not np.isfinite(value) or not low <= value <= high:
                at_positive.append(f"{name} = {value:.3g}")
        elif (str(key) in coefficients or base in coefficients) and not (
            np.isfinite(value) and abs(value) <= COEFFICIENT_BOUND
        ):
            at_coefficient.append(f"{name} = {value:.3g}")
    flags = []
    if at_positive:
        flags.append(
            f"degenerate data: {', '.join(at_positive)} ran to the boundary of the parameter "
            f"space (outside [{low:g}, {high:g}]); the data carry no information on it (e.g. "
            "every customer shares one pattern, or an outlier dominates) and the estimate is "
            "meaningless."
        )
    if at_coefficient:
        flags.append(
            f"degenerate data: {', '.join(at_coefficient)} ran to the boundary (beyond "
            f"±{COEFFICIENT_BOUND:g} on the log-odds or log scale): a period or group without "
            "events, with only events, or a covariate that separates them perfectly "
            "(separation); the estimate is meaningless."
        )
    return flags


def log_likelihood_flags(log_likelihood: float, n_observations: float) -> list[str]:
    """Return a flag when the log-likelihood is not finite or implausibly large.

    Parameters
    ----------
    log_likelihood : float
        The log-likelihood at the estimates.
    n_observations : float
        The number of observations (customers) it sums over.

    Returns
    -------
    list of str
        The flag, or an empty list.
    """
    if np.isnan(log_likelihood):
        return []
    if not np.isfinite(log_likelihood):
        return [
            f"degenerate data: the log-likelihood is {log_likelihood}; some observations are "
            "impossible under the fitted model."
        ]
    per_observation = log_likelihood / max(float(n_observations), 1.0)
    if per_observation > LOGLIK_PER_OBSERVATION_BOUND:
        return [
            f"degenerate data: the log-likelihood {log_likelihood:.4g} "
            f"({per_observation:.3g} per observation) is impossible for real data; an outlier "
            "(such as a frequency or spend of 1e12) dominates the fit. Check the largest values."
        ]
    return []


def flag_result(flags: list[str], new: Iterable[str], *, stacklevel: int = 3) -> None:
    """Append ``new`` flags to a result's ``flags`` list and warn about each.

    Parameters
    ----------
    flags : list of str
        The result's flags (changed in place).
    new : iterable of str
        The flags to add.
    stacklevel : int, default 3
        Passed to :func:`warnings.warn`.
    """
    for flag in new:
        if flag not in flags:
            flags.append(flag)
            warnings.warn(flag, DegenerateDataWarning, stacklevel=stacklevel)
