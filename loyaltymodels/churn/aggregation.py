"""Collapse identical rows of a customer-period panel into binomial counts.

A discrete-time hazard likelihood is a product of Bernoulli terms, one per customer-period. Rows
that share the period and every covariate value have the same hazard, so they can be replaced by
one binomial row (``trials`` customer-periods, ``events`` churns) without changing the
likelihood up to a constant. With discrete covariates a panel of millions of rows shrinks to a
few hundred patterns, and the cost of every gradient evaluation with it. The grouping is the
package's one (:func:`loyaltymodels.likelihood.patterns.pattern_codes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels.likelihood.patterns import pattern_codes

__all__ = ["CountedPatterns", "count_patterns"]


@dataclass
class CountedPatterns:
    """Unique rows of a panel with their binomial counts.

    Attributes
    ----------
    patterns : pandas.DataFrame
        One row per distinct combination of the key columns, with ``trials`` (rows) and, when
        an event column was given, ``events`` (rows with the event).
    row_pattern : numpy.ndarray
        For every input row, the position of its pattern in :attr:`patterns`.
    """

    patterns: pd.DataFrame
    row_pattern: np.ndarray

    @property
    def n_rows(self) -> int:
        """The number of input rows."""
        return int(self.row_pattern.size)


def count_patterns(
    frame: pd.DataFrame, keys: Sequence[str], event: str | None = None
) -> CountedPatterns:
    """Count the rows of ``frame`` per distinct value of ``keys``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The panel (validated beforehand; no missing values in ``keys``).
    keys : sequence of str
        The columns that determine the hazard (period, covariates, segment).
    event : str, optional
        A 0/1 column summed into ``events``.

    Returns
    -------
    CountedPatterns
        The patterns and, for each row, its pattern.

    Examples
    --------
    >>> panel = pd.DataFrame({"period": [1, 1, 2, 1], "x": [0, 0, 1, 1], "churned": [0, 1, 0, 0]})
    >>> counted = count_patterns(panel, ["period", "x"], "churned")
    >>> counted.patterns.to_dict("list")
    {'period': [1, 2, 1], 'x': [0, 1, 1], 'trials': [2, 1, 1], 'events': [1, 0, 0]}
    >>> counted.row_pattern.tolist()
    [0, 0, 1, 2]
    """
    keys = list(keys)
    codes, first = pattern_codes(frame, keys)
    patterns = frame[keys].iloc[first].reset_index(drop=True)
    patterns["trials"] = np.bincount(codes, minlength=first.size)
    if event is not None:
        weights = frame[event].to_numpy(dtype=float)
        patterns["events"] = np.bincount(codes, weights=weights, minlength=first.size).astype(
            "int64"
        )
    return CountedPatterns(patterns, codes)
