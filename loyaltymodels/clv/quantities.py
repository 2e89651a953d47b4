r"""The per-customer quantities of fitted CLV models, as the prediction engine evaluates them.

Each function returns a :class:`~loyaltymodels.clv.prediction.Quantity`: the summary columns
it reads and the closed form per draw and pattern. The closed forms are those of the fitted
result's model (:mod:`loyaltymodels.clv.expectations`); CLV combines the discounted expected
purchases per history pattern with the Gamma-Gamma expected spend per customer
(Fader, Hardie & Lee 2005; see :mod:`loyaltymodels.clv.value`):

.. math::

    \text{CLV}_i = m \, E[M_i] \sum_{k=1}^{K}
        \frac{E[Y_i(k\Delta)] - E[Y_i((k-1)\Delta)]}{(1+d)^k}.

Transaction and spend draws are paired in one mapping: the spend model's parameters carry the
prefix :data:`SPEND_PREFIX` (:func:`pair_draws`). Quantities hold no lambdas, so they pickle
with the results they refer to.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loyaltymodels.clv.expectations.gamma_gamma import gamma_gamma_conditional_expected_spend
from loyaltymodels.clv.prediction import Quantity

if TYPE_CHECKING:
    from loyaltymodels.clv.transaction_result import TransactionResult

__all__ = [
    "SPEND_COLUMNS",
    "SPEND_PREFIX",
    "customer_lifetime_value_quantity",
    "expected_purchases_quantity",
    "expected_spend_quantity",
    "pair_draws",
    "probability_alive_quantity",
    "purchase_probability_quantity",
    "spend_draws",
]

#: Prefix of the spend model's parameters in paired draws.
SPEND_PREFIX = "spend:"
#: The columns the Gamma-Gamma expected spend reads.
SPEND_COLUMNS = ("frequency", "monetary_value")
_SPEND_PARAMETERS = ("p", "q", "gamma")

Arrays = dict[str, np.ndarray]


def pair_draws(
    transaction: Mapping[str, np.ndarray], spend: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Put transaction and spend draws in one mapping (spend names prefixed).

    Parameters
    ----------
    transaction, spend : mapping of str to numpy.ndarray
        The two models' draws, with the same number of draws (or one of them a single one).

    Returns
    -------
    dict of str to numpy.ndarray
        Transaction names as they are, spend names prefixed with :data:`SPEND_PREFIX`.
    """
    return {**transaction, **{SPEND_PREFIX + name: values for name, values in spend.items()}}


def spend_draws(draws: Arrays) -> dict[str, np.ndarray]:
    """Return the spend model's draws of paired draws (or the draws themselves when unpaired).

    Parameters
    ----------
    draws : mapping of str to numpy.ndarray
        Draws from :func:`pair_draws`, or a Gamma-Gamma model's own draws.

    Returns
    -------
    dict of str to numpy.ndarray
        ``p``, ``q``, ``gamma``.
    """
    prefixed = {k[len(SPEND_PREFIX) :]: v for k, v in draws.items() if k.startswith(SPEND_PREFIX)}
    return prefixed or dict(draws)


def _expected_spend(values: Arrays, draws: Arrays) -> np.ndarray:
    own = spend_draws(draws)
    params = {name: own[name][:, None] for name in _SPEND_PARAMETERS}
    spend: np.ndarray = gamma_gamma_conditional_expected_spend(
        values["frequency"], values["monetary_value"], **params
    )
    return spend


def expected_spend_quantity() -> Quantity:
    r"""Gamma-Gamma expected mean transaction value :math:`E[M \mid x, \bar z]`.

    Returns
    -------
    Quantity
        Reads ``frequency`` and ``monetary_value``; draws ``p``, ``q``, ``gamma``.
    """
    return Quantity(SPEND_COLUMNS, _expected_spend)


def _alive(result: TransactionResult, values: Arrays, draws: Arrays) -> np.ndarray:
    return result.probability_alive_at(values, result.pattern_parameters(values, draws))


def _expected(result: TransactionResult, t: float, values: Arrays, draws: Arrays) -> np.ndarray:
    return result.expected_purchases_at(values, result.pattern_parameters(values, draws), t)


def _pmf(result: TransactionResult, n: int, t: float, values: Arrays, draws: Arrays) -> np.ndarray:
    params = result.pattern_parameters(values, draws)
    return result.purchase_probability_at(values, params, n, t)


def probability_alive_quantity(result: TransactionResult, data: pd.DataFrame) -> Quantity:
    """P(alive) at the end of observation, per history pattern.

    Parameters
    ----------
    result : TransactionResult
        A fitted BG/NBD, Pareto/NBD or BG/BB result.
    data : pandas.DataFrame
        The (validated) summary, which tells the history columns.

    Returns
    -------
    Quantity
        The quantity.
    """
    return Quantity(tuple(result.history_columns(data)), partial(_alive, result))


def expected_purchases_quantity(
    result: TransactionResult, data: pd.DataFrame, t: float
) -> Quantity:
    r"""Conditional expected purchases :math:`E[Y(t) \mid x, t_x, T]` in the next ``t``.

    ``result`` and ``data`` as in :func:`probability_alive_quantity`.
    """
    return Quantity(tuple(result.history_columns(data)), partial(_expected, result, t))


def purchase_probability_quantity(
    result: TransactionResult, data: pd.DataFrame, n: int, t: float
) -> Quantity:
    r"""Probability of exactly ``n`` purchases in the next ``t``, :math:`P(Y(t)=n \mid \cdot)`.

    ``result`` and ``data`` as in :func:`probability_alive_quantity`.
    """
    return Quantity(tuple(result.history_columns(data)), partial(_pmf, result, n, t))


def _discounted_purchases(
    result: TransactionResult,
    steps: np.ndarray,
    discounts: np.ndarray,
    values: Arrays,
    draws: Arrays,
) -> np.ndarray:
    params = result.pattern_parameters(values, draws)
    total: Any = 0.0
    previous: Any = 0.0
    for step, discount in zip(steps, discounts, strict=True):
        current = result.expected_purchases_at(values, params, float(step))
        total = total + (current - previous) * discount
        previous = current
    return np.asarray(total)


def _times_spend(margin: float, purchases: np.ndarray, values: Arrays, draws: Arrays) -> Any:
    return margin * _expected_spend(values, draws) * purchases


def customer_lifetime_value_quantity(
    result: TransactionResult,
    data: pd.DataFrame,
    *,
    horizon: int,
    discount_rate: float,
    margin: float,
    period: float,
) -> Quantity:
    r"""Discounted CLV: discounted purchases per history pattern times margin and spend.

    Parameters
    ----------
    result : TransactionResult
        A fitted transaction model.
    data : pandas.DataFrame
        The (validated) summary with ``monetary_value``.
    horizon : int
        Number of discounting periods :math:`K`.
    discount_rate : float
        Discount rate per period :math:`d`.
    margin : float
        Profit margin :math:`m`.
    period : float
        Period length :math:`\Delta` in the summary's time unit.

    Returns
    -------
    Quantity
        Evaluated with :func:`pair_draws` draws.
    """
    steps = np.arange(1, int(horizon) + 1) * period
    discounts = (1.0 + discount_rate) ** -np.arange(1, int(horizon) + 1)
    return Quantity(
        tuple(result.history_columns(data)),
        partial(_discounted_purchases, result, steps, discounts),
        customer_columns=SPEND_COLUMNS,
        per_customer=partial(_times_spend, margin),
    )
