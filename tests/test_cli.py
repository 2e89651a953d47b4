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
    """lavaan 0.6 on Holzinger & Swineford: chi-square 85.306 on 24 df, CFI 0.931 (PUBLISHED.md)."""
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
    """lavaan 0.6: dem60 ~ ind60 1.483 (0.399), chi-square 38.125 (PUBLISHED.md)."""
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
    alpha=4.414, a=0.793, b=2.426 and Gamma-Gamma p=6.25, q=3.74 (PUBLISHED.md)."""
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
    assert customers["p_alive_mean"].between(0, 1).all()
    assert (customers["clv_mean"] >= 0).all()
