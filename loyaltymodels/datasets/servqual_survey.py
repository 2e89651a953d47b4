"""Simulators: simulated SERVQUAL surveys with known gaps.

The survey answers the 22 SERVQUAL items (Parasuraman, Zeithaml & Berry 1988) for
expectations (desired service), perceptions and adequate service (the three-column format of
Parasuraman, Zeithaml & Berry 1994), item importance ratings and 100-point importance
allocations across the five dimensions, for two segments of respondents. Answers are latent
normal scores with a five-factor structure, rounded and clipped to the 7-point scale; the true
means of the *observed* answers are computed exactly from the normal distribution, so every
gap, MSA and MSS has a known population value on the answer scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.servqual.instrument import SERVQUAL

__all__ = ["SimulatedServqualSurvey", "simulate_servqual_survey"]

_DIMENSIONS = SERVQUAL.dimensions
_SCALE = SERVQUAL.scale
_SEGMENTS = ("branch_a", "branch_b")

# Latent (pre-rounding) means per dimension.
_EXPECTATION = np.array([5.6, 6.2, 5.9, 6.0, 5.5])
_PERCEPTION = np.array([5.4, 5.0, 4.9, 5.5, 4.8])
_ADEQUATE_BELOW_DESIRED = 1.5
_IMPORTANCE = np.array([4.8, 6.3, 5.9, 5.8, 5.3])
# branch_b perceives worse responsiveness and empathy.
_SEGMENT_SHIFT = np.array([0.0, 0.0, -0.8, 0.0, -0.4])
# Mean 100-point allocation (reliability first, tangibles last, as in Parasuraman, Berry &
# Zeithaml 1991) and the Dirichlet concentration of individual allocations.
_ALLOCATION = np.array([0.11, 0.32, 0.22, 0.19, 0.16])
_CONCENTRATION = 20.0
_LOADING = 0.8
_ITEM_SD = 1.0
_DIMENSION_CORRELATION = 0.4
# Correlations of the expectation, perception and adequate factors of the same dimension.
_BLOCK = np.array([[1.0, 0.3, 0.6], [0.3, 1.0, 0.2], [0.6, 0.2, 1.0]])


@dataclass(frozen=True)
class SimulatedServqualSurvey:
    """A simulated SERVQUAL survey and the population values that generated it.

    Attributes
    ----------
    expectations, perceptions, adequate : pandas.DataFrame
        One row per respondent, items ``q1``-``q22`` on the 1-7 scale (expectations are the
        desired service level).
    importance : pandas.DataFrame
        Item importance ratings (1-7), items ``q1``-``q22``.
    weights : pandas.DataFrame
        100-point importance allocations across the five dimensions (rows sum to 100).
    segment : pandas.Series
        ``branch_a`` or ``branch_b`` per respondent.
    true_items : pandas.DataFrame
        Per item: ``dimension`` and the population means of the observed answers
        ``expectation``, ``perception``, ``adequate``, ``importance``, and ``gap`` (P - E),
        ``msa`` (P - A), ``mss`` (P - D).
    true_dimensions : pandas.DataFrame
        The same per dimension (means of its items), ``weight`` (mean allocation / 100), and
        rows ``overall`` and ``weighted_overall`` for the gap.
    true_segment_gaps : pandas.DataFrame
        The population gap per segment (rows) and dimension or overall score (columns).
    """

    expectations: pd.DataFrame
    perceptions: pd.DataFrame
    adequate: pd.DataFrame
    importance: pd.DataFrame
    weights: pd.DataFrame
    segment: pd.Series
    true_items: pd.DataFrame
    true_dimensions: pd.DataFrame
    true_segment_gaps: pd.DataFrame


def _observed_mean(latent_mean: np.ndarray, sd: float) -> np.ndarray:
    """Exact mean of clip(round(X), 1, 7) for X ~ Normal(latent_mean, sd)."""
    low, high = _SCALE
    categories = np.arange(low, high + 1, dtype=float)
    upper = np.append(categories[:-1] + 0.5, np.inf)
    lower = np.insert(categories[1:] - 0.5, 0, -np.inf)
    mu = np.asarray(latent_mean, dtype=float)[..., None]
    prob = stats.norm.cdf((upper - mu) / sd) - stats.norm.cdf((lower - mu) / sd)
    return np.asarray((prob * categories).sum(axis=-1))


def _to_scale(latent: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(latent + 0.5), *_SCALE)


def _answers(
    mean: np.ndarray, factors: np.ndarray, item_dim: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Draw one block of 1-7 answers: dimension factor with loading, unique noise, rounding."""
    items = [item for its in _DIMENSIONS.values() for item in its]
    noise = rng.standard_normal((mean.shape[0], len(items)))
    uniqueness = np.sqrt(1.0 - _LOADING**2)
    latent = mean + _ITEM_SD * (_LOADING * factors[:, item_dim] + uniqueness * noise)
    return pd.DataFrame(_to_scale(latent).astype(np.int64), columns=items)


