"""Alternative improvement plans evaluated on the same Monte Carlo draws, and their comparison.

:func:`what_if` re-evaluates the chain for another plan (other gap changes and costs) on the
draws of the links already made for a result, and :func:`compare_plans` reports the
difference between two plans draw by draw (see :mod:`loyaltymodels.returns.result`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.returns.inputs import PlanCosts
from loyaltymodels.returns.result import ExperienceReturnResult, PlanComparison, compare_plans

__all__ = ["PlanComparison", "compare_plans", "what_if"]


def what_if(
    result: ExperienceReturnResult,
    gap_change: Mapping[str, float],
    *,
    label: str | None = None,
    **costs: Unpack[PlanCosts],
) -> ExperienceReturnResult:
    """Evaluate another plan on the draws of the links made for ``result`` (``result.what_if``).

    Parameters
    ----------
    result : ExperienceReturnResult
        A fitted plan (from :meth:`ExperienceReturn.fit`); its links' draws are reused.
    gap_change, label, **costs
        The other plan, as in :meth:`ExperienceReturnResult.what_if` (costs not given: those
        of ``result``).

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
    return result.what_if(gap_change, label=label, **costs)
