r"""Defined parameters (``name := expression``) with delta-method standard errors.

A definition is a function :math:`h(\theta)` of labelled parameters, e.g. the indirect effect
``ind := a*b`` or the total effect ``tot := c + a*b``. Its standard error is the delta method's
:math:`\sqrt{\nabla h^\top\,\mathrm{Cov}(\hat\theta)\,\nabla h}` with the gradient by central
differences (lavaan's ``:=`` rows; Sobel 1982 for the indirect effect). ``std_all`` evaluates
the expression at the standardized values of its labels, as lavaan does.

Expressions may use labels, numbers, ``+ - * / ^ **``, parentheses and the functions ``sqrt``,
``exp``, ``log`` and ``abs``; anything else is refused (they are parsed, never executed).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "compile_definition",
    "defined_parameters",
    "definition_labels",
    "definition_values",
]

_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "abs": abs,
}
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load,
    ast.USub, ast.UAdd, *_BINARY,
)  # fmt: skip


def compile_definition(
    name: str, expression: str, labels: set[str]
) -> Callable[[Mapping[str, float]], float]:
    """Parse ``expression`` into a function of label values.

    Parameters
    ----------
    name : str
        The defined parameter (for messages).
    expression : str
        lavaan expression, e.g. ``"a*b"`` or ``"c + a*b"``.
    labels : set of str
        Labels known in the model (earlier definitions included).

    Returns
    -------
    callable
        ``f(values) -> float`` with ``values`` mapping labels to numbers.

    Examples
    --------
    >>> f = compile_definition("ind", "a*b", {"a", "b"})
    >>> f({"a": 0.5, "b": 2.0})
    1.0
    """
    try:
        tree = ast.parse(expression.replace("^", "**"), mode="eval")
    except SyntaxError as error:
        raise LoyaltyDataError(
            f"cannot read the definition '{name} := {expression}' ({error.msg}); write e.g. "
            "'ind := a*b'."
        ) from error
    _check_node(tree, name, expression, labels)
    return lambda values: _evaluate(tree, values)


def _check_node(node: ast.AST, name: str, expression: str, labels: set[str]) -> None:
    """Refuse unknown labels and anything but arithmetic, depth first from ``node``."""
    if isinstance(node, ast.Name) and node.id not in labels:
        raise LoyaltyDataError(
            f"the definition '{name} := {expression}' names the unknown label "
            f"{node.id!r}; labels in the model: {sorted(labels)}. Label a parameter "
            "with 'a*x' in the model."
        )
    if not _is_allowed(node):
        raise LoyaltyDataError(
            f"the definition '{name} := {expression}' uses {type(node).__name__}; use "
            "labels, numbers, + - * / ^, parentheses, sqrt, exp, log or abs."
        )
    for child in ast.iter_child_nodes(node):
        if not (isinstance(node, ast.Call) and child is node.func):
            _check_node(child, name, expression, labels)


def _is_allowed(node: ast.AST) -> bool:
    """Whether ``node`` is arithmetic: a known node type, and calls only of the functions."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS
    return isinstance(node, _ALLOWED_NODES)


def _evaluate(node: ast.AST, values: Mapping[str, float]) -> float:
    """Value of a checked expression tree at the label values ``values``."""
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.Constant):
        return float(node.value)  # type: ignore[arg-type]
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, values)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        op = _BINARY[type(node.op)]
        return float(op(_evaluate(node.left, values), _evaluate(node.right, values)))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return float(_FUNCTIONS[node.func.id](_evaluate(node.args[0], values)))


