"""What ``n_jobs`` means, everywhere in the package.

``n_jobs`` is the number of workers (threads or processes, as the function says) that share
the work: a positive integer is that many workers, ``-1`` is one worker per core of the
machine (:func:`os.cpu_count`), and ``1`` runs everything in the calling thread. Functions
whose default is ``None`` choose for you (and say how in their docstring). Any other value is
refused with a :class:`~loyaltymodels.LoyaltyDataError`.
"""

from __future__ import annotations

import os

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["ALL_CORES", "worker_count"]

#: The ``n_jobs`` value that asks for one worker per core.
ALL_CORES = -1


def worker_count(n_jobs: int) -> int:
    """Return the number of workers that ``n_jobs`` asks for.

    Parameters
    ----------
    n_jobs : int
        A positive number of workers, or ``-1`` for one per core.

    Returns
    -------
    int
        At least 1.

    Raises
    ------
    LoyaltyDataError
        For 0, negative values other than -1 and non-integers.

    Examples
    --------
    >>> worker_count(3)
    3
    >>> worker_count(-1) == (os.cpu_count() or 1)
    True
    """
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int | float) or n_jobs != int(n_jobs):
        raise LoyaltyDataError(f"n_jobs must be a positive whole number or -1, got {n_jobs!r}.")
    if int(n_jobs) == ALL_CORES:
        return os.cpu_count() or 1
    if n_jobs < 1:
        raise LoyaltyDataError(
            f"n_jobs must be a positive number of workers or -1 (all cores), got {n_jobs}."
        )
    return int(n_jobs)
