r"""The market damage model (TARP; Goodman 2009): customers and revenue lost to problems.

For one problem type, with ``N`` customers, incidence ``q``, complaint rate ``c``, complainer
outcome shares ``s_S, s_M, s_D`` (satisfied, mollified, dissatisfied), loyalty (repurchase) rates
``L_0`` (no problem), ``L_silent``, ``L_S``, ``L_M``, ``L_D`` and value ``V`` per customer:

.. math::

    n_{problem} = N q, \\quad n_{complained} = n_{problem} c, \\quad
    n_{silent} = n_{problem} (1 - c), \\quad n_g = n_{complained} s_g,

    \\text{lost}_g = n_g (L_0 - L_g) \\quad (g = \\text{silent}, S, M, D),

    \\text{lost}_{WOM} = d \\, (n_{silent} t_{silent} + n_M t_M + n_D t_D),

    \\text{revenue}_g = V \\, \\text{lost}_g,

where ``t_g`` is the number of people each customer of group ``g`` tells and ``d`` the share of
them deterred from buying (Goodman 2009, ch. 2-3; TARP 1986). A negative loss is a gain: a
well-handled complaint can leave customers more loyal than those who had no problem. The complaint
multiplier (problems in the market per complaint counted) is ``1 / (c r)`` with ``r`` the share of
complaints that reach the place they are counted (the "tip of the iceberg"; TARP 1979).

With survey counts, every quantity is computed for each Monte Carlo draw of the parameters'
posteriors and summarised by its mean, standard deviation and equal-tailed interval; the
``estimate`` column is always the plug-in value at the point inputs (the observed shares).

References
----------
Goodman, J. (2009). Strategic Customer Service: Managing the Customer Experience to Increase
Positive Word of Mouth, Build Loyalty, and Maximize Profits. AMACOM, New York.
TARP (1979, 1986). Consumer Complaint Handling in America. White House Office of Consumer
Affairs, Washington, DC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.damage.inputs import DamageInputs, Draws
from loyaltymodels.monte_carlo_model import MonteCarloModel
from loyaltymodels.summaries import (
    ci_prob_under_former_name,
    summarise_draws,
)

__all__ = ["PATHS", "DamageResult", "MarketDamage", "damage_paths", "summarise_damage"]

#: The paths by which a problem loses customers, in order.
PATHS = (
    "silent",
    "complained_satisfied",
    "complained_mollified",
    "complained_dissatisfied",
    "word_of_mouth",
)

MEASURES = ("lost_customers", "lost_revenue")
Measure = Literal["lost_customers", "lost_revenue"]


def damage_paths(p: Draws) -> dict[str, np.ndarray]:
    """Compute the market damage quantities from parameter arrays (any common shape).

    Parameters
    ----------
    p : dict of str to numpy.ndarray
        One array per parameter of :data:`loyaltymodels.damage.inputs.PARAMETERS`.

    Returns
    -------
    dict of str to numpy.ndarray
        ``customers_with_problem``, ``complainers``, ``complaints_recorded``,
        ``complaint_multiplier``, ``lost_customers_<path>`` and ``lost_revenue_<path>`` for each
        path of :data:`PATHS`.
    """
    with_problem = p["customers"] * p["incidence"]
    complainers = with_problem * p["complaint_rate"]
    groups = {
        "silent": with_problem - complainers,
        "satisfied": complainers * p["satisfied"],
        "mollified": complainers * p["mollified"],
        "dissatisfied": complainers * p["dissatisfied"],
    }
    out: dict[str, np.ndarray] = {
        "customers_with_problem": with_problem,
        "complainers": complainers,
        "complaints_recorded": complainers * p["recorded_share"],
    }
    with np.errstate(divide="ignore"):
        out["complaint_multiplier"] = 1.0 / (p["complaint_rate"] * p["recorded_share"])
    for group, size in groups.items():
        path = "silent" if group == "silent" else f"complained_{group}"
        out[f"lost_customers_{path}"] = size * (p["loyalty_no_problem"] - p[f"loyalty_{group}"])
    told = (
        groups["silent"] * p["told_silent"]
        + groups["mollified"] * p["told_mollified"]
        + groups["dissatisfied"] * p["told_dissatisfied"]
    )
    out["lost_customers_word_of_mouth"] = told * p["deterred_share"]
    for path in PATHS:
        out[f"lost_revenue_{path}"] = out[f"lost_customers_{path}"] * p["value"]
    return out


def summarise_damage(
    estimate: np.ndarray, draws: np.ndarray | None, ci_prob: float
) -> dict[str, np.ndarray]:
    """Plug-in estimate, mean, sd and equal-tailed interval over axis 0 of ``draws``.

    Parameters
    ----------
    estimate : numpy.ndarray
        Plug-in values, shape (k,).
    draws : numpy.ndarray or None
        Monte Carlo draws, shape (draws, k); None for a point calculation (sd and bounds NaN).
    ci_prob : float
        Probability of the interval.

    Returns
    -------
    dict of str to numpy.ndarray
        ``estimate``, ``mean``, ``sd`` (``ddof=1``, as ArviZ), ``lower`` and ``upper``.
    """
    if draws is None:
        nan = np.full_like(estimate, np.nan)
        return {"estimate": estimate, "mean": estimate, "sd": nan, "lower": nan, "upper": nan}
    return {"estimate": estimate, **summarise_draws(draws, ci_prob).as_dict()}


def path_cube(values: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Stack a measure by path and problem, with totals over paths and over problems.

    Parameters
    ----------
    values : dict of str to numpy.ndarray
        The output of :func:`damage_paths` (arrays of shape (draws, n_problems)).
    measure : {"lost_customers", "lost_revenue"}
        The quantity.

    Returns
    -------
    numpy.ndarray
        Shape (draws, n_paths + 1, n_problems + 1); the last path and the last problem are the
        totals.
    """
    cube = np.stack([values[f"{measure}_{path}"] for path in PATHS], axis=1)
    cube = np.concatenate([cube, cube.sum(axis=1, keepdims=True)], axis=1)
    return np.concatenate([cube, cube.sum(axis=2, keepdims=True)], axis=2)


