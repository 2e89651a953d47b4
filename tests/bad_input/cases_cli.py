"""The command line: every subcommand ends bad input with exit code 2 and one line."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tests.bad_input.corpus import Case

HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"


def _cli(folder: Path, *argv: str) -> tuple[int, str]:
    from loyaltymodels.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([*argv, "--out", str(folder / "out")] if argv[0] != "rfm" else list(argv))
    return code, err.getvalue()


def _hs(folder: Path, frame: pd.DataFrame | None = None) -> tuple[str, str]:
    from loyaltymodels.datasets import load_holzinger_swineford

    data = load_holzinger_swineford() if frame is None else frame
    (folder / "model.txt").write_text(HS, encoding="utf-8")
    data.to_csv(folder / "hs.csv", index=False)
    return str(folder / "model.txt"), str(folder / "hs.csv")


def _sem(folder: Path, change: Any, *extra: str) -> tuple[int, str]:
    from loyaltymodels.datasets import load_holzinger_swineford

    model, data = _hs(folder, change(load_holzinger_swineford()))
    return _cli(folder, "sem", model, data, *extra)


def _summary(folder: Path, change: Any, *extra: str) -> tuple[int, str]:
    from loyaltymodels.datasets import load_cdnow_summary

    summary = change(load_cdnow_summary().reset_index())
    summary.to_csv(folder / "summary.csv", index=False)
    return _cli(
        folder, "clv", str(folder / "summary.csv"), "--time-unit", "W", "--method", "mle", *extra
    )


def _nps(folder: Path, values: list[Any]) -> tuple[int, str]:
    pd.DataFrame({"ltr": values}).to_csv(folder / "answers.csv", index=False)
    return _cli(folder, "nps", str(folder / "answers.csv"), "--column", "ltr")


def _text(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


def _rfm(folder: Path, log: str, *extra: str) -> tuple[int, str]:
    path = _text(folder, "log.csv", log.encode())
    args = ["--customer-col", "id", "--datetime-col", "date", "--out", str(folder / "s.csv")]
    return _cli(folder, "rfm", path, *args, *extra)


F = "command line"
NOT_APPLICABLE: dict[str, set[str]] = {}
CASES = [
    Case(
        F,
        "missing column",
        "sem: item x3 absent",
        lambda d: _sem(d, lambda f: f.drop(columns="x3")),
        r"x3",
        "exit 2",
    ),
    Case(
        F, "wrong dtype", "nps: text answer", lambda d: _nps(d, [10, "ten", 3]), r"row 1", "exit 2"
    ),
    Case(
        F,
        "NaN",
        "nps: missing answer without --missing exclude",
        lambda d: _nps(d, [10, None, 3]),
        r"row 1",
        "exit 2",
    ),
    Case(
        F,
        "+-inf",
        "sem: item value inf",
        lambda d: _sem(d, lambda f: f.assign(x2=f["x2"].where(f.index != 4, np.inf))),
        r"'x2'.*4",
        "exit 2",
    ),
    Case(
        F,
        "negative",
        "clv: negative frequency",
        lambda d: _summary(d, lambda s: s.assign(frequency=s["frequency"].where(s.index != 2, -1))),
        r"frequency",
        "exit 2",
    ),
    Case(F, "out of range", "nps: answer 11", lambda d: _nps(d, [10, 11, 3]), r"row 1", "exit 2"),
    Case(
        F,
        "inconsistent",
        "clv: recency above T",
        lambda d: _summary(d, lambda s: s.assign(recency=s["T"] + 1.0)),
        r"recency",
        "exit 2",
    ),
    Case(
        F,
        "degenerate",
        "sem: constant item",
        lambda d: _sem(d, lambda f: f.assign(x5=1.0)),
        r"'x5'.*constant",
        "exit 2",
    ),
    Case(
        F,
        "empty",
        "sem: empty model file",
        lambda d: _cli(d, "sem", _text(d, "m.txt", b""), _hs(d)[1]),
        r"m\.txt",
        "exit 2",
    ),
    Case(
        F,
        "header only",
        "rfm: header-only log",
        lambda d: _rfm(d, "id,date\n"),
        r"log\.csv|no data|rows",
        "exit 2",
    ),
    Case(
        F,
        "bad encoding",
        "sem: latin-1 data file",
        lambda d: _cli(d, "sem", _hs(d)[0], _text(d, "l.csv", "x1\n\xe9\n".encode("latin-1"))),
        r"UTF-8",
        "exit 2",
    ),
    Case(
        F,
        "duplicate ids",
        "servqual: repeated respondent id",
        lambda d: _servqual_duplicates(d),
        r"respondent|duplicate|id",
        "exit 2",
    ),
    Case(
        F,
        "ambiguous dates",
        "rfm: 01/02/2024 next to 15/02/2024",
        lambda d: _rfm(d, "id,date\n1,01/02/2024\n1,15/02/2024\n2,03/02/2024\n"),
        r"date",
        "exit 2",
    ),
]


def _servqual_duplicates(folder: Path) -> tuple[int, str]:
    from loyaltymodels.datasets import simulate_servqual_survey

    survey = simulate_servqual_survey(20, random_seed=1)
    expectations = survey.expectations.assign(rid=[1, 1, *range(2, 20)])
    perceptions = survey.perceptions.assign(rid=[1, 1, *range(2, 20)])
    expectations.to_csv(folder / "e.csv", index=False)
    perceptions.to_csv(folder / "p.csv", index=False)
    return _cli(folder, "servqual", str(folder / "e.csv"), str(folder / "p.csv"), "--id-col", "rid")
