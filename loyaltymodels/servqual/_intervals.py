"""Means with t-based confidence intervals, column by column (shared by the servqual tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["mean_table"]


def mean_table(frame: pd.DataFrame, confidence: float) -> pd.DataFrame:
    r"""Mean of every column with its standard error and Student-t interval.

    .. math::

        \bar x \pm t_{1-\gamma/2,\,n-1}\, s/\sqrt{n},

    with sample standard deviation :math:`s` (ddof 1) and :math:`\gamma = 1 - \text{confidence}`.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent, complete numeric columns.
    confidence : float
        Interval coverage.

    Returns
    -------
    pandas.DataFrame
        Indexed by column: ``estimate``, ``sd``, ``se``, ``lower``, ``upper``, ``n``.
    """
    values = frame.to_numpy(dtype=float)
    n = values.shape[0]
    mean = values.mean(axis=0)
    if n > 1:
        sd = values.std(axis=0, ddof=1)
        se = sd / np.sqrt(n)
        half = stats.t.ppf(0.5 + confidence / 2.0, n - 1) * se
    else:
        sd = se = half = np.full(values.shape[1], np.nan)
    return pd.DataFrame(
        {
            "estimate": mean,
            "sd": sd,
            "se": se,
            "lower": mean - half,
            "upper": mean + half,
            "n": np.full(values.shape[1], n, dtype=np.int64),
        },
        index=pd.Index(list(frame.columns)),
    )
