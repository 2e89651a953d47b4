"""What-if analyses of the market damage model: the value of fixing things.

A scenario changes some inputs (for some or all problem types) and the damage is recomputed.
With survey counts the baseline and the scenario use the same parameter draws (common random
numbers), so the interval of the saving reflects the uncertainty of the saving itself, not the
noise of two independent simulations (Glasserman 2004, section 4.2).

References
----------
Goodman, J. (2009). Strategic Customer Service. AMACOM, chapter 3 (the economic imperative:
the payoff of better complaint handling and of preventing problems).
Glasserman, P. (2004). Monte Carlo Methods in Financial Engineering. Springer, section 4.2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_probability
from loyaltymodels.damage.inputs import (
    AMOUNT_PARAMETERS,
    OUTCOMES,
    PARAMETERS,
    SHARE_PARAMETERS,
    Draws,
)
from loyaltymodels.damage.model import (
    MEASURES,
    DamageResult,
    damage_paths,
    path_cube,
    summarise_damage,
)

__all__ = [
    "WhatIfResult",
    "apply_scenario",
    "improve_complaint_handling",
    "prevent_problem",
    "problem_mask",
    "what_if",
]

Change = float | Callable[[np.ndarray], np.ndarray]


def problem_mask(result: DamageResult, problems: Sequence[Any] | None) -> np.ndarray:
    """Select problems of a damage result by name.

    Parameters
    ----------
    result : DamageResult
        The fitted damage model.
    problems : str, sequence of str or None
        Problem names; None selects every problem.

    Returns
    -------
    numpy.ndarray
        Boolean mask over ``result.problems``.

    Raises
    ------
    LoyaltyDataError
        When a name is not one of the result's problems.
    """
    if problems is None:
        return np.ones(len(result.problems), dtype=bool)
    if isinstance(problems, str):
        problems = [problems]
    unknown = [p for p in problems if p not in result.problems]
    if unknown:
        raise LoyaltyDataError(
            f"unknown problem type(s) {unknown}; the inputs have {result.problems}."
        )
    return np.isin(np.asarray(result.problems, dtype=object), np.asarray(problems, dtype=object))


def _check_scenario(values: Draws, changed: Sequence[str]) -> None:
    for name in changed:
        array = values[name]
        if not np.all(np.isfinite(array)):
            raise LoyaltyDataError(f"the scenario makes '{name}' non-finite; check the change.")
        if name in SHARE_PARAMETERS and (np.any(array < -1e-12) or np.any(array > 1 + 1e-12)):
            raise LoyaltyDataError(
                f"the scenario puts the share '{name}' outside [0, 1] "
                f"(range {array.min():.6g} to {array.max():.6g}); change it to a valid share."
            )
        if name in AMOUNT_PARAMETERS and np.any(array < 0):
            raise LoyaltyDataError(f"the scenario makes '{name}' negative; it must be >= 0.")
    if any(name in OUTCOMES for name in changed):
        total = sum(values[o] for o in OUTCOMES)
        if np.any(np.abs(total - 1.0) > 1e-9):
            raise LoyaltyDataError(
                "the scenario's outcome shares satisfied + mollified + dissatisfied no longer "
                "sum to 1; change them together (see improve_complaint_handling)."
            )


def apply_scenario(
    values: Draws,
    changes: Mapping[str, Change],
    mask: np.ndarray,
) -> Draws:
    """Apply changes to parameter arrays for the problems selected by ``mask``.

    Parameters
    ----------
    values : dict of str to numpy.ndarray
        Parameter arrays of shape (draws, n_problems).
    changes : mapping of str to float or callable
        Parameter -> new value, or a function of the current values returning the new ones.
        Outcome shares must still sum to 1 afterwards; :func:`improve_complaint_handling`
        moves them together.
    mask : numpy.ndarray of bool
        The problems the changes apply to.

    Returns
    -------
    dict of str to numpy.ndarray
        New arrays (the input is not modified).
    """
    unknown = sorted(set(changes) - set(PARAMETERS))
    if unknown:
        raise LoyaltyDataError(
            f"unknown parameter(s) {unknown} in the scenario; choose from {list(PARAMETERS)}."
        )
    out = {name: array.copy() for name, array in values.items()}
    for name, change in changes.items():
        current = values[name][:, mask]
        new = change(current) if callable(change) else np.full_like(current, float(change))
        out[name][:, mask] = np.broadcast_to(np.asarray(new, dtype=float), current.shape)
    _check_scenario(out, list(changes))
    return out


@dataclass(repr=False)
class WhatIfResult(Result, frozen=True):
    """The damage under a scenario against the baseline, and the saving.

    Attributes
    ----------
    scenario : str
        A short description of the scenario.
    baseline : DamageResult
        The result the scenario was computed from.
    params : pandas.DataFrame
        Indexed by (problem, measure) with ``baseline``, ``scenario``, ``saving`` (plug-in
        estimates) and ``saving_mean``, ``saving_lower``, ``saving_upper`` (Monte Carlo, NaN for
        point inputs). Problem ``"total"`` sums the problem types.
    """

    scenario: str
    baseline: DamageResult
    baseline_paths: dict[str, np.ndarray]
    scenario_paths: dict[str, np.ndarray]
    baseline_point: dict[str, np.ndarray]
    scenario_point: dict[str, np.ndarray]
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        labels = [*self.baseline.problems, "total"]
        blocks = []
        for measure in MEASURES:
            before = _total_over_paths(self.baseline_point, measure)[0]
            after = _total_over_paths(self.scenario_point, measure)[0]
            saving_draws = None
            if self.baseline.parameter_draws is not None:
                saving_draws = _total_over_paths(self.baseline_paths, measure) - _total_over_paths(
                    self.scenario_paths, measure
                )
            stats = summarise_damage(before - after, saving_draws, self.baseline.ci_prob)
            blocks.append(
                pd.DataFrame(
                    {
                        "problem": labels,
                        "measure": measure,
                        "baseline": before,
                        "scenario": after,
                        "saving": stats["estimate"],
                        "saving_mean": stats["mean"],
                        "saving_lower": stats["lower"],
                        "saving_upper": stats["upper"],
                    }
                )
            )
        self.params = pd.concat(blocks, ignore_index=True).set_index(["problem", "measure"])


def _total_over_paths(paths: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Sum a measure over paths, with the total over problems last: (draws, n_problems + 1)."""
    return path_cube(paths, measure)[:, -1, :]


