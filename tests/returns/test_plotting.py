"""Plots of the experience-return model draw what the result holds."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from loyaltymodels.plotting import plot_return_waterfall, plot_roi_distribution
from loyaltymodels.returns import ExperienceReturnResult


def test_roi_distribution_one_histogram_per_plan(uncertain_result: ExperienceReturnResult) -> None:
    other = uncertain_result.what_if({"empathy": 1.0}, label="empathy")
    ax = plot_roi_distribution([uncertain_result, other])
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[1].startswith("empathy: P(ROI > 0) = ")
    assert len(ax.patches) == 2 * 60
    plt.close("all")


def test_waterfall_ends_at_net_value(uncertain_result: ExperienceReturnResult) -> None:
    """Bars: reliability, empathy, interaction, cost (negative) and the net value."""
    ax = plot_return_waterfall(uncertain_result)
    bars = ax.patches
    assert len(bars) == 5
    assert bars[3].get_height() == pytest.approx(-uncertain_result.params.loc["cost", "estimate"])
    net = uncertain_result.params.loc["net_value", "estimate"]
    assert bars[-1].get_height() == pytest.approx(net)
    top_of_steps = sum(bar.get_height() for bar in bars[:4])
    assert top_of_steps == pytest.approx(net, rel=1e-9)
    plt.close("all")
