"""One-way sensitivity (tornado) analysis of the market damage model.

Each input is moved to a low and a high value while every other input stays at its point
value, and the total damage is recomputed; sorting the inputs by the width of the swing gives
the tornado diagram (Clemen & Reilly 2014, ch. 5; Eschenbach 1992). Low and high values are
``(1 ± spread)`` times the point value (shares clipped to [0, 1]) or, for inputs estimated from
survey counts, the bounds of their posterior interval. Moving one complainer outcome share
rescales the other two in proportion so that the three still sum to 1.

References
----------
Eschenbach, T. G. (1992). Spiderplots versus tornado diagrams for sensitivity analysis.
Interfaces 22(6), 40-46.
Clemen, R. T. & Reilly, T. (2014). Making Hard Decisions with DecisionTools, 3rd ed. Cengage,
chapter 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.damage.inputs import OUTCOMES, PARAMETERS, SHARE_PARAMETERS, Draws
from loyaltymodels.damage.model import MEASURES, DamageResult, damage_paths, path_cube
from loyaltymodels.damage.whatif import problem_mask

__all__ = ["SensitivityResult", "sensitivity"]


@dataclass(repr=False)
class SensitivityResult(Result, frozen=True):
    """A tornado table: the total damage at each input's low and high value.

    Attributes
    ----------
    measure : str
        ``"lost_revenue"`` or ``"lost_customers"``.
    baseline : float
        The total damage at the point inputs.
    params : pandas.DataFrame
        One row per input, sorted by ``swing`` (widest first), with ``low_input`` and
        ``high_input`` (the inputs' mean over the selected problems), ``output_at_low``,
        ``output_at_high``, ``swing`` (= |high - low| output) and ``setting``.
    """

    measure: str
    baseline: float
    params: pd.DataFrame = field(default_factory=pd.DataFrame)


def _total(values: Draws, measure: str) -> float:
    return float(path_cube(damage_paths(values), measure)[0, -1, -1])


def _set_outcome(values: Draws, name: str, new: np.ndarray, mask: np.ndarray) -> None:
    others = [o for o in OUTCOMES if o != name]
    rest_old = sum(values[o][:, mask] for o in others)
    rest_new = 1.0 - new
    for other in others:
        with np.errstate(invalid="ignore", divide="ignore"):
            scaled = np.where(
                rest_old > 0, values[other][:, mask] * rest_new / rest_old, rest_new / 2.0
            )
        values[other][:, mask] = scaled
    values[name][:, mask] = new


def _check_options(result: DamageResult, measure: str, spread: float, method: str) -> None:
    if not isinstance(result, DamageResult):
        raise LoyaltyDataError("result must be a DamageResult from MarketDamage().fit(...).")
    if measure not in MEASURES:
        raise LoyaltyDataError(f"measure must be one of {MEASURES}, got {measure!r}.")
    if not 0.0 < float(spread) < 1.0:
        raise LoyaltyDataError(f"spread must lie strictly between 0 and 1, got {spread!r}.")
    if method not in ("auto", "relative"):
        raise LoyaltyDataError(f"method must be 'auto' or 'relative', got {method!r}.")


def _input_bounds(
    result: DamageResult,
    name: str,
    current: np.ndarray,
    drawn: Draws | None,
    mask: np.ndarray,
    spread: float,
) -> tuple[np.ndarray, np.ndarray, str] | None:
    """Return the low and high values of one input and how they were set (None: left out).

    An input drawn from survey counts uses its posterior interval when ``drawn`` is given; the
    others ``current (1 ± spread)``, and an input that is zero everywhere is left out.
    """
    is_drawn = drawn is not None and not np.allclose(
        drawn[name][:, mask], current, rtol=0.0, atol=0.0
    )
    if is_drawn and drawn is not None:
        tail = (1.0 - result.ci_prob) / 2.0
        low, high = np.quantile(drawn[name][:, mask], [tail, 1.0 - tail], axis=0)
        low, high = low[None, :], high[None, :]
        setting = f"{result.ci_prob:.0%} posterior interval"
    else:
        if np.all(current == 0):
            return None
        low, high = current * (1.0 - spread), current * (1.0 + spread)
        setting = f"x{1.0 - spread:g} / x{1.0 + spread:g}"
    if name in SHARE_PARAMETERS:
        low, high = np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)
    return low, high, setting


def _total_at(point: Draws, name: str, value: np.ndarray, mask: np.ndarray, measure: str) -> float:
    """Return the total damage with input ``name`` of the selected problems set to ``value``."""
    values = {k: v.copy() for k, v in point.items()}
    if name in OUTCOMES:
        _set_outcome(values, name, value, mask)
    else:
        values[name][:, mask] = value
    return _total(values, measure)


def sensitivity(
    result: DamageResult,
    *,
    measure: Literal["lost_revenue", "lost_customers"] = "lost_revenue",
    spread: float = 0.2,
    method: Literal["auto", "relative"] = "auto",
    problems: Sequence[Any] | None = None,
) -> SensitivityResult:
    """One-way sensitivity of the total damage to each input (a tornado table).

    For each input ``θ`` (all selected problems at once), the total damage is computed at
    ``θ_low`` and ``θ_high`` with every other input at its point value. With ``method="auto"``,
    inputs drawn from survey counts use their posterior interval (at the result's confidence
    level) and the others ``θ (1 ± spread)``; ``method="relative"`` uses ``θ (1 ± spread)`` for
    all. Shares are clipped to [0, 1]. Inputs that are zero (e.g. word of mouth not modelled)
    are left out.

    Parameters
    ----------
    result : DamageResult
        The fitted damage model.
    measure : {"lost_revenue", "lost_customers"}, default "lost_revenue"
        The output.
    spread : float, default 0.2
        The relative change for ``θ (1 ± spread)``.
    method : {"auto", "relative"}, default "auto"
        How the low and high values are chosen.
    problems : sequence, optional
        The problem types whose inputs are moved (the output is always the total).

    Returns
    -------
    SensitivityResult
        The tornado table in ``params``.

    References
    ----------
    Eschenbach, T. G. (1992). Interfaces 22(6), 40-46.
    """
    _check_options(result, measure, spread, method)
    mask = problem_mask(result, problems)
    point = result.inputs.point_draws()
    baseline = _total(point, measure)
    drawn = result.parameter_draws if method == "auto" else None
    rows = []
    for name in PARAMETERS:
        if name == "recorded_share":  # moves the complaint multiplier only, not the damage
            continue
        bounds = _input_bounds(result, name, point[name][:, mask], drawn, mask, spread)
        if bounds is None:
            continue
        low, high, setting = bounds
        outputs = [_total_at(point, name, value, mask, measure) for value in (low, high)]
        rows.append(
            {
                "parameter": name,
                "low_input": float(np.mean(low)),
                "high_input": float(np.mean(high)),
                "output_at_low": outputs[0],
                "output_at_high": outputs[1],
                "swing": abs(outputs[1] - outputs[0]),
                "setting": setting,
            }
        )
    table = pd.DataFrame(rows).set_index("parameter")
    table = table.sort_values("swing", ascending=False, kind="stable")
    return SensitivityResult(measure=measure, baseline=baseline, params=table)
