"""Inputs of the market damage model: point values or survey counts, validated.

One row per problem type. Every parameter can be a column of the problem table (one value per
problem) or a keyword (the same value for every problem):

=======================  ===============================================================
parameter                meaning
=======================  ===============================================================
customers                customer base the problem rates apply to
incidence                share of customers who experienced the problem
complaint_rate           share of those who complained (the rest stay silent)
satisfied                share of complainers whose complaint was resolved to satisfaction
mollified                share of complainers who were mollified (partly satisfied)
dissatisfied             share of complainers left dissatisfied (complained, unresolved)
loyalty_no_problem       repurchase (loyalty) rate of customers without the problem
loyalty_silent           repurchase rate of those who had the problem and did not complain
loyalty_satisfied        repurchase rate of satisfied complainers
loyalty_mollified        repurchase rate of mollified complainers
loyalty_dissatisfied     repurchase rate of dissatisfied complainers
value                    revenue (or CLV) of one customer
told_silent              people told (negative word of mouth) by each silent customer
told_mollified           people told by each mollified complainer
told_dissatisfied        people told by each dissatisfied complainer
deterred_share           share of people told who do not buy as a result
recorded_share           share of complaints that reach the place where they are counted
=======================  ===============================================================

This is the structure of the TARP market damage model (Goodman 2009, chapters 2-3; TARP 1979,
1986). With survey counts, the shares get Beta and Dirichlet posteriors (conjugate to binomial
and multinomial counts; Gelman et al. 2013, sections 2.4 and 3.4) and the model carries their
uncertainty by Monte Carlo.

References
----------
Goodman, J. (2009). Strategic Customer Service. AMACOM, New York.
TARP (1979, 1986). Consumer Complaint Handling in America. White House Office of Consumer
Affairs, Washington, DC.
Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed. CRC Press.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_dataframe,
    check_in_range,
    check_integer,
    check_no_nan,
    check_nonnegative,
    check_numeric,
    describe_rows,
)

__all__ = ["OUTCOMES", "PARAMETERS", "DamageInputs"]

#: The complainers' outcomes, in order.
OUTCOMES = ("satisfied", "mollified", "dissatisfied")

#: The loyalty (share still buying) of customers without a problem, silent ones, and
#: complainers by outcome.
LOYALTY_PARAMETERS = (
    "loyalty_no_problem",
    "loyalty_silent",
    "loyalty_satisfied",
    "loyalty_mollified",
    "loyalty_dissatisfied",
)

#: How many people a silent, mollified and dissatisfied customer tells.
TOLD_PARAMETERS = ("told_silent", "told_mollified", "told_dissatisfied")

#: Parameters that are shares in [0, 1].
SHARE_PARAMETERS = (
    "incidence",
    "complaint_rate",
    *OUTCOMES,
    *LOYALTY_PARAMETERS,
    "deterred_share",
    "recorded_share",
)

#: Parameters that are non-negative amounts.
AMOUNT_PARAMETERS = ("customers", "value", *TOLD_PARAMETERS)

#: Every parameter of the model.
PARAMETERS = (
    "customers",
    "incidence",
    "complaint_rate",
    *OUTCOMES,
    *LOYALTY_PARAMETERS,
    "value",
    *TOLD_PARAMETERS,
    "deterred_share",
    "recorded_share",
)

#: Defaults of the optional parameters (no word of mouth, every complaint counted).
OPTIONAL_DEFAULTS = {
    "told_silent": 0.0,
    "told_mollified": 0.0,
    "told_dissatisfied": 0.0,
    "deterred_share": 0.0,
    "recorded_share": 1.0,
}

#: Survey counts per problem (columns of the problem table in :meth:`DamageInputs.from_counts`).
COUNT_COLUMNS = (
    "with_problem",
    "complained",
    *OUTCOMES,
    "loyal_silent",
    "loyal_satisfied",
    "loyal_mollified",
    "loyal_dissatisfied",
)

#: Survey counts that may be shared by every problem (keywords) or given per problem (columns).
SHARED_COUNT_NAMES = ("surveyed", "no_problem", "loyal_no_problem")

#: Parameters that stay point values even with survey counts.
POINT_ONLY = ("customers", "value", *tuple(OPTIONAL_DEFAULTS))

Draws = dict[str, np.ndarray]


def _broadcast(
    problems: pd.DataFrame,
    names: tuple[str, ...],
    scalars: Mapping[str, Any],
    defaults: Mapping[str, float],
) -> tuple[pd.DataFrame, set[str]]:
    """Build one column per name from the table, a keyword, or a default; note the scalars."""
    both = [n for n in names if n in problems.columns and scalars.get(n) is not None]
    if both:
        raise LoyaltyDataError(
            f"{both} are given both as columns of the problem table and as keywords; "
            "give each once."
        )
    frame = pd.DataFrame(index=problems.index)
    shared: set[str] = set()
    missing = []
    for name in names:
        if name in problems.columns:
            frame[name] = problems[name]
        elif scalars.get(name) is not None:
            value = scalars[name]
            if np.ndim(value) != 0:
                raise LoyaltyDataError(
                    f"{name} must be a single number when given as a keyword, got {value!r}; "
                    "put per-problem values in a column of the problem table."
                )
            frame[name] = float(value)
            shared.add(name)
        elif name in defaults:
            frame[name] = float(defaults[name])
            shared.add(name)
        else:
            missing.append(name)
    if missing:
        raise LoyaltyDataError(
            f"the market damage model needs {missing}; add them as columns of the problem table "
            "(one value per problem) or as keywords (one value for all problems)."
        )
    return frame, shared


def _problem_table(problems: Any) -> pd.DataFrame:
    table = check_dataframe(problems, name="problems")
    if table.index.has_duplicates:
        raise LoyaltyDataError(
            f"the problem table's index (problem names) has duplicates at "
            f"{describe_rows(table.index[table.index.duplicated(keep=False)])}; "
            "give each problem type one row."
        )
    return table


def _check_parameters(frame: pd.DataFrame) -> None:
    names = list(frame.columns)
    check_numeric(frame, names)
    check_no_nan(frame, names)
    check_in_range(frame, [n for n in SHARE_PARAMETERS if n in names], 0.0, 1.0, what="shares")
    check_nonnegative(frame, [n for n in AMOUNT_PARAMETERS if n in names])
    if all(n in names for n in OUTCOMES):
        total = frame[list(OUTCOMES)].sum(axis=1)
        bad = (np.abs(total - 1.0) > 1e-9).to_numpy()
        if bad.any():
            raise LoyaltyDataError(
                f"outcome shares satisfied + mollified + dissatisfied must sum to 1, but sum to "
                f"{total[bad].round(6).tolist()[:5]} at {describe_rows(frame.index[bad])}; "
                "give the shares of all complainers."
            )


def _beta_draws(
    successes: np.ndarray, trials: np.ndarray, prior: float, draws: int, rng: np.random.Generator
) -> np.ndarray:
    return rng.beta(prior + successes, prior + trials - successes, size=(draws, successes.size))


def _share(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Observed share k / n, or the prior mean 1/2 where n = 0 (then it carries no weight)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(trials > 0, successes / np.where(trials > 0, trials, 1.0), 0.5)


@dataclass(frozen=True)
class DamageInputs:
    """Validated inputs of the market damage model, one row per problem type.

    Build it with :meth:`from_values` (point values) or :meth:`from_counts` (survey counts).

    Attributes
    ----------
    point : pandas.DataFrame
        One row per problem, one column per parameter in :data:`PARAMETERS`: the values given,
        or with counts the observed shares (plug-in estimates).
    counts : pandas.DataFrame or None
        The survey counts (with counts only).
    shared : frozenset of str
        Names given once for every problem (keywords); with counts, shared counts are drawn
        once and used by every problem.
    prior : float
        Beta/Dirichlet prior pseudo-count of every category (1 = uniform).
    """

    point: pd.DataFrame
    counts: pd.DataFrame | None = None
    shared: frozenset[str] = frozenset()
    prior: float = 1.0

    @property
    def uncertain(self) -> bool:
        """Whether the inputs carry sampling uncertainty (survey counts)."""
        return self.counts is not None

    @property
    def problems(self) -> list[Any]:
        """The problem types, in order."""
        return list(self.point.index)

    @classmethod
    def from_values(
        cls,
        problems: pd.DataFrame,
        **parameters: float | None,
    ) -> DamageInputs:
        """Build the inputs from point values.

        Parameters
        ----------
        problems : pandas.DataFrame
            One row per problem type (the index names the problems), with any of the
            parameters of :data:`PARAMETERS` as columns.
        **parameters : float
            Parameters shared by every problem (e.g. ``customers=250_000``, ``value=1200``).
            ``told_*`` and ``deterred_share`` default to 0 and ``recorded_share`` to 1.

        Returns
        -------
        DamageInputs
            Validated inputs (shares in [0, 1], outcome shares summing to 1, amounts >= 0).

        Examples
        --------
        >>> table = pd.DataFrame({"incidence": [0.2], "complaint_rate": [0.25],
        ...     "satisfied": [0.6], "mollified": [0.2], "dissatisfied": [0.2]}, index=["billing"])
        >>> inputs = DamageInputs.from_values(table, customers=10_000, value=200,
        ...     loyalty_no_problem=0.9, loyalty_silent=0.7, loyalty_satisfied=0.85,
        ...     loyalty_mollified=0.6, loyalty_dissatisfied=0.3)
        >>> inputs.problems
        ['billing']
        """
        _check_keywords(parameters, PARAMETERS)
        table = _problem_table(problems)
        frame, shared = _broadcast(table, PARAMETERS, parameters, OPTIONAL_DEFAULTS)
        _check_parameters(frame)
        frame = frame.astype(float)
        return cls(point=frame, shared=frozenset(shared))

    @classmethod
    def from_counts(
        cls,
        problems: pd.DataFrame,
        *,
        prior: float = 1.0,
        **parameters: float | None,
    ) -> DamageInputs:
        """Build the inputs from survey counts, whose uncertainty the model carries.

        The problem table has one row per problem type with the counts ``with_problem``
        (respondents who had it), ``complained`` (of those), ``satisfied``, ``mollified``,
        ``dissatisfied`` (complainers by outcome; they must add up to ``complained``) and
        ``loyal_silent``, ``loyal_satisfied``, ``loyal_mollified``, ``loyal_dissatisfied``
        (respondents of each group who repurchase or intend to). ``surveyed`` (respondents),
        ``no_problem`` (respondents without problems) and ``loyal_no_problem`` (of those, who
        repurchase) are usually one number for the whole survey (keywords) but may be columns.
        ``customers``, ``value`` and the word-of-mouth parameters are point values.

        Posteriors (prior pseudo-count ``a`` per category, Gelman et al. 2013):
        ``incidence ~ Beta(a + with_problem, a + surveyed - with_problem)``,
        ``complaint_rate ~ Beta(a + complained, a + with_problem - complained)``,
        ``(satisfied, mollified, dissatisfied) ~ Dirichlet(a + counts)`` and each group's
        ``loyalty ~ Beta(a + loyal, a + group size - loyal)``, where the silent group has
        ``with_problem - complained`` respondents.

        Parameters
        ----------
        problems : pandas.DataFrame
            The per-problem counts (index = problem names).
        prior : float, default 1.0
            Prior pseudo-count per category (1 = uniform, 0.5 = Jeffreys).
        **parameters : float
            ``surveyed``, ``no_problem``, ``loyal_no_problem`` (counts) and the point values
            ``customers``, ``value``, ``told_*``, ``deterred_share``, ``recorded_share``.

        Returns
        -------
        DamageInputs
            Validated inputs; ``point`` holds the observed shares (plug-in estimates).
        """
        _check_keywords(parameters, (*SHARED_COUNT_NAMES, *POINT_ONLY))
        if not np.isfinite(prior) or prior <= 0:
            raise LoyaltyDataError(f"prior must be a positive pseudo-count, got {prior!r}.")
        table = _problem_table(problems)
        names = (*SHARED_COUNT_NAMES, *COUNT_COLUMNS)
        counts, shared_counts = _broadcast(table, names, parameters, {})
        check_numeric(counts, list(names))
        check_no_nan(counts, list(names))
        check_nonnegative(counts, list(names))
        check_integer(counts, list(names))
        counts = counts.astype(float)
        _check_count_bounds(counts)
        fixed, shared_points = _broadcast(table, POINT_ONLY, parameters, OPTIONAL_DEFAULTS)
        check_numeric(fixed, list(POINT_ONLY))
        check_no_nan(fixed, list(POINT_ONLY))
        point = _plug_in(counts)
        for name in POINT_ONLY:
            point[name] = fixed[name].astype(float)
        point = point[list(PARAMETERS)]
        _check_parameters(point)
        return cls(
            point=point,
            counts=counts,
            shared=frozenset(shared_counts | shared_points),
            prior=float(prior),
        )

    def point_draws(self) -> Draws:
        """Return the point values as one "draw" per parameter, arrays of shape (1, n_problems).

        Returns
        -------
        dict of str to numpy.ndarray
            One array per parameter.
        """
        return {name: self.point[name].to_numpy(dtype=float)[None, :] for name in PARAMETERS}

    def draw(self, draws: int, rng: np.random.Generator) -> Draws:
        """Draw every parameter by Monte Carlo: arrays of shape (draws, n_problems).

        Point-valued parameters are repeated; with counts, shares are drawn from their
        posteriors (shared counts once for all problems).

        Parameters
        ----------
        draws : int
            The number of draws.
        rng : numpy.random.Generator
            The random generator.

        Returns
        -------
        dict of str to numpy.ndarray
            One array per parameter.
        """
        size = (int(draws), len(self.point))
        result = {
            name: np.broadcast_to(values, size).copy()
            for name, values in self.point_draws().items()
        }
        if self.counts is None:
            return result
        c = {name: self.counts[name].to_numpy(dtype=float) for name in self.counts.columns}
        a = self.prior
        result["incidence"] = _beta_draws(c["with_problem"], c["surveyed"], a, draws, rng)
        result["complaint_rate"] = _beta_draws(c["complained"], c["with_problem"], a, draws, rng)
        for column, row in enumerate(self.counts[list(OUTCOMES)].to_numpy(dtype=float)):
            shares = rng.dirichlet(a + row, size=int(draws))
            for k, outcome in enumerate(OUTCOMES):
                result[outcome][:, column] = shares[:, k]
        if {"no_problem", "loyal_no_problem"} <= self.shared:
            single = _beta_draws(c["loyal_no_problem"][:1], c["no_problem"][:1], a, draws, rng)
            result["loyalty_no_problem"] = np.broadcast_to(single, size).copy()
        else:
            result["loyalty_no_problem"] = _beta_draws(
                c["loyal_no_problem"], c["no_problem"], a, draws, rng
            )
        groups = {
            "silent": c["with_problem"] - c["complained"],
            **{outcome: c[outcome] for outcome in OUTCOMES},
        }
        for group, size_of_group in groups.items():
            result[f"loyalty_{group}"] = _beta_draws(
                c[f"loyal_{group}"], size_of_group, a, draws, rng
            )
        return result


def _check_keywords(parameters: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(parameters) - set(allowed))
    if unknown:
        raise LoyaltyDataError(
            f"unknown parameter(s) {unknown}; the allowed keywords are {sorted(allowed)}."
        )


def _check_count_bounds(counts: pd.DataFrame) -> None:
    def fail(mask: Any, message: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            raise LoyaltyDataError(f"{message} at {describe_rows(counts.index[mask])}.")

    fail(counts["surveyed"] <= 0, "surveyed must be positive")
    fail(
        counts["no_problem"] <= 0,
        "no_problem must be positive: the baseline loyalty needs respondents without problems",
    )
    fail(
        counts["with_problem"] + counts["no_problem"] > counts["surveyed"],
        "with_problem + no_problem exceed surveyed; check the survey counts",
    )
    fail(
        counts["complained"] > counts["with_problem"],
        "complained exceeds with_problem; only respondents with the problem can complain",
    )
    outcome_total = counts[list(OUTCOMES)].sum(axis=1)
    fail(
        outcome_total != counts["complained"],
        "satisfied + mollified + dissatisfied must equal complained (every complainer's "
        "outcome); fix the outcome counts",
    )
    fail(counts["loyal_no_problem"] > counts["no_problem"], "loyal_no_problem exceeds no_problem")
    fail(
        counts["loyal_silent"] > counts["with_problem"] - counts["complained"],
        "loyal_silent exceeds the silent respondents (with_problem - complained)",
    )
    for outcome in OUTCOMES:
        fail(counts[f"loyal_{outcome}"] > counts[outcome], f"loyal_{outcome} exceeds {outcome}")


def _plug_in(counts: pd.DataFrame) -> pd.DataFrame:
    c = {name: counts[name].to_numpy(dtype=float) for name in counts.columns}
    point = pd.DataFrame(index=counts.index)
    point["incidence"] = _share(c["with_problem"], c["surveyed"])
    point["complaint_rate"] = _share(c["complained"], c["with_problem"])
    for outcome in OUTCOMES:
        point[outcome] = np.where(
            c["complained"] > 0,
            c[outcome] / np.where(c["complained"] > 0, c["complained"], 1),
            1.0 / len(OUTCOMES),
        )
    point["loyalty_no_problem"] = _share(c["loyal_no_problem"], c["no_problem"])
    point["loyalty_silent"] = _share(c["loyal_silent"], c["with_problem"] - c["complained"])
    for outcome in OUTCOMES:
        point[f"loyalty_{outcome}"] = _share(c[f"loyal_{outcome}"], c[outcome])
    return point