def what_if(
    result: DamageResult,
    changes: Mapping[str, Change],
    *,
    problems: Sequence[Any] | None = None,
    scenario: str | None = None,
) -> WhatIfResult:
    """Recompute the damage with changed inputs and report the saving against the baseline.

    Each change sets a parameter (a number) or transforms it (a function of the current
    values, applied to every Monte Carlo draw, e.g. ``lambda q: 0.5 * q`` halves the
    incidence). Unchanged parameters keep their draws, so the saving's interval reflects the
    remaining uncertainty (common random numbers).

    Parameters
    ----------
    result : DamageResult
        The baseline, from :meth:`MarketDamage.fit`.
    changes : mapping of str to float or callable
        Parameter name -> new value or transformation.
    problems : sequence, optional
        The problem types changed (default all).
    scenario : str, optional
        A description for reports.

    Returns
    -------
    WhatIfResult
        Baseline, scenario and saving per problem and in total, for lost revenue and customers.
    """
    if not isinstance(result, DamageResult):
        raise LoyaltyDataError("result must be a DamageResult from MarketDamage().fit(...).")
    if not changes:
        raise LoyaltyDataError("changes is empty; name at least one parameter to change.")
    mask = problem_mask(result, problems)
    point = result.inputs.point_draws()
    new_point = apply_scenario(point, changes, mask)
    if result.parameter_draws is not None:
        draws = result.parameter_draws
        new_draws = apply_scenario(draws, changes, mask)
        baseline_paths, scenario_paths = damage_paths(draws), damage_paths(new_draws)
    else:
        baseline_paths, scenario_paths = damage_paths(point), damage_paths(new_point)
    return WhatIfResult(
        scenario=scenario or ", ".join(f"{name} changed" for name in changes),
        baseline=result,
        baseline_paths=baseline_paths,
        scenario_paths=scenario_paths,
        baseline_point=damage_paths(point),
        scenario_point=damage_paths(new_point),
    )


