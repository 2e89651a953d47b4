"""Experience-return plans written in a TOML file (what ``loyaltymodels returns`` reads)."""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.returns.inputs import ReturnInputs

__all__ = ["PLAN_EXAMPLE", "PLAN_KEYS", "RETURN_KEYS", "read_return_plans"]


#: Keys of a plan file (``loyaltymodels returns``) shared by every plan, and those of one plan.
RETURN_KEYS = (
    "customers",
    "margin",
    "discount_rate",
    "horizon",
    "retention",
    "retention_counts",
    "retention_effect",
    "satisfaction_effect",
    "satisfaction_effect_cov",
    "prior",
    "plans",
)
PLAN_KEYS = ("gap_change", "investment", "cost_per_period")
PLAN_EXAMPLE = """\
a plan file (links: a number or [estimate, se]; horizon "inf" or left out: infinite):

  customers = 20000
  margin = 95.5                       # per customer and period
  discount_rate = 0.01                # per period
  horizon = 36                        # periods
  retention_counts = [19751, 23046]   # customer-periods retained, at risk (or retention = 0.85)
  retention_effect = [0.347, 0.014]   # log-odds of retention per satisfaction point

  [satisfaction_effect]               # satisfaction points per gap point
  reliability = [0.892, 0.022]
  responsiveness = [0.555, 0.022]

  [plans.reliability]                 # one table per plan; later plans are compared with the first
  gap_change = { reliability = 0.6 }
  investment = 3_000_000
  cost_per_period = 20_000
"""
_REQUIRED_KEYS = ("customers", "margin", "discount_rate", "retention_effect", "satisfaction_effect")


def _check_keys(found: dict[str, Any], allowed: Sequence[str], where: str) -> None:
    unknown = [key for key in found if key not in allowed]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise LoyaltyDataError(
            f"{where} has the unknown key '{key}'{hint}; the keys are {list(allowed)}."
        )


def _covariance_table(value: Any, where: str) -> pd.DataFrame:
    rows_are_tables = isinstance(value, dict) and all(isinstance(r, dict) for r in value.values())
    if not rows_are_tables or not value:
        raise LoyaltyDataError(
            f"{where}: satisfaction_effect_cov must be a table of rows, one per dimension, e.g. "
            "[satisfaction_effect_cov] reliability = { reliability = 0.0005, empathy = 0.0001 }."
        )
    return pd.DataFrame.from_dict(value, orient="index")


def _read_toml(path: Path) -> dict[str, Any]:
    """Return the values of the TOML file ``path`` (UTF-8, with or without a byte-order mark)."""
    if not path.is_file():
        raise LoyaltyDataError(f"file {path} does not exist.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (as some editors write) is fine
    except UnicodeDecodeError as error:
        raise LoyaltyDataError(
            f"{path} is not UTF-8 text (byte {error.start} is {raw[error.start]:#04x}); TOML "
            "files are UTF-8: save it as UTF-8 (in Excel or Notepad: 'UTF-8' encoding)."
        ) from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LoyaltyDataError(f"{path} is not valid TOML: {error}.") from error
    return values


def _horizon(value: Any, path: Path) -> Any:
    """Return the horizon with ``"inf"`` read as infinity (numbers are checked later)."""
    if not isinstance(value, str):
        return value
    if value.strip().lower() != "inf":
        raise LoyaltyDataError(
            f'{path}: horizon must be a whole number of periods >= 1 or "inf" (or left '
            f"out) for an infinite horizon, got {value!r}."
        )
    return math.inf


def _plan_inputs(shared: ReturnInputs, plan: Any, where: str) -> ReturnInputs:
    """Return the inputs of one plan table (at ``where``) on the shared links and economics."""
    if not isinstance(plan, dict):
        raise LoyaltyDataError(
            f"{where} must be a table with gap_change and the costs, got {plan!r}."
        )
    _check_keys(plan, PLAN_KEYS, where)
    if "gap_change" not in plan:
        raise LoyaltyDataError(
            f"{where} has no gap_change; give the gap points the plan closes per "
            "dimension, e.g. gap_change = { reliability = 0.6 }."
        )
    try:
        return shared.with_plan(
            plan["gap_change"],
            investment=plan.get("investment", 0.0),
            cost_per_period=plan.get("cost_per_period", 0.0),
        )
    except LoyaltyDataError as error:
        raise LoyaltyDataError(f"{where}: {error}") from error


def read_return_plans(path: str | Path) -> dict[str, ReturnInputs]:
    """Read the experience-return plans of a TOML file.

    The file gives the links and economics of :meth:`ReturnInputs.from_values
    <loyaltymodels.returns.ReturnInputs.from_values>` at the top level (``customers``,
    ``margin``, ``discount_rate``, ``horizon``, ``retention`` or ``retention_counts``,
    ``retention_effect``, ``prior``, a ``[satisfaction_effect]`` table and optionally a
    ``[satisfaction_effect_cov]`` table of rows) and one ``[plans.NAME]`` table per plan with
    its ``gap_change`` table and its costs ``investment`` and ``cost_per_period`` (each 0 when
    left out). Uncertain links are a number or an ``[estimate, se]`` pair; ``horizon = "inf"``
    (or no ``horizon``) counts an infinite horizon. The values are validated by
    :meth:`~loyaltymodels.returns.ReturnInputs.from_values` (the shared links and economics)
    and :meth:`~loyaltymodels.returns.ReturnInputs.with_plan` (each plan).

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    dict of str to ReturnInputs
        The validated inputs of each plan, in the order of the file.

    Raises
    ------
    LoyaltyDataError
        If the file is missing or not TOML, has an unknown or missing key, no plan, or a
        value the model does not accept (the message names the key and the fix).
    """
    path = Path(path)
    values = _read_toml(path)
    _check_keys(values, RETURN_KEYS, str(path))
    missing = [key for key in _REQUIRED_KEYS if key not in values]
    if missing:
        raise LoyaltyDataError(
            f"{path} has no '{missing[0]}'; give {missing} at the top level of the file "
            "(`loyaltymodels returns --help` shows an example)."
        )
    plans = values.pop("plans", None)
    if not isinstance(plans, dict) or not plans:
        raise LoyaltyDataError(
            f"{path} has no plan; add at least one table [plans.NAME] with gap_change = "
            "{ dimension = points } and investment = ... (and/or cost_per_period = ...)."
        )
    horizon = _horizon(values.pop("horizon", math.inf), path)
    if "satisfaction_effect_cov" in values:
        values["satisfaction_effect_cov"] = _covariance_table(
            values["satisfaction_effect_cov"], str(path)
        )
    # the links and economics shared by the plans, validated once with a placeholder plan
    effects = values["satisfaction_effect"]
    placeholder = {next(iter(effects)): 0.0} if isinstance(effects, dict) and effects else {}
    try:
        shared = ReturnInputs.from_values(
            gap_change=placeholder, horizon=horizon, investment=1.0, **values
        )
    except LoyaltyDataError as error:
        raise LoyaltyDataError(f"{path}: {error}") from error
    return {
        name: _plan_inputs(shared, plan, f"{path} [plans.{name}]") for name, plan in plans.items()
    }
