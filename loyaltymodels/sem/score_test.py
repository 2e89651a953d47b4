r"""Score (Lagrange multiplier) tests of equality constraints, as lavaan's ``lavTestScore``.

The constrained model ties parameters by sharing one entry of the parameter vector. Releasing
every tie gives the unconstrained vector :math:`\vartheta` (one entry per free row) with the
constraints :math:`R\vartheta = 0`, one row :math:`\vartheta_a - \vartheta_b` per tie. With the
unit score :math:`s = \partial\ell/\partial\vartheta / N` and unit expected information
:math:`\mathcal I` at the constrained estimate, the test that releases the set :math:`r` of
constraints while keeping the others (:math:`R_{-r}`) is

.. math::

    X^2_r = N\,s^\top Z (Z^\top\mathcal I Z)^{-1} Z^\top s,

with :math:`Z` a basis of the null space of :math:`R_{-r}` (the Moore-Penrose inverse of
:math:`\mathcal I` when every constraint is released), on as many degrees of freedom as
constraints released (Rao 1948; Bentler 1990's multivariate LM test; lavaan 0.6
``lav_test_score``). Releasing one tie between parameters a and o adds the single direction
:math:`e_o` to the tied model's space, so the univariate test is computed as the modification
index :math:`N s_o^2 / (\mathcal I_{oo} - \mathcal I_{oK}(K^\top\mathcal IK)^{-1}
\mathcal I_{Ko})`, with :math:`K` the map from tied to untied parameters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import linalg, stats

from loyaltymodels.sem.groups import GroupModel, SampleMoments

__all__ = ["equality_score_tests"]


def _released_inverse(information: np.ndarray, kept: np.ndarray) -> np.ndarray:
    if kept.shape[0] == 0:
        return np.linalg.pinv(information)
    z = linalg.null_space(kept)
    inner = z.T @ information @ z
    try:
        out = z @ np.linalg.solve(inner, z.T)
    except np.linalg.LinAlgError:
        out = z @ np.linalg.pinv(inner) @ z.T
    symmetric: np.ndarray = (out + out.T) / 2.0
    return symmetric


def equality_score_tests(
    table: pd.DataFrame,
    theta: np.ndarray,
    moments: SampleMoments,
    observed: list[str],
    latents: list[str],
) -> tuple[pd.DataFrame, pd.Series]:
    """Univariate and total score tests of every equality tie of a fitted model.

    Parameters
    ----------
    table : pandas.DataFrame
        Parameter table of the constrained model (``free`` shared by tied rows).
    theta : numpy.ndarray
        Constrained estimates.
    moments : SampleMoments
        Per-group sample moments.
    observed, latents : list of str
        Variables of the model.

    Returns
    -------
    univariate : pandas.DataFrame
        One row per constraint: ``lhs`` and ``rhs`` (parameters as ``"x1~1@1"``: row and
        group), ``x2``, ``df`` (1), ``pvalue``; empty without constraints.
    total : pandas.Series
        ``x2``, ``df`` and ``pvalue`` of releasing every constraint at once.
    """
    free_rows = np.flatnonzero(table["free"].to_numpy() > 0)
    unco = np.zeros(len(table), dtype=int)
    unco[free_rows] = np.arange(1, free_rows.size + 1)
    shared = table["free"].to_numpy()[free_rows]
    names = [
        f"{r.lhs}{r.op}{r.rhs}@{r.group}" if r.op != "~1" else f"{r.lhs}~1@{r.group}"
        for r in table.iloc[free_rows].itertuples()
    ]
    constraints, lhs, rhs = [], [], []
    for k in np.unique(shared):
        members = np.flatnonzero(shared == k)
        for other in members[1:]:
            row = np.zeros(free_rows.size)
            row[members[0]], row[other] = 1.0, -1.0
            constraints.append(row)
            lhs.append(names[members[0]])
            rhs.append(names[other])
    empty = pd.DataFrame(columns=["lhs", "op", "rhs", "x2", "df", "pvalue"])
    if not constraints:
        return empty, pd.Series({"x2": 0.0, "df": 0.0, "pvalue": np.nan})
    r = np.array(constraints)
    model = GroupModel(table, observed, latents, len(moments.sizes), free=unco)
    expanded = theta[shared - 1]
    _, grad = model.value_and_gradient(expanded, moments)
    score = -0.5 * grad  # d log L / N = -1/2 dF
    information = model.information(expanded, moments)
    n = moments.n_total
    total = float(n * score @ _released_inverse(information, np.zeros((0, r.shape[1]))) @ score)
    # releasing one tie frees its second member o: the span of the tied model plus e_o, so
    # the test is the modification index of that direction (Sörbom 1989)
    k = np.zeros((free_rows.size, int(shared.max())))
    k[np.arange(free_rows.size), shared - 1] = 1.0
    tied_info = k.T @ information @ k
    released = np.array([int(np.flatnonzero(row == -1.0)[0]) for row in r])
    cross = information[released] @ k
    v = information[released, released] - np.einsum(
        "ij,ji->i", cross, np.linalg.solve(tied_info, cross.T)
    )
    x2 = n * score[released] ** 2 / v
    univariate = pd.DataFrame(
        {
            "lhs": lhs,
            "op": "==",
            "rhs": rhs,
            "x2": x2,
            "df": 1,
            "pvalue": stats.chi2.sf(x2, 1),
        }
    )
    totals = pd.Series(
        {"x2": total, "df": float(r.shape[0]), "pvalue": float(stats.chi2.sf(total, r.shape[0]))}
    )
    return univariate, totals
