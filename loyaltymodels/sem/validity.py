r"""Discriminant validity: the Fornell-Larcker criterion and the HTMT ratio.

- Fornell & Larcker (1981): each construct's :math:`\sqrt{\mathrm{AVE}}` should exceed its
  correlations with every other construct.
- Heterotrait-monotrait ratio (Henseler, Ringle & Sarstedt 2015, "A new criterion for assessing
  discriminant validity in variance-based structural equation modeling", JAMS 43(1), 115-135):

  .. math::

      \mathrm{HTMT}_{ij} = \frac{\bar r_{ij}}{\sqrt{\bar r_{ii}\,\bar r_{jj}}},

  with :math:`\bar r_{ij}` the mean correlation between the items of i and the items of j and
  :math:`\bar r_{ii}` the mean correlation among the items of i (off-diagonal). Values above
  0.85 (strict) or 0.90 (liberal) signal a discriminant-validity problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

__all__ = ["HTMT_LIBERAL", "HTMT_STRICT", "ValidityTables", "fornell_larcker", "htmt"]

HTMT_STRICT = 0.85
HTMT_LIBERAL = 0.90


@dataclass(frozen=True)
class ValidityTables:
    r"""Discriminant-validity tables of a fitted SEM.

    Attributes
    ----------
    fornell_larcker : pandas.DataFrame
        Construct x construct: :math:`\\sqrt{AVE}` on the diagonal, latent correlations off it.
    htmt : pandas.DataFrame
        Construct x construct HTMT matrix (lower triangle filled, diagonal NaN).
    pairs : pandas.DataFrame
        One row per construct pair: ``correlation``, ``htmt``, ``fornell_larcker_ok`` and the
        flags ``htmt_above_085`` and ``htmt_above_090``.
    """

    fornell_larcker: pd.DataFrame
    htmt: pd.DataFrame
    pairs: pd.DataFrame


def htmt(data: pd.DataFrame, indicators: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Heterotrait-monotrait ratio of correlations for every pair of constructs.

    Parameters
    ----------
    data : pandas.DataFrame
        Item responses.
    indicators : mapping of str to sequence of str
        Construct name -> its item columns (constructs with one item get NaN).

    Returns
    -------
    pandas.DataFrame
        Symmetric HTMT matrix with NaN on the diagonal.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> f = rng.multivariate_normal([0, 0], [[1, 0.5], [0.5, 1]], size=5000)
    >>> items = {f"a{k}": f[:, 0] + rng.normal(size=5000) for k in range(3)}
    >>> items |= {f"b{k}": f[:, 1] + rng.normal(size=5000) for k in range(3)}
    >>> table = htmt(pd.DataFrame(items), {"a": ["a0", "a1", "a2"], "b": ["b0", "b1", "b2"]})
    >>> round(float(table.loc["a", "b"]), 1)
    0.5
    """
    names = list(indicators)
    corr = data[[c for items in indicators.values() for c in items]].corr()
    out = pd.DataFrame(np.nan, index=names, columns=names)

    def mono(items: Sequence[str]) -> float:
        block = corr.loc[list(items), list(items)].to_numpy()
        k = len(items)
        return float(block[~np.eye(k, dtype=bool)].mean()) if k > 1 else np.nan

    for a, b in combinations(names, 2):
        hetero = float(corr.loc[list(indicators[a]), list(indicators[b])].to_numpy().mean())
        value = hetero / np.sqrt(mono(indicators[a]) * mono(indicators[b]))
        out.loc[a, b] = out.loc[b, a] = value
    return out


def fornell_larcker(latent_corr: pd.DataFrame, ave: pd.Series) -> pd.DataFrame:
    r"""Fornell-Larcker table: square root of AVE on the diagonal, correlations off it.

    Parameters
    ----------
    latent_corr : pandas.DataFrame
        Correlation matrix of the constructs.
    ave : pandas.Series
        Average variance extracted per construct.

    Returns
    -------
    pandas.DataFrame
        The table (same labels as ``latent_corr``).
    """
    table = latent_corr.copy()
    for name in table.index:
        table.loc[name, name] = float(np.sqrt(ave[name])) if name in ave.index else np.nan
    return table


def validity_tables(
    latent_corr: pd.DataFrame,
    ave: pd.Series,
    data: pd.DataFrame,
    indicators: Mapping[str, Sequence[str]],
) -> ValidityTables:
    """Assemble the Fornell-Larcker table, the HTMT matrix and the per-pair flags.

    Parameters
    ----------
    latent_corr, ave
        The constructs' correlation matrix and average variance extracted, as for
        :func:`fornell_larcker`.
    data : pandas.DataFrame
        Item responses.
    indicators : mapping of str to sequence of str
        Construct name -> its item columns.

    Returns
    -------
    ValidityTables
        The three tables.
    """
    names = [n for n in indicators if n in latent_corr.index]
    table = fornell_larcker(latent_corr.loc[names, names], ave)
    ratio = htmt(data, {n: indicators[n] for n in names})
    names_index = {n: i for i, n in enumerate(latent_corr.index)}
    k_of = {n: i for i, n in enumerate(names)}
    rows = []
    for a, b in combinations(names, 2):
        r = float(latent_corr.to_numpy()[names_index[a], names_index[b]])
        value = float(ratio.to_numpy()[k_of[a], k_of[b]])
        diagonal = np.diag(table.to_numpy(dtype=float))
        sqrt_ave = min(diagonal[k_of[a]], diagonal[k_of[b]])
        rows.append(
            {
                "construct_a": a,
                "construct_b": b,
                "correlation": r,
                "htmt": value,
                "fornell_larcker_ok": bool(abs(r) < sqrt_ave),
                "htmt_above_085": bool(value > HTMT_STRICT),
                "htmt_above_090": bool(value > HTMT_LIBERAL),
            }
        )
    return ValidityTables(table, ratio, pd.DataFrame(rows))
