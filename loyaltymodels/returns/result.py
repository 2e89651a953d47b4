"""The result of the experience-return model, and the comparison of two plans on its draws.

:class:`ExperienceReturnResult` holds one plan's return per Monte Carlo draw; its
:meth:`~ExperienceReturnResult.what_if` evaluates another plan on the same draws of the links,
and :class:`PlanComparison` reports the difference of two such plans draw by draw. Because
both plans share the draws (common random numbers), the interval of the difference reflects
the uncertainty of the difference itself (Glasserman 2004, section 4.2).

References
----------
Glasserman, P. (2004). Monte Carlo Methods in Financial Engineering. Springer, section 4.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Unpack

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.returns.chain import MEASURES, experience_return
from loyaltymodels.returns.inputs import Links, PlanCosts, ReturnInputs
from loyaltymodels.returns.summary import SUMMARY_COLUMNS, summarise_return
from loyaltymodels.summaries import ci_prob_under_former_name

__all__ = ["ExperienceReturnResult", "PlanComparison", "compare_plans"]


@dataclass(repr=False)
class ExperienceReturnResult(Result, frozen=True):
    """The return of one improvement plan, per Monte Carlo draw and summarised.

    Attributes
    ----------
    inputs : ReturnInputs
        The plan, links and economics.
    links : dict of str to numpy.ndarray
        The Monte Carlo draws of the links; other plans are evaluated on these same draws
        (:func:`~loyaltymodels.returns.what_if`).
    ci_prob : float
        The probability of the equal-tailed intervals (``confidence_level`` is its former
        name).
    random_seed : int or None
        The seed of the draws.
    label : str
        A name for the plan (used in comparisons and reports).
    params : pandas.DataFrame
        Indexed by ``measure`` (see :data:`~loyaltymodels.returns.chain.MEASURES`) with
        ``estimate`` (plug-in), ``mean``, ``median``, ``sd``, ``lower``, ``upper`` and
        ``prob_positive``. ``retention_*`` are per-period rates (0.01 = one percentage point),
        ``value`` the present value of the extra margin, ``cost`` the present value of the
        plan's cost, ``roi`` = (value - cost) / cost, and ``payback_period`` is ``inf`` when
        the plan does not pay back within the horizon (then its mean and sd are NaN).
    """

    inputs: ReturnInputs
    links: Links
    ci_prob: float
    random_seed: int | None
    label: str = "plan"
    params: pd.DataFrame = field(init=False)
    outputs: dict[str, np.ndarray] = field(init=False)
    point: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.outputs = self._evaluate(self.links, self.inputs.gap_change.to_numpy())
        self.point = self._evaluate(self.inputs.point_links(), self.inputs.gap_change.to_numpy())
        rows = {
            measure: summarise_return(self.point[measure][0], self.outputs[measure], self.ci_prob)
            for measure in MEASURES
        }
        table = pd.DataFrame.from_dict(rows, orient="index")[list(SUMMARY_COLUMNS)]
        table.index.name = "measure"
        self.params = table

    def _evaluate(self, links: Links, gap_change: np.ndarray) -> dict[str, np.ndarray]:
        return experience_return(links, gap_change, **self.inputs.economics())

    confidence_level = ci_prob_under_former_name("confidence_level")

    @property
    def n_draws(self) -> int:
        """Number of Monte Carlo draws."""
        return int(self.links["retention"].size)

    @property
    def prob_roi_positive(self) -> float:
        """Probability that the ROI is positive (the plan pays for itself within the horizon)."""
        return float(np.mean(self.outputs["roi"] > 0))

    def summary(self) -> pd.DataFrame:
        """Return the outputs of the chain with their summaries.

        Returns
        -------
        pandas.DataFrame
            :attr:`params`, with the plan, horizon and level in its ``attrs``.
        """
        table = self.params.copy()
        table.attrs.update(
            {
                "plan": self.label,
                "gap_change": self.inputs.gap_change.to_dict(),
                "horizon": self.inputs.horizon,
                "ci_prob": self.ci_prob,
                "interval_kind": "eti",
                "draws": self.n_draws,
            }
        )
        return table

    def draws(self, measure: str) -> np.ndarray:
        """Monte Carlo draws of one output.

        Parameters
        ----------
        measure : str
            One of :data:`~loyaltymodels.returns.chain.MEASURES`.

        Returns
        -------
        numpy.ndarray
            One value per draw.
        """
        if measure not in self.outputs:
            raise LoyaltyDataError(f"measure must be one of {list(MEASURES)}, got {measure!r}.")
        return self.outputs[measure]

    def by_dimension(self) -> pd.DataFrame:
        """Return the value of closing each dimension's gap alone, on the same draws.

        Each row evaluates the plan restricted to one dimension (its gap change, the others
        0); ``"plan"`` is the whole plan. The dimensions' values do not add up to the plan's
        exactly: the logistic link and the geometric sums make the chain non-linear, and
        ``"interaction"`` holds the difference (plan - sum of the dimensions; 0 for the
        satisfaction change, which is linear in the gaps).

        Returns
        -------
        pandas.DataFrame
            Indexed by dimension: ``gap_change``, ``satisfaction_change``, ``retention_gain``
            and ``value`` (plug-in estimates), ``value_mean``, ``value_lower``,
            ``value_upper`` and ``share_of_value`` (the dimension's plug-in value over the
            plan's).
        """
        gap = self.inputs.gap_change
        point_links = self.inputs.point_links()
        rows: dict[str, dict[str, float]] = {}
        total_point = 0.0
        total_gain = 0.0
        total_draws = np.zeros(self.n_draws)
        for k, dimension in enumerate(gap.index):
            if gap.iloc[k] == 0:
                continue
            alone = np.zeros(len(gap))
            alone[k] = gap.iloc[k]
            point = self._evaluate(point_links, alone)
            drawn = self._evaluate(self.links, alone)
            rows[str(dimension)] = self._dimension_row(float(gap.iloc[k]), point, drawn)
            total_point += float(point["value"][0])
            total_gain += float(point["retention_gain"][0])
            total_draws = total_draws + drawn["value"]
        plan = self._dimension_row(float(gap.sum()), self.point, self.outputs)
        rows["plan"] = plan
        interaction = self._summary_of_value(
            plan["value"] - total_point, self.outputs["value"] - total_draws
        )
        rows["interaction"] = {
            "gap_change": 0.0,
            "satisfaction_change": plan["satisfaction_change"]
            - sum(rows[d]["satisfaction_change"] for d in rows if d != "plan"),
            "retention_gain": plan["retention_gain"] - total_gain,
            **interaction,
        }
        table = pd.DataFrame.from_dict(rows, orient="index")
        plan_value = plan["value"]
        table["share_of_value"] = table["value"] / plan_value if plan_value != 0 else np.nan
        table.index.name = "dimension"
        return table

    def _summary_of_value(self, estimate: float, draws: np.ndarray) -> dict[str, float]:
        stats = summarise_return(estimate, draws, self.ci_prob)
        return {
            "value": stats["estimate"],
            "value_mean": stats["mean"],
            "value_lower": stats["lower"],
            "value_upper": stats["upper"],
        }

    def _dimension_row(
        self, gap_change: float, point: dict[str, np.ndarray], drawn: dict[str, np.ndarray]
    ) -> dict[str, float]:
        return {
            "gap_change": gap_change,
            "satisfaction_change": float(point["satisfaction_change"][0]),
            "retention_gain": float(point["retention_gain"][0]),
            **self._summary_of_value(float(point["value"][0]), drawn["value"]),
        }

    def what_if(
        self,
        gap_change: Mapping[str, float],
        *,
        label: str | None = None,
        **costs: Unpack[PlanCosts],
    ) -> ExperienceReturnResult:
        """Evaluate another plan on the same draws of the links.

        Parameters
        ----------
        gap_change : mapping of str to float
            The other plan's gap changes (dimensions not named: 0).
        label : str, optional
            Its name.
        **costs
            ``investment`` and ``cost_per_period`` (keywords, see
            :class:`~loyaltymodels.returns.inputs.PlanCosts`): its costs (default: this plan's).

        Returns
        -------
        ExperienceReturnResult
            The other plan's return.
        """
        inputs = self.inputs.with_plan(gap_change, **costs)
        return ExperienceReturnResult(
            inputs=inputs,
            links=self.links,
            ci_prob=self.ci_prob,
            random_seed=self.random_seed,
            label=label or ", ".join(f"{d} {v:+g}" for d, v in gap_change.items()),
        )

    def compare(self, other: ExperienceReturnResult) -> PlanComparison:
        """Compare this plan with another evaluated on the same draws.

        Parameters
        ----------
        other : ExperienceReturnResult
            The other plan, from :meth:`what_if`.

        Returns
        -------
        PlanComparison
            This plan minus the other, per measure, with intervals of the difference.
        """
        return compare_plans(self, other)


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
            stats = summarise_return(a - b, difference, self.first.ci_prob)
            rows[measure] = {"first": float(a), "second": float(b), **stats}
        table = pd.DataFrame.from_dict(rows, orient="index")
        table = table[["first", "second", *SUMMARY_COLUMNS]]
        table.index.name = "measure"
        table.attrs.update({"first": self.first.label, "second": self.second.label})
        self.params = table

    def difference_draws(self, measure: str) -> np.ndarray:
        """Return the draws of first minus second for ``measure`` (see ``draws`` of a plan)."""
        difference: np.ndarray = self.first.draws(measure) - self.second.draws(measure)
        return difference


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