def improve_complaint_handling(
    result: DamageResult,
    *,
    resolved_share: float,
    problems: Sequence[Any] | None = None,
) -> WhatIfResult:
    """Value of better complaint handling: turn dissatisfied complainers into satisfied ones.

    A share ``resolved_share`` of the complainers left dissatisfied is moved to satisfied:
    ``s_D' = (1 - h) s_D`` and ``s_S' = s_S + h s_D`` (mollified unchanged), draw by draw.

    Parameters
    ----------
    result : DamageResult
        The baseline.
    resolved_share : float
        The share ``h`` of dissatisfied complainers whose complaint would be resolved.
    problems : sequence, optional
        The problem types (default all).

    Returns
    -------
    WhatIfResult
        The saving from better complaint handling.

    Examples
    --------
    >>> import pandas as pd
    >>> from loyaltymodels.damage import DamageInputs, MarketDamage
    >>> table = pd.DataFrame({"incidence": [0.2], "complaint_rate": [0.25],
    ...     "satisfied": [0.6], "mollified": [0.2], "dissatisfied": [0.2]}, index=["billing"])
    >>> inputs = DamageInputs.from_values(table, customers=10_000, value=200,
    ...     loyalty_no_problem=0.9, loyalty_silent=0.7, loyalty_satisfied=0.85,
    ...     loyalty_mollified=0.6, loyalty_dissatisfied=0.3)
    >>> saving = improve_complaint_handling(MarketDamage().fit(inputs), resolved_share=0.5)
    >>> round(float(saving.params.loc[("total", "lost_customers"), "saving"]), 6)
    27.5
    """
    share = check_probability(resolved_share, "resolved_share")
    mask = problem_mask(result, problems)

    def scenario(values: Draws) -> Draws:
        out = {name: array.copy() for name, array in values.items()}
        moved = share * values["dissatisfied"][:, mask]
        out["dissatisfied"][:, mask] = values["dissatisfied"][:, mask] - moved
        out["satisfied"][:, mask] = values["satisfied"][:, mask] + moved
        return out

    point = result.inputs.point_draws()
    draws = result.parameter_draws if result.parameter_draws is not None else point
    return WhatIfResult(
        scenario=f"{share:.0%} of dissatisfied complainers resolved to satisfaction",
        baseline=result,
        baseline_paths=damage_paths(draws),
        scenario_paths=damage_paths(scenario(draws)),
        baseline_point=damage_paths(point),
        scenario_point=damage_paths(scenario(point)),
    )


def prevent_problem(
    result: DamageResult,
    problems: Sequence[Any] | Any,
    *,
    share_prevented: float = 1.0,
) -> WhatIfResult:
    """Value of preventing a problem: cut its incidence by ``share_prevented``.

    ``q' = (1 - share_prevented) q`` for the named problem types, draw by draw.

    Parameters
    ----------
    result : DamageResult
        The baseline.
    problems : problem name or sequence of names
        The problem types prevented.
    share_prevented : float, default 1.0
        The share of occurrences prevented (1 = eliminated).

    Returns
    -------
    WhatIfResult
        The saving from prevention.
    """
    share = check_probability(share_prevented, "share_prevented")
    names = [problems] if isinstance(problems, str) or np.ndim(problems) == 0 else problems
    return what_if(
        result,
        {"incidence": lambda q: (1.0 - share) * q},
        problems=list(names),
        scenario=f"{share:.0%} of {', '.join(map(str, names))} prevented",
    )
