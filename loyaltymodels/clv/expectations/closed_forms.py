"""The closed forms a transaction model supplies to the predictions of its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["ClosedForms"]


@dataclass(frozen=True)
class ClosedForms:
    r"""The four per-customer closed forms of a transaction model (BG/NBD, Pareto/NBD, BG/BB).

    Each broadcasts over draws x patterns; ``x`` is the number of repeat purchases, ``t_x`` the
    time (or opportunity) of the last one and ``T`` the length of the observation period (the
    number of opportunities for BG/BB); ``params`` are the model's parameters by name.

    Attributes
    ----------
    probability_alive : callable
        ``(x, t_x, T, **params) -> P(alive | x, t_x, T)``.
    conditional_expected_purchases : callable
        ``(x, t_x, T, t, **params) -> E[X(T, T + t) | x, t_x, T]``.
    conditional_purchase_probability : callable
        ``(n, x, t_x, T, t, **params) -> P(X(T, T + t) = n | x, t_x, T)``.
    expected_purchases_new_customer : callable
        ``(t, **params) -> E[X(t)]`` for a customer just acquired.
    """

    probability_alive: Callable[..., np.ndarray]
    conditional_expected_purchases: Callable[..., np.ndarray]
    conditional_purchase_probability: Callable[..., np.ndarray]
    expected_purchases_new_customer: Callable[..., np.ndarray]
