"""Journey plots draw what the results hold."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from loyaltymodels.datasets import simulate_hotel_survey, simulate_journey_events
from loyaltymodels.journey import ewma_chart, journey_flow, key_drivers, p_chart
from loyaltymodels.plotting import plot_control_chart, plot_key_drivers, plot_removal_effects


def test_plots_draw_one_mark_per_row():
    survey = simulate_hotel_survey(300, random_seed=1).survey
    drivers = key_drivers(
        survey, outcome="overall", drivers=["check_in", "room"], bootstrap=50, random_seed=1
    )
    ax = plot_key_drivers(drivers)
    assert len(ax.patches) == 2
    flow = journey_flow(simulate_journey_events(500, random_seed=1).events, draws=100)
    assert len(plot_removal_effects(flow).patches) == len(flow.removal)
    chart = p_chart(np.array([3, 4, 12]), np.array([50, 60, 55]))
    ax = plot_control_chart(chart)
    assert len(ax.lines[0].get_xdata()) == 3
    ax = plot_control_chart(ewma_chart(np.array([1.0, 2.0, 1.5, 1.2])))
    assert ax.get_title() == "EWMA chart"
    plt.close("all")
