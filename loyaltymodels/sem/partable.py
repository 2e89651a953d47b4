r"""lavaan-style model syntax read into a parameter table, for one or several groups.

The table has one row per model parameter and group, with lavaan's columns: ``lhs``, ``op``,
``rhs``, ``group`` (1-based), ``label``, ``free`` (1-based index of the free parameter, 0 when
fixed) and ``value`` (the fixed value; starting value of free rows is chosen at fit time).

Defaults follow lavaan's ``cfa()``/``sem()`` (lavaan 0.6, ``lav_partable``): the first loading
of every factor is fixed to 1 unless its modifier frees it (``NA*x1``) or fixes it to another
value; every observed and latent variable gets a (residual) variance; exogenous latent variables
covary; with a mean structure every observed variable gets a free intercept and latent means are
fixed to 0, except that latent means are free in every group but the first when intercepts are
equal across groups (``group_equal`` with ``"intercepts"`` and without ``"means"``).

Modifiers: ``0.8*x`` fixes, ``NA*x`` frees, ``a*x`` labels (equal labels share one parameter,
also across groups), ``c(a1, a2)*x`` gives one modifier per group. ``group_equal`` ties every
parameter of the listed kinds across groups unless it carries a user label or is listed in
``group_partial`` (written as in lavaan: ``"x3~1"``, ``"visual=~x2"``, ``"x1~~x1"``).
Simple equality constraints ``a == b`` merge the two labels into one parameter; ``name := expr``
rows define functions of labelled parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "GROUP_EQUAL_KINDS",
    "Formula",
    "ParsedModel",
    "Term",
    "parameter_table",
    "parse_syntax",
]

GROUP_EQUAL_KINDS = (
    "loadings",
    "intercepts",
    "means",
    "thresholds",
    "regressions",
    "residuals",
    "residual.covariances",
    "lv.variances",
    "lv.covariances",
)

_OPERATORS = ("=~", "~~", ":=", "==", "<", ">", "~", "|")
_CONSTRAINT_OPERATORS = ("==", "<", ">")
_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class Term:
    """One right-hand-side term: the variable and its modifiers (one per group or shared)."""

    name: str
    modifiers: tuple[str, ...]


@dataclass(frozen=True)
class Formula:
    """One relation of the syntax: ``lhs op term + term ...``."""

    lhs: str
    op: str
    terms: tuple[Term, ...]
    text: str


@dataclass(frozen=True)
class ParsedModel:
    """The relations, constraints and definitions of a description, with variable roles."""

    formulas: tuple[Formula, ...]
    constraints: tuple[tuple[str, str, str], ...]
    definitions: tuple[tuple[str, str], ...]
    latents: tuple[str, ...]
    observed: tuple[str, ...]


def _split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` on ``sep`` outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _modifier_values(text: str, line: str) -> tuple[str, ...]:
    text = text.strip()
    if text.startswith("c(") and text.endswith(")"):
        values = tuple(v.strip() for v in _split_top(text[2:-1], ","))
    else:
        values = (text,)
    for value in values:
        if not (value == "NA" or _NUMBER.match(value) or _NAME.match(value)):
            raise LoyaltyDataError(
                f"cannot read the modifier {value!r} in {line!r}; use a number (fixed value), "
                "NA (free), a label, or c(...) with one of these per group."
            )
    return values


def _term(text: str, line: str) -> Term:
    pieces = [p.strip() for p in _split_top(text, "*")]
    name = pieces[-1]
    if not (_NAME.match(name) or name == "1" or _NUMBER.match(name)):
        raise LoyaltyDataError(f"cannot read the variable {name!r} in {line!r}.")
    modifiers: tuple[str, ...] = ()
    for piece in pieces[:-1]:
        modifiers = _modifier_values(piece, line)
    return Term(name, modifiers)


def _statements(description: str) -> list[str]:
    lines: list[str] = []
    for raw in description.splitlines():
        line = re.split(r"[#!]", raw, maxsplit=1)[0]
        lines.extend(part.strip() for part in line.split(";"))
    # a line ending with an operator or '+' continues on the next line (as in lavaan)
    merged: list[str] = []
    for line in lines:
        if not line:
            continue
        if merged and (merged[-1].endswith(("+", "~", "=", "*")) or line.startswith("+")):
            merged[-1] = merged[-1] + " " + line
        else:
            merged.append(line)
    return merged


def parse_syntax(description: str) -> ParsedModel:
    """Read a lavaan-style description.

    Parameters
    ----------
    description : str
        One relation per line (or separated by ``;``): ``=~``, ``~``, ``~~``, ``~ 1``,
        ``:=`` and ``==``.

    Returns
    -------
    ParsedModel
        The relations and the latent and observed variable names in order of appearance.

    Examples
    --------
    >>> parsed = parse_syntax("f =~ NA*x1 + c(a, b)*x2 + x3")
    >>> parsed.latents, parsed.observed
    (('f',), ('x1', 'x2', 'x3'))
    >>> parsed.formulas[0].terms[1].modifiers
    ('a', 'b')
    """
    if not isinstance(description, str) or not description.strip():
        raise LoyaltyDataError(
            "the model description is empty; write one relation per line, e.g. "
            "'loyalty =~ l1 + l2 + l3'."
        )
    formulas: list[Formula] = []
    constraints: list[tuple[str, str, str]] = []
    definitions: list[tuple[str, str]] = []
    for line in _statements(description):
        lhs, op, rhs = _relation(line)
        if op == ":=":
            definitions.append(_definition(line, lhs, rhs))
        elif op in _CONSTRAINT_OPERATORS:
            constraints.append((lhs, op, rhs))
        else:
            formulas.append(_formula(line, lhs, op, rhs))
    latents = tuple(dict.fromkeys(f.lhs for f in formulas if f.op == "=~"))
    return ParsedModel(
        tuple(formulas),
        tuple(constraints),
        tuple(definitions),
        latents,
        _observed_names(formulas, latents),
    )


def _relation(line: str) -> tuple[str, str, str]:
    """Split a statement at its operator into ``(lhs, op, rhs)``."""
    op = next((o for o in _OPERATORS if o in line), None)
    if op is None:
        raise LoyaltyDataError(
            f"cannot read {line!r}: no operator; use '=~', '~', '~~', ':=' or '=='."
        )
    lhs, rhs = (s.strip() for s in line.split(op, 1))
    return lhs, op, rhs


def _definition(line: str, lhs: str, rhs: str) -> tuple[str, str]:
    """Return the ``(name, expression)`` of a ``name := expression`` statement."""
    if not _NAME.match(lhs) or not rhs:
        raise LoyaltyDataError(f"cannot read the definition {line!r}; write 'ind := a*b'.")
    return lhs, rhs


def _formula(line: str, lhs: str, op: str, rhs: str) -> Formula:
    """Read the relation ``lhs op term + term ...`` (``=~``, ``~``, ``~~``, ``~ 1``)."""
    if op == "|":
        raise LoyaltyDataError(
            f"thresholds written in the syntax ({line!r}) are not supported; declare the "
            "items as ordered instead."
        )
    if not _NAME.match(lhs) or not rhs:
        raise LoyaltyDataError(
            f"cannot read {line!r}; write e.g. 'loyalty =~ l1 + l2', 'y ~ x', 'a ~~ b'."
        )
    terms = tuple(_term(t, line) for t in _split_top(rhs, "+") if t.strip())
    return Formula(lhs, op, terms, line)


def _observed_names(formulas: list[Formula], latents: tuple[str, ...]) -> tuple[str, ...]:
    """Variables of the formulas that are not latent (nor ``1`` or a number), in order."""
    seen: dict[str, None] = {}
    for f in formulas:
        for name in [f.lhs] + [t.name for t in f.terms]:
            if name not in latents and name != "1" and not _NUMBER.match(name):
                seen.setdefault(name, None)
    return tuple(seen)


def _kind(op: str, lhs: str, rhs: str, latents: set[str]) -> str:
    """Return the lavaan ``group.equal`` kind of a parameter row."""
    if op == "=~":
        return "loadings"
    if op == "~1":
        return "means" if lhs in latents else "intercepts"
    if op == "~":
        return "regressions"
    if lhs in latents:
        return "lv.variances" if lhs == rhs else "lv.covariances"
    return "residuals" if lhs == rhs else "residual.covariances"


def _partial_key(text: str) -> str:
    key = re.sub(r"\s+", "", text)
    return key.replace("~1", "~1") if key.endswith("~1") else key


def _modifier_for(term: Term, group: int, n_groups: int, line: str) -> str | None:
    if not term.modifiers:
        return None
    if len(term.modifiers) == 1:
        return term.modifiers[0]
    if len(term.modifiers) != n_groups:
        raise LoyaltyDataError(
            f"{line!r} gives {len(term.modifiers)} modifiers in c(...) but the data have "
            f"{n_groups} groups; give one per group."
        )
    return term.modifiers[group - 1]


def parameter_table(
    description: str,
    *,
    n_groups: int = 1,
    group_equal: tuple[str, ...] = (),
    group_partial: tuple[str, ...] = (),
    meanstructure: bool = True,
    growth: bool = False,
) -> pd.DataFrame:
    """Build lavaan's parameter table for ``n_groups`` groups.

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    n_groups : int, default 1
        Number of groups.
    group_equal : tuple of str
        Kinds of parameters held equal across groups (:data:`GROUP_EQUAL_KINDS`).
    group_partial : tuple of str
        Parameters freed from ``group_equal``, e.g. ``"x3~1"`` or ``"visual=~x2"``.
    meanstructure : bool, default True
        Add intercepts and latent means.
    growth : bool, default False
        lavaan's ``growth()`` defaults: intercepts of the observed variables fixed to 0 and
        latent means free (in every group).

    Returns
    -------
    pandas.DataFrame
        Columns ``lhs, op, rhs, group, label, free, value, user``; ``op`` is one of
        ``=~, ~, ~~, ~1``; constraint rows are not part of the table (see
        :func:`parse_syntax`).

    Examples
    --------
    >>> table = parameter_table("f =~ x1 + x2 + x3", n_groups=2, group_equal=("loadings",))
    >>> table.loc[table["op"] == "=~", ["group", "rhs", "free"]].to_numpy().tolist()
    [[1, 'x1', 0], [1, 'x2', 1], [1, 'x3', 2], [2, 'x1', 0], [2, 'x2', 1], [2, 'x3', 2]]
    """
    unknown = sorted(set(group_equal) - set(GROUP_EQUAL_KINDS))
    if unknown:
        raise LoyaltyDataError(
            f"group_equal has unknown kinds {unknown}; choose from {list(GROUP_EQUAL_KINDS)}."
        )
    parsed = parse_syntax(description)
    latents = set(parsed.latents)
    partial = {_partial_key(p) for p in group_partial}
    rows: list[dict[str, object]] = []
    for group in range(1, n_groups + 1):
        rows.extend(_group_rows(parsed, group, n_groups, meanstructure, group_equal, growth))
    table = pd.DataFrame(rows)
    # group.equal: shared automatic labels for unlabelled free rows of the listed kinds
    if n_groups > 1 and group_equal:
        labels = []
        for lhs, op, rhs, label, is_free in table[
            ["lhs", "op", "rhs", "label", "is_free"]
        ].itertuples(index=False, name=None):
            key = f"{lhs}~1" if op == "~1" else f"{lhs}{op}{rhs}"
            tied = _kind(op, lhs, rhs, latents) in group_equal and is_free and not label
            labels.append(f".{key}." if tied and key not in partial else label)
        table["label"] = labels
    _apply_constraints(table, parsed)
    free_index: dict[str, int] = {}
    indices: list[int] = []
    counter = 0
    for label, is_free in table[["label", "is_free"]].itertuples(index=False, name=None):
        if not is_free:
            indices.append(0)
        elif label and label in free_index:
            indices.append(free_index[label])
        else:
            counter += 1
            if label:
                free_index[label] = counter
            indices.append(counter)
    table["free"] = indices
    return table.drop(columns="is_free")


def _apply_constraints(table: pd.DataFrame, parsed: ParsedModel) -> None:
    """Merge labels tied by ``a == b`` and fix labels set by ``a == number``."""
    labels = set(table["label"].astype(str)) - {""}
    for lhs, op, rhs in parsed.constraints:
        if op != "==":
            raise LoyaltyDataError(
                f"inequality constraints ({lhs} {op} {rhs}) are not supported; use '=='."
            )
        if lhs not in labels:
            raise LoyaltyDataError(
                f"the constraint '{lhs} == {rhs}' names the unknown label {lhs!r}; labels "
                f"in the model: {sorted(labels)}."
            )
        if _NUMBER.match(rhs):
            hit = table["label"] == lhs
            table.loc[hit, "is_free"] = False
            table.loc[hit, "value"] = float(rhs)
            continue
        if rhs not in labels:
            raise LoyaltyDataError(
                f"the constraint '{lhs} == {rhs}' names {rhs!r}, which is neither a label "
                f"nor a number; labels in the model: {sorted(labels)}."
            )
        table.loc[table["label"] == rhs, "label"] = lhs


class _GroupRows:
    """The parameter rows of one group, keyed by ``(lhs, op, rhs)``."""

    def __init__(self, group: int) -> None:
        self.group = group
        self.rows: dict[tuple[str, str, str], dict[str, object]] = {}

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        return key in self.rows

    def add(
        self,
        lhs: str,
        op: str,
        rhs: str,
        modifier: str | None,
        *,
        default_free: bool,
        default_value: float = 0.0,
        user: bool = True,
    ) -> None:
        """Add a row; a modifier fixes (number), frees (``NA``) or labels it."""
        if op == "~~":
            lhs, rhs = (lhs, rhs) if (rhs, op, lhs) not in self.rows else (rhs, lhs)
        row = {
            "lhs": lhs,
            "op": op,
            "rhs": rhs,
            "group": self.group,
            "label": "",
            "is_free": default_free,
            "value": default_value,
            "user": user,
        }
        if modifier is not None:
            if modifier == "NA":
                row["is_free"] = True
            elif _NUMBER.match(modifier):
                row["is_free"] = False
                row["value"] = float(modifier)
            else:
                row["label"] = modifier
        self.rows[(lhs, op, rhs)] = row

    def has_loading_of(self, latent: str) -> bool:
        """Whether a loading of ``latent`` is already there."""
        return any(r["op"] == "=~" and r["lhs"] == latent for r in self.rows.values())

    def sorted_rows(self) -> list[dict[str, object]]:
        """Rows ordered as lavaan lists them: loadings, regressions, (co)variances, means."""
        order = {"=~": 0, "~": 1, "~~": 2, "~1": 3}
        return sorted(self.rows.values(), key=lambda r: order[str(r["op"])])


def _group_rows(
    parsed: ParsedModel,
    group: int,
    n_groups: int,
    meanstructure: bool,
    group_equal: tuple[str, ...],
    growth: bool = False,
) -> list[dict[str, object]]:
    rows = _GroupRows(group)
    endogenous = _formula_rows(parsed, rows, n_groups)
    _default_covariance_rows(parsed, rows, endogenous)
    if meanstructure:
        free_means = growth or (
            n_groups > 1
            and group > 1
            and "intercepts" in group_equal
            and "means" not in group_equal
        )
        _default_mean_rows(parsed, rows, growth=growth, free_latent_means=free_means)
    return rows.sorted_rows()


def _formula_rows(parsed: ParsedModel, rows: _GroupRows, n_groups: int) -> set[str]:
    """Rows written in the syntax; returns the variables regressed on others."""
    endogenous: set[str] = set()
    for formula in parsed.formulas:
        for position, term in enumerate(formula.terms):
            modifier = _modifier_for(term, rows.group, n_groups, formula.text)
            if formula.op == "=~":
                first = position == 0 and not rows.has_loading_of(formula.lhs)
                # a label alone keeps the first loading fixed to 1 (lavaan's auto.fix.first)
                rows.add(
                    formula.lhs,
                    "=~",
                    term.name,
                    modifier,
                    default_free=not first,
                    default_value=1.0 if first else 0.0,
                )
            elif formula.op == "~" and term.name == "1":
                rows.add(formula.lhs, "~1", "", modifier, default_free=True)
            elif formula.op == "~":
                rows.add(formula.lhs, "~", term.name, modifier, default_free=True)
                endogenous.add(formula.lhs)
            else:
                rows.add(formula.lhs, "~~", term.name, modifier, default_free=True)
    return endogenous


def _default_covariance_rows(parsed: ParsedModel, rows: _GroupRows, endogenous: set[str]) -> None:
    """Variances of every variable; covariances of exogenous latents and observed predictors."""
    for name in list(parsed.latents) + list(parsed.observed):
        if (name, "~~", name) not in rows:
            rows.add(name, "~~", name, None, default_free=True, user=False)
    indicators = {t.name for f in parsed.formulas if f.op == "=~" for t in f.terms}
    predictors = {t.name for f in parsed.formulas if f.op == "~" for t in f.terms}
    observed_x = [
        v for v in parsed.observed if v in predictors and v not in endogenous | indicators
    ]
    for names in ([v for v in parsed.latents if v not in endogenous], observed_x):
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if (a, "~~", b) not in rows and (b, "~~", a) not in rows:
                    rows.add(a, "~~", b, None, default_free=True, user=False)


def _default_mean_rows(
    parsed: ParsedModel, rows: _GroupRows, *, growth: bool, free_latent_means: bool
) -> None:
    """Item intercepts (fixed to 0 in growth models) and latent means."""
    for name in parsed.observed:
        if (name, "~1", "") not in rows:
            rows.add(name, "~1", "", None, default_free=not growth, user=False)
    for name in parsed.latents:
        if (name, "~1", "") not in rows:
            rows.add(name, "~1", "", None, default_free=free_latent_means, user=False)
