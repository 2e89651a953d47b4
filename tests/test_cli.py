"""The command line gives the same numbers as the Python API (and the published references)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.cli import main


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Default output folders land in the test's own directory."""
    monkeypatch.chdir(tmp_path)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_nps_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """5 promoters, 3 passives, 2 detractors: NPS 30, SE 24.698 (Rocks 2016, trinomial)."""
    answers = tmp_path / "answers.csv"
    pd.DataFrame({"ltr": [10, 9, 9, 10, 9, 7, 8, 8, 3, 6]}).to_csv(answers, index=False)
    out = tmp_path / "nps"
    code, printed, _ = _run(["nps", str(answers), "--column", "ltr", "--out", str(out)], capsys)
    assert code == 0 and "report.md" in printed
    table = pd.read_csv(out / "nps.csv", index_col=0)
    assert np.isclose(table["nps"].iloc[0], 30.0)
    assert np.isclose(table["se"].iloc[0], 24.698178, atol=1e-6)


def test_bad_input_exits_2_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.csv"
    pd.DataFrame({"ltr": [10, 11]}).to_csv(answers, index=False)
    code, _, error = _run(["nps", str(answers), "--column", "score"], capsys)
    assert code == 2 and "no column 'score'" in error
    code, _, error = _run(["nps", str(tmp_path / "missing.csv"), "--column", "ltr"], capsys)
    assert code == 2 and "does not exist" in error


