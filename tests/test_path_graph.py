"""The Graphviz path diagram: every construct named in full, every path with its coefficient,
significance mark and interval, laid out without overlaps for the seven-construct ECSI model."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.plotting.path_graph import (
    graphviz_available,
    path_diagram_dot,
    render_path_diagram,
)
from loyaltymodels.sem import SEM, ecsi_model
from loyaltymodels.sem.templates import ECSI_CONSTRUCTS, ECSI_PATHS


@pytest.fixture(scope="module")
def ecsi():  # type: ignore[no-untyped-def]
    """ECSI data simulated from its structure: every path 0.35, three items per construct."""
    rng = np.random.default_rng(11)
    n = 600
    scores: dict[str, np.ndarray] = {}
    for construct in ECSI_CONSTRUCTS:
        causes = ECSI_PATHS.get(construct, ())
        value = sum((0.35 * scores[c] for c in causes), np.zeros(n))
        scores[construct] = value + rng.normal(size=n)
    data = pd.DataFrame(
        {
            f"{c}{k}": 0.8 * scores[c] / scores[c].std() + rng.normal(scale=0.6, size=n)
            for c in ECSI_CONSTRUCTS
            for k in (1, 2, 3)
        }
    )
    spec = ecsi_model({c: [f"{c}{k}" for k in (1, 2, 3)] for c in ECSI_CONSTRUCTS})
    return SEM(spec).fit(data)


def test_dot_names_every_construct_and_path(ecsi) -> None:  # type: ignore[no-untyped-def]
    dot = path_diagram_dot(ecsi)
    for construct in ECSI_CONSTRUCTS:
        assert f"<B>{construct}</B>" in dot
    structural = [line for line in dot.splitlines() if "weight=4" in line]
    assert len(structural) == sum(len(causes) for causes in ECSI_PATHS.values()) == 12
    params = ecsi.params[ecsi.params["op"] == "~"]
    for row in params.itertuples():
        low = row.std_all - 1.959964 * row.std_all_se
        assert f"[{low:.2f}, " in dot
    assert dot.count("***") >= 10  # n = 600 and paths of 0.35: nearly all significant


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz (dot) is not installed")
def test_graphviz_lays_out_the_ecsi_model_without_overlaps(ecsi) -> None:  # type: ignore[no-untyped-def]
    import graphviz

    png = render_path_diagram(ecsi)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    layout = json.loads(graphviz.Source(path_diagram_dot(ecsi)).pipe(format="json"))
    boxes = []
    for node in layout["objects"]:
        x, y = (float(v) for v in node["pos"].split(","))
        w, h = float(node["width"]) * 72, float(node["height"]) * 72
        boxes.append((x - w / 2, x + w / 2, y - h / 2, y + h / 2))
    assert len(boxes) == len(ECSI_CONSTRUCTS)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
