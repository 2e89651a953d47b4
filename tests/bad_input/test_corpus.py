"""Run every case of the bad-input corpus; check the generated table in docs is current."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from loyaltymodels import LoyaltyDataError
from tests.bad_input.corpus import INPUT_CLASSES, Case, all_cases, not_applicable
from tests.bad_input.table import DOC_PATH, render

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_or_flagged(case: Case, tmp_path: Path) -> None:
    assert case.input_class in INPUT_CLASSES, case.input_class
    if case.outcome == "refused":
        with pytest.raises(LoyaltyDataError) as caught:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case.run(tmp_path)
        message = str(caught.value)
        assert re.search(case.match, message), f"{message!r} does not match {case.match!r}"
        assert "\n" not in message.strip(), "messages are one line"
    elif case.outcome == "exit 2":
        code, err = case.run(tmp_path)
        assert code == 2, (code, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert re.search(case.match, err), f"{err!r} does not match {case.match!r}"
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = case.run(tmp_path)
        flags = " | ".join(result.flags)
        assert re.search(case.match, flags), f"flags {flags!r} do not match {case.match!r}"
        assert re.search(case.match, result.to_markdown()), "the flag is shown in the report"


def test_every_applicable_cell_has_a_case() -> None:
    """Each family has a case for every input class that can reach it."""
    absent = not_applicable()
    families = {case.family for case in CASES}
    covered = {(case.family, case.input_class) for case in CASES}
    gaps = [
        (family, kind)
        for family in sorted(families)
        for kind in INPUT_CLASSES
        if (family, kind) not in covered and kind not in absent.get(family, set())
    ]
    assert not gaps, f"no case for {gaps}"


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


def test_docs_table_is_generated_from_the_corpus() -> None:
    """docs/bad-input.md must equal the table rendered from the cases.

    Regenerate with ``python -m tests.bad_input.table``.
    """
    assert DOC_PATH.read_text(encoding="utf-8") == render(CASES)
