"""HazardChurn: GLM agreement, collapsed likelihood, predictions, recovery and bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit

from loyaltymodels import LoyaltyDataError
from loyaltymodels.churn import HazardChurn, HazardChurnResult, count_patterns, log_hazard_terms
from loyaltymodels.datasets import simulate_subscription_panel
from loyaltymodels.plotting import plot_churn_effects, plot_segment_survival

COVARIATES = ["satisfaction", "complaint"]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    data, _ = simulate_subscription_panel(
        n_customers=3000, n_periods=6, segment_sd=0.0, random_seed=21
    )
    return data


def _glm(panel: pd.DataFrame, link) -> sm.GLM:
    design = pd.get_dummies(panel["period"], prefix="period", dtype=float)
    design[COVARIATES] = panel[COVARIATES].to_numpy(dtype=float)
    family = sm.families.Binomial(link=link)
    glm = sm.GLM(panel["churned"].to_numpy(dtype=float), design, family=family)
    # Newton's method: standard errors from the observed information, as ours (for the
    # non-canonical cloglog link IRLS would give the expected information instead)
    return glm.fit(method="newton", tol=1e-12, maxiter=200)


@pytest.fixture(scope="module")
def logit_mle(panel) -> HazardChurnResult:
    return HazardChurn("logit").fit(panel, covariates=COVARIATES, method="mle", random_seed=1)


@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_mle_agrees_with_statsmodels_glm(panel, logit_mle, link) -> None:
    """Flat priors: the mode on collapsed counts equals statsmodels' GLM binomial MLE on the rows
    (period dummies + covariates), estimates to 1e-5 and standard errors to 1e-3 relative."""
    result = (
        logit_mle
        if link == "logit"
        else HazardChurn(link).fit(panel, covariates=COVARIATES, method="mle", random_seed=1)
    )
    glm_link = sm.families.links.Logit() if link == "logit" else sm.families.links.CLogLog()
    glm = _glm(panel, glm_link)
    ours = result.params
    for period in range(1, 7):
        assert ours.loc[f"baseline[{period}]", "estimate"] == pytest.approx(
            glm.params[f"period_{period}"], abs=1e-5
        )
    for name in COVARIATES:
        assert ours.loc[name, "estimate"] == pytest.approx(glm.params[name], abs=1e-5)
        assert ours.loc[name, "sd"] == pytest.approx(glm.bse[name], rel=1e-3)
    assert result.n_patterns < result.n_rows / 20


def test_collapsed_likelihood_equals_row_likelihood(panel) -> None:
    """Binomial counts over patterns reproduce the Bernoulli log-likelihood over rows exactly."""
    rng = np.random.default_rng(0)
    baseline = rng.normal(-1, 0.3, size=6)
    coef = np.array([-0.2, 0.7])
    eta_rows = baseline[panel["period"].to_numpy() - 1] + panel[COVARIATES].to_numpy(float) @ coef
    y = panel["churned"].to_numpy(float)
    log_h, log_s = log_hazard_terms(eta_rows, "cloglog")
    by_rows = np.sum(y * log_h + (1 - y) * log_s)
    counted = count_patterns(panel, ["period", *COVARIATES], "churned")
    p = counted.patterns
    eta = baseline[p["period"].to_numpy() - 1] + p[COVARIATES].to_numpy(float) @ coef
    log_h, log_s = log_hazard_terms(eta, "cloglog")
    by_patterns = np.sum(p["events"] * log_h + (p["trials"] - p["events"]) * log_s)
    assert by_patterns == pytest.approx(by_rows, rel=1e-12)
    assert counted.n_rows == len(panel) and p["trials"].sum() == len(panel)


def test_log_hazard_terms_are_stable() -> None:
    eta = np.array([-800.0, -30.0, 0.0, 3.0, 30.0])
    log_h, log_s = log_hazard_terms(eta, "logit")
    np.testing.assert_allclose(np.exp(log_h[1:4]), expit(eta[1:4]))
    np.testing.assert_allclose(np.exp(log_s[1:4]), 1 - expit(eta[1:4]))
    assert np.isfinite(log_h).all() and np.isfinite(log_s).all()
    log_h, log_s = log_hazard_terms(np.array([-40.0, 0.0, 2.0]), "cloglog")
    np.testing.assert_allclose(np.exp(log_h), -np.expm1(-np.exp([-40.0, 0.0, 2.0])), rtol=1e-12)
    assert log_h[0] == pytest.approx(-40.0, abs=1e-12)


def test_effects_are_odds_ratios_with_wald_intervals(logit_mle) -> None:
    effects = logit_mle.effects(per={"satisfaction": 2})
    row = logit_mle.params.loc["satisfaction"]
    assert effects.loc["satisfaction", "ratio"] == pytest.approx(np.exp(2 * row["estimate"]))
    assert effects.loc["satisfaction", "ratio_lower"] == pytest.approx(
        np.exp(2 * row["wald_lower"])
    )
    assert effects.loc["complaint", "measure"] == "odds_ratio"
    with pytest.raises(LoyaltyDataError, match="unknown covariates"):
        logit_mle.effects(per={"age": 1})


def test_predictions_at_the_mode(panel, logit_mle) -> None:
    """Churn probabilities and survival curves equal the closed forms at the MLE."""
    rows = panel[panel["customer_id"].isin([1, 2, 3])]
    params = logit_mle.params["estimate"]
    eta = (
        params[[f"baseline[{p}]" for p in rows["period"]]].to_numpy()
        + rows[COVARIATES].to_numpy(float) @ params[COVARIATES].to_numpy()
    )
    predicted = logit_mle.predict_churn(rows)
    np.testing.assert_allclose(predicted["mean"], expit(eta), rtol=1e-10)
    survival = logit_mle.survival(rows)
    expected = pd.Series(1 - expit(eta), index=rows.index).groupby(rows["customer_id"]).cumprod()
    np.testing.assert_allclose(survival["mean"].to_numpy(), expected.to_numpy(), rtol=1e-10)
    curve = logit_mle.segment_survival({"satisfaction": 3})
    assert list(curve.index) == list(range(1, 7)) and curve["mean"].is_monotonic_decreasing
    happier = logit_mle.segment_survival({"satisfaction": 9})
    assert (happier["mean"] > curve["mean"]).all()


def test_plots_draw_on_given_axes(logit_mle) -> None:
    fig, axes = plt.subplots(1, 2)
    truth = {"satisfaction": -0.25, "complaint": 0.8}
    assert plot_churn_effects(logit_mle, truth=truth, ax=axes[0]) is axes[0]
    assert axes[0].get_xscale() == "log"
    assert (
        plot_segment_survival(logit_mle, {"satisfaction": 4}, label="satisfaction 4", ax=axes[1])
        is axes[1]
    )
    assert axes[1].get_legend().get_texts()[0].get_text() == "all, satisfaction 4"
    plt.close(fig)


def test_save_and_load(logit_mle, tmp_path) -> None:
    path = tmp_path / "hazard.lmr"
    logit_mle.save(path)
    loaded = HazardChurnResult.load(path)
    pd.testing.assert_frame_equal(loaded.params, logit_mle.params)
    assert loaded.summary().attrs["n_patterns"] == logit_mle.n_patterns


def test_survival_chunks_do_not_change_results(panel, logit_mle, monkeypatch) -> None:
    import loyaltymodels.churn.hazard_result as module

    full = logit_mle.survival(panel.head(400))
    monkeypatch.setattr(module, "_MAX_CELLS", 7)
    chunked = logit_mle.survival(panel.head(400))
    pd.testing.assert_frame_equal(full, chunked)


def _broken(panel: pd.DataFrame, kind: str) -> pd.DataFrame:
    data = panel.head(200).copy()
    sizes = data.groupby("customer_id").size()
    first = data.index[data["customer_id"] == sizes.index[sizes >= 3][0]]
    if kind == "churn after churn":
        data.loc[first[0], "churned"] = 1
    elif kind == "gap":
        data = data.drop(index=first[1])
    elif kind == "nan":
        data.loc[first[1], "satisfaction"] = np.nan
    elif kind == "not 0/1":
        data.loc[first[0], "churned"] = 2
    elif kind == "duplicate":
        data = pd.concat([data, data.loc[[first[0]]]])
    return data


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("churn after churn", r"'churned' has rows after the customer's churn at row"),
        ("gap", r"'period' is not consecutive within a customer at row"),
        ("nan", r"'satisfaction' has missing values \(NaN\) at row \d+;"),
        ("not 0/1", r"'churned' lies outside the churn indicator"),
        ("duplicate", r"repeat a customer-period"),
    ],
)
def test_bad_panels_name_the_rows(panel, kind, message) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        HazardChurn().fit(_broken(panel, kind), covariates=COVARIATES, method="mle")


def test_bad_configuration_and_prediction_input(panel, logit_mle) -> None:
    with pytest.raises(LoyaltyDataError, match="link must be"):
        HazardChurn("probit")
    with pytest.raises(LoyaltyDataError, match="segment random effects"):
        HazardChurn().fit(panel, covariates=COVARIATES, segment="plan", method="mle")
    with pytest.raises(LoyaltyDataError, match="missing column"):
        HazardChurn().fit(panel, covariates=["tenure"], method="mle")
    future = panel.head(3).assign(period=[7, 8, 9])
    with pytest.raises(LoyaltyDataError, match="not fitted on"):
        logit_mle.predict_churn(future)


@pytest.mark.slow
@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_nuts_recovers_simulated_panel(link) -> None:
    """Parameter recovery with segment random effects: 40,000 customers x 10 periods. The true
    satisfaction and complaint effects and plan deviations lie inside their 95% posterior
    intervals (allowing one miss of six), and so does the true period-1 churn probability of
    an average customer (satisfaction 7, no complaint, average plan)."""
    panel, truth = simulate_subscription_panel(n_customers=40_000, link=link, random_seed=7)
    result = HazardChurn(link).fit(
        panel, covariates=COVARIATES, segment="plan", method="nuts", random_seed=3
    )
    plan_effects = np.array(list(truth["segment_effects"].values()))
    expected = {name: truth["effects"][name] for name in COVARIATES}
    expected.update(
        {
            f"segment[{plan}]": value - plan_effects.mean()
            for plan, value in truth["segment_effects"].items()
        }
    )
    params = result.params
    misses = [
        name
        for name, value in expected.items()
        if not params.loc[name, "hdi_lower"] <= value <= params.loc[name, "hdi_upper"]
    ]
    assert len(misses) <= 1, misses
    # mixing is good; the scale of four plan effects can give an isolated divergence
    assert not any("R-hat" in flag or "ESS" in flag for flag in result.flags)
    assert int(np.asarray(result.idata["sample_stats"]["diverging"].values).sum()) <= 5
    eta = truth["baseline"][0] + plan_effects.mean() + 7 * truth["effects"]["satisfaction"]
    true_hazard = 1 / (1 + np.exp(-eta)) if link == "logit" else -np.expm1(-np.exp(eta))
    draws = result.fit.draws("baseline")[:, 0] + 7 * result.fit.draws("coef")[:, 0]
    log_h, _ = log_hazard_terms(draws, link)
    lower, upper = np.percentile(np.exp(log_h), [2.5, 97.5])
    assert lower <= true_hazard <= upper
    curve = result.segment_survival({"satisfaction": 7, "complaint": 0})
    assert set(curve["segment"]) == set(truth["segment_effects"])
