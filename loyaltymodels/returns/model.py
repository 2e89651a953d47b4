r"""The experience-return model: what closing experience gaps returns, with its uncertainty.

:class:`ExperienceReturn` draws every link of the chain (satisfaction effects, baseline
retention, retention effect, margin) from its sampling or posterior distribution and evaluates
the chain of :mod:`loyaltymodels.returns.chain` draw by draw (Monte Carlo propagation of
uncertainty), in the spirit of the return-on-quality model of Rust, Zahorik & Keiningham
(1995). Each output is summarised by its plug-in value (the chain at the links' estimates),
Monte Carlo mean, median, standard deviation, equal-tailed interval and probability of being
positive; the probability that the ROI is positive is that of the net value.

References
----------
Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_monte_carlo_settings
from loyaltymodels.returns.chain import MEASURES, experience_return
from loyaltymodels.returns.inputs import Links, ReturnInputs
from loyaltymodels.summaries import draw_sd, equal_tailed_interval

__all__ = ["ExperienceReturn", "ExperienceReturnResult", "summarise_draws", "summarise_return"]

SUMMARY_COLUMNS = ("estimate", "mean", "median", "sd", "lower", "upper", "prob_positive")


def summarise_return(estimate: float, draws: np.ndarray, ci_prob: float) -> dict[str, float]:
    """Summarise the draws of one quantity.

    Parameters
    ----------
    estimate : float
        The plug-in value.
    draws : numpy.ndarray
        Monte Carlo draws (may contain ``inf`` for the payback period).
    ci_prob : float
        Probability of the equal-tailed interval.

    Returns
    -------
    dict of str to float
        ``estimate``, ``mean``, ``median``, ``sd`` (``ddof=1``, as ArviZ), ``lower``, ``upper``
        and ``prob_positive`` (share of draws > 0). With infinite draws, quantiles use the
        inverted empirical distribution (no interpolation) and the mean and sd are NaN.
    """
    finite = bool(np.all(np.isfinite(draws)))
    method = "linear" if finite else "inverted_cdf"
    interval = equal_tailed_interval(draws, ci_prob, method=method)
    median = np.quantile(draws, 0.5, method=method)  # type: ignore[call-overload]
    return {
        "estimate": float(estimate),
        "mean": float(draws.mean()) if finite else np.nan,
        "median": float(median),
        "sd": float(draw_sd(draws)) if finite and draws.size > 1 else np.nan,
        "lower": float(interval.lower),
        "upper": float(interval.upper),
        "prob_positive": float(np.mean(draws > 0)),
    }


def summarise_draws(estimate: float, draws: np.ndarray, level: float) -> dict[str, float]:
    """Summarise the draws of one quantity.

    .. deprecated:: 0.2.0
        Use :func:`summarise_return` (argument ``ci_prob``).

    Parameters
    ----------
    estimate : float
        The plug-in value.
    draws : numpy.ndarray
        Monte Carlo draws.
    level : float
        Probability of the equal-tailed interval.

    Returns
    -------
    dict of str to float
        As :func:`summarise_return`.
    """
    warnings.warn(
        "loyaltymodels.returns.model.summarise_draws is deprecated; use "
        "loyaltymodels.returns.summarise_return(estimate, draws, ci_prob).",
        FutureWarning,
        stacklevel=2,
    )
    return summarise_return(estimate, draws, level)


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
    confidence_level : float
        The level of the intervals.
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
    confidence_level: float
    random_seed: int | None
    label: str = "plan"
    params: pd.DataFrame = field(init=False)
    outputs: dict[str, np.ndarray] = field(init=False)
    point: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.outputs = self._evaluate(self.links, self.inputs.gap_change.to_numpy())
        self.point = self._evaluate(self.inputs.point_links(), self.inputs.gap_change.to_numpy())
        rows = {
            measure: summarise_return(
                self.point[measure][0], self.outputs[measure], self.confidence_level
            )
            for measure in MEASURES
        }
        table = pd.DataFrame.from_dict(rows, orient="index")[list(SUMMARY_COLUMNS)]
        table.index.name = "measure"
        self.params = table

    def _evaluate(self, links: Links, gap_change: np.ndarray) -> dict[str, np.ndarray]:
        i = self.inputs
        return experience_return(
            links,
            gap_change,
            customers=i.customers,
            discount_rate=i.discount_rate,
            horizon=i.horizon,
            investment=i.investment,
            cost_per_period=i.cost_per_period,
        )

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
                "confidence_level": self.confidence_level,
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
        stats = summarise_return(estimate, draws, self.confidence_level)
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
        investment: float | None = None,
        cost_per_period: float | None = None,
        label: str | None = None,
    ) -> ExperienceReturnResult:
        """Evaluate another plan on the same draws (see :func:`~loyaltymodels.returns.what_if`).

        Parameters
        ----------
        gap_change : mapping of str to float
            The other plan's gap changes.
        investment, cost_per_period : float, optional
            Its costs (default: this plan's).
        label : str, optional
            Its name.

        Returns
        -------
        ExperienceReturnResult
            The other plan's return.
        """
        from loyaltymodels.returns.whatif import what_if

        return what_if(
            self,
            gap_change,
            investment=investment,
            cost_per_period=cost_per_period,
            label=label,
        )

    def compare(self, other: ExperienceReturnResult) -> Any:
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
        from loyaltymodels.returns.whatif import compare_plans

        return compare_plans(self, other)


@dataclass(frozen=True)
class ExperienceReturn:
    """The return on closing experience gaps (Rust, Zahorik & Keiningham 1995).

    The model stores its settings only; :meth:`fit` takes the validated inputs
    (:class:`~loyaltymodels.returns.ReturnInputs`) and returns an
    :class:`ExperienceReturnResult`. See :mod:`loyaltymodels.returns.chain` for the formulas.

    Parameters
    ----------
    draws : int, default 10000
        Monte Carlo draws of the links.
    confidence_level : float, default 0.90
        The level of the equal-tailed intervals.

    References
    ----------
    Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
    Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.

    Examples
    --------
    >>> from loyaltymodels.returns import ReturnInputs
    >>> inputs = ReturnInputs.from_values(
    ...     gap_change={"reliability": 0.8}, satisfaction_effect={"reliability": 0.5},
    ...     retention=0.8, retention_effect=0.5, customers=1000, margin=100,
    ...     discount_rate=0.0, horizon=1, investment=1000)
    >>> result = ExperienceReturn(draws=1000).fit(inputs, random_seed=1)
    >>> round(float(result.params.loc["value", "estimate"]), 6)  # 1000 x 100 x (r1 - 0.8)
    3009.410672
    """

    draws: int = 10_000
    confidence_level: float = 0.90

    def __post_init__(self) -> None:
        check_monte_carlo_settings(self.draws, self.confidence_level)

    def fit(
        self,
        inputs: ReturnInputs,
        *,
        random_seed: int | None = None,
        label: str = "plan",
    ) -> ExperienceReturnResult:
        """Draw the links and evaluate the plan's return.

        Parameters
        ----------
        inputs : ReturnInputs
            The validated inputs.
        random_seed : int, optional
            Seed of the numpy Generator used for the draws.
        label : str, default "plan"
            A name for the plan.

        Returns
        -------
        ExperienceReturnResult
            Every output of the chain with its Monte Carlo summary.
        """
        if not isinstance(inputs, ReturnInputs):
            raise LoyaltyDataError(
                f"inputs must be ReturnInputs, got {type(inputs).__name__}; build them with "
                "ReturnInputs.from_values(...)."
            )
        links = inputs.draw_links(int(self.draws), np.random.default_rng(random_seed))
        return ExperienceReturnResult(
            inputs=inputs,
            links=links,
            confidence_level=float(self.confidence_level),
            random_seed=random_seed,
            label=str(label),
        )
