r"""Customer lifetime value: discounted expected purchases times expected spend.

Following the discrete-period approach of Fader, Hardie & Lee (2005), "RFM and CLV: using
iso-value curves for customer base analysis", Journal of Marketing Research 42(4), with the
expected purchases of the transaction model and the expected spend of the Gamma-Gamma model,
each posterior draw gives

.. math::

    \text{CLV}_i = m \, E[M_i] \sum_{k=1}^{K}
        \frac{E[Y_i(k\Delta)] - E[Y_i((k-1)\Delta)]}{(1+d)^k}

with margin :math:`m`, horizon :math:`K` periods of length :math:`\Delta` (a month by default:
30.4375 days, 4.348 weeks) and discount rate :math:`d` per period. Transaction and spend
draws are paired (a point fit is broadcast against the other's draws).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError, check_columns, check_finite_number
from loyaltymodels.clv.prediction import predict
from loyaltymodels.clv.quantities import customer_lifetime_value_quantity, pair_draws
from loyaltymodels.summaries import accepts_former_ci_prob_names

if TYPE_CHECKING:
    from loyaltymodels.clv.transaction_result import TransactionResult

__all__ = [
    "CLV_MAX_DRAWS",
    "PERIOD_LENGTHS",
    "customer_lifetime_value",
    "paired_draw_count",
    "paired_draws",
    "period_length",
]

CLV_MAX_DRAWS = 200
DAYS_PER_MONTH = 365.25 / 12
PERIOD_LENGTHS = {"D": DAYS_PER_MONTH, "W": DAYS_PER_MONTH / 7.0, "M": 1.0}


def period_length(time_unit: str | float) -> float:
    """Length of one discounting period (a month) in the summary's time unit.

    Parameters
    ----------
    time_unit : {"D", "W", "M"} or float
        The summary's time unit, or directly the period length in that unit.

    Returns
    -------
    float
        The period length.

    Examples
    --------
    >>> round(period_length("W"), 4)
    4.3482
    """
    if isinstance(time_unit, str):
        if time_unit not in PERIOD_LENGTHS:
            raise LoyaltyDataError(
                f"time_unit must be one of {sorted(PERIOD_LENGTHS)} (the summary's unit) or "
                f"a positive period length, got {time_unit!r}."
            )
        return PERIOD_LENGTHS[time_unit]
    length = float(time_unit)
    if not np.isfinite(length) or length <= 0:
        raise LoyaltyDataError(f"time_unit as a period length must be positive, got {time_unit}.")
    return length


@accepts_former_ci_prob_names
def customer_lifetime_value(
    transaction_result: TransactionResult,
    spend_result: Any,
    data: pd.DataFrame | None = None,
    *,
    horizon: int = 12,
    discount_rate: float = 0.01,
    margin: float = 1.0,
    time_unit: str | float = "W",
    max_draws: int | None = CLV_MAX_DRAWS,
    ci_prob: float = 0.95,
    return_draws: bool = False,
    n_jobs: int = -1,
) -> pd.DataFrame | np.ndarray:
    """Discounted CLV per customer from a transaction model and a spend model.

    The discounted expected purchases are evaluated once per unique history pattern
    (frequency, recency, T and covariates) and paired with each customer's expected spend, in
    chunks of bounded memory (:mod:`loyaltymodels.clv.prediction`).

    Parameters
    ----------
    transaction_result : TransactionResult
        A fitted BG/NBD, Pareto/NBD or BG/BB result.
    spend_result : GammaGammaResult
        A fitted Gamma-Gamma result.
    data : pandas.DataFrame, optional
        The summary with ``monetary_value``; default the transaction model's fitted data.
    horizon : int, default 12
        Number of discounting periods.
    discount_rate : float, default 0.01
        Discount rate per period.
    margin : float, default 1.0
        Profit margin on spend.
    time_unit : {"D", "W", "M"} or float, default "W"
        The summary's time unit (the period is a month), or the period length itself. A unit
        that contradicts the summary's ``attrs["time_unit"]`` (set by ``rfm_summary`` and
        ``read_summary``) is refused.
    max_draws : int or None, default 200
        At most this many (paired) posterior draws, evenly thinned: the horizon's steps each
        need a hypergeometric function per draw and pattern, so the default is smaller than
        for the other predictions; None uses all.
    ci_prob, return_draws, n_jobs
        The interval probability (formerly ``interval``, still accepted with a
        FutureWarning), the (draws x customers) array instead of the summary, and the threads
        evaluating chunks (-1: one per core); as in the results' ``probability_alive``.

    Returns
    -------
    pandas.DataFrame or numpy.ndarray
        Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
    """
    _check_spend_result(spend_result)
    settings = _check_settings(horizon, discount_rate, margin)
    frame = _clv_data(transaction_result, spend_result, data, time_unit)
    quantity = customer_lifetime_value_quantity(
        transaction_result, frame, period=period_length(time_unit), **settings
    )
    draws = paired_draws(transaction_result, spend_result, max_draws)
    return predict(
        quantity, frame, draws, ci_prob=ci_prob, return_draws=return_draws, n_jobs=n_jobs
    )


def paired_draws(
    transaction_result: Any, spend_result: Any, max_draws: int | None = CLV_MAX_DRAWS
) -> dict[str, np.ndarray]:
    """Transaction and spend draws, paired and evenly thinned to the same count.

    With two posteriors the count is the smaller of the two; a point fit (one draw) is
    broadcast against the other's draws. ``max_draws`` caps the count.

    Parameters
    ----------
    transaction_result : TransactionResult
        A fitted transaction model.
    spend_result : GammaGammaResult
        A fitted spend model.
    max_draws : int or None, default 200
        The most draws; None for no cap.

    Returns
    -------
    dict of str to numpy.ndarray
        As :func:`loyaltymodels.clv.quantities.pair_draws` returns them.
    """
    n_pairs = paired_draw_count(transaction_result.n_draws, spend_result.n_draws, max_draws)
    return pair_draws(
        transaction_result.posterior_draws(n_pairs), spend_result.posterior_draws(n_pairs)
    )


def paired_draw_count(n_transaction: int, n_spend: int, max_draws: int | None = None) -> int:
    """How many paired draws two fits give (the fewer of two posteriors; a point fit broadcasts).

    Parameters
    ----------
    n_transaction, n_spend : int
        The draws of each fit.
    max_draws : int or None
        A cap.

    Returns
    -------
    int
        The number of pairs.

    Examples
    --------
    >>> paired_draw_count(1, 1000, 200), paired_draw_count(4000, 1000, None)
    (200, 1000)
    """
    low, high = sorted((n_transaction, n_spend))
    n_pairs = high if low == 1 else low
    return n_pairs if max_draws is None else min(n_pairs, max_draws)


def _check_spend_result(spend_result: Any) -> None:
    from loyaltymodels.clv.gamma_gamma import GammaGammaResult

    if not isinstance(spend_result, GammaGammaResult):
        raise LoyaltyDataError(
            "spend_result must be a fitted GammaGamma result (GammaGamma().fit(...)), got "
            f"{type(spend_result).__name__}."
        )


def _check_settings(horizon: Any, discount_rate: Any, margin: Any) -> dict[str, Any]:
    if int(horizon) != horizon or horizon < 1:
        raise LoyaltyDataError(f"horizon must be a positive whole number, got {horizon!r}.")
    discount_rate = check_finite_number(discount_rate, "discount_rate")
    if discount_rate <= -1:
        raise LoyaltyDataError(f"discount_rate must be > -1, got {discount_rate!r}.")
    margin = check_finite_number(margin, "margin")
    return {"horizon": int(horizon), "discount_rate": discount_rate, "margin": margin}


def _clv_data(
    transaction_result: Any, spend_result: Any, data: pd.DataFrame | None, time_unit: Any
) -> pd.DataFrame:
    """Return the summary, validated for both models, its time unit agreeing with ``time_unit``."""
    period_length(time_unit)
    frame = transaction_result.data if data is None else data
    stated = getattr(frame, "attrs", {}).get("time_unit")
    if isinstance(time_unit, str) and stated is not None and stated != time_unit:
        raise LoyaltyDataError(
            f"the summary's recency and T are in time unit {stated!r} (summary.attrs"
            f"['time_unit']) but time_unit={time_unit!r} was passed; pass time_unit={stated!r}."
        )
    check_columns(frame, ["monetary_value"], name="data")
    checked: pd.DataFrame = transaction_result.prediction_data(frame)
    spend_result.prediction_data(checked)
    return checked
