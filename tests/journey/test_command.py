"""The `loyaltymodels drivers` command: same numbers as the API, one-line errors with exit 2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loyaltymodels.cli import main
from loyaltymodels.datasets import simulate_hotel_survey
from loyaltymodels.journey import key_drivers

TOUCHPOINTS = ["booking", "check_in", "room", "restaurant", "check_out"]


@pytest.fixture
def survey_file(tmp_path: Path) -> Path:
    survey = simulate_hotel_survey(600, random_seed=5).survey
    path = tmp_path / "survey.csv"
    survey[[*TOUCHPOINTS, "overall"]].to_csv(path, index=False)
    return path


def test_drivers_command_matches_the_api(
    survey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "drivers"
    code = main(
        [
            "drivers",
            str(survey_file),
            "--outcome",
            "overall",
            "--bootstrap",
            "100",
            "--seed",
            "3",
            "--scale",
            "1,10",
            "--not-experienced",
            "indicator",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    written = pd.read_csv(out / "drivers.csv", index_col=0)
    api = key_drivers(
        pd.read_csv(survey_file),
        outcome="overall",
        drivers=TOUCHPOINTS,
        bootstrap=100,
        random_seed=3,
        not_experienced="indicator",
    )
    pd.testing.assert_frame_equal(written, api.table, check_names=False, check_dtype=False)
    assert (out / "differences.csv").is_file() and (out / "drivers.png").is_file()
    assert "report.md" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scale", "1,5"], "outside the rating scale"),
        (["--scale", "one-to-ten"], "--scale must be"),
        (["--drivers", "booking,lobby"], "missing column"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    survey_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    args = ["drivers", str(survey_file), "--outcome", "overall", "--out", str(tmp_path / "o")]
    assert main([*args, *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_missing_outcome_column_exits_2(
    survey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    assert main(["drivers", str(survey_file), "--outcome", "nps", "--out", out]) == 2
    assert "nps" in capsys.readouterr().err