def defined_parameters(
    definitions: list[tuple[str, str]],
    label_index: Mapping[str, int],
    theta: np.ndarray,
    vcov: np.ndarray,
    fixed: Mapping[str, float],
    std_values: Mapping[str, float],
) -> pd.DataFrame:
    """Estimate, delta-method SE and std_all of every definition.

    Parameters
    ----------
    definitions : list of (str, str)
        ``(name, expression)`` in order (later ones may use earlier ones).
    label_index : mapping
        Label -> 0-based position in ``theta`` (free labelled parameters).
    theta : numpy.ndarray
        Estimates.
    vcov : numpy.ndarray
        Their covariance.
    fixed : mapping
        Label -> value of fixed labelled parameters.
    std_values : mapping
        Label -> standardized value.

    Returns
    -------
    pandas.DataFrame
        One row per definition: ``lval`` (name), ``op`` (``":="``), ``rval`` (expression),
        ``label``, ``free`` (False), ``estimate``, ``se``, ``z``, ``pvalue``, ``std_all``.
    """
    values_at = definition_values(definitions, label_index, fixed)
    names = [name for name, _ in definitions]
    estimates = values_at(theta, fixed)
    gradients = {name: np.zeros(theta.size) for name in names}
    for k in sorted(set(label_index.values())):
        step = 1e-6 * max(1.0, abs(theta[k]))
        up, down = theta.copy(), theta.copy()
        up[k] += step
        down[k] -= step
        high, low = values_at(up, fixed), values_at(down, fixed)
        for name in names:
            gradients[name][k] = (high[name] - low[name]) / (2.0 * step)
    standardized = values_at(
        np.array([std_values.get(lab, np.nan) for lab in _by_index(label_index, theta.size)]),
        {**fixed, **std_values},
    )
    rows = []
    for name, expression in definitions:
        g = gradients[name]
        se = float(np.sqrt(max(g @ vcov @ g, 0.0)))
        z = estimates[name] / se if se > 0 else np.nan
        rows.append(
            {
                "lval": name,
                "op": ":=",
                "rval": expression.replace(" ", ""),
                "label": name,
                "free": False,
                "estimate": estimates[name],
                "se": se,
                "z": z,
                "pvalue": float(2.0 * stats.norm.sf(abs(z))) if np.isfinite(z) else np.nan,
                "std_all": standardized[name],
            }
        )
    return pd.DataFrame(rows)


def definition_values(
    definitions: list[tuple[str, str]],
    label_index: Mapping[str, int],
    fixed: Mapping[str, float],
) -> Callable[[np.ndarray, Mapping[str, float]], dict[str, float]]:
    """Compile the definitions into one function of the parameter vector.

    Parameters
    ----------
    definitions : list of (str, str)
        ``(name, expression)`` in order.
    label_index : mapping
        Label -> 0-based position in the parameter vector.
    fixed : mapping
        Label -> value of fixed labelled parameters.

    Returns
    -------
    callable
        ``f(theta, base) -> {label or name: value}``; ``base`` gives values of labels not in
        ``label_index``.
    """
    labels = set(label_index) | set(fixed)
    functions = []
    for name, expression in definitions:
        functions.append((name, compile_definition(name, expression, labels)))
        labels.add(name)

    def values_at(x: np.ndarray, base: Mapping[str, float]) -> dict[str, float]:
        values = dict(base)
        values.update({label: float(x[k]) for label, k in label_index.items()})
        for name, function in functions:
            values[name] = function(values)
        return values

    return values_at


def _by_index(label_index: Mapping[str, int], size: int) -> list[str]:
    names = [""] * size
    for label, k in label_index.items():
        names[k] = label
    return names


def definition_labels(table: pd.DataFrame) -> tuple[dict[str, int], dict[str, float]]:
    """Labels of a lavaan-style parameter table: free ones by index, fixed ones by value.

    Parameters
    ----------
    table : pandas.DataFrame
        Parameter table with ``label``, ``free`` (1-based, 0 fixed) and ``value``; labels
        starting with ``.`` (internal equalities) are left out.

    Returns
    -------
    label_index : dict of str to int
        Label -> 0-based index in the parameter vector.
    fixed : dict of str to float
        Label of a fixed parameter -> its value.
    """
    user = table[(table["label"] != "") & ~table["label"].astype(str).str.startswith(".")]
    label_index = {
        lab: int(f) - 1 for lab, f in zip(user["label"], user["free"], strict=True) if f > 0
    }
    fixed = {
        lab: float(v)
        for lab, f, v in zip(user["label"], user["free"], user["value"], strict=True)
        if f == 0
    }
    return label_index, fixed
