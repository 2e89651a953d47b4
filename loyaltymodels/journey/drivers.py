r"""Key-driver analysis: how much each touchpoint contributes to an outcome.

:func:`key_drivers` decomposes the :math:`R^2` of the regression of an outcome (overall
satisfaction, likelihood to recommend; or a 0/1 outcome by logistic regression) on the
touchpoint ratings into one share per touchpoint:

* ``method="shapley"``: the Shapley value / LMG decomposition (Lindeman, Merenda & Gold 1980;
  general dominance, Budescu 1993; Grömping 2006), exact over all :math:`2^p` subsets for up to
  :data:`~loyaltymodels.journey.subsets.MAX_EXACT` touchpoints (see
  :mod:`loyaltymodels.journey.subsets`), and beyond that estimated from random orderings
  (Castro et al. 2009) with the Monte Carlo standard error reported;
* ``method="relative_weights"``: Johnson's (2000) relative weights.

For a binary outcome (``family="logistic"``) the Shapley decomposition splits McFadden's
pseudo-:math:`R^2` and relative weights split the squared correlation of the outcome with the
fitted probability (Tonidandel & LeBreton 2010); ``result.r2_kind`` says which.

Bootstrap intervals resample respondents: each replicate's correlation matrix comes from a
weighted sum of cross-products (one matrix product for all replicates), and the decomposition
runs on all replicates at once. Differences between touchpoints are tested on the same
replicates (percentile interval of :math:`\phi_j - \phi_k`, two-sided p-value :math:`2
\min(\Pr^*(d \le 0), \Pr^*(d \ge 0))`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_not_constant
from loyaltymodels.journey.contracts import check_touchpoint_survey
from loyaltymodels.journey.importance import (
    logistic_relative_weights,
    logistic_subset_r2,
    permutation_shapley,
    relative_weights,
)
from loyaltymodels.journey.subsets import MAX_EXACT, shapley_weights, subset_r2
from loyaltymodels.summaries import draw_sd, equal_tailed_interval

__all__ = ["MAX_EXACT_LOGISTIC", "KeyDriverResult", "key_drivers"]

#: The largest number of players for the exact logistic Shapley decomposition (2^p fits).
MAX_EXACT_LOGISTIC = 12

NOT_EXPERIENCED_SUFFIX = ": not experienced"

Method = Literal["shapley", "relative_weights"]
Family = Literal["linear", "logistic"]


@dataclass(repr=False)
class KeyDriverResult(Result, frozen=True):
    """Relative importance of touchpoints for an outcome, from :func:`key_drivers`.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by driver: ``estimate`` (its part of the R-squared), ``share`` (of the
        R-squared), ``rank``, ``n_experienced`` (respondents with an outcome who rated the
        touchpoint; every respondent for a not-experienced indicator); with a bootstrap also
        ``se``, ``lower`` and ``upper`` (percentile interval); beyond exact enumeration
        ``mc_se`` (Monte Carlo error).
    differences : pandas.DataFrame or None
        With a bootstrap: every pair (first, second) with the difference of their estimates,
        its interval and two-sided bootstrap p-value.
    r2 : float
        The R-squared being decomposed (see ``r2_kind``).
    r2_kind : str
        ``"R2"`` (ordinary), ``"McFadden"`` or ``"squared correlation of y and fitted p"``.
    method, family, outcome : str
        What was computed, on which outcome.
    n_used : int
        Respondents in the analysis.
    excluded : dict of str to int
        Respondents left out and why (``missing_outcome``, ``not_experienced``).
    not_experienced : pandas.Series
        Per touchpoint, respondents (with an outcome) who did not experience it.
    collinear : list of str
        Warnings about collinear touchpoints (empty when none).
    approximation : str or None
        How the estimate was approximated, when it was.
    draws : numpy.ndarray or None
        The bootstrap replicates (shape (bootstrap, drivers)).
    ci_prob : float
        Coverage of the intervals.
    random_seed : int or None
        The seed of the bootstrap.
    """

    table: pd.DataFrame
    differences: pd.DataFrame | None
    r2: float
    r2_kind: str
    method: str
    family: str
    outcome: str
    n_used: int
    excluded: dict[str, int]
    not_experienced: pd.Series
    collinear: list[str]
    approximation: str | None
    draws: np.ndarray | None
    ci_prob: float
    random_seed: int | None

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """The per-driver table."""
        return self.table


def _design(
    ratings: pd.DataFrame, outcome: pd.Series, not_experienced: str
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Return the predictor frame, the outcome and the number of rows excluded."""
    if not_experienced == "exclude":
        complete = ratings.notna().all(axis=1).to_numpy()
        if not complete.any():
            raise LoyaltyDataError(
                "no respondent experienced every touchpoint, so not_experienced='exclude' "
                "leaves no rows; use not_experienced='indicator' or fewer drivers."
            )
        return ratings.loc[complete], outcome.to_numpy()[complete], int((~complete).sum())
    if not_experienced == "indicator":
        frame = ratings.copy()
        for driver in ratings.columns:
            missing = ratings[driver].isna()
            if missing.any():
                frame[driver] = ratings[driver].fillna(ratings[driver].mean())
                frame[f"{driver}{NOT_EXPERIENCED_SUFFIX}"] = missing.astype(float)
        return frame, outcome.to_numpy(), 0
    raise LoyaltyDataError(
        f"not_experienced must be 'exclude' or 'indicator', got {not_experienced!r}."
    )


