"""The SERVQUAL plots draw what the results hold (and compute nothing)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from loyaltymodels.datasets import simulate_servqual_survey
from loyaltymodels.plotting import plot_gaps, plot_ipa, plot_segment_gaps, plot_zone_of_tolerance
from loyaltymodels.servqual import (
    compare_segments,
    importance_performance,
    score,
    zone_of_tolerance,
)


@pytest.fixture(scope="module")
def survey():
    return simulate_servqual_survey(120, random_seed=3)


def test_plot_ipa(survey) -> None:
    ipa = importance_performance(survey.importance, survey.perceptions, crosshair="median")
    ax = plot_ipa(ipa)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], ipa.table["performance"])
    np.testing.assert_allclose(offsets[:, 1], ipa.table["importance"])
    assert ax.lines[0].get_xdata()[0] == pytest.approx(ipa.crosshair[0])
    assert len(ax.texts) == 22 + 4
    plt.close("all")


def test_plot_gaps_and_segments(survey) -> None:
    gaps = score(survey.expectations, survey.perceptions, weights=survey.weights)
    ax = plot_gaps(gaps)
    widths = [patch.get_width() for patch in ax.patches]
    np.testing.assert_allclose(widths, gaps.dimensions["estimate"])
    ax = plot_gaps(gaps, level="item")
    assert len(ax.patches) == 22
    _, ax = plt.subplots()
    assert plot_segment_gaps(compare_segments(gaps, survey.segment), ax=ax) is ax
    assert len(ax.get_legend().get_texts()) == 2
    plt.close("all")


def test_plot_zone_of_tolerance(survey) -> None:
    with pytest.warns(UserWarning):
        zot = zone_of_tolerance(survey.adequate, survey.expectations, survey.perceptions)
    ax = plot_zone_of_tolerance(zot)
    lefts = [patch.get_x() for patch in ax.patches]
    np.testing.assert_allclose(lefts, zot.dimensions["adequate"])
    plt.close("all")
