"""Compress data to its unique patterns, with counts, and map results back.

A likelihood that depends on a row only through a few columns (a customer's (frequency,
recency, T), a customer-period's (period, covariates, segment), a cohort's (group, period,
churned)) has identical terms for rows that agree on them, so the models evaluate each unique
pattern once and weight it by its count: the cost grows with the number of distinct patterns,
not of rows. :func:`pattern_codes` is the one grouping of the package; :func:`compress_patterns`
returns the float columns the likelihoods read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Patterns", "compress_patterns", "pattern_codes"]


@dataclass(frozen=True)
class Patterns:
    """Unique rows of a summary.

    Attributes
    ----------
    values : dict of str to numpy.ndarray
        The columns of the unique patterns (float64), one entry per pattern.
    weights : numpy.ndarray
        How many customers (or the summed ``weights``) share each pattern.
    inverse : numpy.ndarray
        For each input row, the index of its pattern: ``values[c][inverse]`` restores column c.
    """

    values: dict[str, np.ndarray]
    weights: np.ndarray
    inverse: np.ndarray

    @property
    def n_patterns(self) -> int:
        """The number of unique patterns."""
        return int(self.weights.size)

    def take(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Return the columns of patterns ``start`` to ``stop`` (a chunk).

        Parameters
        ----------
        start, stop : int
            The slice of patterns.

        Returns
        -------
        dict of str to numpy.ndarray
            The chunk's columns.
        """
        return {name: column[start:stop] for name, column in self.values.items()}


def compress_patterns(
    data: pd.DataFrame, columns: Sequence[str], weights: np.ndarray | None = None
) -> Patterns:
    """Group the rows of ``data`` that agree on ``columns``.

    Parameters
    ----------
    data : pandas.DataFrame
        The (validated) summary.
    columns : sequence of str
        The columns that define a pattern.
    weights : numpy.ndarray, optional
        A count per row (e.g. how many donors a row stands for); default one per row.

    Returns
    -------
    Patterns
        The unique patterns, their counts and the row-to-pattern map.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"frequency": [0, 2, 0], "recency": [0.0, 5.0, 0.0],
    ...                       "T": [10.0, 10.0, 10.0]})
    >>> patterns = compress_patterns(frame, ["frequency", "recency", "T"])
    >>> patterns.n_patterns, patterns.weights.tolist(), patterns.inverse.tolist()
    (2, [2.0, 1.0], [0, 1, 0])
    """
    columns = list(columns)
    codes, first = pattern_codes(data, columns)
    n_patterns = first.size
    row_weights = np.ones(codes.size) if weights is None else np.asarray(weights, dtype=float)
    counts = np.bincount(codes, weights=row_weights, minlength=n_patterns)
    values = {name: data[name].to_numpy(dtype=float)[first] for name in columns}
    return Patterns(values=values, weights=counts, inverse=codes)


def pattern_codes(data: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the pattern of every row of ``data[columns]`` (0, 1, ... in first-seen order).

    Parameters
    ----------
    data : pandas.DataFrame
        The rows (no missing values in ``columns``).
    columns : sequence of str
        The columns that define a pattern (numeric or not).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The pattern of every row, and the position of each pattern's first row.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"plan": ["a", "b", "a"], "period": [1, 1, 1]})
    >>> codes, first = pattern_codes(frame, ["plan", "period"])
    >>> codes.tolist(), first.tolist()
    ([0, 1, 0], [0, 1])
    """
    codes = _row_codes(data, list(columns))
    n_patterns = int(codes.max()) + 1 if codes.size else 0
    first = np.empty(n_patterns, dtype=np.int64)
    first[codes[::-1]] = np.arange(codes.size - 1, -1, -1)
    return codes, first


def _row_codes(data: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Return codes 0, 1, ... of the distinct rows of ``data[columns]``, in first-seen order.

    Each column is factorised by hashing, and the codes are combined column by column into one
    integer key (re-factorised whenever the product of cardinalities could overflow int64),
    which is several times faster than grouping on float columns.
    """
    codes = np.zeros(len(data), dtype=np.int64)
    n_codes = 1
    for name in columns:
        column_codes, uniques = pd.factorize(data[name].to_numpy(), sort=False)
        if n_codes * len(uniques) >= 2**62:
            codes, combined = pd.factorize(codes, sort=False)
            n_codes = len(combined)
        codes = codes * len(uniques) + column_codes
        n_codes *= len(uniques)
    return pd.factorize(codes, sort=False)[0].astype(np.int64)