def _collinearity(corr: np.ndarray, names: list[str]) -> list[str]:
    rxx = corr[:-1, :-1]
    values, vectors = np.linalg.eigh(rxx)
    notes = []
    for value, vector in zip(values, vectors.T, strict=True):
        if value < 1e-8 * max(values.max(), 1.0):
            involved = [names[i] for i in np.flatnonzero(np.abs(vector) > 0.1)]
            notes.append(
                f"touchpoints {involved} are collinear (a linear combination of them is "
                f"constant; eigenvalue {value:.2e}); their shares split what they explain "
                "jointly and none adds anything beyond the others."
            )
    return notes


def _bootstrap_corr(data: np.ndarray, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """Correlation matrices of ``replicates`` bootstrap resamples of the rows of ``data``."""
    n, k = data.shape
    centred = data - data.mean(axis=0)
    upper = np.triu_indices(k)
    products = np.column_stack([np.ones(n), centred, centred[:, upper[0]] * centred[:, upper[1]]])
    chunk = max(1, min(replicates, 20_000_000 // max(n, 1)))
    moments = np.empty((replicates, products.shape[1]))
    for start in range(0, replicates, chunk):
        size = min(chunk, replicates - start)
        # resampled row numbers (int32: chunk * n stays below 2^31), offset per replicate so
        # that one bincount counts every replicate; float counts keep the product in BLAS
        rows = rng.integers(0, n, size=(size, n), dtype=np.int32)
        rows += (np.arange(size, dtype=np.int32) * n)[:, None]
        counts = np.bincount(rows.ravel(), minlength=size * n).reshape(size, n)
        moments[start : start + size] = counts.astype(np.float64) @ products
    mean = moments[:, 1 : 1 + k] / n
    second = np.zeros((replicates, k, k))
    second[:, upper[0], upper[1]] = moments[:, 1 + k :] / n
    second = second + np.swapaxes(np.triu(second, 1), -1, -2)
    cov = second - mean[:, :, None] * mean[:, None, :]
    scale = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    return np.asarray(cov / scale[:, :, None] / scale[:, None, :])


def _linear_importance(corr: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Compute importance and R-squared for a stack of correlation matrices (b, k, k)."""
    if method == "relative_weights":
        weights = relative_weights(corr)
        return weights, weights.sum(axis=-1)
    p = corr.shape[-1] - 1
    matrix = shapley_weights(p)
    chunk = max(1, min(64, (1 << 22) >> p))  # about 6 * 2^p numbers per matrix in flight
    out = np.empty((corr.shape[0], p))
    r2 = np.empty(corr.shape[0])
    for start in range(0, corr.shape[0], chunk):
        values = subset_r2(corr[start : start + chunk])
        out[start : start + chunk] = values @ matrix
        r2[start : start + chunk] = values[:, -1]
    return out, r2


def _logistic_importance(x: np.ndarray, y: np.ndarray, method: str) -> tuple[np.ndarray, float]:
    if method == "relative_weights":
        return logistic_relative_weights(x, y)
    values = logistic_subset_r2(x, y)
    return values @ shapley_weights(x.shape[1]), float(values[-1])


def _differences(
    draws: np.ndarray, estimate: np.ndarray, names: list[str], ci_prob: float
) -> pd.DataFrame:
    rows = []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            d = draws[:, a] - draws[:, b]
            interval = equal_tailed_interval(d, ci_prob)
            p_value = min(1.0, 2.0 * min(np.mean(d <= 0.0), np.mean(d >= 0.0)))
            rows.append(
                {
                    "first": names[a],
                    "second": names[b],
                    "difference": estimate[a] - estimate[b],
                    "lower": interval.lower,
                    "upper": interval.upper,
                    "p_value": p_value,
                }
            )
    return pd.DataFrame(rows).set_index(["first", "second"])


def key_drivers(
    survey: pd.DataFrame,
    *,
    outcome: str,
    drivers: Sequence[str],
    method: Method = "shapley",
    family: Family = "linear",
    bootstrap: int = 0,
    random_seed: int | None = None,
    ci_prob: float = 0.95,
    not_experienced: Literal["exclude", "indicator"] = "exclude",
    scale: tuple[float, float] | None = None,
    n_permutations: int = 5000,
) -> KeyDriverResult:
    r"""Relative importance of touchpoints for an outcome (key-driver analysis).

    The Shapley/LMG value of touchpoint :math:`j` is its average increase in :math:`R^2` over
    all orders of entering the touchpoints,
    :math:`\phi_j = \sum_{S \not\ni j} \frac{|S|!(p-|S|-1)!}{p!}[R^2(S \cup j) - R^2(S)]`, so
    :math:`\sum_j \phi_j = R^2`. Relative weights (Johnson 2000) split :math:`R^2` through the
    closest orthogonal counterparts of the touchpoints.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent (see :mod:`loyaltymodels.journey.contracts`).
    outcome : str
        The outcome column; rows where it is missing are left out and counted.
    drivers : sequence of str
        The touchpoint rating columns; NaN means the touchpoint was not experienced.
    method : {"shapley", "relative_weights"}, default "shapley"
        The decomposition.
    family : {"linear", "logistic"}, default "linear"
        Linear regression, or logistic regression for a 0/1 outcome.
    bootstrap : int, default 0
        Bootstrap resamples of respondents for intervals and pairwise tests (0: none).
    random_seed : int, optional
        Seed of the bootstrap and of the permutation approximation.
    ci_prob : float, default 0.95
        Coverage of the percentile intervals.
    not_experienced : {"exclude", "indicator"}, default "exclude"
        ``"exclude"`` leaves out respondents who missed any of the drivers (counted in
        ``result.excluded``); ``"indicator"`` keeps everyone, fills a missed rating with the
        touchpoint's mean among those who experienced it and adds a 0/1 driver
        ``"<touchpoint>: not experienced"`` with its own importance.
    scale : (float, float), optional
        The rating scale; ratings outside it are an error.
    n_permutations : int, default 5000
        Random orderings for the Shapley value beyond
        :data:`~loyaltymodels.journey.subsets.MAX_EXACT` drivers.

    Returns
    -------
    KeyDriverResult
        ``.table`` indexed by driver with ``estimate``, ``share`` (and ``lower``/``upper``
        with a bootstrap).

    References
    ----------
    Budescu, D. V. (1993). Dominance analysis. *Psychological Bulletin* 114(3), 542-551.
    Grömping, U. (2006). Relative importance for linear regression in R: the package relaimpo.
    *Journal of Statistical Software* 17(1).
    Johnson, J. W. (2000). *Multivariate Behavioral Research* 35(1), 1-19.
    Tonidandel, S. & LeBreton, J. M. (2010). *Organizational Research Methods* 13(4), 767-781.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(500, 2))
    >>> survey = pd.DataFrame({"wait": x[:, 0], "clean": x[:, 1]})
    >>> survey["overall"] = x @ [1.0, 0.5] + rng.normal(size=500)
    >>> result = key_drivers(survey, outcome="overall", drivers=["wait", "clean"])
    >>> bool(abs(result.table["estimate"].sum() - result.r2) < 1e-12)
    True
    """
    _check_settings(method, family, bootstrap, ci_prob)
    data = check_touchpoint_survey(
        survey, outcome=outcome, drivers=drivers, scale=scale, binary=family == "logistic"
    )
    frame, y, n_not_experienced = _design(data.ratings, data.outcome, not_experienced)
    names = list(frame.columns)
    check_not_constant(frame, names)
    if len(frame) <= len(names) + 1:
        raise LoyaltyDataError(
            f"{len(frame)} respondents are too few for {len(names)} drivers; at least "
            f"{len(names) + 2} are needed (more for stable shares)."
        )
    if family == "linear" and np.unique(y).size <= 1:
        raise LoyaltyDataError(
            f"outcome '{outcome}' is constant among the respondents used; nothing to explain."
        )
    x = frame.to_numpy(dtype=float)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    collinear = _collinearity(corr, names)
    for note in collinear:
        warnings.warn(note, stacklevel=2)
    rng = np.random.default_rng(random_seed)
    if family == "logistic":
        found = _logistic_drivers(x, y, method, bootstrap, rng)
    else:
        found = _linear_drivers(x, y, corr, method, bootstrap, n_permutations, rng)
    counts = data.ratings.notna().sum()
    experienced = [int(counts.get(name, len(data.ratings))) for name in names]
    table, differences = found.tables(names, experienced, float(ci_prob))
    return KeyDriverResult(
        table=table,
        differences=differences,
        r2=float(found.r2),
        r2_kind=found.r2_kind,
        method=method,
        family=family,
        outcome=outcome,
        n_used=len(frame),
        excluded={
            "missing_outcome": data.n_missing_outcome,
            "not_experienced": n_not_experienced,
        },
        not_experienced=data.not_experienced,
        collinear=collinear,
        approximation=found.approximation,
        draws=found.draws,
        ci_prob=float(ci_prob),
        random_seed=random_seed,
    )


def _check_settings(method: str, family: str, bootstrap: int, ci_prob: float) -> None:
    if method not in ("shapley", "relative_weights"):
        raise LoyaltyDataError(f"method must be 'shapley' or 'relative_weights', got {method!r}.")
    if family not in ("linear", "logistic"):
        raise LoyaltyDataError(f"family must be 'linear' or 'logistic', got {family!r}.")
    if int(bootstrap) != bootstrap or bootstrap < 0 or 0 < bootstrap < 50:
        raise LoyaltyDataError(
            f"bootstrap must be 0 (none) or an integer >= 50, got {bootstrap!r}."
        )
    if not 0.0 < float(ci_prob) < 1.0:
        raise LoyaltyDataError(f"ci_prob must lie strictly between 0 and 1, got {ci_prob!r}.")


@dataclass(frozen=True)
class _DriverImportance:
    """Importance per driver with its bootstrap draws (None without bootstrap)."""

    estimate: np.ndarray
    r2: float
    r2_kind: str
    draws: np.ndarray | None
    mc_se: np.ndarray | None = None
    approximation: str | None = None

    def tables(
        self, names: list[str], experienced: list[int], ci_prob: float
    ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Return the per-driver table and the pairwise differences (None without draws)."""
        table = pd.DataFrame(index=pd.Index(names, name="driver"))
        table["estimate"] = self.estimate
        table["share"] = self.estimate / self.r2
        table["rank"] = table["estimate"].rank(ascending=False, method="min").astype(int)
        table["n_experienced"] = experienced
        if self.mc_se is not None:
            table["mc_se"] = self.mc_se
        if self.draws is None:
            return table, None
        table["se"] = draw_sd(self.draws)
        interval = equal_tailed_interval(self.draws, ci_prob)
        table["lower"], table["upper"] = interval.lower, interval.upper
        return table, _differences(self.draws, np.asarray(self.estimate), names, ci_prob)


def _logistic_drivers(
    x: np.ndarray, y: np.ndarray, method: str, bootstrap: int, rng: np.random.Generator
) -> _DriverImportance:
    p = x.shape[1]
    if method == "shapley" and p > MAX_EXACT_LOGISTIC:
        raise LoyaltyDataError(
            f"the exact logistic Shapley decomposition fits 2^p models and is limited to "
            f"{MAX_EXACT_LOGISTIC} drivers ({p} given); use method='relative_weights'."
        )
    estimate, r2 = _logistic_importance(x, y, method)
    r2_kind = "McFadden" if method == "shapley" else "squared correlation of y and fitted p"
    draws = None
    if bootstrap:
        draws = np.empty((bootstrap, p))
        for b in range(bootstrap):
            rows = rng.integers(0, len(y), size=len(y))
            draws[b] = _logistic_importance(x[rows], y[rows], method)[0]
    return _DriverImportance(estimate, r2, r2_kind, draws)


def _linear_drivers(
    x: np.ndarray,
    y: np.ndarray,
    corr: np.ndarray,
    method: str,
    bootstrap: int,
    n_permutations: int,
    rng: np.random.Generator,
) -> _DriverImportance:
    if method == "shapley" and x.shape[1] > MAX_EXACT:
        estimate, mc_se = permutation_shapley(corr, n_permutations, rng)
        draws = None
        if bootstrap:
            replicates = _bootstrap_corr(np.column_stack([x, y]), bootstrap, rng)
            draws = np.stack(
                [permutation_shapley(c, max(200, n_permutations // 10), rng)[0] for c in replicates]
            )
        approximation = (
            f"Shapley values estimated from {n_permutations} random orderings (Castro et "
            f"al. 2009); exact enumeration is limited to {MAX_EXACT} drivers"
        )
        return _DriverImportance(estimate, float(estimate.sum()), "R2", draws, mc_se, approximation)
    point, r2s = _linear_importance(corr[None], method)
    draws = None
    if bootstrap:
        replicates = _bootstrap_corr(np.column_stack([x, y]), bootstrap, rng)
        draws = _linear_importance(replicates, method)[0]
    return _DriverImportance(point[0], float(r2s[0]), "R2", draws)
