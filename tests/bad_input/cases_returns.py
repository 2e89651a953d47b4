"""Experience-return inputs and plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tests.bad_input.corpus import Case
from tests.bad_input.data import RETURN_VALUES


def _inputs(**values: Any) -> Any:
    from loyaltymodels.returns import ReturnInputs

    return ReturnInputs.from_values(**{**RETURN_VALUES, **values})


def _plan_file(tmp: Path, payload: bytes) -> Any:
    from loyaltymodels.returns import read_return_plans

    path = tmp / "plan.toml"
    path.write_bytes(payload)
    return read_return_plans(path)


_PLAN = """[base]
customers = 1000
margin = 100.0
retention = 0.8
retention_effect = 0.5
discount_rate = 0.1
horizon = 3
investment = 5000.0
[base.gap_change]
reliability = 0.8
[base.satisfaction_effect]
reliability = 0.5
# café
"""

F = "returns"
CASES = [
    Case(F, "+-inf", "margin inf", lambda _: _inputs(margin=np.inf), r"margin.*inf"),
    Case(
        F,
        "NaN",
        "gap change NaN",
        lambda _: _inputs(gap_change={"reliability": np.nan}),
        r"gap_change\['reliability'\].*nan",
    ),
    Case(F, "out of range", "retention 1.2", lambda _: _inputs(retention=1.2), r"retention"),
    Case(
        F,
        "inconsistent",
        "effect for a gap never changed",
        lambda _: _inputs(gap_change={"tangibles": 0.5}),
        r"tangibles",
    ),
    Case(
        F,
        "bad encoding",
        "plan file in latin-1",
        lambda tmp: _plan_file(tmp, _PLAN.encode("latin-1")),
        r"plan.toml.*UTF-8|encoding",
    ),
]

# Monte Carlo arithmetic on given inputs: nothing is estimated, so nothing can degenerate
NOT_APPLICABLE = {F: {"header only", "ambiguous dates", "duplicate ids", "degenerate"}}
CASES += [
    Case(
        F,
        "missing column",
        "no satisfaction effect for the changed gap",
        lambda _: _inputs(satisfaction_effect={"empathy": 0.3}),
        r"reliability",
    ),
    Case(F, "wrong dtype", "customers 'many'", lambda _: _inputs(customers="many"), r"customers"),
    Case(F, "negative", "customers -5", lambda _: _inputs(customers=-5), r"customers"),
    Case(F, "empty", "gap_change {}", lambda _: _inputs(gap_change={}), r"gap_change"),
    Case(F, "+-inf", "investment inf", lambda _: _inputs(investment=np.inf), r"investment.*inf"),
]
