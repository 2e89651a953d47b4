"""Nonparametric bootstrap of SEM effects: resample rows, refit, recompute.

Each resample draws N rows with replacement, forms its covariance matrix (ML needs nothing
else) and refits from the full-sample estimates (a warm start) with the analytic gradient of
:class:`~loyaltymodels.sem.structure.MatrixStructure`. Resamples run in chunks on joblib
workers with a progress bar. A resample whose refit does not converge is counted as failed and
excluded from the intervals; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from loyaltymodels.parallel import ALL_CORES, worker_count
from loyaltymodels.sem.estimation import fit_ml, sample_covariance
from loyaltymodels.sem.structure import MatrixStructure

__all__ = ["refit_statistics", "resample_statistics"]

Statistic = Callable[[np.ndarray], np.ndarray]
# Gradient tolerance of refits: effects agree with a 1e-8 refit to about 1e-7.
BOOTSTRAP_TOLERANCE = 1e-6
# Below this many refits, worker start-up costs more than it saves (measured on 2 cores).
PARALLEL_MIN_REFITS = 4000


def _refit(
    structure: MatrixStructure, values: np.ndarray, start: np.ndarray, inverse_hessian: np.ndarray
) -> tuple[np.ndarray | None, str]:
    solution = fit_ml(
        structure,
        sample_covariance(values),
        start,
        max_iter=500,
        tolerance=BOOTSTRAP_TOLERANCE,
        fixed_inverse_hessian=inverse_hessian,
    )
    if not solution.converged:
        return None, solution.message
    return solution.theta, ""


def _run_chunk(
    structure: MatrixStructure,
    values: np.ndarray,
    start: np.ndarray,
    row_sets: list[np.ndarray],
    statistic: Statistic,
    size: int,
) -> tuple[np.ndarray, list[str]]:
    out = np.full((len(row_sets), size), np.nan)
    messages = []
    # Small matrices: multithreaded BLAS only adds overhead (and oversubscribes the cores).
    with threadpool_limits(limits=1):
        inverse_hessian = np.linalg.pinv(2.0 * structure.expected_information(start))
        for k, rows in enumerate(row_sets):
            theta, message = _refit(structure, values[rows], start, inverse_hessian)
            if theta is None:
                messages.append(message)
                continue
            out[k] = statistic(theta)
    return out, messages


def refit_statistics(
    structure: MatrixStructure,
    values: np.ndarray,
    start: np.ndarray,
    row_sets: list[np.ndarray],
    statistic: Statistic,
    *,
    n_jobs: int | None = None,
    progress: bool = True,
    description: str = "bootstrap",
) -> tuple[np.ndarray, list[str]]:
    """Refit the model on each row subset and evaluate ``statistic`` on the estimates.

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
        The optimiser message of every failed refit.
    """
    size = np.asarray(statistic(start)).size
    if n_jobs is None:
        n_jobs = ALL_CORES if len(row_sets) >= PARALLEL_MIN_REFITS else 1
    workers = max(1, min(worker_count(n_jobs), len(row_sets)))
    n_chunks = min(len(row_sets), workers * 8)
    chunks = [list(c) for c in np.array_split(np.arange(len(row_sets)), n_chunks)]
    tasks = (
        delayed(_run_chunk)(structure, values, start, [row_sets[i] for i in c], statistic, size)
        for c in chunks
    )
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
    structure : MatrixStructure
        The model's matrix layout.
    values : numpy.ndarray
        n x p complete data.
    start : numpy.ndarray
        Full-sample estimates.
    statistic : callable
        Maps a parameter vector to a flat array.
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
