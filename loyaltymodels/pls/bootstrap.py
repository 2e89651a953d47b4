r"""Bootstrap of a PLS path model, vectorised over resamples.

A resample only changes the indicator correlation matrix, so each resample is summarised by
the row counts :math:`f_b` (how often each respondent was drawn) and its correlation matrix is
computed from weighted moments, :math:`M_b = f_b^\top [x_i x_i^\top] / n`, for all resamples in
one matrix product. The PLS algorithm (:func:`loyaltymodels.pls.estimates.run_pls`) then runs
on the whole stack at once.

Resamples are drawn as ``numpy.random.default_rng(random_seed).integers(0, n, size=(B, n))``
(row b holds the respondents of resample b). A resample *fails* when its weights do not
converge or an estimate is not finite (e.g. an indicator that is constant in the resample);
failed resamples are counted on the result and left out of every statistic.

Sign changes: with ``sign_change="none"`` (SmartPLS's and SEMinR's default) resampled
estimates are used as computed. With ``"construct"`` (construct-level changes, Tenenhaus et al.
2005) a construct whose resampled loadings point against the original ones
(:math:`\sum_i \lambda^{(b)}_i \hat\lambda_i < 0`) has its sign flipped in that resample:
its weights and loadings change sign, and so do the paths and effects it takes part in
(through :math:`s_i s_j`).

Intervals are percentile or BCa (Efron 1987; jackknife acceleration, a grouped jackknife of at
most 1,000 groups for large samples); ``t = estimate / SE`` with the bootstrap SE and a
two-sided p-value from Student's t with B - 1 degrees of freedom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_probability
from loyaltymodels.parallel import worker_count
from loyaltymodels.pls.algorithm import PLSLayout
from loyaltymodels.pls.estimates import run_pls
from loyaltymodels.summaries import bca_interval, percentile_interval

if TYPE_CHECKING:
    from loyaltymodels.pls.result import PLSResult


__all__ = [
    "BootstrapOptions",
    "PLSBootstrapResult",
    "bootstrap_pls",
    "resample_correlations",
    "statistic_labels",
]

CHUNK = 1000
MAX_JACKKNIFE_GROUPS = 1000


def resample_correlations(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Correlation matrices of weighted copies of ``values``.

    Parameters
    ----------
    values : numpy.ndarray
        n x p data.
    counts : numpy.ndarray
        B x n non-negative weights (bootstrap counts, jackknife 0/1 indicators).

    Returns
    -------
    numpy.ndarray
        B x p x p correlation matrices (NaN where a column has no variance).
    """
    centred = values - values.mean(axis=0)
    n, p = centred.shape
    total = counts.sum(axis=1, keepdims=True)
    products = (centred[:, :, None] * centred[:, None, :]).reshape(n, p * p)
    with threadpool_limits(limits=1):  # small products: extra BLAS threads only contend
        first = counts @ centred / total
        second = (counts @ products / total).reshape(-1, p, p)
    cov = second - first[:, :, None] * first[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.einsum("bii->bi", cov))
        corr: np.ndarray = cov / (sd[:, :, None] * sd[:, None, :])
    idx = np.arange(p)
    corr[:, idx, idx] = np.where(sd > 0, 1.0, np.nan)
    return corr


def statistic_labels(result: PLSResult) -> pd.DataFrame:
    """List the bootstrapped statistics: weights, loadings, paths, effects, R², HTMT.

    Parameters
    ----------
    result : PLSResult
        The fitted model.

    Returns
    -------
    pandas.DataFrame
        One row per statistic: ``kind``, ``from``, ``to``, ``estimate`` and the array
        coordinates ``i``, ``j`` of the statistic in its estimate array.
    """
    rows = [row for build in _LABEL_ROWS for row in build(result)]
    return pd.DataFrame(rows, columns=["kind", "from", "to", "estimate", "i", "j"])


_LabelRow = tuple[str, str, str, Any, int, int]  # the estimate keeps its NumPy type


def _indicator_rows(result: PLSResult) -> list[_LabelRow]:
    """Weights and loadings: indicator ``i`` of construct ``j``."""
    spec = result.spec
    names, items = spec.constructs, spec.indicators
    rows = []
    for kind, frame in (("weight", result.weights), ("loading", result.loadings)):
        for j, construct in enumerate(names):
            for item in spec.blocks[construct]:
                rows.append(
                    (kind, item, construct, frame.loc[item, construct], items.index(item), j)
                )
    return rows


def _path_rows(result: PLSResult) -> list[_LabelRow]:
    """Direct paths from construct ``i`` to construct ``j``."""
    names = result.spec.constructs
    direct = result.path_coefficients.to_numpy()
    rows = []
    for cause, outcome in result.spec.paths:
        i, j = names.index(cause), names.index(outcome)
        rows.append(("path", cause, outcome, direct[i, j], i, j))
    return rows


