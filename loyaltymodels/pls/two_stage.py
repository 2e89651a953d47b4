"""Two-stage estimation: higher-order constructs and interaction (moderation) terms.

Higher-order constructs (disjoint two-stage approach; Becker, Klein & Wetzels 2012, Sarstedt
et al. 2019): ``Perceived =~ Quality + Value`` declares ``Perceived`` on the first-order
constructs ``Quality`` and ``Value``. Stage 1 estimates the first-order model, in which the
paths into and out of the higher-order construct go into and out of each of its lower-order
constructs; stage 2 measures the higher-order construct by the stage-1 scores of its
lower-order constructs (mode A for ``=~``, mode B for ``<~``) and estimates the model as
written. SEMinR's ``higher_composite`` does the same.

Moderation (two-stage approach; Henseler & Chin 2010, Fassott et al. 2016): a path term
``a:b`` (``Loyalty ~ Satisfaction + Image + Satisfaction:Image``) adds the interaction construct
``a_x_b``. Stage 1 estimates the model without interaction terms; stage 2 adds ``a_x_b``,
measured by the single indicator ``a_x_b``, the product of the stage-1 scores of a and b.

The stage-2 result is an ordinary :class:`~loyaltymodels.pls.PLSResult` of the stage-2 model on
the data augmented with those score columns (``first_stage`` holds the stage-1 result). Its
bootstrap resamples respondents with their stage-1 scores, i.e. conditional on the first stage.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.pls.syntax import PLSSpec, interaction_name

__all__ = [
    "derived_columns",
    "first_stage_description",
    "interaction_effects",
    "second_stage_description",
    "stage_descriptions",
]

_OPERATOR = {"A": "=~", "B": "<~"}


def _lines(blocks: dict[str, tuple[str, ...]], spec: PLSSpec) -> list[str]:
    return [
        f"{name} {_OPERATOR[spec.modes[name]]} " + " + ".join(items)
        for name, items in blocks.items()
    ]


def _paths(paths: list[tuple[str, str]]) -> list[str]:
    outcomes: dict[str, list[str]] = {}
    for cause, outcome in paths:
        outcomes.setdefault(outcome, []).append(cause)
    return [f"{outcome} ~ " + " + ".join(causes) for outcome, causes in outcomes.items()]


def _check(spec: PLSSpec) -> None:
    lower = {item for items in spec.higher_order.values() for item in items}
    for cause, outcome in spec.paths:
        for end in (cause, outcome):
            if end in lower:
                raise LoyaltyDataError(
                    f"'{end}' is a dimension of a higher-order construct and also has the path "
                    f"{cause} -> {outcome}; in the two-stage approach only the higher-order "
                    "construct takes part in the structural model."
                )


def stage_descriptions(spec: PLSSpec) -> tuple[str, str]:
    """Return the two models of the two-stage approach, as descriptions.

    Stage 1 keeps the first-order constructs, with the paths of a higher-order construct rewired
    to its dimensions and without interaction terms. Stage 2 measures each higher-order
    construct by its dimensions and each interaction by a single item; those indicator names are
    the score columns added by :func:`derived_columns`.

    Parameters
    ----------
    spec : PLSSpec
        The parsed two-stage model.

    Returns
    -------
    (str, str)
        The stage-1 and the stage-2 description.
    """
    _check(spec)
    return _first_stage(spec), _second_stage(spec)


def first_stage_description(spec: PLSSpec) -> str:
    """Return the stage-1 model, the first description of :func:`stage_descriptions`."""
    return stage_descriptions(spec)[0]


def second_stage_description(spec: PLSSpec) -> str:
    """Return the stage-2 model, the second description of :func:`stage_descriptions`."""
    return stage_descriptions(spec)[1]


def _first_stage(spec: PLSSpec) -> str:
    blocks = {
        name: items
        for name, items in spec.blocks.items()
        if name not in spec.higher_order and name not in spec.interactions
    }

    def ends(name: str) -> tuple[str, ...]:
        return spec.higher_order.get(name, (name,))

    paths = [
        pair
        for cause, outcome in spec.paths
        if cause not in spec.interactions
        for pair in product(ends(cause), ends(outcome))
    ]
    return "\n".join(_lines(blocks, spec) + _paths(list(dict.fromkeys(paths))))


def _second_stage(spec: PLSSpec) -> str:
    lower = {item for items in spec.higher_order.values() for item in items}
    blocks = {name: items for name, items in spec.blocks.items() if name not in lower}
    return "\n".join(_lines(blocks, spec) + _paths(list(spec.paths)))


def derived_columns(spec: PLSSpec, scores: pd.DataFrame) -> pd.DataFrame:
    """Score columns that stage 2 measures with: dimension scores and score products.

    Parameters
    ----------
    spec : PLSSpec
        The parsed two-stage model.
    scores : pandas.DataFrame
        Stage-1 construct scores.

    Returns
    -------
    pandas.DataFrame
        One column per lower-order construct and per interaction term.
    """
    columns = {item: scores[item] for items in spec.higher_order.values() for item in items}
    for name, (first, second) in spec.interactions.items():
        columns[name] = scores[first] * scores[second]
    return pd.DataFrame(columns, index=scores.index)


def interaction_effects(result: Any) -> pd.DataFrame:
    """Interaction paths of a two-stage fit, standardized and per unit of the score product.

    The stage-2 path of an interaction construct is standardized like every PLS path. Divided by
    the standard deviation of the product of the standardized scores it becomes the change of
    the cause's effect per standard deviation of the moderator (the coefficient of
    ``a * b`` in ``y = b1 a + b2 b + b3 a b``), which is what SEMinR reports as the
    interaction path.

    Parameters
    ----------
    result : PLSResult
        A stage-2 result whose model has interaction terms.

    Returns
    -------
    pandas.DataFrame
        One row per interaction path: ``standardized`` and ``per_unit_product``.
    """
    spec = result.spec
    first = result.first_stage.constructs if result.first_stage is not None else []
    products = {interaction_name(a, b) for a in first for b in first if a != b}
    rows = []
    for cause, outcome in spec.paths:
        if cause in products:
            estimate = result.path_coefficients.loc[cause, outcome]
            spread = float(result.data[cause].std(ddof=1))
            rows.append(
                {
                    "path": f"{cause} -> {outcome}",
                    "standardized": estimate,
                    "per_unit_product": estimate / spread,
                }
            )
    if not rows:
        raise LoyaltyDataError("the model has no interaction terms ('a:b' in a path).")
    return pd.DataFrame(rows).set_index("path")
