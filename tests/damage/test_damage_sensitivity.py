"""Tornado table: hand-computed swings, outcome-share rescaling, plots."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.damage import DamageResult, sensitivity
from loyaltymodels.plotting import plot_damage_by_path, plot_tornado


def test_relative_swings_by_hand(hand_result: DamageResult) -> None:
    """Revenue is proportional to value and to the number of customers: +-20% moves the
    98,600 baseline to 78,880 and 118,320. told_dissatisfied 10 -> 8 / 12 moves the WOM loss
    by 100 x 2 x 0.02 = 4 customers = 800 either way.
    """
    table = sensitivity(hand_result).params
    assert table.loc["value", "output_at_low"] == pytest.approx(78_880.0)
    assert table.loc["value", "output_at_high"] == pytest.approx(118_320.0)
    assert table.loc["customers", "swing"] == pytest.approx(39_440.0)
    assert table.loc["told_dissatisfied", "swing"] == pytest.approx(1600.0)
    assert table["swing"].is_monotonic_decreasing
    assert "recorded_share" not in table.index


def test_outcome_share_moves_keep_the_sum(hand_result: DamageResult) -> None:
    """Dissatisfied 0.2 -> 0.24 rescales satisfied and mollified by 0.76 / 0.8 (0.57, 0.19).

    Complained-path losses: 500 x (0.57 x 0.05 + 0.19 x 0.3 + 0.24 x 0.6) = 114.75 customers,
    WOM (3,000 + 95 x 4 + 120 x 10) x 0.02 = 91.6; with silent 300: 506.35 x 200 = 101,270.
    """
    table = sensitivity(hand_result).params
    assert table.loc["dissatisfied", "output_at_high"] == pytest.approx(101_270.0)


def test_interval_settings_for_survey_inputs(survey_result: DamageResult) -> None:
    table = sensitivity(survey_result, measure="lost_customers").params
    assert table.loc["incidence", "setting"] == "90% posterior interval"
    assert table.loc["value", "setting"] == "x0.8 / x1.2"
    relative = sensitivity(survey_result, method="relative").params
    assert relative.loc["incidence", "setting"] == "x0.8 / x1.2"
    only_billing = sensitivity(survey_result, problems=["billing"]).params
    assert only_billing.loc["incidence", "swing"] < table.loc["incidence", "swing"] * 200


def test_bad_options(hand_result: DamageResult) -> None:
    with pytest.raises(LoyaltyDataError, match="spread"):
        sensitivity(hand_result, spread=2)
    with pytest.raises(LoyaltyDataError, match="measure"):
        sensitivity(hand_result, measure="profit")  # type: ignore[arg-type]
    with pytest.raises(LoyaltyDataError, match="DamageResult"):
        sensitivity("result")  # type: ignore[arg-type]


def test_plots_draw_one_bar_per_input_and_path(survey_result: DamageResult) -> None:
    table = sensitivity(survey_result)
    ax = plot_tornado(table, top=5)
    assert len(ax.patches) == 10  # low and high bar for each of the 5 inputs
    assert len(ax.get_yticklabels()) == 5
    ax = plot_damage_by_path(survey_result)
    assert len(ax.patches) == 5 * 2  # 5 paths x 2 problems
    assert ax.get_legend() is not None
    plt.close("all")