def _effect_rows(result: PLSResult) -> list[_LabelRow]:
    """Total effects, each followed by its indirect part where a mediated route exists."""
    names = result.spec.constructs
    total = result.total_effects.to_numpy()
    direct = result.path_coefficients.to_numpy()
    adjacency = result.spec.path_matrix()
    reach = np.linalg.matrix_power(adjacency + np.eye(len(names)), len(names)) > 0
    mediated = adjacency @ adjacency @ reach > 0  # a route of two or more paths exists
    rows = []
    for i, j in zip(*np.nonzero(total), strict=True):
        rows.append(("total", names[i], names[j], total[i, j], i, j))
        if mediated[i, j]:
            rows.append(("indirect", names[i], names[j], total[i, j] - direct[i, j], i, j))
    return rows


def _r2_rows(result: PLSResult) -> list[_LabelRow]:
    """R² of each endogenous construct ``j`` (at ``j, j``)."""
    return [
        ("r2", construct, construct, result.r2[construct], j, j)
        for j, construct in enumerate(result.spec.constructs)
        if construct in result.r2.index
    ]


def _htmt_rows(result: PLSResult) -> list[_LabelRow]:
    """HTMT of each pair of constructs with a finite value (lower triangle)."""
    names = result.spec.constructs
    htmt = result.htmt.to_numpy()
    return [
        ("htmt", names[j], names[i], htmt[i, j], i, j)
        for i in range(len(names))
        for j in range(i)
        if np.isfinite(htmt[i, j])
    ]


_LABEL_ROWS = (_indicator_rows, _path_rows, _effect_rows, _r2_rows, _htmt_rows)


def _flip_signs(estimates: dict[str, np.ndarray], reference: np.ndarray) -> None:
    agreement = np.einsum("bpk,pk->bk", estimates["loadings"], reference)
    signs = np.where(agreement < 0, -1.0, 1.0)
    for key in ("weights", "loadings"):
        estimates[key] = estimates[key] * signs[:, None, :]
    pair = signs[:, :, None] * signs[:, None, :]
    for key in ("paths", "total"):
        estimates[key] = estimates[key] * pair


def _statistics(
    corr: np.ndarray, result: PLSResult, labels: pd.DataFrame, sign_change: str
) -> tuple[np.ndarray, np.ndarray]:
    settings = result.settings
    estimates = run_pls(
        corr,
        PLSLayout.from_spec(result.spec),
        scheme=settings["scheme"],
        consistent=settings["consistent"],
        tol=settings["tol"],
        max_iter=settings["max_iter"],
    )
    if sign_change == "construct":
        _flip_signs(estimates, result.loadings.to_numpy())
    estimates["indirect"] = estimates["total"] - estimates["paths"]
    sources = {
        "weight": "weights",
        "loading": "loadings",
        "path": "paths",
        "total": "total",
        "indirect": "indirect",
        "htmt": "htmt",
    }
    out = np.empty((corr.shape[0], len(labels)))
    for kind, source in sources.items():
        rows = np.flatnonzero(labels["kind"].to_numpy() == kind)
        i, j = labels["i"].to_numpy()[rows], labels["j"].to_numpy()[rows]
        out[:, rows] = estimates[source][:, i, j]
    rows = np.flatnonzero(labels["kind"].to_numpy() == "r2")
    out[:, rows] = estimates["r2"][:, labels["j"].to_numpy()[rows]]
    ok = estimates["converged"] & np.isfinite(out).all(axis=1)
    return out, ok


def _counts(rng: np.random.Generator, n_boot: int, n_obs: int) -> np.ndarray:
    draws = rng.integers(0, n_obs, size=(n_boot, n_obs))
    offsets = (np.arange(n_boot) * n_obs)[:, None]
    return (
        np.bincount((draws + offsets).ravel(), minlength=n_boot * n_obs)
        .reshape(n_boot, n_obs)
        .astype(float)
    )


@dataclass(repr=False)
class PLSBootstrapResult(Result, frozen=True):
    """Bootstrap of a PLS model.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per statistic: ``kind`` (weight, loading, path, total, indirect, r2, htmt),
        ``from``, ``to``, ``estimate``, ``boot_mean``, ``se``, ``t``, ``p``, ``ci_lower``,
        ``ci_upper``.
    draws : numpy.ndarray
        Successful resamples x statistics.
    n_boot, n_failed : int
        Resamples drawn and resamples that failed (left out).
    ci, sign_change : str
        Interval kind and sign-change handling.
    ci_prob : float
        Interval coverage.
    random_seed : int or None
        The seed of the resampling.
    """

    params: pd.DataFrame
    draws: np.ndarray
    n_boot: int
    n_failed: int
    ci: str
    ci_prob: float
    sign_change: str
    random_seed: int | None

    def table(self, kind: str) -> pd.DataFrame:
        """Rows of one kind of statistic, e.g. ``"path"`` or ``"indirect"``.

        Parameters
        ----------
        kind : str
            weight, loading, path, total, indirect, r2 or htmt.

        Returns
        -------
        pandas.DataFrame
            The rows, indexed by ``from -> to``.
        """
        rows = self.params[self.params["kind"] == kind].copy()
        rows.index = rows["from"] + " -> " + rows["to"]
        return rows.drop(columns="kind")

    def summary(self) -> pd.DataFrame:
        """Path coefficients with bootstrap SE, t, p and interval.

        Returns
        -------
        pandas.DataFrame
            The ``path`` rows.
        """
        return self.table("path").drop(columns=["from", "to"])


