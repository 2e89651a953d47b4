"""What each subcommand's report states and shows, against the Python API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.cli import main


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _ok(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err


def test_servqual_zone_ipa_segments_and_reliability_match_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from loyaltymodels.datasets import simulate_servqual_survey
    from loyaltymodels.servqual import (
        compare_segments,
        gap_reliability,
        importance_performance,
        score,
        zone_of_tolerance,
    )

    survey = simulate_servqual_survey(150, random_seed=4)
    survey.expectations.to_csv("desired.csv", index=False)
    survey.perceptions.assign(branch=survey.segment.to_numpy()).to_csv("p.csv", index=False)
    survey.adequate.to_csv("adequate.csv", index=False)
    survey.importance.to_csv("importance.csv", index=False)
    args = ["servqual", "desired.csv", "p.csv", "--adequate", "adequate.csv"]
    _ok([*args, "--importance", "importance.csv", "--segment-col", "branch", "--out", "o"], capsys)
    out = tmp_path / "o"
    expectations = survey.expectations.reset_index(drop=True)
    perceptions = survey.perceptions.reset_index(drop=True)
    zone = zone_of_tolerance(survey.adequate.reset_index(drop=True), expectations, perceptions)
    written = pd.read_csv(out / "zone_of_tolerance.csv", index_col=0)
    np.testing.assert_allclose(written["msa"], zone.dimensions["msa"], rtol=1e-12)
    ipa = importance_performance(survey.importance.reset_index(drop=True), perceptions)
    assert list(pd.read_csv(out / "ipa.csv", index_col=0)["quadrant"]) == list(
        ipa.table["quadrant"]
    )
    gaps = score(expectations, perceptions)
    tests = compare_segments(gaps, pd.Series(survey.segment.to_numpy())).tests
    np.testing.assert_allclose(
        pd.read_csv(out / "segment_tests.csv", index_col=0)["p_holm"], tests["p_holm"], rtol=1e-12
    )
    reliability = gap_reliability(expectations, perceptions).table
    assert pd.read_csv(out / "reliability.csv").shape[0] == len(reliability)
    for figure in ("dimension_gaps", "zone_of_tolerance", "ipa", "segment_gaps"):
        assert (out / f"{figure}.png").is_file(), figure
    report = (out / "report.md").read_text()
    assert "**N used**: 150" in report and "**Rows dropped**: 0" in report


def test_sem_report_states_n_and_rows_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Holzinger-Swineford, 301 rows, two answers removed: N used 299, 2 dropped listwise."""
    from loyaltymodels.datasets import load_holzinger_swineford

    data = load_holzinger_swineford()
    data.loc[[3, 10], "x2"] = np.nan
    data.to_csv("hs.csv", index=False)
    Path("model.txt").write_text("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n")
    _ok(["sem", "model.txt", "hs.csv", "--out", "o"], capsys)
    report = (tmp_path / "o" / "report.md").read_text()
    assert "**N used**: 299" in report
    assert "**Rows dropped**: 2 (incomplete rows (listwise deletion))" in report
    assert "**Estimator**: ML" in report or "**Estimator**: ml" in report
    assert "**Rows in the file**: 301" in report


