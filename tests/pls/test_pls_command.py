"""The ``loyaltymodels pls`` command: outputs, SmartPLS numbers, and exit code 2 on bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from loyaltymodels.cli import main


@pytest.fixture()
def files(tmp_path, shared_data):
    model = tmp_path / "model.txt"
    model.write_text((shared_data / "ecsi" / "README.md").read_text().split("```")[1])
    return model, shared_data / "ecsi" / "mobi.csv", tmp_path / "out" / "pls"


def test_pls_command_writes_report_with_smartpls_paths(files, capsys):
    model, data, out = files
    code = main(
        [
            "pls",
            str(model),
            str(data),
            "--bootstrap",
            "200",
            "--ci",
            "percentile",
            "--predict",
            "5",
            "--ipma",
            "Loyalty",
            "--scale",
            "1",
            "10",
            "--seed",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    for name in [
        "report.md",
        "paths.csv",
        "bootstrap.csv",
        "plspredict.csv",
        "ipma.csv",
        "reliability.csv",
        "htmt.csv",
        "path_diagram.png",
        "ipma.png",
    ]:
        assert (out / name).is_file(), name
    paths = pd.read_csv(out / "paths.csv", index_col=0)
    assert paths.loc["Image -> Expectation", "estimate"] == pytest.approx(0.50491393, abs=1e-8)
    boot = pd.read_csv(out / "bootstrap.csv")
    assert len(boot.query("kind == 'path'")) == 12


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model": "missing.txt"}, "does not exist"),
        ({"text": "A =~ IMAG1\nB =~ CUSA1\nA ~ B\nB ~ A"}, "non-recursive"),
        ({"args": ["--ipma", "Loyalty"]}, "--ipma needs --scale"),
        ({"args": ["--predict", "1"]}, "folds must be"),
    ],
)
def test_pls_command_bad_input_exits_2(files, capsys, change, message):
    model, data, out = files
    if "text" in change:
        model.write_text(change["text"])
    model_arg = change.get("model", str(model))
    code = main(["pls", model_arg, str(data), "--out", str(out), *change.get("args", [])])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
