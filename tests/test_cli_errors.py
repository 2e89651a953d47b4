"""Every failure of every subcommand ends with exit code 2 and one line, never a traceback.

The cases are the classes of hostile input found by trying the command line as a new user would:
missing, empty, latin-1 and folder input files, garbage Parquet, header-only tables, output that
already exists, an output of the wrong kind, absurd or impossible settings, and argument errors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loyaltymodels.cli import main

MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
PLAN = """customers = 1000
margin = 100.0
discount_rate = 0.1
horizon = 3
retention = 0.8
retention_effect = 0.5

[satisfaction_effect]
reliability = 0.5

[plans.reliability]
gap_change = { reliability = 0.8 }
investment = 5000.0
"""


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of good and bad input files; the tests run inside it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.txt").write_text(MODEL)
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n")
    (tmp_path / "latin1.txt").write_bytes("visual =~ x1 + x2 + x3 # Größe\n".encode("latin-1"))
    (tmp_path / "latin1.csv").write_bytes("name,ltr\nJosé,9\nZoë,3\n".encode("latin-1"))
    (tmp_path / "latin1.toml").write_bytes(("# Größe\n" + PLAN).encode("latin-1"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "garbage.parquet").write_bytes(b"PAR1 this is not parquet at all")
    (tmp_path / "header.csv").write_text("x1,x2,x3,x4,x5,x6\n")
    (tmp_path / "answers.csv").write_text("ltr\n10\n9\n3\n7\n")
    (tmp_path / "plan.toml").write_text(PLAN)
    (tmp_path / "renewals.csv").write_text("period,a\n0,1000\n1,631\n2,468\n3,382\n")
    (tmp_path / "existing.txt").write_text("keep me")
    (tmp_path / "done").mkdir()
    (tmp_path / "done" / "report.md").write_text("an earlier run")
    pd.DataFrame(
        {"id": [1, 1, 2], "date": ["2024-01-01", "2024-01-05", "2024-01-02"], "x": [1, 2, 3]}
    ).to_csv(tmp_path / "log.csv", index=False)
    pd.DataFrame(
        {"customer_id": [1, 2], "frequency": [1, 0], "recency": [2.0, 0.0], "T": [4.0, 3.0]}
    ).to_csv(tmp_path / "summary.csv", index=False)
    return tmp_path


RFM = ["--customer-col", "id", "--datetime-col", "date", "--out", "new.csv"]

CASES = {
    # input files: missing, empty, folder, latin-1, garbage Parquet, header only
    "sem model missing": (["sem", "nope.txt", "answers.csv"], "does not exist"),
    "sem model empty": (["sem", "empty.txt", "answers.csv"], "is empty"),
    "sem model blank": (["sem", "blank.txt", "answers.csv"], "only white space"),
    "sem model latin-1": (["sem", "latin1.txt", "answers.csv"], "not UTF-8"),
    "sem model folder": (["sem", "folder", "answers.csv"], "is a folder"),
    "sem data missing": (["sem", "model.txt", "nope.csv"], "does not exist"),
    "sem data empty": (["sem", "model.txt", "empty.csv"], "is empty"),
    "sem data folder": (["sem", "model.txt", "folder"], "is a folder"),
    "sem data latin-1": (["sem", "model.txt", "latin1.csv"], "not UTF-8"),
    "sem data garbage parquet": (["sem", "model.txt", "garbage.parquet"], "Parquet"),
    "sem data header only": (["sem", "model.txt", "header.csv"], "no data rows"),
    "sem bootstrap negative": (["sem", "model.txt", "answers.csv", "--bootstrap", "-5"], "-5"),
    "rfm log missing": (["rfm", "nope.csv", *RFM], "does not exist"),
    "rfm log empty": (["rfm", "empty.csv", *RFM], "is empty"),
    "rfm log folder": (["rfm", "folder", *RFM], "is a folder"),
    "rfm log garbage parquet": (["rfm", "garbage.parquet", *RFM], "rfm"),
    "rfm log latin-1": (["rfm", "latin1.csv", *RFM], "rfm"),
    "rfm out folder": (["rfm", "log.csv", *RFM[:4], "--out", "folder"], "is a folder"),
    "rfm out excel": (["rfm", "log.csv", *RFM[:4], "--out", "x.xlsx"], "cannot write '.xlsx'"),
    "rfm out exists": (["rfm", "log.csv", *RFM[:4], "--out", "summary.csv"], "--overwrite"),
    "clv summary missing": (["clv", "nope.csv"], "does not exist"),
    "clv summary garbage": (["clv", "garbage.parquet"], "Parquet"),
    "clv summary latin-1": (["clv", "latin1.csv"], "not UTF-8"),
    "clv horizon zero": (["clv", "summary.csv", "--horizon", "0"], "--horizon"),
    "clv discount negative": (["clv", "summary.csv", "--discount-rate", "-1"], "--discount"),
    "clv margin zero": (["clv", "summary.csv", "--margin", "0"], "--margin"),
    "retention discount zero": (["retention", "renewals.csv", "--discount-rate", "0"], "> 0"),
    "retention counts empty": (["retention", "empty.csv"], "is empty"),
    "retention no period column": (["retention", "answers.csv"], "no column 'period'"),
    "servqual perceptions folder": (["servqual", "answers.csv", "folder"], "is a folder"),
    "servqual weights garbage": (
        ["servqual", "answers.csv", "answers.csv", "--weights", "garbage.parquet"],
        "Parquet",
    ),
    "nps latin-1": (["nps", "latin1.csv", "--column", "ltr"], "not UTF-8"),
    "nps header only": (["nps", "header.csv", "--column", "x1"], "no data rows"),
    "nps no column": (["nps", "answers.csv", "--column", "score"], "no column 'score'"),
    "returns plan missing": (["returns", "nope.toml"], "does not exist"),
    "returns plan empty": (["returns", "empty.txt"], "is empty"),
    "returns plan folder": (["returns", "folder"], "is a folder"),
    "returns plan latin-1": (["returns", "latin1.toml"], "latin1.toml"),
    "returns huge draws": (["returns", "plan.toml", "--draws", "100000000"], "--draws"),
    "returns zero draws": (["returns", "plan.toml", "--draws", "0"], "--draws"),
    "returns confidence": (["returns", "plan.toml", "--confidence-level", "2"], "(0, 1)"),
    # output that exists
    "out is a file": (["nps", "answers.csv", "--column", "ltr", "--out", "existing.txt"], "file"),
    "out holds output": (["nps", "answers.csv", "--column", "ltr", "--out", "done"], "--overwrite"),
    # argument errors
    "unknown subcommand": (["churn"], "invalid choice"),
    "unknown option": (["nps", "answers.csv", "--column", "ltr", "--colour"], "unrecognized"),
    "missing argument": (["nps", "answers.csv"], "--column"),
    "not a number": (["returns", "plan.toml", "--draws", "many"], "invalid int value"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_failure_is_exit_2_and_one_line(
    case: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, fragment = CASES[case]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.out + captured.err
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("loyaltymodels"), lines[0]
    assert fragment in lines[0], lines[0]
    assert (files / "done" / "report.md").read_text() == "an earlier run"
    assert (files / "existing.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    ("error", "fragment"),
    [
        (RuntimeError("boom\nsecond line"), "could not complete (RuntimeError: boom)"),
        (MemoryError(), "not enough memory"),
        (KeyError("x"), "KeyError"),
    ],
)
def test_unexpected_errors_end_the_same_way(
    error: BaseException,
    fragment: str,
    files: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Errors nobody foresaw take the same path: exit 2, one line, no traceback."""
    import loyaltymodels.metrics.nps_command as command

    def fail(args: object) -> None:
        raise error

    monkeypatch.setattr(command, "run", fail)
    code = main(["nps", "answers.csv", "--column", "ltr"])
    captured = capsys.readouterr()
    assert code == 2 and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1 and fragment in captured.err, captured.err


def test_overwrite_replaces_earlier_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["nps", "answers.csv", "--column", "ltr", "--out", "done", "--overwrite"]
    assert main(args) == 0
    assert "Net Promoter Score" in (files / "done" / "report.md").read_text()
    args = ["rfm", "log.csv", *RFM[:4], "--out", "summary.csv", "--overwrite"]
    assert main(args) == 0
    assert (files / "summary.csv.meta.json").is_file()


def test_help_exits_0_and_states_defaults_with_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clv", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "months ahead, for purchases and CLV (default: 12)" in text
    assert "discount rate per month (0.01 = 1%) (default: 0.01)" in text
    assert "(default: laplace)" in text


def test_the_installed_command_prints_no_traceback(files: Path) -> None:
    """The real process: garbage Parquet ends with exit code 2 and one line on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "loyaltymodels.cli", "sem", "model.txt", "garbage.parquet"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
