"""The path diagram draws every structural variable and path."""

from __future__ import annotations

import matplotlib.pyplot as plt

from loyaltymodels.plotting import plot_path_diagram


def test_path_diagram(mediated_fit) -> None:
    fig, ax = plt.subplots()
    out = plot_path_diagram(mediated_fit, ax=ax)
    assert out is ax
    texts = {t.get_text().split("\n")[0] for t in ax.texts}
    assert {"value", "emotion", "relationship", "satisfaction", "loyalty"} <= texts
    arrows = [c for c in ax.get_children() if c.__class__.__name__ == "Annotation"]
    assert len(arrows) == 7
    plt.close(fig)