class BootstrapOptions(TypedDict, total=False):
    """The keyword-only settings of :func:`bootstrap_pls`, by name and type.

    :meth:`PLSResult.bootstrap` passes them on; their meaning and defaults are documented
    once, on :func:`bootstrap_pls`.
    """

    ci: str
    ci_prob: float
    sign_change: str
    random_seed: int | None
    n_jobs: int


def bootstrap_pls(
    result: PLSResult,
    n: int = 5000,
    *,
    ci: str = "bca",
    ci_prob: float = 0.95,
    sign_change: str = "none",
    random_seed: int | None = None,
    n_jobs: int = 1,
) -> PLSBootstrapResult:
    """Bootstrap weights, loadings, paths, total and indirect effects, R² and HTMT.

    Parameters
    ----------
    result : PLSResult
        The fitted model (its data and settings are reused).
    n : int, default 5000
        Resamples.
    ci : {"bca", "percentile"}, default "bca"
        Interval kind.
    ci_prob : float, default 0.95
        Interval coverage.
    sign_change : {"none", "construct"}, default "none"
        Sign-change handling (see the module docstring).
    random_seed : int, optional
        Seed of the resampling.
    n_jobs : int, default 1
        Worker processes (joblib) over chunks of 1,000 resamples, ``-1`` for one per core
        (see :func:`loyaltymodels.parallel.worker_count`); the vectorised single process is
        usually fastest for survey-sized data.

    Returns
    -------
    PLSBootstrapResult
        The table and the draws, with the count of failed resamples.
    """
    if int(n) != n or n < 10:
        raise LoyaltyDataError(f"n must be an integer of at least 10 resamples, got {n!r}.")
    if ci not in ("bca", "percentile"):
        raise LoyaltyDataError(f"ci must be 'bca' or 'percentile', got {ci!r}.")
    if sign_change not in ("none", "construct"):
        raise LoyaltyDataError(f"sign_change must be 'none' or 'construct', got {sign_change!r}.")
    level = check_probability(ci_prob, "ci_prob")
    workers = worker_count(n_jobs)
    values = result.data.to_numpy(dtype=float)
    n_obs = values.shape[0]
    labels = statistic_labels(result)
    counts = _counts(np.random.default_rng(random_seed), int(n), n_obs)
    chunks = [counts[start : start + CHUNK] for start in range(0, int(n), CHUNK)]

    def work(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _statistics(resample_correlations(values, chunk), result, labels, sign_change)

    if workers == 1 or len(chunks) == 1:
        parts = [work(chunk) for chunk in chunks]
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=workers)(delayed(work)(chunk) for chunk in chunks)
    draws = np.concatenate([part[0] for part in parts])
    ok = np.concatenate([part[1] for part in parts])
    kept = draws[ok]
    if kept.shape[0] < 2:
        raise LoyaltyDataError(
            f"{int((~ok).sum())} of {int(n)} resamples failed (weights did not converge or "
            "an indicator was constant in the resample); check the model and data."
        )
    estimate = labels["estimate"].to_numpy()
    se = kept.std(axis=0, ddof=1)
    if ci == "percentile":
        lower, upper = percentile_interval(kept, level)
    else:
        groups = min(n_obs, MAX_JACKKNIFE_GROUPS)
        member = np.arange(n_obs) % groups
        leave_out = (member[None, :] != np.arange(groups)[:, None]).astype(float)
        jack, jack_ok = work(leave_out)
        jack = jack[jack_ok]
        lower, upper = bca_interval(kept, estimate, jack, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_value = estimate / se
    table = labels.drop(columns=["i", "j"]).assign(
        boot_mean=kept.mean(axis=0),
        se=se,
        t=t_value,
        p=2.0 * stats.t.sf(np.abs(t_value), df=kept.shape[0] - 1),
        ci_lower=lower,
        ci_upper=upper,
    )
    return PLSBootstrapResult(
        params=table,
        draws=kept,
        n_boot=int(n),
        n_failed=int((~ok).sum()),
        ci=ci,
        ci_prob=level,
        sign_change=sign_change,
        random_seed=random_seed,
    )