def _true_gaps(
    item_dim: np.ndarray,
    share_b: float,
    mu_e: np.ndarray,
    mu_a: np.ndarray,
    mu_p_a: np.ndarray,
    mu_p_b: np.ndarray,
    mu_i: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the population means of the observed answers per item, dimension and segment."""
    dims = list(_DIMENSIONS)
    items = [item for its in _DIMENSIONS.values() for item in its]
    obs_e = _observed_mean(mu_e, _ITEM_SD)
    obs_a = _observed_mean(mu_a, _ITEM_SD)
    obs_p_a = _observed_mean(mu_p_a, _ITEM_SD)
    obs_p_b = _observed_mean(mu_p_b, _ITEM_SD)
    obs_p = (1.0 - share_b) * obs_p_a + share_b * obs_p_b
    true_items = pd.DataFrame(
        {
            "dimension": [dims[k] for k in item_dim],
            "expectation": obs_e,
            "perception": obs_p,
            "adequate": obs_a,
            "importance": _observed_mean(mu_i, _ITEM_SD),
            "gap": obs_p - obs_e,
            "msa": obs_p - obs_a,
            "mss": obs_p - obs_e,
        },
        index=pd.Index(items, name="item"),
    )
    true_dimensions = true_items.groupby("dimension", sort=False).mean()
    true_dimensions["weight"] = _ALLOCATION
    overall = float(true_dimensions["gap"].mean())
    weighted = float((true_dimensions["gap"] * true_dimensions["weight"]).sum())
    true_dimensions.loc["overall", "gap"] = overall
    true_dimensions.loc["weighted_overall", "gap"] = weighted
    segment_rows = {}
    for label, obs in zip(_SEGMENTS, (obs_p_a, obs_p_b), strict=True):
        gaps = pd.Series(obs - obs_e).groupby(item_dim).mean().to_numpy()
        row = dict(zip(dims, gaps, strict=True))
        row["overall"] = float(gaps.mean())
        row["weighted_overall"] = float((gaps * _ALLOCATION).sum())
        segment_rows[label] = row
    true_segment_gaps = pd.DataFrame(segment_rows).T
    true_segment_gaps.index.name = "segment"
    return true_items, true_dimensions, true_segment_gaps


def simulate_servqual_survey(
    n: int = 500, *, random_seed: int | None = None
) -> SimulatedServqualSurvey:
    r"""Simulate a SERVQUAL survey with known gaps per item, dimension and segment.

    Respondent :math:`i` has latent factors :math:`f^E_{id}, f^P_{id}, f^A_{id}` per dimension
    :math:`d`, jointly normal with unit variances, correlation 0.4 between dimensions and
    correlations 0.3 (E, P), 0.6 (E, A), 0.2 (P, A) within a dimension. Item :math:`j` of
    dimension :math:`d` is answered as

    .. math::

        Y_{ij} = \operatorname{clip}\bigl(\operatorname{round}(\mu_j + \lambda f_{id} +
        \sqrt{1-\lambda^2}\,\varepsilon_{ij}),\ 1,\ 7\bigr), \qquad \lambda = 0.8,

    and the population mean of :math:`Y_{ij}` is :math:`\sum_k k\,P(Y_{ij} = k)` with normal
    probabilities, which gives the true gaps on the answer scale. Half of the respondents
    (``branch_b``) perceive responsiveness 0.8 and empathy 0.4 points worse (latent scale).
    Importance allocations are multinomial(100, Dirichlet) with mean shares 0.11, 0.32, 0.22,
    0.19, 0.16 (tangibles ... empathy), independent of the gaps, so the true weighted gap is
    :math:`\sum_d \bar w_d\, G_d`.

    Parameters
    ----------
    n, random_seed
        Respondents (default 500, at least 10) and the seed, as in
        :func:`~loyaltymodels.datasets.simulate_loyalty_survey`.

    Returns
    -------
    SimulatedServqualSurvey
        The answers, the segment of each respondent and the true gaps per item, dimension
        and segment.

    Examples
    --------
    >>> survey = simulate_servqual_survey(200, random_seed=1)
    >>> survey.perceptions.shape
    (200, 22)
    >>> bool(survey.true_dimensions.loc["reliability", "gap"] < 0)
    True
    """
    if int(n) != n or n < 10:
        raise LoyaltyDataError(f"n must be a whole number of at least 10 respondents, got {n!r}.")
    n = int(n)
    rng = np.random.default_rng(random_seed)
    dims = list(_DIMENSIONS)
    items = [item for its in _DIMENSIONS.values() for item in its]
    item_dim = np.array([dims.index(d) for d, its in _DIMENSIONS.items() for _ in its])
    offsets = np.concatenate([np.linspace(-0.15, 0.15, len(its)) for its in _DIMENSIONS.values()])

    n_b = n // 2
    segment_index = rng.permutation(np.r_[np.zeros(n - n_b, dtype=int), np.ones(n_b, dtype=int)])
    segment = pd.Series(np.array(_SEGMENTS)[segment_index], name="segment")

    n_dims = len(dims)
    between = np.full((n_dims, n_dims), _DIMENSION_CORRELATION) + np.eye(n_dims) * (
        1.0 - _DIMENSION_CORRELATION
    )
    chol = np.linalg.cholesky(np.kron(_BLOCK, between))
    factors = rng.standard_normal((n, 3 * n_dims)) @ chol.T

    mu_e = _EXPECTATION[item_dim] + offsets
    mu_p_a = _PERCEPTION[item_dim] + offsets
    mu_p_b = mu_p_a + _SEGMENT_SHIFT[item_dim]
    mu_a = mu_e - _ADEQUATE_BELOW_DESIRED
    mu_p = np.where(segment_index[:, None] == 1, mu_p_b, mu_p_a)

    def answers(mean: np.ndarray, block: int) -> pd.DataFrame:
        return _answers(mean, factors[:, block * n_dims : (block + 1) * n_dims], item_dim, rng)

    expectations = answers(np.broadcast_to(mu_e, (n, len(items))), 0)
    perceptions = answers(mu_p, 1)
    adequate = answers(np.broadcast_to(mu_a, (n, len(items))), 2)

    mu_i = _IMPORTANCE[item_dim] + offsets
    general = rng.standard_normal((n, 1))
    importance_latent = mu_i + _ITEM_SD * (
        0.6 * general + 0.8 * rng.standard_normal((n, len(items)))
    )
    importance = pd.DataFrame(_to_scale(importance_latent).astype(np.int64), columns=items)

    shares = rng.dirichlet(_ALLOCATION * _CONCENTRATION, size=n)
    allocations = np.array([rng.multinomial(100, s) for s in shares])
    weights = pd.DataFrame(allocations, columns=dims)

    true_items, true_dimensions, true_segment_gaps = _true_gaps(
        item_dim, n_b / n, mu_e, mu_a, mu_p_a, mu_p_b, mu_i
    )
    return SimulatedServqualSurvey(
        expectations=expectations,
        perceptions=perceptions,
        adequate=adequate,
        importance=importance,
        weights=weights,
        segment=segment,
        true_items=true_items,
        true_dimensions=true_dimensions,
        true_segment_gaps=true_segment_gaps,
    )