def test_retention_reproduces_fader_hardie_2007(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regular alpha=0.704, beta=1.182; high end alpha=0.668, beta=3.806 (Fader & Hardie 2007)."""
    from loyaltymodels.datasets import load_retention

    counts = tmp_path / "renewals.csv"
    load_retention().rename_axis("period").to_csv(counts)
    out = tmp_path / "retention"
    code, _, _ = _run(["retention", str(counts), "--out", str(out)], capsys)
    assert code == 0
    params = pd.read_csv(out / "params.csv", index_col=[0, 1])["estimate"]
    assert round(params[("regular", "alpha")], 3) == 0.704
    assert round(params[("regular", "beta")], 3) == 1.182
    assert round(params[("high_end", "alpha")], 3) == 0.668
    assert round(params[("high_end", "beta")], 3) == 3.806
    survival = pd.read_csv(out / "survival.csv")
    assert len(survival) == 2 * 13
    assert (out / "derl.csv").is_file()


def test_servqual_matches_the_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from loyaltymodels.datasets import simulate_servqual_survey
    from loyaltymodels.servqual import score

    survey = simulate_servqual_survey(120, random_seed=5)
    paths = {}
    for name in ("expectations", "perceptions"):
        paths[name] = tmp_path / f"{name}.csv"
        getattr(survey, name).rename_axis("respondent").to_csv(paths[name])
    out = tmp_path / "servqual"
    args = ["servqual", str(paths["expectations"]), str(paths["perceptions"])]
    code, _, _ = _run([*args, "--id-col", "respondent", "--out", str(out)], capsys)
    assert code == 0
    written = pd.read_csv(out / "dimensions.csv", index_col=0)["estimate"]
    expected = score(survey.expectations, survey.perceptions).dimensions["estimate"]
    np.testing.assert_allclose(written.to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_sem_reproduces_lavaan_holzinger_swineford(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lavaan 0.6 on Holzinger & Swineford: chi-square 85.306 on 24 df, CFI 0.931.

    Source: tests/reference/PUBLISHED.md.
    """
    from loyaltymodels.datasets import load_holzinger_swineford

    data = tmp_path / "hs.csv"
    load_holzinger_swineford().to_csv(data, index=False)
    model = tmp_path / "model.txt"
    model.write_text("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n")
    out = tmp_path / "sem"
    code, _, _ = _run(["sem", str(model), str(data), "--out", str(out)], capsys)
    assert code == 0
    indices = pd.read_csv(out / "fit_indices.csv", index_col=0)["value"]
    assert round(indices["chi2"], 3) == 85.306
    assert indices["df"] == 24
    assert round(indices["cfi"], 3) == 0.931
    for name in ("params", "reliability", "htmt", "path_diagram"):
        assert any(out.glob(f"{name}.*")), name
    code, _, error = _run(["sem", str(model), str(data), "--bootstrap", "20"], capsys)
    assert code == 2 and "no regressions" in error


POLITICAL_DEMOCRACY = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""


def test_sem_effects_on_political_democracy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lavaan 0.6: dem60 ~ ind60 1.483 (0.399), chi-square 38.125 (tests/reference/PUBLISHED.md)."""
    from loyaltymodels.datasets import load_political_democracy

    data = tmp_path / "pd.csv"
    load_political_democracy().to_csv(data, index=False)
    model = tmp_path / "model.txt"
    model.write_text(POLITICAL_DEMOCRACY)
    out = tmp_path / "sem"
    args = ["sem", str(model), str(data), "--bootstrap", "50", "--ci", "percentile"]
    code, _, _ = _run([*args, "--seed", "1", "--out", str(out)], capsys)
    assert code == 0
    params = pd.read_csv(out / "params.csv")
    path = params[(params["lval"] == "dem60") & (params["op"] == "~") & (params["rval"] == "ind60")]
    assert round(float(path["estimate"].iloc[0]), 3) == 1.483
    assert round(float(path["se"].iloc[0]), 3) == 0.399
    effects = pd.read_csv(out / "effects.csv")
    assert len(effects) > 0


def test_rfm_then_clv_reproduce_cdnow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CDNOW summary of Fader, Hardie & Lee (2005) from the log, then BG/NBD r=0.243,
    alpha=4.414, a=0.793, b=2.426 and Gamma-Gamma p=6.25, q=3.74 (tests/reference/PUBLISHED.md)."""
    from loyaltymodels.datasets import load_cdnow_summary, load_cdnow_transactions

    log = tmp_path / "log.csv"
    load_cdnow_transactions().to_csv(log, index=False)
    summary_path = tmp_path / "summary.csv"
    args = ["rfm", str(log), "--customer-col", "customer_id", "--datetime-col", "date"]
    args += ["--monetary-col", "spend", "--calibration-end", "1997-09-30"]
    args += ["--observation-end", "1998-06-30", "--out", str(summary_path)]
    code, _, _ = _run(args, capsys)
    assert code == 0
    summary = pd.read_csv(summary_path)
    published = load_cdnow_summary()
    # the published rows are in sample-id order: compare the distributions
    np.testing.assert_array_equal(np.sort(summary["frequency"]), np.sort(published["frequency"]))
    np.testing.assert_allclose(np.sort(summary["T"]), np.sort(published["T"]), atol=0.005)

    out = tmp_path / "clv"
    args = ["clv", str(summary_path), "--method", "mle", "--spend", "--horizon", "12"]
    code, _, _ = _run([*args, "--time-unit", "W", "--out", str(out)], capsys)
    assert code == 0
    params = pd.read_csv(out / "params.csv", index_col=0)["estimate"]
    assert [round(params[name], 3) for name in ("r", "alpha", "a", "b")] == [
        0.243,
        4.414,
        0.793,
        2.426,
    ]
    spend = pd.read_csv(out / "spend_params.csv", index_col=0)["estimate"]
    assert round(spend["p"], 2) == 6.25 and round(spend["q"], 2) == 3.74
    customers = pd.read_csv(out / "customers.csv", index_col=0)
    assert len(customers) == 2357
    assert customers["p_alive_estimate"].between(0, 1).all()
    assert (customers["clv_estimate"] >= 0).all()


HAND_WORKED_PLAN = """
customers = 1000
margin = [100.0, 0.0]         # (estimate, se): known exactly
discount_rate = 0.1
horizon = 3
retention = 0.8
retention_effect = [0.5, 0.0]

[satisfaction_effect]
reliability = [0.5, 0.0]
empathy = 0.3

[plans.reliability]
gap_change = { reliability = 0.8 }
investment = 5000.0
cost_per_period = 500.0
"""


def test_returns_reproduces_the_case_worked_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/returns.md, "A case worked by hand": value 11,296.561243711341, ROI
    0.809352950105872, payback in period 2 (closed form of the chain), and the same table as
    the Python API."""
    from loyaltymodels.returns import ExperienceReturn, ReturnInputs

    plan = tmp_path / "plan.toml"
    plan.write_text(HAND_WORKED_PLAN)
    out = tmp_path / "returns"
    code, printed, _ = _run(["returns", str(plan), "--draws", "500", "--out", str(out)], capsys)
    assert code == 0 and "report.md" in printed
    table = pd.read_csv(out / "params_reliability.csv", index_col=0)
    assert abs(table.loc["value", "estimate"] - 11296.561243711341) < 1e-8
    assert abs(table.loc["roi", "estimate"] - 0.809352950105872) < 1e-8
    assert table.loc["payback_period", "estimate"] == 2
    # every link is known exactly: every draw is the hand-worked case
    assert abs(table.loc["value", "lower"] - 11296.561243711341) < 1e-8
    assert abs(table.loc["roi", "upper"] - 0.809352950105872) < 1e-8

    inputs = ReturnInputs.from_values(
        gap_change={"reliability": 0.8},
        satisfaction_effect={"reliability": (0.5, 0.0), "empathy": 0.3},
        retention=0.8,
        retention_effect=(0.5, 0.0),
        customers=1000,
        margin=(100.0, 0.0),
        discount_rate=0.1,
        horizon=3,
        investment=5000.0,
        cost_per_period=500.0,
    )
    expected = ExperienceReturn(draws=500).fit(inputs).params
    pd.testing.assert_frame_equal(table, expected, check_exact=False, rtol=1e-12, atol=1e-8)
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    assert abs(summary.loc["reliability", "value"] - 11296.561243711341) < 1e-8
    assert summary.loc["reliability", "prob_roi_positive"] == 1.0
    report = (out / "report.md").read_text()
    assert "value 11,297" in report and "P(ROI > 0) = 1.00" in report
    assert not (out / "comparison.csv").exists()
    assert (out / "roi_distribution.png").is_file()


TWO_PLANS = """
customers = 20000
margin = 95.5
discount_rate = 0.01
horizon = "inf"
retention_counts = [19751, 23046]
retention_effect = [0.347, 0.014]

[satisfaction_effect]
reliability = [0.892, 0.022]
responsiveness = [0.555, 0.022]

[plans.reliability]
gap_change = { reliability = 0.6 }
investment = 3_000_000
cost_per_period = 20_000

[plans.responsiveness]
gap_change = { responsiveness = 0.45 }
investment = 1_200_000
"""


def test_returns_compares_two_plans_on_the_same_draws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The comparison is the second plan minus the first, draw by draw, and each plan's table
    is the API's fit with the same seed (common random numbers: Glasserman 2004, 4.2)."""
    from loyaltymodels.returns import ExperienceReturn, ReturnInputs

    plan = tmp_path / "plan.toml"
    plan.write_text(TWO_PLANS)
    out = tmp_path / "returns"
    args = ["returns", str(plan), "--draws", "400", "--seed", "3"]
    code, _, _ = _run([*args, "--confidence-level", "0.8", "--out", str(out)], capsys)
    assert code == 0
    first = pd.read_csv(out / "params_reliability.csv", index_col=0)
    second = pd.read_csv(out / "params_responsiveness.csv", index_col=0)
    comparison = pd.read_csv(out / "comparison.csv", index_col=[0, 1]).loc["responsiveness"]
    for measure in ("value", "cost", "net_value", "roi"):
        difference = second.loc[measure, "estimate"] - first.loc[measure, "estimate"]
        assert np.isclose(comparison.loc[measure, "estimate"], difference, rtol=1e-12)
        # on the same draws the mean of the differences is the difference of the means
        difference = second.loc[measure, "mean"] - first.loc[measure, "mean"]
        assert np.isclose(comparison.loc[measure, "mean"], difference, rtol=1e-9)

    links = {
        "satisfaction_effect": {"reliability": (0.892, 0.022), "responsiveness": (0.555, 0.022)},
        "retention_counts": (19751, 23046),
        "retention_effect": (0.347, 0.014),
        "customers": 20000,
        "margin": 95.5,
        "discount_rate": 0.01,
        "horizon": float("inf"),
    }
    inputs = ReturnInputs.from_values(
        gap_change={"responsiveness": 0.45}, investment=1_200_000, **links
    )
    expected = ExperienceReturn(draws=400, confidence_level=0.8).fit(inputs, random_seed=3)
    pd.testing.assert_frame_equal(
        second, expected.params, check_exact=False, rtol=1e-12, atol=1e-12
    )
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    assert list(summary.index) == ["reliability", "responsiveness"]
    for name in ("waterfall_reliability", "waterfall_responsiveness", "roi_distribution"):
        assert (out / f"{name}.png").is_file()


COVARIANCE = """[satisfaction_effect_cov]
reliability = { reliability = 0.000484, responsiveness = 0.0002 }
responsiveness = { reliability = 0.0002, responsiveness = 0.000484 }

[satisfaction_effect]"""


def test_returns_reads_the_covariance_of_the_satisfaction_effects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The difference in satisfaction change, 0.45 b_resp - 0.6 b_rel, has the variance
    (0.45^2 + 0.6^2) 0.000484 - 2 (0.45)(0.6) cov: sd 0.0128 with cov 0.0002, 0.0165 without."""
    sds = {}
    for name, text in {
        "correlated": TWO_PLANS.replace("[satisfaction_effect]", COVARIANCE),
        "independent": TWO_PLANS,
    }.items():
        plan = tmp_path / f"{name}.toml"
        plan.write_text(text)
        out = tmp_path / name
        args = ["returns", str(plan), "--draws", "2000", "--seed", "2", "--out", str(out)]
        code, _, _ = _run(args, capsys)
        assert code == 0
        comparison = pd.read_csv(out / "comparison.csv", index_col=[0, 1])
        sds[name] = comparison.loc[("responsiveness", "satisfaction_change"), "sd"]
    variance = (0.45**2 + 0.6**2) * 0.000484
    assert np.isclose(sds["correlated"], np.sqrt(variance - 2 * 0.45 * 0.6 * 0.0002), rtol=0.1)
    assert np.isclose(sds["independent"], np.sqrt(variance), rtol=0.1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("margin = 95.5", "margn = 95.5"), "unknown key 'margn' (did you mean 'margin'?)"),
        (("investment = 1_200_000", "invest = 1"), "[plans.responsiveness] has the unknown key"),
        (("gap_change = { reliability = 0.6 }", ""), "[plans.reliability] has no gap_change"),
        (("customers = 20000", "customers = -20000"), "customers must be >= 0, got -20000"),
        (('horizon = "inf"', "horizon = 2.5"), "horizon must be a whole number of periods"),
        (("reliability = 0.6", "tangibles = 0.6"), "unknown dimension(s) ['tangibles']"),
        (("retention_effect = [0.347, 0.014]", "retention_effect = [0.347, -1]"), "negative"),
        (("[plans.reliability]", "[plan.reliability]"), "unknown key 'plan'"),
        (("customers = 20000", "customers = ["), "is not valid TOML"),
        (("margin = 95.5", "# no margin"), "has no 'margin'"),
        (
            ("[satisfaction_effect]", COVARIANCE.replace("0.0002, ", "0.0003, ", 1)),
            "satisfaction_effect_cov must be finite and symmetric",
        ),
    ],
)
def test_returns_bad_plan_file_exits_2_with_the_message(
    change: tuple[str, str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(TWO_PLANS.replace(*change))
    code, _, error = _run(["returns", str(plan), "--draws", "200"], capsys)
    assert code == 2 and message in error, error
    assert not (tmp_path / "results").exists()


def test_returns_without_a_plan_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(TWO_PLANS.split("[plans.reliability]")[0])
    code, _, error = _run(["returns", str(plan)], capsys)
    assert code == 2 and "has no plan; add at least one table [plans.NAME]" in error
    code, _, error = _run(["returns", str(tmp_path / "missing.toml")], capsys)
    assert code == 2 and "does not exist" in error


def test_sem_ordered_reproduces_lavaan_wlsmv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lavaan 0.6-14 WLSMV on the cut Holzinger-Swineford items: scaled chi-square 75.154.

    Source: tests/reference/lavaan/ordinal.R (ordinal_fit.csv).
    """
    reference = Path(__file__).parent / "reference" / "lavaan"
    model = tmp_path / "model.txt"
    model.write_text("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n")
    data = str(reference / "ordinal_hs.csv")
    out = tmp_path / "sem"
    code, _, _ = _run(["sem", str(model), data, "--ordered", "all", "--out", str(out)], capsys)
    assert code == 0
    indices = pd.read_csv(out / "fit_indices.csv", index_col=0)["value"]
    assert round(indices["chi2_scaled"], 3) == 75.154
    params = pd.read_csv(out / "params.csv")
    assert (params["op"] == "|").sum() == 27
    assert "WLSMV" in (out / "report.md").read_text()
    for name in ("polychoric", "thresholds"):
        assert any(out.glob(f"{name}.*")), name
    listed = "x1,x2,x3,x4,x5,x6,x7,x8,x9"
    args = ["sem", str(model), data, "--ordered", listed, "--estimator", "ULSMV"]
    code, _, _ = _run([*args, "--group", "school", "--out", str(tmp_path / "g")], capsys)
    assert code == 0
    code, _, error = _run(["sem", str(model), data, "--ordered", "x1,x2"], capsys)
    assert code == 2 and "not in ordered=" in error
