r"""Simulator: a loyalty survey with known structural paths.

The population model is the three-dimension loyalty model of the seed research: correlated
value (V), emotion (E) and relationship (R) factors (unit variances, correlation 0.35) explain
loyalty (L) with standardized total effects 0.28, 0.39 and 0.45, so that

.. math::

    R^2_L = c^\top \Phi c = 0.28^2 + 0.39^2 + 0.45^2
        + 2 \cdot 0.35\,(0.28 \cdot 0.39 + 0.28 \cdot 0.45 + 0.39 \cdot 0.45) \approx 0.72.

Part of each effect runs through satisfaction (S): :math:`S = a^\top X + \zeta_S` with
:math:`a = (0.30, 0.35, 0.40)`, and :math:`L = (c - b a)^\top X + b S + \zeta_L` with
:math:`b = 0.30`, residual variances chosen so that every factor has unit variance. Fitting
the model without satisfaction therefore recovers the seed paths 0.28/0.39/0.45 and
:math:`R^2 \approx 0.72` (the satisfaction residual joins the loyalty residual); fitting it with
satisfaction recovers the direct paths :math:`c - ba`, the indirect paths :math:`ba` and
:math:`R^2` of loyalty given satisfaction.

Items are 7-point Likert answers: a continuous indicator :math:`y^* = \lambda\eta +
\sqrt{1-\lambda^2}\,\varepsilon` cut at fixed thresholds (3-4 items per construct).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["SimulatedLoyaltySurvey", "simulate_loyalty_survey"]

_DIMENSIONS = ("value", "emotion", "relationship")
_SEED_PATHS = np.array([0.28, 0.39, 0.45])
_CORRELATION = 0.35
_TO_SATISFACTION = np.array([0.30, 0.35, 0.40])
_SATISFACTION_TO_LOYALTY = 0.30
_LOADINGS = {
    "value": ("v", (0.80, 0.75, 0.85, 0.70)),
    "emotion": ("e", (0.85, 0.80, 0.75)),
    "relationship": ("r", (0.80, 0.85, 0.75, 0.70)),
    "satisfaction": ("s", (0.85, 0.80, 0.80)),
    "loyalty": ("l", (0.85, 0.80, 0.75, 0.80)),
}
# Cut points of the continuous indicator for the 7 answer categories (slightly left-skewed,
# as satisfaction and loyalty answers usually are).
_THRESHOLDS = np.array([-2.0, -1.4, -0.8, -0.2, 0.5, 1.3])


@dataclass(frozen=True)
class SimulatedLoyaltySurvey:
    """A simulated loyalty survey and the population values that generated it.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per respondent, integer items 1-7: ``v1``-``v4`` (value), ``e1``-``e3``
        (emotion), ``r1``-``r4`` (relationship), ``s1``-``s3`` (satisfaction), ``l1``-``l4``
        (loyalty).
    items : dict of str to list of str
        Construct -> item columns (ready for :func:`loyaltymodels.sem.loyalty_model`).
    true_paths : pandas.Series
        Standardized (total) effects of value, emotion and relationship on loyalty: 0.28,
        0.39, 0.45.
    true_r2 : float
        Population R-squared of loyalty on the three dimensions (0.7205).
    true_mediation : pandas.DataFrame
        Per dimension: standardized ``to_satisfaction`` (a), ``direct`` (c - ab),
        ``indirect`` (ab) and ``total`` effects on loyalty in the model with satisfaction;
        attribute ``satisfaction_to_loyalty`` is b.
    latent_correlation : float
        Correlation of the three dimensions (0.35).
    loadings : dict of str to tuple of float
        Standardized loadings of the continuous indicators before discretisation.
    """

    data: pd.DataFrame
    items: dict[str, list[str]]
    true_paths: pd.Series
    true_r2: float
    true_mediation: pd.DataFrame
    latent_correlation: float
    loadings: dict[str, tuple[float, ...]]


def simulate_loyalty_survey(
    n: int = 600, *, random_seed: int | None = None
) -> SimulatedLoyaltySurvey:
    """Simulate ``n`` survey responses from the seed loyalty model.

    Parameters
    ----------
    n : int, default 600
        Respondents.
    random_seed : int, optional
        Seed of the NumPy Generator.

    Returns
    -------
    SimulatedLoyaltySurvey
        The answers and the true values.

    Examples
    --------
    >>> survey = simulate_loyalty_survey(200, random_seed=1)
    >>> survey.data.shape, float(survey.true_paths["emotion"]), round(survey.true_r2, 4)
    ((200, 18), 0.39, 0.7205)
    """
    if int(n) != n or n < 10:
        raise LoyaltyDataError(f"n must be a whole number of respondents >= 10, got {n!r}.")
    rng = np.random.default_rng(random_seed)
    phi = np.full((3, 3), _CORRELATION)
    np.fill_diagonal(phi, 1.0)
    a, b = _TO_SATISFACTION, _SATISFACTION_TO_LOYALTY
    direct = _SEED_PATHS - b * a
    var_sat_resid = 1.0 - a @ phi @ a
    r2_seed = float(_SEED_PATHS @ phi @ _SEED_PATHS)
    var_loy_resid = 1.0 - r2_seed - b**2 * var_sat_resid

    dims = rng.multivariate_normal(np.zeros(3), phi, size=int(n))
    satisfaction = dims @ a + rng.normal(0.0, np.sqrt(var_sat_resid), size=int(n))
    loyalty = dims @ direct + b * satisfaction + rng.normal(0.0, np.sqrt(var_loy_resid), int(n))
    factors = {
        "value": dims[:, 0],
        "emotion": dims[:, 1],
        "relationship": dims[:, 2],
        "satisfaction": satisfaction,
        "loyalty": loyalty,
    }
    columns: dict[str, np.ndarray] = {}
    items: dict[str, list[str]] = {}
    for construct, (prefix, loadings) in _LOADINGS.items():
        items[construct] = []
        for k, lam in enumerate(loadings, start=1):
            latent = lam * factors[construct] + np.sqrt(1.0 - lam**2) * rng.normal(size=int(n))
            name = f"{prefix}{k}"
            columns[name] = 1 + np.searchsorted(_THRESHOLDS, latent)
            items[construct].append(name)
    mediation = pd.DataFrame(
        {"to_satisfaction": a, "direct": direct, "indirect": b * a, "total": _SEED_PATHS},
        index=list(_DIMENSIONS),
    )
    mediation.attrs["satisfaction_to_loyalty"] = b
    return SimulatedLoyaltySurvey(
        data=pd.DataFrame(columns).astype("int64"),
        items=items,
        true_paths=pd.Series(_SEED_PATHS, index=list(_DIMENSIONS), name="true_std_path"),
        true_r2=r2_seed,
        true_mediation=mediation,
        latent_correlation=_CORRELATION,
        loadings={k: v[1] for k, v in _LOADINGS.items()},
    )