@dataclass(repr=False)
class DamageResult(Result, frozen=True):
    """Customers and revenue lost to problems, by problem type and path.

    Attributes
    ----------
    inputs : DamageInputs
        The inputs the result was computed from.
    parameter_draws : dict of str to numpy.ndarray or None
        Monte Carlo draws of every parameter (shape (draws, n_problems)); None for point
        inputs. What-if and sensitivity analyses reuse them (common random numbers).
    ci_prob : float
        The probability of the equal-tailed intervals (``confidence_level`` is its former
        name).
    random_seed : int or None
        The seed of the draws.
    params : pandas.DataFrame
        Tidy table indexed by (problem, path, measure) with ``estimate`` (plug-in), ``mean``,
        ``sd``, ``lower``, ``upper``; problem ``"total"`` sums the problem types and path
        ``"total"`` sums the paths. Intervals are NaN for point inputs.
    market : pandas.DataFrame
        By problem: customers with the problem, complainers, complaints recorded and the
        complaint multiplier, with the same summary columns.
    """

    inputs: DamageInputs
    parameter_draws: Draws | None
    ci_prob: float
    random_seed: int | None
    params: pd.DataFrame = field(init=False)
    market: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        point = damage_paths(self.inputs.point_draws())
        drawn = None if self.parameter_draws is None else damage_paths(self.parameter_draws)
        self.params = self._damage_table(point, drawn)
        self.market = self._market_table(point, drawn)

    confidence_level = ci_prob_under_former_name("confidence_level")

    @property
    def problems(self) -> list[Any]:
        """The problem types, in order."""
        return self.inputs.problems

    def _damage_table(
        self, point: dict[str, np.ndarray], drawn: dict[str, np.ndarray] | None
    ) -> pd.DataFrame:
        problems, paths = [*self.problems, "total"], [*PATHS, "total"]
        blocks = []
        for measure in MEASURES:
            estimate = path_cube(point, measure)[0]
            cube = None if drawn is None else path_cube(drawn, measure)
            for i, path in enumerate(paths):
                stats = summarise_damage(
                    estimate[i], None if cube is None else cube[:, i, :], self.ci_prob
                )
                frame = pd.DataFrame(stats)
                frame["problem"], frame["path"], frame["measure"] = problems, path, measure
                blocks.append(frame)
        table = pd.concat(blocks, ignore_index=True)
        rank = (
            table["measure"].map({m: i for i, m in enumerate(MEASURES)}) * 10_000
            + table["problem"].map({p: i for i, p in enumerate(problems)}) * 100
            + table["path"].map({p: i for i, p in enumerate(paths)})
        )
        table = table.iloc[np.argsort(rank.to_numpy(), kind="stable")]
        table = table.set_index(["problem", "path", "measure"])
        return table[["estimate", "mean", "sd", "lower", "upper"]]

    def _market_table(
        self, point: dict[str, np.ndarray], drawn: dict[str, np.ndarray] | None
    ) -> pd.DataFrame:
        rows = []
        for quantity in (
            "customers_with_problem",
            "complainers",
            "complaints_recorded",
            "complaint_multiplier",
        ):
            stats = summarise_damage(
                point[quantity][0],
                None if drawn is None else drawn[quantity],
                self.ci_prob,
            )
            frame = pd.DataFrame(stats)
            frame["problem"] = self.problems
            frame["quantity"] = quantity
            rows.append(frame)
        table = pd.concat(rows, ignore_index=True)
        order = {label: i for i, label in enumerate(self.problems)}
        table = table.iloc[np.argsort(table["problem"].map(order).to_numpy(), kind="stable")]
        table = table.set_index(["problem", "quantity"])
        return table[["estimate", "mean", "sd", "lower", "upper"]]

    def by_path(
        self, measure: Measure = "lost_revenue", statistic: str = "estimate"
    ) -> pd.DataFrame:
        """Tabulate the damage as a problem x path table.

        Parameters
        ----------
        measure : {"lost_revenue", "lost_customers"}, default "lost_revenue"
            The quantity.
        statistic : {"estimate", "mean", "sd", "lower", "upper"}, default "estimate"
            The summary shown.

        Returns
        -------
        pandas.DataFrame
            Rows are problems (and ``"total"``), columns the paths (and ``"total"``).
        """
        if measure not in MEASURES:
            raise LoyaltyDataError(f"measure must be one of {MEASURES}, got {measure!r}.")
        if statistic not in self.params.columns:
            raise LoyaltyDataError(
                f"statistic must be one of {list(self.params.columns)}, got {statistic!r}."
            )
        table = self.params.xs(measure, level="measure")[statistic].unstack("path")
        table = table.loc[[*self.problems, "total"], [*PATHS, "total"]]
        table.columns.name = "path"
        return table

    def summary(self) -> pd.DataFrame:
        """Per problem (and in total): reach, complaint multiplier and the damage.

        Returns
        -------
        pandas.DataFrame
            ``customers_with_problem``, ``complaint_multiplier``, ``lost_customers``,
            ``lost_revenue`` with its ``lower`` / ``upper`` bounds (NaN for point inputs), at
            the plug-in estimates. The total's multiplier is all problems over all recorded
            complaints.
        """
        totals = self.params.xs("total", level="path")
        market = self.market["estimate"].unstack("quantity")
        frame = pd.DataFrame(index=pd.Index([*self.problems, "total"], name="problem"))
        frame["customers_with_problem"] = market["customers_with_problem"]
        frame.loc["total", "customers_with_problem"] = market["customers_with_problem"].sum()
        frame["complaint_multiplier"] = market["complaint_multiplier"]
        recorded = market["complaints_recorded"].sum()
        frame.loc["total", "complaint_multiplier"] = (
            market["customers_with_problem"].sum() / recorded if recorded > 0 else np.inf
        )
        frame["lost_customers"] = totals.xs("lost_customers", level="measure")["estimate"]
        revenue = totals.xs("lost_revenue", level="measure")
        frame["lost_revenue"] = revenue["estimate"]
        frame["lost_revenue_lower"] = revenue["lower"]
        frame["lost_revenue_upper"] = revenue["upper"]
        return frame

    def total_draws(self, measure: Measure = "lost_revenue") -> np.ndarray:
        """Monte Carlo draws of the total damage over problems and paths.

        Parameters
        ----------
        measure : {"lost_revenue", "lost_customers"}, default "lost_revenue"
            The quantity.

        Returns
        -------
        numpy.ndarray
            One value per draw (a single value for point inputs).
        """
        source = self.parameter_draws or self.inputs.point_draws()
        return path_cube(damage_paths(source), measure)[:, -1, -1]


