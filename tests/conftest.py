"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The benchmark data folder beside the checkout (tests may read it; users never do)."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.fail(f"{path} not found: the shared data folder must sit beside the checkout")
    return path
