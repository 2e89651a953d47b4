"""The estimates of a parameter table: values, standard errors, z and p (one row per row)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["estimate_table"]


def estimate_table(
    table: pd.DataFrame, theta: np.ndarray, vcov: np.ndarray, values: np.ndarray | None = None
) -> pd.DataFrame:
    r"""Return the estimate, standard error, Wald z and two-sided p of every table row.

    Free rows take :math:`\hat\theta_k` and :math:`\sqrt{\mathrm{Cov}(\hat\theta)_{kk}}`;
    fixed rows their value and no standard error; :math:`z = \hat\theta/SE`,
    :math:`p = 2\,\Phi(-|z|)`.

    Parameters
    ----------
    table : pandas.DataFrame
        Parameter table (``lhs, op, rhs, group, label, free, value``; ``free`` 1-based).
    theta : numpy.ndarray
        Estimates.
    vcov : numpy.ndarray
        Their covariance.
    values : numpy.ndarray, optional
        Values of the fixed rows (default the table's ``value``).

    Returns
    -------
    pandas.DataFrame
        ``lval, op, rval, group, label, free, estimate, se, z, pvalue`` (automatic labels
        starting with ``.`` are blanked).
    """
    free = table["free"].to_numpy()
    fixed = table["value"].to_numpy(dtype=float) if values is None else values
    se_free = np.sqrt(np.clip(np.diag(vcov), 0.0, None))
    estimate = np.where(free > 0, theta[np.maximum(free, 1) - 1], fixed)
    se = np.where(free > 0, se_free[np.maximum(free, 1) - 1], np.nan)
    out = pd.DataFrame(
        {
            "lval": table["lhs"].to_numpy(),
            "op": table["op"].to_numpy(),
            "rval": table["rhs"].to_numpy(),
            "group": table["group"].to_numpy(),
            "label": [lab if not str(lab).startswith(".") else "" for lab in table["label"]],
            "free": free > 0,
            "estimate": estimate,
            "se": se,
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["z"] = np.where(out["se"] > 0, out["estimate"] / out["se"], np.nan)
    out["pvalue"] = 2.0 * stats.norm.sf(np.abs(out["z"]))
    return out
