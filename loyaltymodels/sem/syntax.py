"""Reading lavaan-style model descriptions (``=~``, ``~``, ``~~``, labels) through semopy."""

from __future__ import annotations

import re
from typing import Any

import semopy

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "build_semopy_model",
    "free_loadings",
    "freed_first_loadings",
    "latent_variables",
    "observed_variables",
    "split_description",
]


def build_semopy_model(description: str) -> Any:
    """Parse ``description`` into a semopy ``Model`` (no data yet).

    Parameters
    ----------
    description : str
        lavaan-style syntax, one relation per line, e.g. ``"loyalty =~ l1 + l2 + l3"``.

    Returns
    -------
    semopy.Model
        The parsed model.

    Examples
    --------
    >>> model = build_semopy_model("f =~ a + b + c")
    >>> sorted(observed_variables(model)), latent_variables(model)
    (['a', 'b', 'c'], ['f'])
    """
    if not isinstance(description, str) or not description.strip():
        raise LoyaltyDataError(
            "the model description is empty; write one relation per line, e.g. "
            "'loyalty =~ l1 + l2 + l3'."
        )
    try:
        # mimic_lavaan: regressed observed variables stay structural variables (in B), as in
        # lavaan, so they are reported as `y ~ x` and carry indirect effects; semopy's default
        # would move a terminal observed outcome into the loading matrix
        return semopy.Model(description, mimic_lavaan=True)
    except Exception as error:  # semopy raises bare exceptions on syntax errors
        raise LoyaltyDataError(
            f"could not read the model description ({error}); use lavaan syntax: "
            "'latent =~ item1 + item2', 'outcome ~ predictor', 'a ~~ b'."
        ) from error


def observed_variables(model: Any) -> list[str]:
    """Names of the observed variables of a parsed semopy model, in semopy's order.

    Parameters
    ----------
    model : semopy.Model
        A parsed model.

    Returns
    -------
    list of str
        The observed variables (columns the data must have).
    """
    return list(model.vars["observed"])


def latent_variables(model: Any) -> list[str]:
    """Names of the latent variables of a parsed semopy ``Model``, sorted."""
    return sorted(model.vars["latent"])


_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def split_description(description: str) -> tuple[str, list[tuple[str, str]]]:
    r"""Separate definitions (``:=``) and apply simple equality constraints (``==``).

    ``a == b`` renames the label ``b`` to ``a`` (one shared parameter); ``a == 0.5`` fixes
    the parameters labelled ``a`` to 0.5. What is left is plain measurement and structural
    syntax.

    Parameters
    ----------
    description : str
        lavaan-style syntax.

    Returns
    -------
    tuple
        ``(core description, [(name, expression), ...])``.

    Examples
    --------
    >>> core, defs = split_description("y ~ a*x + b*z\na == b\nsum := a + b")
    >>> core, defs
    ('y ~ a*x + a*z', [('sum', 'a + b')])
    """
    if not isinstance(description, str):
        return description, []
    lines, definitions, constraints = _separate_statements(description)
    core = "\n".join(lines)
    for left, right in constraints:
        core = _apply_equality(core, left, right)
    return core, definitions


def _separate_statements(
    description: str,
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Split into relation lines, ``(name, expression)`` definitions and ``(a, b)`` equalities."""
    lines, definitions, constraints = [], [], []
    for raw in description.splitlines():
        for line in raw.split(";"):
            text = re.split(r"[#!]", line, maxsplit=1)[0].strip()
            if ":=" in text:
                name, expression = (part.strip() for part in text.split(":=", 1))
                definitions.append((name, expression))
            elif "==" in text:
                left, right = (part.strip() for part in text.split("==", 1))
                constraints.append((left, right))
            elif text:
                lines.append(text)
    return lines, definitions, constraints


def _apply_equality(core: str, left: str, right: str) -> str:
    """Apply ``left == right`` to ``core``: fix ``left`` to a number or rename ``right``."""
    if not re.search(_modifier_use(left), core):
        raise LoyaltyDataError(
            f"the constraint '{left} == {right}' names the unknown label {left!r}; label "
            "a parameter with 'a*x' in the model."
        )
    if _NUMBER.match(right):
        return re.sub(_modifier_use(left), f"{right}*", core)
    if not re.search(_modifier_use(right), core):
        raise LoyaltyDataError(
            f"the constraint '{left} == {right}' names {right!r}, which is neither a "
            "label of the model nor a number."
        )
    return re.sub(_modifier_use(right), f"{left}*", core)


def _modifier_use(label: str) -> str:
    """Return the pattern of ``label`` used as a modifier (``label*x``) in the syntax."""
    return rf"(?<![\w.]){re.escape(label)}\s*\*"


def freed_first_loadings(description: str) -> tuple[str, list[tuple[str, str]]]:
    r"""Find ``f =~ NA*x1 + ...`` (first loading freed) and drop the ``NA*`` for semopy.

    semopy fixes the first loading of every factor and cannot start without a fixed one, so
    the description handed to it keeps the default and :func:`free_loadings` frees those
    loadings after semopy has laid out the matrices (lavaan's meaning of ``NA*``).

    Parameters
    ----------
    description : str
        Syntax without definitions and constraints.

    Returns
    -------
    tuple
        ``(description for semopy, [(factor, item), ...])``.

    Examples
    --------
    >>> freed_first_loadings("f =~ NA*x1 + x2 + x3\\nf ~~ 1*f")
    ('f =~ x1 + x2 + x3\\nf ~~ 1*f', [('f', 'x1')])
    """
    freed = []
    lines = []
    seen: set[str] = set()
    for line in description.splitlines():
        match = re.match(r"^\s*([\w.]+)\s*=~\s*NA\s*\*\s*([\w.]+)(.*)$", line)
        if match and match.group(1) not in seen:
            factor, item, rest = match.groups()
            freed.append((factor, item))
            line = f"{factor} =~ {item}{rest}"
        if "=~" in line:
            seen.add(line.split("=~", 1)[0].strip())
        lines.append(line)
    return "\n".join(lines), freed


def free_loadings(model: Any, freed: list[tuple[str, str]]) -> None:
    """Make the fixed loadings ``(factor, item)`` of a loaded semopy model free parameters.

    Parameters
    ----------
    model : semopy.Model
        A model on which ``load`` has been called.
    freed : list of (str, str)
        Loadings to free.
    """
    rows, cols = model.names_lambda
    for factor, item in freed:
        i, j = rows.index(item), cols.index(factor)
        for param in model.parameters.values():
            if any(
                loc.matrix is model.mx_lambda and tuple(loc.indices) == (i, j)
                for loc in param.locations
            ):
                param.active = True
