r"""Leave-one-customer-out cross-validation (PSIS-LOO) of a CLV fit, weighted by pattern.

Customers with the same (frequency, recency, T) have identical log-likelihood draws, so their
pointwise PSIS-LOO values are identical too (Vehtari, Gelman & Gabry 2017). ArviZ computes the
value :math:`\text{elpd}_p` of each unique pattern :math:`p` from ``result.idata``; with
:math:`w_p` customers per pattern and :math:`N = \sum_p w_p`,

.. math::

    \widehat{\text{elpd}}_\text{loo} = \sum_p w_p\,\text{elpd}_p, \qquad
    \text{SE} = \sqrt{N \cdot \frac{\sum_p w_p (\text{elpd}_p - \bar e)^2}{N - 1}},
    \quad \bar e = \widehat{\text{elpd}}_\text{loo} / N,

exactly what ``arviz.loo`` gives on the data expanded to one row per customer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["compare_loo", "loo"]


def loo(result: Any) -> pd.Series:
    r"""PSIS-LOO of a fitted BG/NBD, Pareto/NBD or other CLV model, per customer.

    Parameters
    ----------
    result : CLVResult
        A fit with posterior draws (``method`` ``"nuts"``, ``"laplace"`` or ``"advi"``).

    Returns
    -------
    pandas.Series
        ``elpd_loo``, ``se``, ``p_loo``, ``looic`` (:math:`-2\,\text{elpd}`),
        ``max_pareto_k`` and ``n_customers``.
    """
    import arviz as az

    if result.n_draws < 2:
        raise LoyaltyDataError(
            f"loo needs posterior draws; this fit (method {result.method!r}) has one point. "
            "Fit with method='nuts' or 'laplace'."
        )
    idata = result.idata
    pointwise = az.loo(idata, pointwise=True, var_name="purchases")
    weights = np.asarray(idata["constant_data"]["pattern_weight"].values, dtype=float)
    elpd_i = np.asarray(pointwise.elpd_i).ravel()
    n = weights.sum()
    elpd = float(np.sum(weights * elpd_i))
    mean = elpd / n
    variance = float(np.sum(weights * (elpd_i - mean) ** 2) / (n - 1))
    from scipy.special import logsumexp

    draws = np.asarray(idata["log_likelihood"]["purchases"].values)
    draws = draws.reshape(-1, draws.shape[-1])
    lppd_i = logsumexp(draws, axis=0) - np.log(draws.shape[0])
    p_loo_i = lppd_i - elpd_i
    return pd.Series(
        {
            "elpd_loo": elpd,
            "se": float(np.sqrt(n * variance)),
            "p_loo": float(np.sum(weights * p_loo_i)),
            "looic": -2.0 * elpd,
            "max_pareto_k": float(np.max(np.asarray(pointwise.pareto_k))),
            "n_customers": int(n),
        }
    )


def compare_loo(results: dict[str, Any]) -> pd.DataFrame:
    """Compare fits of the same customers by PSIS-LOO (higher ``elpd_loo`` is better).

    Parameters
    ----------
    results : dict of str to CLVResult
        Fits with posterior draws, by name.

    Returns
    -------
    pandas.DataFrame
        One row per model, best first: the columns of :func:`loo` and ``elpd_diff`` (to the
        best model).
    """
    table = pd.DataFrame({name: loo(result) for name, result in results.items()}).T
    table = table.sort_values("elpd_loo", ascending=False)
    table["elpd_diff"] = table["elpd_loo"] - table["elpd_loo"].iloc[0]
    return table.rename_axis("model")
