"""The bad-input corpus: one :class:`Case` per entry-point family and input class.

Each family has its own module ``cases_<family>.py`` holding a list ``CASES``; adding a family
is adding a file. A case either expects a :class:`~loyaltymodels.LoyaltyDataError` whose
message matches ``match`` (the column and rows, or the argument), or, where fitting is
legitimate, a result flagged with a message matching ``match`` (on ``result.flags`` and in its
Markdown). ``docs/bad-input.md`` is generated from these cases (see :mod:`.table`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

INPUT_CLASSES = (
    "missing column",
    "wrong dtype",
    "NaN",
    "+-inf",
    "negative",
    "out of range",
    "inconsistent",
    "degenerate",
    "empty",
    "header only",
    "bad encoding",
    "duplicate ids",
    "ambiguous dates",
)


@dataclass(frozen=True)
class Case:
    """One hostile input to one entry point and what must happen.

    Attributes
    ----------
    family : str
        The entry-point family (e.g. ``"BG/NBD"``).
    input_class : str
        One of :data:`INPUT_CLASSES`.
    name : str
        What the input is, briefly (unique within the family).
    run : callable
        Called with a temporary folder; calls the entry point.
    match : str
        A regular expression the error message (or a flag) must match.
    outcome : {"refused", "flagged"}
        ``"refused"``: raises LoyaltyDataError. ``"flagged"``: returns a result whose ``flags``
        (and Markdown) carry a matching flag. ``"exit 2"``: a command line (``run`` returns
        its exit code and standard error) ends with code 2 and one line, no traceback.
    """

    family: str
    input_class: str
    name: str
    run: Callable[[Path], Any]
    match: str
    outcome: Literal["refused", "flagged", "exit 2"] = "refused"

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.family}|{self.input_class}|{self.name}"


def _modules() -> list[Any]:
    package = Path(__file__).parent
    return [
        importlib.import_module(f"{__package__}.{info.name}")
        for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name)
        if info.name.startswith("cases_")
    ]


def all_cases() -> list[Case]:
    """Collect ``CASES`` from every ``cases_*.py`` module beside this one."""
    return [case for module in _modules() for case in module.CASES]


def not_applicable() -> dict[str, set[str]]:
    """Collect ``NOT_APPLICABLE`` (family -> input classes that cannot occur) from the modules.

    For example a function taking a DataFrame in memory cannot receive a header-only file or a
    file in the wrong encoding; a table without dates has no ambiguous dates.
    """
    found: dict[str, set[str]] = {}
    for module in _modules():
        for family, classes in getattr(module, "NOT_APPLICABLE", {}).items():
            found.setdefault(family, set()).update(classes)
    return found
