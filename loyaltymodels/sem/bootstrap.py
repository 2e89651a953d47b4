"""Nonparametric bootstrap of SEM effects: resample rows, refit, recompute.

Each resample draws N rows with replacement, forms its covariance matrix (ML needs nothing
else) and refits from the full-sample estimates (a warm start) with the analytic gradient of
:class:`~loyaltymodels.sem.structure.MatrixStructure`. Resamples run in chunks on joblib
workers with a progress bar. A resample whose refit does not converge is counted as failed and
excluded from the intervals; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.parallel import ALL_CORES, worker_count
from loyaltymodels.sem.estimation import fit_ml, sample_covariance
from loyaltymodels.sem.structure import MatrixStructure
from loyaltymodels.summaries import bca_interval, check_ci_prob, percentile_interval

__all__ = [
    "BootstrapIntervals",
    "BootstrapSettings",
    "Refit",
    "bootstrap_intervals",
    "check_bootstrap_arguments",
    "refit_statistics",
    "resample_statistics",
    "run_refits",
]

Statistic = Callable[[np.ndarray], np.ndarray]
# Gradient tolerance of refits: effects agree with a 1e-8 refit to about 1e-7.
BOOTSTRAP_TOLERANCE = 1e-6
# Below this many refits, worker start-up costs more than it saves (measured on 2 cores).
PARALLEL_MIN_REFITS = 4000


class Refit(Protocol):
    """Refits a model on a set of rows: returns the estimates (None when it fails) and why."""

    def __call__(self, rows: Any) -> tuple[np.ndarray | None, str]:
        """Refit on ``rows``."""
        ...


class _OneGroupRefit:
    """ML refit of one group from the full-sample estimates, the information held fixed."""

    def __init__(self, structure: MatrixStructure, values: np.ndarray, start: np.ndarray) -> None:
        self.structure, self.values, self.start = structure, values, start
        self.inverse_hessian: np.ndarray | None = None

    def __call__(self, rows: np.ndarray) -> tuple[np.ndarray | None, str]:
        if self.inverse_hessian is None:  # computed in the worker, once
            self.inverse_hessian = np.linalg.pinv(
                2.0 * self.structure.expected_information(self.start)
            )
        solution = fit_ml(
            self.structure,
            sample_covariance(self.values[rows]),
            self.start,
            max_iter=500,
            tolerance=BOOTSTRAP_TOLERANCE,
            fixed_inverse_hessian=self.inverse_hessian,
        )
        if not solution.converged:
            return None, solution.message
        return solution.theta, ""


def _run_chunk(
    refit: Refit, row_sets: list[Any], statistic: Statistic, size: int
) -> tuple[np.ndarray, list[str]]:
    out = np.full((len(row_sets), size), np.nan)
    messages = []
    # Small matrices: multithreaded BLAS only adds overhead (and oversubscribes the cores).
    with threadpool_limits(limits=1):
        for k, rows in enumerate(row_sets):
            theta, message = refit(rows)
            if theta is None:
                messages.append(message)
                continue
            out[k] = statistic(theta)
    return out, messages


def run_refits(
    refit: Refit,
    row_sets: list[Any],
    statistic: Statistic,
    size: int,
    *,
    n_jobs: int | None = None,
    progress: bool = True,
    description: str = "bootstrap",
) -> tuple[np.ndarray, list[str]]:
    """Run ``refit`` on every row set in chunks (joblib workers) and evaluate ``statistic``.

    Parameters
    ----------
    refit : callable
        ``rows -> (estimates or None, message)``; picklable for worker processes.
    row_sets : list
        What each refit receives (row indices; per group for multiple groups).
    statistic : callable
        Maps a parameter vector to a flat array of ``size`` statistics.
    size : int
        Length of the statistic.
    n_jobs : int, optional
        Parallel worker processes, ``-1`` for one per core (:mod:`loyaltymodels.parallel`);
        default all cores from ``PARALLEL_MIN_REFITS`` refits on, one process below.
    progress : bool, default True
        Show a tqdm progress bar.
    description : str
        Progress-bar label.

    Returns
    -------
    draws : numpy.ndarray
        (len(row_sets), size) statistics; rows of failed refits are NaN.
    messages : list of str
        The message of every failed refit.
    """
    if n_jobs is None:
        n_jobs = ALL_CORES if len(row_sets) >= PARALLEL_MIN_REFITS else 1
    workers = max(1, min(worker_count(n_jobs), len(row_sets)))
    n_chunks = min(len(row_sets), workers * 8)
    chunks = [list(c) for c in np.array_split(np.arange(len(row_sets)), n_chunks)]
    tasks = (delayed(_run_chunk)(refit, [row_sets[i] for i in c], statistic, size) for c in chunks)
    bar = tqdm(total=len(row_sets), desc=description, disable=not progress, leave=False)
    draws: list[np.ndarray] = []
    messages: list[str] = []
    if workers == 1:
        outputs = (task[0](*task[1], **task[2]) for task in tasks)
    else:
        outputs = Parallel(n_jobs=workers, return_as="generator")(tasks)
    for chunk_draws, chunk_messages in outputs:
        draws.append(chunk_draws)
        messages.extend(chunk_messages)
        bar.update(len(chunk_draws))
    bar.close()
    return np.vstack(draws), messages


def refit_statistics(
    structure: MatrixStructure,
    values: np.ndarray,
    start: np.ndarray,
    row_sets: list[np.ndarray],
    statistic: Statistic,
    **kwargs: Any,
) -> tuple[np.ndarray, list[str]]:
    """Refit a one-group model on each row subset and evaluate ``statistic`` on the estimates.

    Parameters
    ----------
    structure : MatrixStructure
        The model's matrix layout.
    values : numpy.ndarray
        n x p complete data.
    start : numpy.ndarray
        Full-sample estimates (warm start).
    row_sets : list of numpy.ndarray
        Row indices of each refit.
    statistic : callable
        Maps a parameter vector to a flat array of statistics.
    **kwargs
        ``n_jobs``, ``progress``, ``description`` of :func:`run_refits`.

    Returns
    -------
    tuple
        ``(draws, failure_messages)`` as :func:`run_refits`.
    """
    size = np.asarray(statistic(start)).size
    refit = _OneGroupRefit(structure, values, start)
    return run_refits(refit, row_sets, statistic, size, **kwargs)


def resample_statistics(
    structure: MatrixStructure,
    values: np.ndarray,
    start: np.ndarray,
    statistic: Statistic,
    n_resamples: int,
    rng: np.random.Generator,
    **kwargs: object,
) -> tuple[np.ndarray, list[str]]:
    """Nonparametric bootstrap: ``n_resamples`` row resamples drawn from ``rng``.

    Parameters
    ----------
    structure, values, start, statistic
        As for :func:`refit_statistics`.
    n_resamples : int
        Number of resamples.
    rng : numpy.random.Generator
        Source of randomness.
    **kwargs
        Passed to :func:`refit_statistics`.

    Returns
    -------
    tuple
        ``(draws, failure_messages)``.
    """
    n = values.shape[0]
    row_sets = [rng.integers(0, n, size=n) for _ in range(n_resamples)]
    return refit_statistics(structure, values, start, row_sets, statistic, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BootstrapSettings:
    """What a bootstrap of SEM statistics draws and how it reports, checked when built.

    Attributes
    ----------
    n_resamples : int
        Number of resamples (0: point estimates only).
    ci : str
        ``"bca"`` or ``"percentile"``.
    ci_prob : float
        Interval probability.
    random_seed : int or None
        Seed of the resampling (a NumPy Generator).
    n_jobs : int or None
        Worker processes (:func:`run_refits`).
    progress : bool
        Show a progress bar.
    """

    n_resamples: int
    ci: str
    ci_prob: float
    random_seed: int | None
    n_jobs: int | None
    progress: bool

    def __post_init__(self) -> None:
        ci_prob = check_bootstrap_arguments(self.n_resamples, self.ci, self.ci_prob)
        object.__setattr__(self, "ci_prob", ci_prob)
        object.__setattr__(self, "n_resamples", int(self.n_resamples))


@dataclass(frozen=True)
class BootstrapIntervals:
    """Bootstrap SD and interval bounds of a statistic vector, with the failed refits."""

    se: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    n_failed: int
    messages: list[str]

    @classmethod
    def none(cls, shape: tuple[int, ...]) -> BootstrapIntervals:
        """No resampling: every bound missing.

        Parameters
        ----------
        shape : tuple of int
            Shape of the statistic vector.

        Returns
        -------
        BootstrapIntervals
            All NaN, nothing failed.
        """
        empty = np.full(shape, np.nan)
        return cls(empty, empty, empty, 0, [])


def bootstrap_intervals(
    draws: np.ndarray,
    messages: list[str],
    point: np.ndarray,
    ci: str,
    ci_prob: float,
    jackknife: Callable[[], tuple[np.ndarray, list[str]]],
) -> BootstrapIntervals:
    """Summarise bootstrap draws: SD (ddof 1) and percentile or BCa bounds.

    Failed refits (rows with a NaN) are left out and counted; BCa calls ``jackknife`` for the
    leave-one-out statistics of its acceleration (Efron 1987).

    Parameters
    ----------
    draws : numpy.ndarray
        (resamples, size) statistics.
    messages : list of str
        Messages of the failed resamples.
    point : numpy.ndarray
        Full-sample statistics.
    ci : {"bca", "percentile"}
        Interval type.
    ci_prob : float
        Interval probability.
    jackknife : callable
        ``() -> (leave-one-out statistics, failure messages)``, called for BCa only.

    Returns
    -------
    BootstrapIntervals
        SD, bounds and failures.
    """
    ok = np.all(np.isfinite(draws), axis=1)
    n_failed = int((~ok).sum())
    good = draws[ok]
    se = good.std(axis=0, ddof=1)
    if ci == "percentile":
        low, high = percentile_interval(good, ci_prob)
        return BootstrapIntervals(se, low, high, n_failed, list(messages))
    jack, jack_messages = jackknife()
    jack_ok = np.all(np.isfinite(jack), axis=1)
    low, high = bca_interval(good, point, jack[jack_ok], ci_prob)
    return BootstrapIntervals(
        se, low, high, n_failed + int((~jack_ok).sum()), list(messages) + jack_messages
    )


def check_bootstrap_arguments(bootstrap: int, ci: str, ci_prob: float) -> float:
    """Check the resample count, the interval type and the interval probability.

    Parameters
    ----------
    bootstrap : int
        Number of resamples (>= 0).
    ci : str
        ``"bca"`` or ``"percentile"``.
    ci_prob : float
        Interval probability in (0, 1).

    Returns
    -------
    float
        The interval probability, checked by :func:`~loyaltymodels.summaries.check_ci_prob`.

    Raises
    ------
    LoyaltyDataError
        Naming the argument and what it accepts.
    """
    if ci not in ("bca", "percentile"):
        raise LoyaltyDataError(f"ci must be 'bca' or 'percentile', got {ci!r}.")
    if int(bootstrap) < 0:
        raise LoyaltyDataError(f"bootstrap must be >= 0 resamples, got {bootstrap!r}.")
    return check_ci_prob(ci_prob)