@dataclass(frozen=True)
class MarketDamage(MonteCarloModel):
    """The TARP market damage model (Goodman 2009): revenue lost to customer problems.

    The model stores its configuration only; :meth:`fit` takes the inputs (point values or
    survey counts, see :class:`~loyaltymodels.damage.DamageInputs`) and returns a
    :class:`DamageResult`. See the module docstring for the formulas.

    Parameters
    ----------
    draws : int, default 4000
        Monte Carlo draws for survey-count inputs.
    ci_prob, confidence_level
        The interval probability (default 0.90) and its former name, as in
        :class:`~loyaltymodels.monte_carlo_model.MonteCarloModel`.

    References
    ----------
    Goodman, J. (2009). Strategic Customer Service. AMACOM, New York, chapters 2-3.
    TARP (1986). Consumer Complaint Handling in America: An Update Study. White House Office of
    Consumer Affairs.

    Examples
    --------
    >>> import pandas as pd
    >>> from loyaltymodels.damage import DamageInputs
    >>> table = pd.DataFrame({"incidence": [0.2], "complaint_rate": [0.25],
    ...     "satisfied": [0.6], "mollified": [0.2], "dissatisfied": [0.2]}, index=["billing"])
    >>> inputs = DamageInputs.from_values(table, customers=10_000, value=200,
    ...     loyalty_no_problem=0.9, loyalty_silent=0.7, loyalty_satisfied=0.85,
    ...     loyalty_mollified=0.6, loyalty_dissatisfied=0.3)
    >>> result = MarketDamage().fit(inputs)
    >>> round(float(result.summary().loc["total", "lost_customers"]), 6)
    405.0
    """

    draws: int = 4000

    def fit(self, inputs: DamageInputs, *, random_seed: int | None = None) -> DamageResult:
        """Compute the damage, with Monte Carlo intervals when the inputs are survey counts.

        Parameters
        ----------
        inputs : DamageInputs
            The validated inputs.
        random_seed : int, optional
            Seed of the numpy Generator used for the draws (ignored for point inputs).

        Returns
        -------
        DamageResult
            The damage by problem and path, the complaint multiplier and, for counts, intervals.
        """
        self.check_inputs(
            inputs,
            DamageInputs,
            "DamageInputs.from_values(...) or DamageInputs.from_counts(...)",
        )
        draws = None
        if inputs.uncertain:
            draws = inputs.draw(int(self.draws), np.random.default_rng(random_seed))
        return DamageResult(inputs=inputs, parameter_draws=draws, **self.run_record(random_seed))
