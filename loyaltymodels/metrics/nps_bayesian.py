r"""Bayesian Net Promoter Score: a Dirichlet posterior on the three shares.

With a Dirichlet(a_P, a_A, a_D) prior on the promoter, passive and detractor shares and
trinomial counts (n_P, n_A, n_D), the posterior is Dirichlet(alpha) with
``alpha = (a_P + n_P, a_A + n_A, a_D + n_D)`` (conjugacy; Gelman et al. 2013, sec. 3.4).
The NPS ``100 (p_P - p_D)`` then has the closed-form posterior moments

.. math::

    E = 100 \\frac{\\alpha_P - \\alpha_D}{\\alpha_0}, \\qquad
    \\operatorname{Var} = 100^2 \\frac{\\alpha_P(\\alpha_0 - \\alpha_P)
        + \\alpha_D(\\alpha_0 - \\alpha_D) + 2 \\alpha_P \\alpha_D}{\\alpha_0^2 (\\alpha_0 + 1)},

with ``alpha_0`` the sum of ``alpha``; the credible interval comes from Monte Carlo draws.

References
----------
Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A. & Rubin, D. B. (2013).
Bayesian Data Analysis, 3rd ed., CRC Press, section 3.4 (multinomial model, Dirichlet prior).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._tables import attributes_row
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.metrics.nps import nps_counts
from loyaltymodels.summaries import (
    accepts_former_ci_prob_names,
    check_ci_prob,
    equal_tailed_interval,
)

__all__ = ["BayesianNPSResult", "nps_bayesian"]


@dataclass(repr=False)
class BayesianNPSResult(Result, frozen=True):
    """Posterior summary of the Net Promoter Score.

    Attributes
    ----------
    nps : float
        Posterior mean, in points.
    se : float
        Posterior standard deviation, in points.
    lower, upper : float
        Equal-tailed credible interval from the Monte Carlo draws.
    n : int
        Answers used.
    prob_positive : float
        Posterior probability that the NPS is above 0 (from the draws).
    alpha : numpy.ndarray
        The posterior Dirichlet parameters (promoters, passives, detractors).
    draws : numpy.ndarray
        The NPS draws, in points.
    confidence_level : float
        The credible level.
    random_seed : int or None
        The seed of the draws.
    n_missing : int
        Missing answers excluded.
    """

    nps: float
    se: float
    lower: float
    upper: float
    n: int
    prob_positive: float
    alpha: np.ndarray
    draws: np.ndarray
    confidence_level: float
    random_seed: int | None
    n_missing: int = 0
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        columns = ["nps", "se", "lower", "upper", "n", "prob_positive", "n_missing"]
        self.params = attributes_row(self, columns, label="posterior", index_name="estimate")


@accepts_former_ci_prob_names
def nps_bayesian(
    scores: Any,
    *,
    prior: float | tuple[float, float, float] = 1.0,
    draws: int = 10_000,
    ci_prob: float = 0.95,
    random_seed: int | None = None,
    missing: Literal["raise", "exclude"] = "raise",
) -> BayesianNPSResult:
    """Posterior of the Net Promoter Score under a Dirichlet prior on the three shares.

    Useful for small samples, where the Wald interval is unreliable. The posterior mean and
    standard deviation are exact (see the module docstring); the equal-tailed credible interval
    and ``prob_positive`` come from ``draws`` Dirichlet draws.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Likelihood-to-recommend answers, whole numbers from 0 to 10.
    prior : float or tuple of three floats, default 1.0
        Dirichlet prior pseudo-counts for (promoters, passives, detractors); a single number is
        used for all three (1 = uniform, 0.5 = Jeffreys).
    draws : int, default 10000
        Monte Carlo draws for the interval.
    ci_prob : float, default 0.95
        The credible level.
    random_seed : int, optional
        Seed of the numpy Generator used for the draws.
    missing : {"raise", "exclude"}, default "raise"
        What to do with missing answers.

    Returns
    -------
    BayesianNPSResult
        Fields ``nps`` (posterior mean), ``se`` (posterior SD), ``lower``, ``upper``, ``n``.

    References
    ----------
    Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed., section 3.4.

    Examples
    --------
    With a uniform prior, 2 promoters and 1 detractor give alpha = (3, 1, 2) and posterior mean
    100 (3 - 2) / 6:

    >>> result = nps_bayesian([9, 10, 3], random_seed=1, draws=2000)
    >>> round(result.nps, 4)
    16.6667
    """
    level = check_ci_prob(ci_prob)
    pseudo = np.broadcast_to(np.asarray(prior, dtype=float), (3,)).copy()
    if not np.all(np.isfinite(pseudo)) or np.any(pseudo <= 0):
        raise LoyaltyDataError(
            f"prior pseudo-counts must be positive, got {prior!r}; use 1 (uniform) or 0.5."
        )
    if int(draws) < 100:
        raise LoyaltyDataError(f"draws must be at least 100, got {draws!r}.")
    promoters, passives, detractors, n_missing = nps_counts(scores, missing=missing)
    alpha = pseudo + np.array([promoters, passives, detractors], dtype=float)
    total = alpha.sum()
    mean = 100.0 * (alpha[0] - alpha[2]) / total
    variance = (
        alpha[0] * (total - alpha[0]) + alpha[2] * (total - alpha[2]) + 2.0 * alpha[0] * alpha[2]
    ) / (total**2 * (total + 1.0))
    rng = np.random.default_rng(random_seed)
    shares = rng.dirichlet(alpha, size=int(draws))
    samples = 100.0 * (shares[:, 0] - shares[:, 2])
    interval = equal_tailed_interval(samples, level)
    lower, upper = interval.lower, interval.upper
    return BayesianNPSResult(
        nps=float(mean),
        se=float(100.0 * np.sqrt(variance)),
        lower=float(lower),
        upper=float(upper),
        n=promoters + passives + detractors,
        prob_positive=float(np.mean(samples > 0)),
        alpha=alpha,
        draws=samples,
        confidence_level=level,
        random_seed=random_seed,
        n_missing=n_missing,
    )