def test_retention_report_writes_its_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flag on the fitted result appears in the report's warnings and convergence fact."""
    from loyaltymodels.churn import ShiftedBetaGeometric
    from loyaltymodels.datasets import load_retention

    load_retention().rename_axis("period").to_csv("renewals.csv")
    original = ShiftedBetaGeometric.fit_patterns

    def flagged(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(self, *args, **kwargs)
        result.flags.append("beta ran to the boundary of its range")
        return result

    monkeypatch.setattr(ShiftedBetaGeometric, "fit_patterns", flagged)
    _ok(["retention", "renewals.csv", "--out", "o"], capsys)
    report = (tmp_path / "o" / "report.md").read_text()
    assert "## Warnings (1)" in report and "beta ran to the boundary" in report
    assert "**Convergence**: 1 flag(s), see warnings" in report
    for figure in ("survival", "retention"):
        assert (tmp_path / "o" / f"{figure}.png").is_file()
    # the default MLE fit is a point fit: estimates only, said so, no degenerate interval
    survival = pd.read_csv(tmp_path / "o" / "survival.csv")
    assert "estimate" in survival.columns and "lower" not in survival.columns
    assert "point estimate, no interval" in report


def test_nps_report_states_the_excluded_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pd.DataFrame({"ltr": [10, 9, None, 3, None], "region": list("aabbb")}).to_csv(
        "answers.csv", index=False
    )
    args = ["nps", "answers.csv", "--column", "ltr", "--segment-col", "region"]
    _ok([*args, "--missing", "exclude", "--out", "o"], capsys)
    report = (tmp_path / "o" / "report.md").read_text()
    assert "**N used**: 3" in report
    assert "**Rows dropped**: 2 (missing answers excluded)" in report
    assert "2 missing answer(s) excluded" in report
    assert (tmp_path / "o" / "nps_by_segment.png").is_file()


def test_nps_pairwise_segment_tests_match_nps_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three segments, three pairs; Holm: the smallest p times 3, then the next times 2."""
    from loyaltymodels.metrics import nps_difference

    rng = np.random.default_rng(3)
    answers = pd.DataFrame(
        {"ltr": rng.integers(0, 11, 300), "region": np.repeat(["east", "north", "west"], 100)}
    )
    answers.loc[answers["region"] == "west", "ltr"] = rng.integers(6, 11, 100)
    answers.to_csv("answers.csv", index=False)
    _ok(["nps", "answers.csv", "--column", "ltr", "--segment-col", "region"], capsys)
    pairs = pd.read_csv(tmp_path / "results" / "nps" / "nps_pairwise.csv", index_col=[0, 1])
    assert len(pairs) == 3
    by_region = {name: group["ltr"] for name, group in answers.groupby("region")}
    expected = nps_difference(by_region["east"], by_region["west"])
    assert np.isclose(pairs.loc[("east", "west"), "difference"], expected["difference"].iloc[0])
    p = pairs["p_value"].sort_values()
    assert np.isclose(pairs.loc[p.index[0], "p_holm"], min(1.0, 3 * p.iloc[0]))


def test_rfm_report_with_segments_matches_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from loyaltymodels.clv import rfm_summary
    from loyaltymodels.datasets import load_cdnow_transactions
    from loyaltymodels.metrics import rfm_scores, rfm_segments

    log = load_cdnow_transactions()
    log.to_csv("log.csv", index=False)
    args = ["rfm", "log.csv", "--customer-col", "customer_id", "--datetime-col", "date"]
    args += ["--monetary-col", "spend", "--out", "s.csv", "--report", "rfm", "--segments"]
    _ok(args, capsys)
    summary = rfm_summary(
        log, customer_col="customer_id", datetime_col="date", monetary_col="spend"
    )
    expected = rfm_segments(rfm_scores(summary, age="T"))
    written = pd.read_csv(tmp_path / "rfm" / "rfm_segments.csv", index_col=0)
    assert list(written["segment"]) == [str(s) for s in expected["segment"]]
    report = (tmp_path / "rfm" / "report.md").read_text()
    assert "**Customers**: 2,357" in report and "**Transactions**: 6,919" in report
    assert (tmp_path / "rfm" / "report.html").is_file()
    assert (tmp_path / "s.csv.meta.json").is_file()


def test_xlsx_puts_every_table_into_one_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    pd.DataFrame({"ltr": [10, 9, 3, 7, 8, 10, 2, 9], "region": list("aabbbaab")}).to_csv(
        "answers.csv", index=False
    )
    args = ["nps", "answers.csv", "--column", "ltr", "--segment-col", "region", "--xlsx"]
    _ok([*args, "--out", "o"], capsys)
    sheets = pd.read_excel(tmp_path / "o" / "tables.xlsx", sheet_name=None, index_col=0)
    assert list(sheets) == ["report", "nps", "nps_by_segment", "nps_pairwise"]
    assert "N used" in sheets["report"].index
    written = pd.read_csv(tmp_path / "o" / "nps_by_segment.csv", index_col=0)
    np.testing.assert_allclose(sheets["nps_by_segment"]["se"], written["se"], rtol=1e-12)
