"""The command line gives the same numbers as the Python API (and the published references)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.cli import main


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
