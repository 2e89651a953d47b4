"""A small, picklable, data-free scorer of fitted CLV results, one chunk of customers at a time.

A fitted result carries its fitted data (and, for sampled fits, the full ArviZ posterior); a
10-million-customer fit pickles to hundreds of megabytes. :class:`CustomerScorer` keeps only
what predictions need: the model's configuration and the parameter draws (the estimate for
point fits, evenly thinned posterior draws otherwise). Its size does not depend on the number
of customers, so it ships cheaply to every worker of a cluster, where :meth:`CustomerScorer.score`
turns a chunk of customer summaries into flat prediction columns with the per-chunk entry point
of the prediction engine (:func:`loyaltymodels.clv.prediction.predict_chunk`), the same code
that the results' ``probability_alive``, ``expected_purchases``, ``expected_spend`` and
``customer_lifetime_value`` run; the numbers are those of the single-machine call with the same
draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv import GammaGammaResult
from loyaltymodels.clv.prediction import Quantity, predict_chunk
from loyaltymodels.clv.quantities import (
    customer_lifetime_value_quantity,
    expected_purchases_quantity,
    expected_spend_quantity,
    pair_draws,
    probability_alive_quantity,
)
from loyaltymodels.clv.result import CLVResult, thin_draws
from loyaltymodels.clv.transaction_result import TransactionResult
from loyaltymodels.clv.value import CLV_MAX_DRAWS, paired_draw_count, period_length
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["QUANTITIES", "SUMMARIES", "CustomerScorer"]

QUANTITIES = (
    "probability_alive",
    "expected_purchases",
    "expected_spend",
    "customer_lifetime_value",
)
"""What a scorer can predict per customer."""

SUMMARIES = ("mean", "sd", "lower", "upper")
"""The summaries of each quantity over the draws (output column ``<quantity>_<summary>``)."""

_NEEDS = {
    "probability_alive": "transaction",
    "expected_purchases": "transaction",
    "expected_spend": "spend",
    "customer_lifetime_value": "both",
}


class CustomerScorer:
    """Score customer summaries with fitted CLV results, without their data.

    Parameters
    ----------
    transaction_result : TransactionResult, optional
        A fitted BG/NBD, Pareto/NBD or BG/BB result.
    spend_result : GammaGammaResult, optional
        A fitted Gamma-Gamma result (for ``expected_spend`` and ``customer_lifetime_value``).
    quantities : sequence of str, default ("probability_alive",)
        Any of :data:`QUANTITIES`.
    max_draws : int, default 200
        Keep at most this many evenly thinned posterior draws (point fits keep their one).
        With both results, their draws are paired as in
        :func:`loyaltymodels.clv.customer_lifetime_value`: both are thinned to the same count.
    t : float, optional
        The horizon of ``expected_purchases``, in the summary's time unit.
    horizon, discount_rate, margin, time_unit
        The settings of ``customer_lifetime_value`` (see
        :func:`loyaltymodels.clv.customer_lifetime_value`).
    ci_prob : float, default 0.95
        Probability of the equal-tailed interval (``lower``, ``upper``); formerly
        ``interval`` (still accepted, with a FutureWarning).
    summaries : sequence of str, default ("mean", "sd", "lower", "upper")
        Which summaries of each quantity to return.

    Examples
    --------
    >>> import pickle
    >>> from loyaltymodels.clv import BetaGeo
    >>> from loyaltymodels.datasets import load_cdnow_summary
    >>> summary = load_cdnow_summary()
    >>> fitted = BetaGeo().with_parameters(
    ...     summary, {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> scorer = CustomerScorer(fitted, summaries=["mean"])
    >>> len(pickle.dumps(scorer)) < 20_000
    True
    >>> scorer.score(summary.head(2)).round(3)
       customer_id  probability_alive_mean
    0            1                   0.727
    1            2                   0.212
    """

    @accepts_former_ci_prob_names
    def __init__(
        self,
        transaction_result: TransactionResult | None = None,
        spend_result: GammaGammaResult | None = None,
        *,
        quantities: Sequence[str] = ("probability_alive",),
        max_draws: int = CLV_MAX_DRAWS,
        t: float | None = None,
        horizon: int = 12,
        discount_rate: float = 0.01,
        margin: float = 1.0,
        time_unit: str | float = "W",
        ci_prob: float = 0.95,
        summaries: Sequence[str] = SUMMARIES,
    ) -> None:
        self.quantities = _check_choices(quantities, QUANTITIES, "quantities")
        self.summaries = _check_choices(summaries, SUMMARIES, "summaries")
        if transaction_result is not None and not isinstance(transaction_result, TransactionResult):
            raise LoyaltyDataError(
                "transaction_result must be a fitted BG/NBD, Pareto/NBD or BG/BB result, got "
                f"{type(transaction_result).__name__}."
            )
        if spend_result is not None and not isinstance(spend_result, GammaGammaResult):
            raise LoyaltyDataError(
                "spend_result must be a fitted GammaGamma result, got "
                f"{type(spend_result).__name__}."
            )
        for quantity in self.quantities:
            need = _NEEDS[quantity]
            if need in ("transaction", "both") and transaction_result is None:
                raise LoyaltyDataError(f"{quantity} needs a fitted transaction model (BG/NBD...).")
            if need in ("spend", "both") and spend_result is None:
                raise LoyaltyDataError(f"{quantity} needs spend_result (a fitted GammaGamma).")
        if "expected_purchases" in self.quantities and t is None:
            raise LoyaltyDataError("expected_purchases needs the horizon t (e.g. t=52 weeks).")
        if int(max_draws) != max_draws or max_draws < 1:
            raise LoyaltyDataError(f"max_draws must be a positive whole number, got {max_draws}.")
        n_keep = int(max_draws)
        if transaction_result is not None and spend_result is not None:
            n_keep = paired_draw_count(transaction_result.n_draws, spend_result.n_draws, n_keep)
        self.transaction = _without_data(transaction_result, n_keep)
        self.spend = _without_data(spend_result, n_keep)
        self.settings: dict[str, Any] = {
            "t": t,
            "horizon": horizon,
            "discount_rate": discount_rate,
            "margin": margin,
            "time_unit": time_unit,
            "ci_prob": check_ci_prob(ci_prob),
        }

    @property
    def n_draws(self) -> int:
        """The number of draws kept (the most of the two results)."""
        draws: int = max(result.n_draws for result in (self.transaction, self.spend) if result)
        return draws

    @property
    def input_columns(self) -> list[str]:
        """The summary columns predictions may read (history, spend and covariates)."""
        columns = ["customer_id", "frequency", "recency", "T", "periods", "monetary_value"]
        for result in (self.transaction, self.spend):
            if result is not None:
                columns += [c for c in result.model.covariate_columns if c not in columns]
        return columns

    @property
    def columns(self) -> list[str]:
        """The output columns after ``customer_id``: ``<quantity>_<summary>``, all float64."""
        return [f"{q}_{s}" for q in self.quantities for s in self.summaries]

    def score(self, chunk: pd.DataFrame, *, n_jobs: int = 1) -> pd.DataFrame:
        """Score one chunk of customer summaries.

        Parameters
        ----------
        chunk : pandas.DataFrame
            Summaries as :func:`loyaltymodels.clv.rfm_summary` returns them (``customer_id``,
            ``frequency``, ``recency``, ``T`` and, for spend, ``monetary_value``); validated
            like the fitted data.
        n_jobs : int, default 1
            Threads (1 on cluster workers, where each task has one core).

        Returns
        -------
        pandas.DataFrame
            ``customer_id`` and :attr:`columns`, one row per input row, in input order.
        """
        if "customer_id" not in chunk.columns:
            raise LoyaltyDataError(
                f"chunk needs a 'customer_id' column (it has {list(chunk.columns)}); pass the "
                "rfm_summary output."
            )
        out = pd.DataFrame({"customer_id": chunk["customer_id"].to_numpy()})
        frames = {
            role: result.prediction_data(chunk)
            for role, result in (("transaction", self.transaction), ("spend", self.spend))
            if result is not None and self._needs(role)
        }
        for name in self.quantities:
            quantity, frame, draws = self._quantity(name, frames)
            columns = predict_chunk(
                quantity, frame, draws, ci_prob=self.settings["ci_prob"], n_jobs=n_jobs
            )
            for summary in self.summaries:
                out[f"{name}_{summary}"] = columns[summary]
        return out

    def _needs(self, role: str) -> bool:
        return any(_NEEDS[name] in (role, "both") for name in self.quantities)

    def _quantity(
        self, name: str, frames: dict[str, pd.DataFrame]
    ) -> tuple[Quantity, pd.DataFrame, dict[str, Any]]:
        """Return the engine's quantity for ``name``, the validated chunk and its draws."""
        settings: dict[str, Any] = self.settings
        if name == "expected_spend":
            return expected_spend_quantity(), frames["spend"], self.spend.posterior_draws()
        frame = frames["transaction"]
        draws = self.transaction.posterior_draws()
        if name == "probability_alive":
            return probability_alive_quantity(self.transaction, frame), frame, draws
        if name == "expected_purchases":
            t = float(settings["t"])
            return expected_purchases_quantity(self.transaction, frame, t), frame, draws
        quantity = customer_lifetime_value_quantity(
            self.transaction,
            frame,
            horizon=int(settings["horizon"]),
            discount_rate=float(settings["discount_rate"]),
            margin=float(settings["margin"]),
            period=period_length(settings["time_unit"]),
        )
        return quantity, frame, pair_draws(draws, self.spend.posterior_draws())

    def __repr__(self) -> str:
        models = [result.model_name for result in (self.transaction, self.spend) if result]
        return (
            f"CustomerScorer({' + '.join(models)}, {self.n_draws} draw(s), "
            f"quantities={list(self.quantities)})"
        )


def _check_choices(values: Sequence[str], allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    chosen = (values,) if isinstance(values, str) else tuple(values)
    unknown = [value for value in chosen if value not in allowed]
    if unknown or not chosen:
        raise LoyaltyDataError(
            f"{name} must be a non-empty list of {list(allowed)}, got {values!r}."
        )
    return chosen


def _without_data(result: Any, max_draws: int) -> Any:
    """Rebuild ``result`` from its model, parameter table and thinned draws, without data."""
    if result is None:
        return None
    if not isinstance(result, CLVResult):
        raise LoyaltyDataError(f"expected a fitted CLV result, got {type(result).__name__}.")
    draws = thin_draws(result.posterior_draws(), max_draws)
    fit = Fit(
        result.method,
        result.params,
        posterior={name: values[None, ...] for name, values in draws.items()},
        flags=result.flags,
        log_likelihood=result.log_likelihood,
    )
    return type(result)(
        fit=fit,
        data=result.data.iloc[:0].copy(),
        config=result.config,
        model=result.model,
        var_names=list(draws),
        n_patterns=result.n_patterns,
        n_excluded=result.n_excluded,
        n_customers=result.n_customers,
    )
