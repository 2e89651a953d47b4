"""The ``sem --group/--estimator`` and ``invariance`` commands give the API's numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loyaltymodels.cli import main
from loyaltymodels.datasets import load_holzinger_swineford

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    model, data = tmp_path / "model.txt", tmp_path / "hs.csv"
    model.write_text(HS_MODEL, encoding="utf-8")
    load_holzinger_swineford().to_csv(data, index=False)
    return model, data


def test_sem_with_groups_writes_lavaan_numbers(files: tuple[Path, Path], tmp_path: Path) -> None:
    model, data = files
    out = tmp_path / "mg"
    args = ["sem", str(model), str(data), "--group", "school", "--group-equal", "loadings"]
    assert main([*args, "--out", str(out)]) == 0
    fit = pd.read_csv(out / "fit_indices.csv", index_col=0)["value"]
    assert round(fit["chi2"], 3) == 124.044 and fit["df"] == 54  # lavaan 0.6-14, metric
    assert (out / "score_tests.csv").is_file() and (out / "group_fit.csv").is_file()


def test_sem_estimator_mlr_one_group(files: tuple[Path, Path], tmp_path: Path) -> None:
    model, data = files
    out = tmp_path / "mlr"
    assert main(["sem", str(model), str(data), "--estimator", "MLR", "--out", str(out)]) == 0
    fit = pd.read_csv(out / "fit_indices.csv", index_col=0)["value"]
    assert round(fit["chi2_scaled"], 3) == 87.132  # lavaan 0.6-14, MLR


def test_invariance_command(files: tuple[Path, Path], tmp_path: Path) -> None:
    model, data = files
    out = tmp_path / "inv"
    args = ["invariance", str(model), str(data), "--group", "school", "--out", str(out)]
    assert main(args) == 0
    ladder = pd.read_csv(out / "ladder.csv").set_index("level")
    assert round(ladder.loc["metric", "delta_chi2"], 3) == 8.192
    assert (out / "score_tests_scalar.csv").is_file()


def test_invariance_bad_group_exits_2(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model, data = files
    out = tmp_path / "inv"
    code = main(["invariance", str(model), str(data), "--group", "region", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "region" in err and "Traceback" not in err


def test_invariance_over_waves_gives_the_lavaan_ladder(tmp_path: Path) -> None:
    lavaan = Path(__file__).parents[1] / "reference" / "lavaan"
    model = tmp_path / "loyalty.txt"
    model.write_text("loyalty =~ loy1 + loy2 + loy3\n", encoding="utf-8")
    out = tmp_path / "waves"
    data = lavaan / "longitudinal_data.csv"
    args = ["invariance", str(model), str(data), "--waves", "w1", "w2", "w3", "--out", str(out)]
    assert main(args) == 0
    ladder = pd.read_csv(out / "ladder.csv").set_index("level")
    assert round(ladder.loc["scalar", "chi2"], 3) == 49.189  # lavaan 0.6-14 + semTools
    assert ladder.loc["strict", "df"] == 29


def test_invariance_over_waves_needs_one_construct_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "two.txt"
    model.write_text("a =~ x1 + x2\nb =~ x3 + x4\n", encoding="utf-8")
    data = Path(__file__).parents[1] / "reference" / "lavaan" / "longitudinal_data.csv"
    out = str(tmp_path / "out")
    code = main(["invariance", str(model), str(data), "--waves", "w1", "w2", "--out", out])
    err = capsys.readouterr().err
    assert code == 2 and "--waves" in err and "Traceback" not in err
