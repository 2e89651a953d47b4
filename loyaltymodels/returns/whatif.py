"""Alternative improvement plans evaluated on the same Monte Carlo draws, and their comparison.

:func:`what_if` re-evaluates the chain for another plan (other gap changes and costs) on the
draws of the links already made for a result, and :func:`compare_plans` reports the
difference between two plans draw by draw. Because both plans share the draws of the links
(common random numbers), the interval of the difference reflects the uncertainty of the
difference itself, not the noise of two independent simulations: uncertainty that affects both
plans alike (the baseline retention, the margin) largely cancels (Glasserman 2004, section 4.2).

References
----------
Glasserman, P. (2004). Monte Carlo Methods in Financial Engineering. Springer, section 4.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.returns.chain import MEASURES
from loyaltymodels.returns.model import SUMMARY_COLUMNS, ExperienceReturnResult, summarise_return

__all__ = ["PlanComparison", "compare_plans", "what_if"]


def what_if(
    result: ExperienceReturnResult,
    gap_change: Mapping[str, float],
    *,
    investment: float | None = None,
    cost_per_period: float | None = None,
    label: str | None = None,
) -> ExperienceReturnResult:
    """Evaluate another plan on the same draws of the links.

    Parameters
    ----------
    result : ExperienceReturnResult
        A fitted plan (from :meth:`ExperienceReturn.fit`); its links' draws are reused.
    gap_change : mapping of str to float
        The other plan's gap changes (dimensions not named: 0).
    investment, cost_per_period : float, optional
        The other plan's costs (default: those of ``result``).
    label : str, optional
        A name for the other plan.

    Returns
    -------
    ExperienceReturnResult
        The other plan's return, on the same draws (compare with :func:`compare_plans`).

    Examples
    --------
    >>> from loyaltymodels.returns import ExperienceReturn, ReturnInputs
    >>> inputs = ReturnInputs.from_values(
    ...     gap_change={"reliability": 0.8},
    ...     satisfaction_effect={"reliability": 0.5, "empathy": 0.2},
    ...     retention=0.8, retention_effect=0.5, customers=1000, margin=100,
    ...     discount_rate=0.1, horizon=5, investment=10_000)
    >>> base = ExperienceReturn(draws=200).fit(inputs, random_seed=1)
    >>> nothing = what_if(base, {"empathy": 0.0}, label="do nothing")
    >>> float(nothing.params.loc["roi", "estimate"])
    -1.0
    """
    if not isinstance(result, ExperienceReturnResult):
        raise LoyaltyDataError(
            "result must be an ExperienceReturnResult from ExperienceReturn().fit(...)."
        )
    inputs = result.inputs.with_plan(
        gap_change, investment=investment, cost_per_period=cost_per_period
    )
    return ExperienceReturnResult(
        inputs=inputs,
        links=result.links,
        confidence_level=result.confidence_level,
        random_seed=result.random_seed,
        label=label or ", ".join(f"{d} {v:+g}" for d, v in gap_change.items()),
    )


def _same_draws(first: ExperienceReturnResult, second: ExperienceReturnResult) -> bool:
    if first.links is second.links:
        return True
    return all(
        first.links[name].shape == second.links[name].shape
        and np.array_equal(first.links[name], second.links[name])
        for name in first.links
    )


@dataclass(repr=False)
class PlanComparison(Result, frozen=True):
    """Two plans evaluated on the same draws, and their difference (first minus second).

    Attributes
    ----------
    first, second : ExperienceReturnResult
        The plans.
    params : pandas.DataFrame
        Indexed by ``measure``: ``first`` and ``second`` (plug-in estimates) and the summary
        of the difference ``estimate``, ``mean``, ``median``, ``sd``, ``lower``, ``upper``
        and ``prob_positive`` (the probability that the first plan's value is larger).
        ``payback_period`` is left out (it may be infinite).
    """

    first: ExperienceReturnResult
    second: ExperienceReturnResult
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        rows = {}
        for measure in MEASURES:
            if measure == "payback_period":
                continue
            a, b = self.first.point[measure][0], self.second.point[measure][0]
            difference = self.first.outputs[measure] - self.second.outputs[measure]
            stats = summarise_return(a - b, difference, self.first.confidence_level)
            rows[measure] = {"first": float(a), "second": float(b), **stats}
        table = pd.DataFrame.from_dict(rows, orient="index")
        table = table[["first", "second", *SUMMARY_COLUMNS]]
        table.index.name = "measure"
        table.attrs.update({"first": self.first.label, "second": self.second.label})
        self.params = table

    def difference_draws(self, measure: str) -> np.ndarray:
        """Draws of the difference (first minus second) of one output.

        Parameters
        ----------
        measure : str
            One of :data:`~loyaltymodels.returns.chain.MEASURES`.

        Returns
        -------
        numpy.ndarray
            One value per draw.
        """
        return self.first.draws(measure) - self.second.draws(measure)


def compare_plans(first: ExperienceReturnResult, second: ExperienceReturnResult) -> PlanComparison:
    """Compare two plans evaluated on the same draws: first minus second, per measure.

    Parameters
    ----------
    first, second : ExperienceReturnResult
        Two plans sharing their draws: a fitted result and a :func:`what_if` of it.

    Returns
    -------
    PlanComparison
        The plug-in values of both plans and the summary of their difference.
    """
    for name, plan in (("first", first), ("second", second)):
        if not isinstance(plan, ExperienceReturnResult):
            raise LoyaltyDataError(
                f"{name} must be an ExperienceReturnResult, got {type(plan).__name__}."
            )
    if not _same_draws(first, second):
        raise LoyaltyDataError(
            "the two plans were evaluated on different draws, so their difference would mix "
            "in Monte Carlo noise; evaluate the second plan with what_if(first, ...)."
        )
    return PlanComparison(first=first, second=second)
