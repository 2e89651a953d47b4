"""Predictions shared by the transaction models (BG/NBD, Pareto/NBD, BG/BB).

Each model's result supplies the closed forms (P(alive), conditional expected purchases,
conditional purchase PMF, expected purchases of a new customer) for arrays of draws x
patterns; this class validates the data, thins the draws and hands the quantity to the one
prediction engine (:mod:`loyaltymodels.clv.prediction`), which returns tidy per-customer
DataFrames.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Unpack

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.likelihoods.backend import NUMPY
from loyaltymodels.clv.prediction import draw_count
from loyaltymodels.clv.quantities import (
    expected_purchases_quantity,
    probability_alive_quantity,
    purchase_probability_quantity,
)
from loyaltymodels.clv.result import DEFAULT_MAX_DRAWS, CLVResult, PredictionSettings
from loyaltymodels.clv.value import customer_lifetime_value
from loyaltymodels.summaries import accepts_former_ci_prob_names, summarise_draws

__all__ = ["TransactionResult"]

Arrays = dict[str, np.ndarray]


def _check_horizon(t: Any, name: str = "t") -> float:
    try:
        value = float(t)
    except (TypeError, ValueError):
        value = float("nan")
    if not np.isfinite(value) or value < 0:
        raise LoyaltyDataError(f"{name} must be a non-negative number of time units, got {t!r}.")
    return value


class TransactionResult(CLVResult):
    """A fitted transaction model with its per-customer predictions."""

    time_column = "T"

    # ------------------------------------------------------------------ supplied by models

    def _alive(self, values: Arrays, params: dict[str, Any]) -> np.ndarray:
        raise NotImplementedError

    def _expected(self, values: Arrays, params: dict[str, Any], t: float) -> np.ndarray:
        raise NotImplementedError

    def _pmf(self, values: Arrays, params: dict[str, Any], n: int, t: float) -> np.ndarray:
        raise NotImplementedError(f"purchase_probability is not available for {self.model_name}.")

    def _new_customer(self, params: dict[str, Any], t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _pattern_columns(self, data: pd.DataFrame) -> list[str]:
        return ["frequency", "recency", self.time_column, *self.model.covariate_columns]

    # ------------------------------------------------------------------ per draw and pattern

    def history_columns(self, data: pd.DataFrame) -> list[str]:
        """Return the summary columns the closed forms read (history, then covariates).

        Parameters
        ----------
        data : pandas.DataFrame
            The summary (BG/BB reads ``T`` or ``periods``, whichever it has).

        Returns
        -------
        list of str
            The columns.
        """
        return self._pattern_columns(data)

    def pattern_parameters(self, values: Arrays, draws: Arrays) -> dict[str, Any]:
        """Parameters per draw (rows) and pattern (columns), covariate effects applied.

        Parameters
        ----------
        values : dict of str to numpy.ndarray
            (1 x patterns) arrays of :meth:`history_columns`.
        draws : dict of str to numpy.ndarray
            Parameter draws, draw axis first.

        Returns
        -------
        dict
            The model's parameters, broadcastable to (draws x patterns).
        """
        columns = dict(values)
        for role, names in self.model.covariates.items():
            if names:
                columns[f"covariates_{role}"] = np.column_stack([values[c][0] for c in names])
        params = {
            name: draws[name][:, None] if name in self.parameter_names else draws[name]
            for name in draws
        }
        individual: dict[str, Any] = self.model.individual_parameters(columns, params, NUMPY)
        return individual

    def probability_alive_at(self, values: Arrays, params: dict[str, Any]) -> np.ndarray:
        """P(alive) per draw and pattern at :meth:`pattern_parameters` ``params``.

        Parameters
        ----------
        values : dict of str to numpy.ndarray
            (1 x patterns) history arrays.
        params : dict
            From :meth:`pattern_parameters`.

        Returns
        -------
        numpy.ndarray
            (draws x patterns).
        """
        return self._alive(values, params)

    def expected_purchases_at(self, values: Arrays, params: dict[str, Any], t: float) -> np.ndarray:
        """Conditional expected purchases in the next ``t``, as :meth:`probability_alive_at`."""
        return self._expected(values, params, t)

    def purchase_probability_at(
        self, values: Arrays, params: dict[str, Any], n: int, t: float
    ) -> np.ndarray:
        """P(exactly ``n`` purchases in the next ``t``), as :meth:`probability_alive_at`."""
        return self._pmf(values, params, n, t)

    # ------------------------------------------------------------------ predictions

    @accepts_former_ci_prob_names
    def probability_alive(
        self, data: pd.DataFrame | None = None, **settings: Unpack[PredictionSettings]
    ) -> pd.DataFrame | np.ndarray:
        """Probability that each customer is still active at the end of observation.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            A summary like the fitted one; default the fitted data.
        **settings
            ``max_draws`` (500), ``ci_prob`` (0.95; formerly ``interval``, still accepted with
            a FutureWarning), ``return_draws`` (False) and ``n_jobs`` (-1), keywords
            described in :class:`~loyaltymodels.clv.result.PredictionSettings`.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper`` over the draws
            (``attrs`` record ``ci_prob`` and ``ci_kind="eti"``).
        """
        quantity = partial(probability_alive_quantity, self)
        return self.predict(quantity, data, **settings)

    @accepts_former_ci_prob_names
    def expected_purchases(
        self, data: pd.DataFrame | None = None, *, t: float, **settings: Unpack[PredictionSettings]
    ) -> pd.DataFrame | np.ndarray:
        """Predict each customer's purchases in the next ``t`` time units, given the history.

        Parameters
        ----------
        t : float
            The horizon, in the data's time unit (opportunities for BG/BB).
        data, **settings
            As in :meth:`probability_alive`.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            As :meth:`probability_alive` returns it.
        """
        horizon = _check_horizon(t)
        quantity = partial(expected_purchases_quantity, self, t=horizon)
        return self.predict(quantity, data, **settings)

    @accepts_former_ci_prob_names
    def purchase_probability(
        self,
        data: pd.DataFrame | None = None,
        *,
        n: int,
        t: float,
        **settings: Unpack[PredictionSettings],
    ) -> pd.DataFrame | np.ndarray:
        """Probability that each customer makes exactly ``n`` purchases in the next ``t``.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            As in :meth:`probability_alive`.
        n : int
            The number of purchases (>= 0).
        t : float
            The horizon, in the data's time unit.
        **settings
            As in :meth:`probability_alive`.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
        """
        if int(n) != n or n < 0:
            raise LoyaltyDataError(f"n must be a non-negative whole number, got {n!r}.")
        horizon = _check_horizon(t)
        quantity = partial(purchase_probability_quantity, self, n=int(n), t=horizon)
        return self.predict(quantity, data, **settings)

    @accepts_former_ci_prob_names
    def expected_purchases_new_customer(
        self,
        t: float | np.ndarray,
        *,
        max_draws: int | None = DEFAULT_MAX_DRAWS,
        ci_prob: float = 0.95,
        return_draws: bool = False,
    ) -> pd.DataFrame | np.ndarray:
        """Predict the repeat purchases of a newly acquired customer within ``t`` time units.

        For models with covariates this is the baseline customer (all covariates 0).

        Parameters
        ----------
        t : float or array_like
            One or more horizons, in the data's time unit.
        max_draws, ci_prob, return_draws
            As in :meth:`probability_alive`.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``t``: ``mean``, ``sd``, ``lower``, ``upper``; or the
            (draws x horizons) array with ``return_draws=True``.
        """
        horizons = np.atleast_1d(np.asarray(t, dtype=float))
        if horizons.ndim != 1 or not np.all(np.isfinite(horizons)) or np.any(horizons < 0):
            raise LoyaltyDataError(f"t must hold non-negative numbers, got {t!r}.")
        draws = self.posterior_draws(max_draws)
        params = {name: draws[name][:, None] for name in self.parameter_names}
        values = np.broadcast_to(
            self._new_customer(params, horizons[None, :]), (draw_count(draws), horizons.size)
        )
        if return_draws:
            return np.array(values)
        summary = summarise_draws(values, ci_prob)
        frame = pd.DataFrame(summary.as_dict(), index=pd.Index(horizons, name="t"))
        frame.attrs.update({"ci_prob": summary.interval.prob, "ci_kind": summary.interval.kind})
        return frame

    def customer_lifetime_value(
        self, data: pd.DataFrame | None = None, *, spend_result: Any, **settings: Any
    ) -> pd.DataFrame | np.ndarray:
        """Discounted customer lifetime value over ``horizon`` periods (see :mod:`.value`).

        Parameters
        ----------
        data : pandas.DataFrame, optional
            A summary with ``monetary_value``; default the fitted data.
        spend_result : GammaGammaResult
            A fitted spend model.
        **settings
            ``horizon`` (12), ``discount_rate`` (0.01), ``margin`` (1.0), ``time_unit``
            ("W"), ``max_draws`` (200), ``ci_prob`` (0.95), ``return_draws`` and ``n_jobs``,
            as in :func:`loyaltymodels.clv.customer_lifetime_value`.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
        """
        return customer_lifetime_value(self, spend_result, data, **settings)
