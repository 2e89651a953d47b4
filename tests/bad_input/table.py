"""Render the bad-input corpus as ``docs/bad-input.md``.

Regenerate the page after changing cases: ``python -m tests.bad_input.table`` (from the
repository root). ``tests/bad_input/test_corpus.py`` fails while the page is out of date.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from tests.bad_input.corpus import INPUT_CLASSES, Case, all_cases, not_applicable

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "bad-input.md"

_HEADER = """# What happens with bad input

Every public entry point checks what it is given. Bad input raises
`loyaltymodels.LoyaltyDataError` (a `ValueError`) with one line that names the column, the
first offending rows and the fix; where fitting is legitimate but the data are degenerate
(estimates running to the boundary, no events, separation), the result carries a flag on
`result.flags` that every report shows.

This page is generated from the test corpus in `tests/bad_input/` (one file per family of entry
points), so it cannot drift from what the code does: each cell counts the cases of that family
and input class, **R** refused with a `LoyaltyDataError` (for the command line: exit code 2
and one line, never a traceback), **F** fitted and flagged; *n/a*
marks classes that cannot reach that entry point (a DataFrame in memory has no header-only
file or text encoding; a table without dates has no ambiguous dates; a calculation that
estimates nothing has no degenerate data).
Regenerate it with `python -m tests.bad_input.table`.

"""


def _cell(cases: list[Case]) -> str:
    refused = sum(case.outcome in ("refused", "exit 2") for case in cases)
    flagged = len(cases) - refused
    parts = [f"{refused} R" if refused else "", f"{flagged} F" if flagged else ""]
    return " ".join(part for part in parts if part) or "-"


def render(cases: list[Case], absent: dict[str, set[str]] | None = None) -> str:
    """Return the Markdown page for ``cases``.

    Parameters
    ----------
    cases : list of Case
        The corpus.
    absent : dict of str to set of str, optional
        Input classes that do not apply to a family (default: the modules' declarations).

    Returns
    -------
    str
        The page.
    """
    absent = not_applicable() if absent is None else absent
    grid: dict[tuple[str, str], list[Case]] = defaultdict(list)
    families: list[str] = []
    for case in cases:
        grid[case.family, case.input_class].append(case)
        if case.family not in families:
            families.append(case.family)
    lines = [_HEADER, "## Entry points x input classes\n\n"]
    lines.append("| family | " + " | ".join(INPUT_CLASSES) + " |\n")
    lines.append("|---|" + "---|" * len(INPUT_CLASSES) + "\n")
    for family in families:
        cells = [
            "n/a" if kind in absent.get(family, set()) else _cell(grid[family, kind])
            for kind in INPUT_CLASSES
        ]
        lines.append(f"| {family} | " + " | ".join(cells) + " |\n")
    lines.append("\n## The cases\n")
    for family in families:
        lines.append(f"\n### {family}\n\n| input class | input | outcome | message must match |\n")
        lines.append("|---|---|---|---|\n")
        for case in cases:
            if case.family == family:
                pattern = case.match.replace("|", "\\|")
                outcome = {"refused": "refused", "flagged": "flagged"}.get(
                    case.outcome, "exit code 2, one line"
                )
                lines.append(f"| {case.input_class} | {case.name} | {outcome} | `{pattern}` |\n")
    return "".join(lines)


if __name__ == "__main__":
    DOC_PATH.write_text(render(all_cases()), encoding="utf-8")
    print(f"wrote {DOC_PATH}")
