"""Calibration/holdout validation: tables, intervals, accuracy and plots.

References: the expected cumulative repeat transactions of the CDNOW cohort equal the sum of
each customer's E[X(t)] at their own age, computed independently with lifetimes'
``expected_number_of_purchases_up_to_time`` at the same parameters (Fader, Hardie & Lee 2005,
eq. 9 and figure 2); the actual counts agree with the rfm_summary of the same log; group
intervals equal quantiles of the per-draw group means.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo
from loyaltymodels.clv.holdout import (
    conditional_expectations,
    customer_holdout,
    holdout_accuracy,
    probability_alive_grid,
    tracking,
)
from loyaltymodels.clv.rfm import rfm_summary
from loyaltymodels.datasets import load_cdnow_transactions, simulate_bgnbd
from loyaltymodels.plotting import (
    plot_clv_distribution,
    plot_conditional_expectations,
    plot_probability_alive_matrix,
    plot_tracking,
)

CAL, OBS = "1997-09-30", "1998-06-30"
LOG_COLUMNS = {"customer_col": "customer_id", "datetime_col": "date"}


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return load_cdnow_transactions()


@pytest.fixture(scope="module")
def summary(log) -> pd.DataFrame:
    return rfm_summary(log, **LOG_COLUMNS, calibration_end=CAL, observation_end=OBS)


@pytest.fixture(scope="module")
def mle(summary):
    return BetaGeo().fit(summary, method="mle")


@pytest.fixture(scope="module")
def laplace(summary):
    return BetaGeo().fit(summary, method="laplace", draws=200, random_seed=7)


@pytest.fixture(scope="module")
def tracked(mle, log) -> pd.DataFrame:
    return tracking(mle, log, **LOG_COLUMNS, calibration_end=CAL, observation_end=OBS)


def test_tracking_matches_lifetimes_sum_over_customers(tracked, mle, log):
    lifetimes = pytest.importorskip("lifetimes")
    peer = lifetimes.BetaGeoFitter()
    peer.params_ = mle.params["estimate"]
    birth = log.groupby("customer_id")["date"].min()
    for week, end in [(39, CAL), (78, OBS)]:
        age = (pd.Timestamp(end) - birth).dt.days.to_numpy() / 7.0
        expected = peer.expected_number_of_purchases_up_to_time(age).sum()
        assert tracked.loc[week, "expected_cumulative"] == pytest.approx(expected, rel=1e-9)


def test_tracking_periods_and_actual_counts(tracked, summary):
    assert len(tracked) == 78
    assert tracked.attrs["calibration_periods"] == 39
    assert tracked.loc[39, "period_end"] == pd.Timestamp(CAL)
    assert tracked.loc[78, "period_end"] == pd.Timestamp(OBS)
    assert not tracked.loc[39, "holdout"] and tracked.loc[40, "holdout"]
    # the same repeat purchases rfm_summary counts
    assert tracked.loc[39, "actual_cumulative"] == summary["frequency"].sum() == 2457
    holdout = tracked.loc[78, "actual_cumulative"] - tracked.loc[39, "actual_cumulative"]
    assert holdout == summary["frequency_holdout"].sum()
    np.testing.assert_allclose(tracked["expected"].cumsum(), tracked["expected_cumulative"])
    # a point fit has intervals of zero width
    np.testing.assert_array_equal(tracked["lower_cumulative"], tracked["expected_cumulative"])


def test_conditional_expectations_point_fit(mle, summary):
    table = conditional_expectations(mle, summary)
    assert table.index.tolist() == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table["n_customers"].sum() == 2357
    group = np.minimum(summary["frequency"], 7)
    per_customer = mle.expected_purchases(summary, t=39.0)["mean"].to_numpy()
    np.testing.assert_allclose(
        table["expected"], pd.Series(per_customer).groupby(group.to_numpy()).mean()
    )
    np.testing.assert_allclose(
        table["actual"], summary.groupby(group)["frequency_holdout"].mean().to_numpy()
    )
    np.testing.assert_allclose(table["lower"], table["expected"])
    np.testing.assert_allclose(table["error"], table["expected"] - table["actual"])


class _DrawsResult:
    """A stand-in result with fixed draws: E[Y] of customer i in draw d is (d + 1) * x_i."""

    n_draws = 4

    def expected_purchases(self, data, *, t, max_draws=None, return_draws=False, **_):
        draws = np.arange(1, 5)[:, None] * data["frequency"].to_numpy(dtype=float)[None, :]
        return draws if return_draws else None


def test_group_means_per_draw_give_the_interval():
    data = pd.DataFrame(
        {"frequency": [0, 1, 3, 5], "frequency_holdout": [0, 2, 1, 9], "duration_holdout": 2.0}
    )
    table = conditional_expectations(_DrawsResult(), data, max_frequency=2, interval=0.5)
    # group "2+" holds x = 3 and 5: per-draw means 4, 8, 12, 16
    assert table.loc["2+", "expected"] == pytest.approx(10.0)
    assert table.loc["2+", "lower"] == pytest.approx(np.quantile([4, 8, 12, 16], 0.25))
    assert table.loc["2+", "upper"] == pytest.approx(np.quantile([4, 8, 12, 16], 0.75))
    assert table.loc["2+", "actual"] == pytest.approx(5.0)
    assert table["n_customers"].tolist() == [1, 1, 2]


@pytest.mark.slow
def test_group_intervals_are_quantiles_of_group_means(laplace, summary):
    table = conditional_expectations(laplace, summary, max_frequency=3, interval=0.9)
    draws = laplace.expected_purchases(summary, t=39.0, return_draws=True)
    group = np.minimum(summary["frequency"].to_numpy(), 3)
    means = np.column_stack([draws[:, group == g].mean(axis=1) for g in range(4)])
    np.testing.assert_allclose(table["lower"], np.quantile(means, 0.05, axis=0))
    np.testing.assert_allclose(table["upper"], np.quantile(means, 0.95, axis=0))
    assert (table["lower"] < table["expected"]).all() and (table["expected"] < table["upper"]).all()


@pytest.mark.slow
def test_tracking_intervals_bracket_the_mean(laplace, log):
    table = tracking(laplace, log, **LOG_COLUMNS, calibration_end=CAL, observation_end=OBS)
    inside = table.iloc[1:]
    assert (inside["lower_cumulative"] < inside["expected_cumulative"]).all()
    assert (inside["expected_cumulative"] < inside["upper_cumulative"]).all()
    assert (inside["lower"] <= inside["upper"]).all()


def test_customer_holdout_and_accuracy(mle, summary):
    table = customer_holdout(mle, summary)
    assert table.index.name == "customer_id" and len(table) == 2357
    np.testing.assert_array_equal(table["actual"], summary["frequency_holdout"])
    scores = holdout_accuracy(table)
    mae = np.abs(table["expected"] - table["actual"]).mean()
    assert scores.loc[0, "mae"] == pytest.approx(mae)
    assert scores.loc[0, "n"] == 2357
    # a point fit has zero-width intervals: only exact hits are covered
    assert scores.loc[0, "coverage"] == 0.0


def test_probability_alive_grid(mle):
    grid = probability_alive_grid(mle, T=38.86, max_frequency=6)
    assert grid.shape[0] == 7
    assert grid.loc[0, 0.0] == pytest.approx(1.0)  # BG/NBD: no repeat purchase, still alive
    assert grid.loc[0].iloc[1:].isna().all()
    assert (np.diff(grid.loc[3].to_numpy()) > 0).all()  # more recent -> more likely alive
    row = pd.DataFrame({"frequency": [3], "recency": [38.86], "T": [38.86]})
    assert grid.loc[3].iloc[-1] == pytest.approx(mle.probability_alive(row)["mean"].iloc[0])


def test_plots_return_axes(tracked, mle, summary):
    table = conditional_expectations(mle, summary)
    grid = probability_alive_grid(mle, T=38.86)
    clv = pd.DataFrame(
        {"mean": [1.0, 5.0, 3.0], "lower": [0.5, 4.0, 2.0], "upper": [1.5, 6.0, 4.0]}
    )
    axes = [
        plot_tracking(tracked),
        plot_tracking(tracked, cumulative=False),
        plot_conditional_expectations(table),
        plot_probability_alive_matrix(grid),
        plot_clv_distribution(clv),
    ]
    for ax in axes:
        assert ax.has_data()
    assert len(axes[0].lines) == 3  # actual, model, calibration marker
    plt.close("all")


# ---------------------------------------------------------------- bad input


def test_summary_without_holdout_columns(mle, summary):
    with pytest.raises(LoyaltyDataError, match="frequency_holdout"):
        conditional_expectations(mle, summary.drop(columns="frequency_holdout"))


def test_bad_settings(mle, summary, log):
    with pytest.raises(LoyaltyDataError, match="max_frequency"):
        conditional_expectations(mle, summary, max_frequency=0)
    with pytest.raises(LoyaltyDataError, match="interval"):
        conditional_expectations(mle, summary, interval=1.5)
    with pytest.raises(LoyaltyDataError, match="calibration_end is required"):
        tracking(mle, log, **LOG_COLUMNS, calibration_end=None)
    with pytest.raises(LoyaltyDataError, match="missing column"):
        tracking(mle, log, customer_col="id", datetime_col="date", calibration_end=CAL)
    with pytest.raises(LoyaltyDataError, match="empty"):
        holdout_accuracy(pd.DataFrame(columns=["actual", "expected", "lower", "upper"]))
    with pytest.raises(LoyaltyDataError, match="T must be positive"):
        probability_alive_grid(mle, T=0.0)


def test_nan_holdout_counts_name_the_rows(mle, summary):
    broken = summary.copy()
    broken["frequency_holdout"] = broken["frequency_holdout"].astype(float)
    broken.loc[5, "frequency_holdout"] = np.nan
    with pytest.raises(LoyaltyDataError, match=r"'frequency_holdout'.*row 5"):
        customer_holdout(mle, broken)


# ---------------------------------------------------------------- slow: known truth


@pytest.mark.slow
def test_model_at_recovered_truth_tracks_a_simulated_holdout():
    """BG/NBD simulated with known parameters over 78 weeks: the MLE fitted on weeks 1-39
    predicts the holdout within sampling error (tracking and conditional expectations)."""
    sim_log, truth = simulate_bgnbd(
        20_000, observation_weeks=78.0, transactions=True, random_seed=31
    )
    cal = pd.Timestamp("2000-01-01") + pd.Timedelta(days=39 * 7 - 1)
    data = rfm_summary(
        sim_log, **LOG_COLUMNS, calibration_end=cal, observation_end=truth["observation_end"]
    )
    result = BetaGeo().fit(data, method="mle")
    table = tracking(result, sim_log, **LOG_COLUMNS, calibration_end=cal)
    score = holdout_accuracy(
        table[table["holdout"]],
        actual="actual_cumulative",
        expected="expected_cumulative",
        lower="lower_cumulative",
        upper="upper_cumulative",
    )
    assert score.loc[0, "relative_mae"] < 0.05
    groups = conditional_expectations(result, data)
    customers = customer_holdout(result, data)
    group = np.minimum(data["frequency"].to_numpy(), 7)
    spread = customers.groupby(group)["actual"].std().to_numpy()
    se = spread / np.sqrt(groups["n_customers"].to_numpy())
    assert (np.abs(groups["error"].to_numpy()) < 4 * se + 0.05).all()


def test_holdout_tables_record_their_interval():
    data = pd.DataFrame(
        {"frequency": [0, 1, 3, 5], "frequency_holdout": [0, 2, 1, 9], "duration_holdout": 2.0}
    )
    table = conditional_expectations(_DrawsResult(), data, max_frequency=2, ci_prob=0.5)
    assert table.attrs == {"ci_prob": 0.5, "ci_kind": "eti"}
    with pytest.warns(FutureWarning, match="ci_prob"):
        former = conditional_expectations(_DrawsResult(), data, max_frequency=2, interval=0.5)
    pd.testing.assert_frame_equal(former, table)
