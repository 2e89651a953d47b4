"""Market damage inputs and model."""

from __future__ import annotations

from typing import Any

import numpy as np

from tests.bad_input.corpus import Case
from tests.bad_input.data import DAMAGE_VALUES, problems


def _inputs(table: Any = None, **values: Any) -> Any:
    from loyaltymodels.damage import DamageInputs

    return DamageInputs.from_values(
        problems() if table is None else table, **{**DAMAGE_VALUES, **values}
    )


F = "damage"
CASES = [
    Case(
        F,
        "+-inf",
        "incidence inf",
        lambda _: _inputs(problems(incidence=(0, np.inf))),
        r"'incidence'.*infinite.*row billing",
    ),
    Case(F, "+-inf", "value inf", lambda _: _inputs(value=np.inf), r"'value'.*infinite"),
    Case(F, "NaN", "customers NaN", lambda _: _inputs(customers=np.nan), r"'customers'.*NaN"),
    Case(
        F,
        "out of range",
        "complaint rate 1.5",
        lambda _: _inputs(problems(complaint_rate=(1, 1.5))),
        r"'complaint_rate'.*delivery",
    ),
    Case(
        F,
        "inconsistent",
        "outcome shares do not sum to 1",
        lambda _: _inputs(problems(satisfied=(0, 0.7))),
        r"billing",
    ),
    Case(F, "negative", "value -1", lambda _: _inputs(value=-1.0), r"'value'"),
    Case(
        F,
        "wrong dtype",
        "incidence 'high'",
        lambda _: _inputs(problems(incidence=(0, "high"))),
        r"'incidence'.*billing",
    ),
    Case(
        F,
        "missing column",
        "no incidence",
        lambda _: _inputs(problems().drop(columns="incidence")),
        r"incidence",
    ),
]

# the damage model computes, it estimates nothing: no data can be degenerate for it
NOT_APPLICABLE = {F: {"header only", "bad encoding", "ambiguous dates", "degenerate"}}
CASES += [
    Case(F, "empty", "no problems", lambda _: _inputs(problems().iloc[:0]), r"empty"),
    Case(
        F,
        "duplicate ids",
        "problem listed twice",
        lambda _: _inputs(problems().rename(index={"delivery": "billing"})),
        r"billing",
    ),
]
