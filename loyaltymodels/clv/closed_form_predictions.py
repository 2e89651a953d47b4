"""Predictions of a transaction model's result from the closed forms of its model."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from loyaltymodels.clv.expectations.closed_forms import ClosedForms

__all__ = ["ClosedFormPredictions", "customer_history"]

Arrays = dict[str, np.ndarray]


def customer_history(values: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(frequency, recency, T)`` of pattern columns (``periods`` where there is no ``T``).

    Parameters
    ----------
    values : dict of str to numpy.ndarray
        Pattern columns.

    Returns
    -------
    tuple of numpy.ndarray
        :math:`x`, :math:`t_x` and :math:`T` (the number of opportunities for BG/BB).
    """
    length = values["T"] if "T" in values else values["periods"]
    return values["frequency"], values["recency"], length


class ClosedFormPredictions:
    """The per-draw predictions a transaction model's result takes from its closed forms.

    Mixed in before :class:`~loyaltymodels.clv.transaction_result.TransactionResult` by a
    model's result, which names its model's :class:`ClosedForms` in ``closed_forms``.
    """

    closed_forms: ClassVar[ClosedForms]

    def _alive(self, values: Arrays, params: dict[str, Any]) -> np.ndarray:
        return self.closed_forms.probability_alive(*customer_history(values), **params)

    def _expected(self, values: Arrays, params: dict[str, Any], t: float) -> np.ndarray:
        history = customer_history(values)
        return self.closed_forms.conditional_expected_purchases(*history, t, **params)

    def _pmf(self, values: Arrays, params: dict[str, Any], n: int, t: float) -> np.ndarray:
        history = customer_history(values)
        return self.closed_forms.conditional_purchase_probability(n, *history, t, **params)

    def _new_customer(self, params: dict[str, Any], t: np.ndarray) -> np.ndarray:
        return self.closed_forms.expected_purchases_new_customer(t, **params)
