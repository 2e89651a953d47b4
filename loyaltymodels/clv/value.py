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
from loyaltymodels.clv.result import (
    _CHUNK_ELEMENTS,
    customer_index,
    run_chunks,
    summary_frame,
)
from loyaltymodels.summaries import summarise_draws

if TYPE_CHECKING:
    from loyaltymodels.clv.transaction_result import TransactionResult

__all__ = ["CLV_MAX_DRAWS", "PERIOD_LENGTHS", "customer_lifetime_value", "period_length"]

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
    interval: float = 0.95,
    return_draws: bool = False,
    n_jobs: int = -1,
) -> pd.DataFrame | np.ndarray:
    """Discounted CLV per customer from a transaction model and a spend model.

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
    interval : float, default 0.95
        Probability of the equal-tailed interval.
    return_draws : bool, default False
        Return the (draws x customers) array instead of the summary.
    n_jobs : int, default -1
        Threads evaluating chunks in parallel (-1: one per core).

    Returns
    -------
    pandas.DataFrame or numpy.ndarray
        Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
    """
    from loyaltymodels.clv.gamma_gamma import GammaGammaResult

    if not isinstance(spend_result, GammaGammaResult):
        raise LoyaltyDataError(
            "spend_result must be a fitted GammaGamma result (GammaGamma().fit(...)), got "
            f"{type(spend_result).__name__}."
        )
    if int(horizon) != horizon or horizon < 1:
        raise LoyaltyDataError(f"horizon must be a positive whole number, got {horizon!r}.")
    discount_rate = check_finite_number(discount_rate, "discount_rate")
    if discount_rate <= -1:
        raise LoyaltyDataError(f"discount_rate must be > -1, got {discount_rate!r}.")
    margin = check_finite_number(margin, "margin")
    step = period_length(time_unit)
    frame = transaction_result.data if data is None else data
    stated = getattr(frame, "attrs", {}).get("time_unit")
    if isinstance(time_unit, str) and stated is not None and stated != time_unit:
        raise LoyaltyDataError(
            f"the summary's recency and T are in time unit {stated!r} (summary.attrs"
            f"['time_unit']) but time_unit={time_unit!r} was passed; pass time_unit={stated!r}."
        )
    check_columns(frame, ["monetary_value"], name="data")
    frame = transaction_result._prepare(frame)
    spend_result._prepare(frame)

    n_tx, n_spend = transaction_result.n_draws, spend_result.n_draws
    n_pairs = max(n_tx, n_spend) if min(n_tx, n_spend) == 1 else min(n_tx, n_spend)
    if max_draws is not None:
        n_pairs = min(n_pairs, max_draws)
    tx_draws = transaction_result.posterior_draws(n_pairs)
    spend_draws = spend_result.posterior_draws(n_pairs)
    discounts = (1.0 + discount_rate) ** -np.arange(1, int(horizon) + 1)

    def discounted_purchases(values: dict[str, np.ndarray], draws: dict[str, np.ndarray]) -> Any:
        params = transaction_result._individual(values, draws)
        total: Any = 0.0
        previous: Any = 0.0
        for k, discount in enumerate(discounts, start=1):
            current = transaction_result._expected(values, params, k * step)
            total = total + (current - previous) * discount
            previous = current
        return total

    # the expensive part depends on the purchase history only: evaluate it per unique
    # (frequency, recency, T) pattern, then pair it with each customer's expected spend
    purchases = transaction_result._per_customer(
        frame,
        discounted_purchases,
        max_draws=None,
        interval=interval,
        return_draws=True,
        n_jobs=n_jobs,
        draws=tx_draws,
        by_pattern=True,
    )
    per_pattern, inverse = purchases
    frequency = frame["frequency"].to_numpy(dtype=float)
    spend = frame["monetary_value"].to_numpy(dtype=float)
    n_draws = max(per_pattern.shape[0], n_pairs if n_spend > 1 else 1)
    chunk = max(1, _CHUNK_ELEMENTS // n_draws)
    starts = list(range(0, len(frame), chunk))

    def values_for(start: int) -> np.ndarray:
        rows = slice(start, start + chunk)
        expected_spend = spend_result._expected_values(
            {"frequency": frequency[None, rows], "monetary_value": spend[None, rows]},
            spend_draws,
        )
        return margin * expected_spend * per_pattern[:, inverse[rows]]

    if return_draws:
        return np.concatenate([values_for(start) for start in starts], axis=1)
    parts = run_chunks(
        lambda start: summarise_draws(values_for(start), interval).as_array(), starts, n_jobs
    )
    return summary_frame(np.concatenate(parts, axis=1), customer_index(frame))
