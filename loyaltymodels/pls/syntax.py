"""Reading PLS path-model descriptions: ``=~`` (mode A), ``<~`` (mode B) and ``~`` (paths).

The syntax is lavaan's, as in :mod:`loyaltymodels.sem`, restricted to what a PLS path model
has: each construct is measured by a block of indicator columns, either reflectively
(``Image =~ IMAG1 + IMAG2``, estimated with correlation weights, mode A) or as a composite
(``Image <~ IMAG1 + IMAG2``, regression weights, mode B), and structural paths
(``Loyalty ~ Image + Satisfaction``) link the constructs. The inner model must be recursive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["PLSSpec", "interaction_name", "parse_pls_description"]

_OPERATORS = ("=~", "<~", "~~", "~")
_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")


@dataclass(frozen=True)
class PLSSpec:
    """A parsed PLS path model.

    Attributes
    ----------
    blocks : dict of str to tuple of str
        Construct -> its indicator columns, in the order written.
    modes : dict of str to str
        Construct -> ``"A"`` (reflective, ``=~``) or ``"B"`` (composite, ``<~``).
    paths : tuple of (str, str)
        Structural paths ``(cause, outcome)``.
    higher_order : dict of str to tuple of str
        Higher-order construct -> its lower-order constructs (its block lists them).
    interactions : dict of str to tuple of str
        Interaction construct ``a_x_b`` -> ``(a, b)``, written ``a:b`` in a path.
    """

    blocks: dict[str, tuple[str, ...]]
    modes: dict[str, str]
    paths: tuple[tuple[str, str], ...]
    higher_order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    interactions: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def two_stage(self) -> bool:
        """Whether the model has higher-order constructs or interaction terms."""
        return bool(self.higher_order or self.interactions)

    @property
    def constructs(self) -> list[str]:
        """Construct names in the order they were declared."""
        return list(self.blocks)

    @property
    def indicators(self) -> list[str]:
        """All indicator columns, block after block."""
        return [item for items in self.blocks.values() for item in items]

    @property
    def endogenous(self) -> list[str]:
        """Constructs with at least one incoming path, in declaration order."""
        outcomes = {outcome for _, outcome in self.paths}
        return [c for c in self.constructs if c in outcomes]

    def antecedents(self, construct: str) -> list[str]:
        """Direct causes of ``construct``, in declaration order.

        Parameters
        ----------
        construct : str
            A construct name.

        Returns
        -------
        list of str
            The constructs with a path into ``construct``.
        """
        causes = {cause for cause, outcome in self.paths if outcome == construct}
        return [c for c in self.constructs if c in causes]

    def causal_order(self) -> list[str]:
        """Order the constructs so that every cause comes before its outcomes.

        Returns
        -------
        list of str
            A topological order of the (recursive) inner model, ties in declaration order.
        """
        order: list[str] = []
        while len(order) < len(self.blocks):
            order += [
                c
                for c in self.constructs
                if c not in order and all(cause in order for cause in self.antecedents(c))
            ][:1]
        return order

    def path_matrix(self) -> np.ndarray:
        """Adjacency of the inner model: ``D[i, j] = 1`` when construct i -> construct j.

        Returns
        -------
        numpy.ndarray
            k x k array of 0/1.
        """
        index = {name: k for k, name in enumerate(self.constructs)}
        return _zero_one((len(index), len(index)), [(index[a], index[b]) for a, b in self.paths])

    def membership(self) -> np.ndarray:
        """Indicator-by-construct 0/1 matrix (rows follow :attr:`indicators`).

        Returns
        -------
        numpy.ndarray
            p x k array of 0/1.
        """
        columns = [k for k, items in enumerate(self.blocks.values()) for _ in items]
        return _zero_one((len(columns), len(self.blocks)), list(enumerate(columns)))


def _zero_one(shape: tuple[int, int], cells: list[tuple[int, int]]) -> np.ndarray:
    """0/1 matrix of ``shape`` with ones at ``cells`` (row, column)."""
    matrix = np.zeros(shape)
    for row, column in cells:
        matrix[row, column] = 1.0
    return matrix


def interaction_name(cause: str, moderator: str) -> str:
    """Name of the interaction construct of ``cause:moderator`` (``cause_x_moderator``).

    Parameters
    ----------
    cause, moderator : str
        The two constructs.

    Returns
    -------
    str
        The construct (and product column) name.
    """
    return f"{cause}_x_{moderator}"


def _terms(text: str, line: str, *, interactions: bool = False) -> list[str]:
    terms = [term.strip() for term in text.split("+")]
    for term in terms:
        parts = term.split(":") if interactions else [term]
        if len(parts) > 2 or not all(_NAME.match(part.strip()) for part in parts):
            raise LoyaltyDataError(
                f"'{term}' in line '{line}' is not a variable name; PLS models take plain "
                "names joined by '+' (no labels, fixed values or modifiers)."
            )
    return terms


def _check_recursive(constructs: list[str], paths: list[tuple[str, str]]) -> None:
    remaining = set(constructs)
    edges = set(paths)
    while remaining:
        sources = [c for c in remaining if not any(o == c and s in remaining for s, o in edges)]
        if not sources:
            cycle = sorted(remaining & {o for _, o in edges})
            raise LoyaltyDataError(
                f"the inner model is non-recursive: constructs {cycle} lie on a feedback loop; "
                "PLS path models need a recursive (acyclic) structural model, drop a path."
            )
        remaining -= set(sources)


def parse_pls_description(description: str) -> PLSSpec:
    r"""Parse a lavaan-style PLS model description.

    Parameters
    ----------
    description : str
        One relation per line (``;`` also separates relations; ``#`` starts a comment):
        ``construct =~ items`` (reflective, mode A), ``construct <~ items`` (composite,
        mode B), ``outcome ~ causes`` (structural paths).

    Returns
    -------
    PLSSpec
        The constructs, their indicator blocks and modes, and the paths.

    Raises
    ------
    LoyaltyDataError
        On syntax errors, an indicator in two blocks, a construct declared twice, a path to or
        from a name that is not a construct, a construct with no indicators or no path, or a
        non-recursive inner model.

    Examples
    --------
    >>> spec = parse_pls_description("A =~ a1 + a2\nB <~ b1 + b2\nB ~ A")
    >>> spec.modes, spec.paths
    ({'A': 'A', 'B': 'B'}, (('A', 'B'),))
    """
    if not isinstance(description, str) or not description.strip():
        raise LoyaltyDataError(
            "the model description is empty; write one relation per line, e.g. "
            "'Loyalty =~ l1 + l2 + l3' and 'Loyalty ~ Satisfaction'."
        )
    lines = _DescriptionLines()
    for raw in re.split(r"[\n;]", description):
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.add(line)
    if not lines.blocks:
        raise LoyaltyDataError(
            "the description declares no constructs; measure each construct with '=~' or '<~'."
        )
    blocks, modes = lines.blocks, lines.modes
    higher_order = _higher_order_constructs(blocks)
    for product, (first, second) in lines.interactions.items():
        for end in (first, second):
            if end not in blocks or end in higher_order:
                raise LoyaltyDataError(
                    f"the interaction {first}:{second} names '{end}', which is not a "
                    "first-order construct of the model."
                )
        blocks[product] = (product,)
        modes[product] = "A"
    paths = _checked_paths(lines.regressions, blocks, lines.owner)
    linked = {end for path in paths for end in path}
    lower_order = {item for items in higher_order.values() for item in items}
    isolated = [c for c in blocks if c not in linked and c not in lower_order]
    if isolated:
        raise LoyaltyDataError(
            f"construct(s) {isolated} have no structural path; PLS weights a construct through "
            "its neighbours in the inner model, so link each construct with '~' or remove it."
        )
    _check_recursive(list(blocks), paths)
    return PLSSpec(
        blocks=blocks,
        modes=modes,
        paths=tuple(paths),
        higher_order=higher_order,
        interactions=lines.interactions,
    )


class _DescriptionLines:
    """What the lines of a description declare, gathered line by line."""

    def __init__(self) -> None:
        self.blocks: dict[str, tuple[str, ...]] = {}
        self.modes: dict[str, str] = {}
        self.regressions: list[tuple[str, str]] = []
        self.interactions: dict[str, tuple[str, str]] = {}
        self.owner: dict[str, str] = {}

    def add(self, line: str) -> None:
        """Read one relation (a measurement line or structural paths)."""
        operator = next((op for op in _OPERATORS if op in line), None)
        if operator is None:
            raise LoyaltyDataError(
                f"line '{line}' has no operator; use '=~' (reflective), '<~' (composite) or "
                "'~' (structural path)."
            )
        left, right = (part.strip() for part in line.split(operator, 1))
        if operator == "~~":
            raise LoyaltyDataError(
                f"line '{line}': PLS path models do not estimate covariances ('~~'); "
                "constructs without paths between them are correlated anyway; remove the line."
            )
        lhs = _terms(left, line)
        if len(lhs) != 1:
            raise LoyaltyDataError(f"line '{line}' must have one name left of '{operator}'.")
        name = lhs[0]
        if not right:
            raise LoyaltyDataError(
                f"construct '{name}' has no indicators in line '{line}'; list its item "
                "columns after the operator."
            )
        rhs = _terms(right, line, interactions=operator == "~")
        if operator == "~":
            self._add_paths(name, rhs)
        else:
            self._add_block(name, rhs, "A" if operator == "=~" else "B", line)

    def _add_paths(self, outcome: str, causes: list[str]) -> None:
        for cause in causes:
            if ":" in cause:
                first, second = (part.strip() for part in cause.split(":"))
                product = interaction_name(first, second)
                self.interactions[product] = (first, second)
                cause = product
            self.regressions.append((cause, outcome))

    def _add_block(self, name: str, items: list[str], mode: str, line: str) -> None:
        if name in self.blocks:
            raise LoyaltyDataError(
                f"construct '{name}' is measured twice; put all its items on one line."
            )
        for item in items:
            if item in self.owner:
                raise LoyaltyDataError(
                    f"indicator '{item}' is listed for both '{self.owner[item]}' and '{name}'; "
                    "each indicator belongs to one construct (copy the column under a new name "
                    "if you need it twice)."
                )
            self.owner[item] = name
        if len(set(items)) != len(items):
            raise LoyaltyDataError(f"construct '{name}' lists an indicator twice in '{line}'.")
        self.blocks[name] = tuple(items)
        self.modes[name] = mode


def _higher_order_constructs(blocks: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Return the constructs measured by other constructs, checking they list only those."""
    higher_order = {
        name: items
        for name, items in blocks.items()
        if any(item in blocks and item != name for item in items)
    }
    for name, items in higher_order.items():
        if not all(item in blocks and item not in higher_order for item in items):
            raise LoyaltyDataError(
                f"construct '{name}' mixes constructs and indicators {list(items)}; a "
                "higher-order construct lists only first-order constructs."
            )
    return higher_order


def _checked_paths(
    regressions: list[tuple[str, str]],
    blocks: dict[str, tuple[str, ...]],
    owner: dict[str, str],
) -> list[tuple[str, str]]:
    """Return the distinct paths, checking both ends are constructs and differ."""
    for cause, outcome in regressions:
        for end in (cause, outcome):
            if end not in blocks:
                hint = f" ('{end}' is an indicator of '{owner[end]}')" if end in owner else ""
                raise LoyaltyDataError(
                    f"the path {cause} -> {outcome} names '{end}', which is not a construct"
                    f"{hint}; every construct needs a measurement line, e.g. '{end} =~ item1'."
                )
        if cause == outcome:
            raise LoyaltyDataError(f"the path {cause} -> {outcome} points to itself; remove it.")
    return list(dict.fromkeys(regressions))
