"""Execute docs/scale.md on the local Spark session (its blocks are fenced ```python spark).

tests/test_docs.py runs only plain ```python blocks, so the page is skipped there and run here,
where the Spark fixture skips cleanly without pyspark or Java.
"""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "scale.md"
SPARK_BLOCK = re.compile(r"^```python spark[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_spark_blocks_are_found() -> None:
    assert len(SPARK_BLOCK.findall(PAGE.read_text(encoding="utf-8"))) >= 6


def test_scale_page_runs_on_local_spark(spark, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, code in enumerate(SPARK_BLOCK.findall(PAGE.read_text(encoding="utf-8")), 1):
        exec(compile(code, f"scale.md[block {number}]", "exec"), namespace)
    assert namespace["bgnbd"].n_customers == 5_000
