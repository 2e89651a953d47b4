"""ShiftedBetaGeometric: input forms, result structure, covariates, recovery and bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.churn import (
    ShiftedBetaGeometric,
    ShiftedBetaGeometricResult,
    patterns_from_records,
    patterns_from_survival_counts,
    sbg_derl,
    sbg_log_likelihood,
    sbg_retention_elasticity,
    sbg_survival,
)
from loyaltymodels.datasets import load_retention, simulate_sbg_cohorts
from loyaltymodels.plotting import plot_retention_rate, plot_sbg_survival

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


@pytest.fixture(scope="module")
def simulated():
    counts, truth = simulate_sbg_cohorts(cohort_size=4000, random_seed=11)
    records, _ = simulate_sbg_cohorts(cohort_size=4000, records=True, random_seed=11)
    return counts, records, truth


@pytest.fixture(scope="module")
def mle_counts(simulated):
    counts, _, _ = simulated
    return ShiftedBetaGeometric().fit(counts, method="mle", random_seed=1)


@pytest.fixture(scope="module")
def nuts_retention():
    return ShiftedBetaGeometric().fit(
        load_retention(), method="nuts", draws=300, tune=300, random_seed=5
    )


def test_patterns_from_counts_keep_every_customer() -> None:
    patterns = patterns_from_survival_counts(REGULAR)
    assert patterns.n_customers == 1000
    churners = patterns.table.loc[patterns.table["churned"], "count"].sum()
    assert churners == 1000 - 241
    assert patterns.table.loc[~patterns.table["churned"], ["period", "count"]].values.tolist() == [
        [7, 241]
    ]


def test_records_and_counts_give_the_same_likelihood(simulated) -> None:
    """Counts and per-customer records of the same customers are the same likelihood."""
    counts, records, _ = simulated
    from_counts = patterns_from_survival_counts(counts)
    from_records = patterns_from_records(records, cohort="cohort")
    a, b = np.array([0.7, 0.6]), np.array([1.2, 3.5])
    assert sbg_log_likelihood(from_counts, a, b) == pytest.approx(
        sbg_log_likelihood(from_records, a, b), rel=1e-12
    )


def test_records_fit_equals_counts_fit(simulated, mle_counts) -> None:
    _, records, _ = simulated
    by_records = ShiftedBetaGeometric().fit(records, cohort="cohort", method="mle", random_seed=1)
    np.testing.assert_allclose(
        by_records.params["estimate"].to_numpy(),
        mle_counts.params["estimate"].to_numpy(),
        rtol=1e-5,
    )
    assert by_records.n_customers == mle_counts.n_customers == 8000


def test_mle_recovers_simulated_parameters(simulated, mle_counts) -> None:
    """Parameter recovery: 4,000 customers per cohort, truth inside the Wald 99.9% interval."""
    _, _, truth = simulated
    for cohort, (alpha, beta) in truth["parameters"].items():
        for name, value in (("alpha", alpha), ("beta", beta)):
            row = mle_counts.params.loc[(cohort, name)]
            assert abs(row["estimate"] - value) < 3.3 * row["sd"]


def test_result_structure_and_closed_forms_at_the_mode(mle_counts) -> None:
    assert isinstance(mle_counts, ShiftedBetaGeometricResult)
    assert list(mle_counts.params.index.names) == ["cohort", "parameter"]
    a = mle_counts.params.loc[("regular", "alpha"), "estimate"]
    b = mle_counts.params.loc[("regular", "beta"), "estimate"]
    survival = mle_counts.survival(12, cohort="regular")
    assert list(survival.columns) == ["cohort", "mean", "sd", "lower", "upper"]
    np.testing.assert_allclose(survival["mean"], sbg_survival(np.arange(13), a, b), rtol=1e-10)
    assert (survival["sd"] == 0).all() and (survival["lower"] == survival["mean"]).all()
    rates = mle_counts.retention_rate([1, 2, 20], cohort="regular")["mean"].to_numpy()
    np.testing.assert_allclose(rates, (b + np.array([0, 1, 19])) / (a + b + np.array([0, 1, 19])))
    derl = mle_counts.derl(0.1, renewals=[0, 3], cohort="regular")["mean"].to_numpy()
    np.testing.assert_allclose(derl, sbg_derl(0.1, a, b, np.array([0, 3])), rtol=1e-10)
    elasticity = mle_counts.retention_elasticity(0.1, cohort="regular")["mean"].iloc[0]
    assert elasticity == pytest.approx(float(sbg_retention_elasticity(0.1, a, b)), rel=1e-10)
    both = mle_counts.survival(5)
    assert sorted(both["cohort"].unique()) == ["high_end", "regular"]
    assert "log_likelihood" in mle_counts.summary().attrs
    assert "alpha" in mle_counts.to_markdown()


def test_nuts_gives_intervals_around_the_mle(nuts_retention) -> None:
    """With weak priors and 1,000 customers the posterior mean sits within one sd of the MLE."""
    params = nuts_retention.params
    assert params.loc[("regular", "alpha"), "estimate"] == pytest.approx(
        0.704, abs=params.loc[("regular", "alpha"), "sd"]
    )
    assert params.loc[("high_end", "beta"), "estimate"] == pytest.approx(
        3.806, abs=params.loc[("high_end", "beta"), "sd"]
    )
    survival = nuts_retention.survival(12, cohort="high_end")
    assert (survival.loc[1:, "lower"] < survival.loc[1:, "mean"]).all()
    assert (survival.loc[1:, "mean"] < survival.loc[1:, "upper"]).all()
    assert nuts_retention.idata.attrs["config_model"] == "ShiftedBetaGeometric"


@pytest.mark.slow
def test_customer_covariates_recover_their_effect() -> None:
    """Two groups: log alpha and log beta differ by known amounts (0.5, -0.4); one cohort."""
    base = (0.8, 2.0)
    shifted = (0.8 * np.exp(0.5), 2.0 * np.exp(-0.4))
    records, _ = simulate_sbg_cohorts(
        {"g0": base, "g1": shifted}, cohort_size=20_000, periods=10, records=True, random_seed=3
    )
    records["x"] = (records["cohort"] == "g1").astype(float)
    result = ShiftedBetaGeometric().fit(records, covariates=["x"], method="mle", random_seed=1)
    for name, value in (("log_alpha:x", 0.5), ("log_beta:x", -0.4)):
        row = result.params.loc[("all", name)]
        assert abs(row["estimate"] - value) < 3.3 * row["sd"]
    # the cohort curve is the customer-weighted mixture of the two groups' curves
    s = result.survival(6)["mean"].to_numpy()
    a0, b0 = (
        result.params.loc[("cohort", "alpha"), "estimate"],
        result.params.loc[("cohort", "beta"), "estimate"],
    )
    assert s[0] == pytest.approx(1.0)
    assert np.all(np.diff(s) < 0)
    assert a0 > 0 and b0 > 0


def test_cohort_covariates_need_pooling() -> None:
    counts = load_retention()
    covariates = pd.DataFrame({"premium": [0.0, 1.0]}, index=["regular", "high_end"])
    with pytest.raises(LoyaltyDataError, match="pooled=True"):
        ShiftedBetaGeometric().fit(counts, cohort_covariates=covariates, method="mle")


def test_plots_draw_on_given_axes(simulated, mle_counts) -> None:
    counts, _, _ = simulated
    fig, axes = plt.subplots(1, 2)
    assert plot_sbg_survival(mle_counts, observed=counts, calibration_end=7, ax=axes[0]) is axes[0]
    # two projections, two observed series, the "observed" legend entry, the calibration line
    assert len(axes[0].get_lines()) == 2 + 2 + 1 + 1
    assert plot_retention_rate(mle_counts, periods=10, ax=axes[1]) is axes[1]
    assert len(axes[1].get_lines()[0].get_xdata()) == 10
    plt.close(fig)


def test_save_and_load(mle_counts, tmp_path) -> None:
    path = tmp_path / "sbg.lmr"
    mle_counts.save(path)
    loaded = ShiftedBetaGeometricResult.load(path)
    pd.testing.assert_frame_equal(loaded.params, mle_counts.params)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1000, 631, 700, 500], r"increases at row 2"),
        ([0, 0, 0], r"cohort of 0 customers"),
        ([1000, np.nan, 400], r"NaN\) before row 2"),
        ([1000, -5], r"negative"),
        ([1000, 600.5], r"whole number"),
        ([1000], r"at least two periods"),
    ],
)
def test_bad_survival_counts(counts, message) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        ShiftedBetaGeometric().fit(counts, method="mle")


def test_non_consecutive_periods_are_named() -> None:
    counts = pd.DataFrame({"a": [1000, 600, 400]}, index=[0, 1, 3])
    with pytest.raises(LoyaltyDataError, match=r"not consecutive at row 3"):
        patterns_from_survival_counts(counts)


def test_trailing_nan_marks_a_younger_cohort() -> None:
    counts = pd.DataFrame({"old": [1000, 600, 450, 380], "young": [800, 500, np.nan, np.nan]})
    patterns = patterns_from_survival_counts(counts)
    young = patterns.table[patterns.table["cohort"] == "young"]
    assert young[["period", "churned", "count"]].values.tolist() == [
        [1, False, 500],
        [1, True, 300],
    ]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"periods": [1, 2], "churned": [1, 2]}), r"'churned' lies outside"),
        (pd.DataFrame({"periods": [0, 2], "churned": [1, 0]}), r"0 for churned customers at row 0"),
        (
            pd.DataFrame({"periods": [1, np.nan], "churned": [1, 0]}),
            r"'periods' has missing values \(NaN\) at row 1",
        ),
        (
            pd.DataFrame({"periods": [1, 2], "churned": [1, 0], "x": [np.nan, 1.0]}),
            r"'x' has missing values",
        ),
    ],
)
def test_bad_records(frame, message) -> None:
    covariates = ["x"] if "x" in frame else []
    with pytest.raises(LoyaltyDataError, match=message):
        ShiftedBetaGeometric().fit(frame, covariates=covariates, method="mle")


def test_bad_arguments() -> None:
    with pytest.raises(LoyaltyDataError, match="pooled model"):
        ShiftedBetaGeometric(pooled=True).fit(REGULAR, method="mle")
    with pytest.raises(LoyaltyDataError, match="method must be"):
        ShiftedBetaGeometric().fit(REGULAR, method="gibbs")


def test_unknown_cohort_and_horizon(mle_counts) -> None:
    with pytest.raises(LoyaltyDataError, match="was not fitted"):
        mle_counts.survival(5, cohort="nope")
    with pytest.raises(LoyaltyDataError, match="horizon"):
        mle_counts.retention_rate(0)


@pytest.mark.slow
def test_pooled_nuts_recovers_cohorts_and_shrinks_a_small_one() -> None:
    """Parameter recovery under partial pooling: six simulated cohorts of 3,000 and one of 150.
    Every true alpha and beta lies in its 99% posterior interval (alpha and beta errors are
    strongly correlated within a cohort, so 95% misses come in pairs), and pooling narrows the
    small cohort's posterior compared with fitting the cohorts independently."""
    rng = np.random.default_rng(8)
    truth = {
        f"c{k}": (float(np.exp(rng.normal(-0.3, 0.3))), float(np.exp(rng.normal(0.6, 0.3))))
        for k in range(6)
    }
    counts, _ = simulate_sbg_cohorts(truth, cohort_size=3000, periods=8, random_seed=9)
    small, _ = simulate_sbg_cohorts(
        {"small": (0.5, 1.5)}, cohort_size=150, periods=8, random_seed=10
    )
    counts["small"] = small["small"]
    truth["small"] = (0.5, 1.5)
    pooled = ShiftedBetaGeometric(pooled=True).fit(counts, method="nuts", random_seed=2)
    alone = ShiftedBetaGeometric().fit(counts, method="nuts", random_seed=2)
    for position, name in enumerate(("alpha", "beta")):
        lower, upper = np.percentile(pooled.fit.draws(name), [0.5, 99.5], axis=0)
        true = np.array([truth[cohort][position] for cohort in pooled.cohorts])
        assert np.all((lower <= true) & (true <= upper)), name
        small_sd = pooled.params.loc[("small", name), "sd"]
        assert small_sd < 0.8 * alone.params.loc[("small", name), "sd"]
    assert pooled.flags == []
