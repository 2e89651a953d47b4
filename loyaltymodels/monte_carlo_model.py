"""Settings shared by the models that propagate input uncertainty with Monte Carlo draws."""

from __future__ import annotations

from dataclasses import InitVar, dataclass
from typing import Any

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.summaries import resolve_monte_carlo_settings

__all__ = ["MonteCarloModel"]


@dataclass(frozen=True)
class MonteCarloModel:
    """A model that draws its inputs and summarises each output by an equal-tailed interval.

    Subclasses give ``draws`` its default. The interval of an output is the
    ``(1 - ci_prob)/2`` and ``(1 + ci_prob)/2`` quantiles of its draws.

    Parameters
    ----------
    draws : int
        Monte Carlo draws (an integer >= 100).
    ci_prob : float, default 0.90
        The probability of the equal-tailed intervals.
    confidence_level : float, optional
        Former name of ``ci_prob`` (accepted with a ``FutureWarning`` for one release).
    """

    draws: int
    ci_prob: float = 0.90
    confidence_level: InitVar[float | None] = None

    def __post_init__(self, confidence_level: float | None) -> None:
        resolve_monte_carlo_settings(self, 0.90, confidence_level)

    @staticmethod
    def check_inputs(inputs: Any, kind: type, builders: str) -> None:
        """Refuse inputs that are not of the model's input class, naming how to build them.

        Parameters
        ----------
        inputs : object
            What was passed to ``fit``.
        kind : type
            The model's input class.
        builders : str
            How to build such inputs (e.g. ``"ReturnInputs.from_values(...)"``).

        Raises
        ------
        LoyaltyDataError
            If ``inputs`` is not a ``kind``.
        """
        if not isinstance(inputs, kind):
            raise LoyaltyDataError(
                f"inputs must be {kind.__name__}, got {type(inputs).__name__}; build them with "
                f"{builders}."
            )

    def run_record(self, random_seed: int | None) -> dict[str, Any]:
        """Return what a result records of the run: ``ci_prob`` and ``random_seed``.

        Parameters
        ----------
        random_seed : int or None
            The seed of the draws.

        Returns
        -------
        dict
            Keyword arguments of the model's result class.
        """
        return {"ci_prob": float(self.ci_prob), "random_seed": random_seed}
