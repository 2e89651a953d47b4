"""Execute every Python code block in docs/*.md and README.md, so the docs cannot drift.

Blocks of one page run in order in one namespace, inside a temporary working directory.
A block fenced as ```python no-run is shown but not executed (for Spark and similar).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_doc_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, code in enumerate(_blocks(page), start=1):
        try:
            exec(compile(code, f"{page.name}[block {number}]", "exec"), namespace)
        finally:
            plt.close("all")


def test_block_pattern_finds_blocks() -> None:
    sample = "text\n```python\nx = 1\n```\n```python no-run\ny = 2\n```\n"
    assert BLOCK.findall(sample) == ["x = 1\n"]
