"""Churn simulators: reproducible, valid structure, rates that follow the stated model."""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.churn.panel_data import check_panel
from loyaltymodels.churn.sbg_math import sbg_survival
from loyaltymodels.datasets import simulate_sbg_cohorts, simulate_subscription_panel


def test_sbg_simulation_is_reproducible_and_follows_the_survival_curve() -> None:
    """Large cohort: simulated survival shares match S(t) = B(a, b+t)/B(a, b) within 4 SE."""
    counts, truth = simulate_sbg_cohorts(
        {"x": (0.7, 1.2)}, cohort_size=200_000, periods=10, random_seed=4
    )
    again, _ = simulate_sbg_cohorts(
        {"x": (0.7, 1.2)}, cohort_size=200_000, periods=10, random_seed=4
    )
    pd.testing.assert_frame_equal(counts, again)
    share = counts["x"].to_numpy() / 200_000
    expected = sbg_survival(np.arange(11), 0.7, 1.2)
    se = np.sqrt(expected * (1 - expected) / 200_000)
    assert np.all(np.abs(share - expected) <= 4 * se + 1e-12)
    assert truth["parameters"] == {"x": (0.7, 1.2)}


def test_sbg_records_are_consistent_with_counts() -> None:
    counts, _ = simulate_sbg_cohorts(cohort_size=500, random_seed=2)
    records, _ = simulate_sbg_cohorts(cohort_size=500, records=True, random_seed=2)
    active = records[records["churned"] == 0].groupby("cohort").size()
    assert active["regular"] == counts.loc[7, "regular"]
    assert (records.loc[records["churned"] == 0, "periods"] == 7).all()


def test_subscription_panel_is_a_valid_panel_with_the_stated_hazard() -> None:
    """Period-1 churn of customers with satisfaction 7, no complaint matches the baseline
    (averaged over the plans' effects) within 4 SE."""
    panel, truth = simulate_subscription_panel(n_customers=60_000, segment_sd=0.0, random_seed=5)
    check_panel(
        panel,
        customer="customer_id",
        period="period",
        churned="churned",
        covariates=["satisfaction", "complaint"],
        segment="plan",
    )
    typical = panel[
        (panel["period"] == 1) & (panel["satisfaction"] == 7) & (panel["complaint"] == 0)
    ]
    rate = typical["churned"].mean()
    expected = 1 / (1 + np.exp(-(truth["baseline"][0] + 7 * truth["effects"]["satisfaction"])))
    assert expected == pytest.approx(0.12)
    assert abs(rate - expected) < 4 * np.sqrt(expected * (1 - expected) / len(typical))
    again, _ = simulate_subscription_panel(n_customers=60_000, segment_sd=0.0, random_seed=5)
    pd.testing.assert_frame_equal(panel, again)


def test_simulator_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="link"):
        simulate_subscription_panel(link="probit")
    with pytest.raises(ValueError, match="baseline_hazard"):
        simulate_subscription_panel(n_periods=3, baseline_hazard=[0.1, 0.1])
