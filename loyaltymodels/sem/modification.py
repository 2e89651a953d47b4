r"""Modification indices: score tests of freeing one parameter (lavaan's ``modindices``).

Every parameter the model leaves out or fixes is a candidate: a loading of every factor on
every item, a covariance between every pair of observed variables and of latent variables, and a
regression between every pair of variables already in a regression. With the unit score
:math:`s_k = \partial\ell/\partial\theta_k / N` of candidate k at the fitted estimates and the
unit expected information :math:`\mathcal I` of the model extended by all candidates,

.. math::

    V_k = \mathcal I_{kk} - \mathcal I_{k\theta}\mathcal I_{\theta\theta}^{-1}\mathcal I_{\theta k},
    \qquad MI_k = N s_k^2 / V_k, \qquad EPC_k = s_k / V_k

(Sörbom 1989, "Model modification", Psychometrika 54; Saris, Satorra & Sörbom 1987 for the
expected parameter change). Candidates with :math:`V_k` below
:math:`\epsilon^{1/3}` (equivalent to a parameter already in the model) are left out, as in
lavaan 0.6-14. ``sepc_all`` standardizes the EPC like ``std_all``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels.sem.groups import GroupModel, SampleMoments

__all__ = ["modification_indices"]

_V_FLOOR = np.finfo(float).eps ** (1.0 / 3.0)


def _candidates(table: pd.DataFrame, observed: list[str], latents: list[str]) -> pd.DataFrame:
    present = {
        (g, lhs, op, rhs)
        for g, lhs, op, rhs in table[["group", "lhs", "op", "rhs"]].itertuples(index=False)
    }
    present |= {(g, rhs, op, lhs) for g, lhs, op, rhs in present if op == "~~"}
    regressions = table[table["op"] == "~"]
    in_regressions = list(dict.fromkeys([*regressions["lhs"], *regressions["rhs"]]))
    outcomes = set(regressions["lhs"])
    rows = []
    for g in sorted(table["group"].unique()):
        pairs: list[tuple[str, str, str]] = []
        pairs += [(f, "=~", x) for f in latents for x in observed if x not in outcomes]
        for names in (observed, latents):
            pairs += [(names[j], "~~", names[i]) for i in range(len(names)) for j in range(i)]
        pairs += [(y, "~", x) for y in in_regressions for x in in_regressions if x != y]
        rows += [
            {"lhs": a, "op": o, "rhs": b, "group": g}
            for a, o, b in pairs
            if (g, a, o, b) not in present and not (o == "~" and (g, b, o, a) in present)
        ]
    return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "group"])


def modification_indices(
    table: pd.DataFrame,
    theta: np.ndarray,
    moments: SampleMoments,
    observed: list[str],
    latents: list[str],
    *,
    min_mi: float = 0.0,
) -> pd.DataFrame:
    """Modification index, expected change and standardized change of every left-out parameter.

    Parameters
    ----------
    table : pandas.DataFrame
        Parameter table of the fitted model.
    theta : numpy.ndarray
        Its estimates.
    moments : SampleMoments
        Per-group sample moments (means of zero for a model without mean structure).
    observed, latents : list of str
        Variables of the model.
    min_mi : float, default 0
        Only rows with ``mi >= min_mi``.

    Returns
    -------
    pandas.DataFrame
        ``lval, op, rval, group, mi, epc, sepc_all``, largest ``mi`` first.
    """
    new_rows = _candidates(table, observed, latents)
    q = int(table["free"].max())
    extended = table.copy()
    # fixed rows of the model are candidates too (a marker loading in one group), at their value
    fixed = np.flatnonzero(
        (extended["free"].to_numpy() == 0) & extended["op"].isin(["=~", "~~", "~"]).to_numpy()
    )
    extended.loc[extended.index[fixed], "free"] = np.arange(q + 1, q + 1 + fixed.size)
    extra = new_rows.assign(label="", value=0.0, user=False)
    extra["free"] = np.arange(q + 1 + fixed.size, q + 1 + fixed.size + len(extra))
    extended = pd.concat([extended, extra], ignore_index=True)
    candidates = pd.concat(
        [table.iloc[fixed][["lhs", "op", "rhs", "group"]], new_rows], ignore_index=True
    )
    model = GroupModel(extended, observed, latents, len(moments.sizes))
    full = np.concatenate([theta, table["value"].to_numpy()[fixed], np.zeros(len(extra))])
    _, grad = model.value_and_gradient(full, moments)
    score = -0.5 * grad[q:]
    info = model.information(full, moments)
    i11, i12, i22 = info[q:, q:], info[q:, :q], info[:q, :q]
    v = np.diag(i11) - np.einsum("ij,ji->i", i12, np.linalg.solve(i22, i12.T))
    keep = v >= _V_FLOOR
    n = moments.n_total
    mi = n * score**2 / np.where(keep, v, np.nan)
    epc = score / np.where(keep, v, np.nan)
    base = GroupModel(table, observed, latents, len(moments.sizes))
    sepc = base.standardize(
        theta,
        list(candidates["lhs"]),
        list(candidates["op"]),
        list(candidates["rhs"]),
        [int(g) for g in candidates["group"]],
        epc,
    )
    out = pd.DataFrame(
        {
            "lval": candidates["lhs"],
            "op": candidates["op"],
            "rval": candidates["rhs"],
            "group": candidates["group"].astype(int),
            "mi": mi,
            "epc": epc,
            "sepc_all": sepc,
        }
    )
    reported: pd.DataFrame = out[keep & (out["mi"] >= min_mi)]
    return reported.sort_values("mi", ascending=False, kind="stable").reset_index(drop=True)
