"""``loyaltymodels clv``: one horizon in one stated unit, ids kept, honest intervals, the facts.

The reference is the Python API with the same stated settings (Fader, Hardie & Lee 2005 for
the CDNOW estimates, reproduced in tests/test_cli.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.cli import main
from loyaltymodels.clv import BetaGeo, GammaGamma
from loyaltymodels.clv.summary_file import metadata_path, read_summary, write_summary
from loyaltymodels.clv.value import period_length
from loyaltymodels.datasets import load_cdnow_summary


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    summary = load_cdnow_summary(with_spend=True)
    summary.attrs["time_unit"] = "W"
    return summary


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err


def _in_days(summary: pd.DataFrame) -> pd.DataFrame:
    days = summary.copy()
    days[["recency", "T"]] = days[["recency", "T"]] * 7.0
    days.attrs["time_unit"] = "D"
    return days


def test_cli_clv_equals_the_api_with_the_same_settings(
    cdnow: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """12 months, 1% per month, margin 0.3: every customer's CLV and expected purchases equal
    ``customer_lifetime_value``/``expected_purchases`` of the API (the defect: purchases over 52
    weeks but CLV over 52 months)."""
    write_summary(cdnow, tmp_path / "summary.csv")
    args = ["clv", "summary.csv", "--method", "mle", "--spend", "--horizon", "12"]
    code, error = _run([*args, "--discount-rate", "0.01", "--margin", "0.3", "--out", "o"], capsys)
    assert code == 0, error
    written = pd.read_csv(tmp_path / "o" / "customers.csv", index_col="customer_id")

    result = BetaGeo().fit(cdnow, method="mle")
    spend = GammaGamma().fit(cdnow, method="mle")
    clv = result.customer_lifetime_value(
        spend_result=spend, horizon=12, discount_rate=0.01, margin=0.3, time_unit="W"
    )
    purchases = result.expected_purchases(t=12 * period_length("W"))
    assert list(written.index) == list(cdnow["customer_id"])
    np.testing.assert_allclose(written["clv_estimate"], clv["mean"].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(
        written["purchases_12_months_estimate"], purchases["mean"].to_numpy(), rtol=1e-10
    )
    # over 12 months the purchases are those of 52.18 weeks, not 12 weeks nor 52 months
    assert 0.8 < written["purchases_12_months_estimate"].mean() < 1.0


def test_the_summary_states_its_time_unit(
    cdnow: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A summary in days gives the CLV of the same summary in weeks (the defect: 6.12 instead of
    the weekly summary's value); a unit that contradicts the sidecar is refused, and a summary
    without a sidecar needs --time-unit."""
    write_summary(cdnow, tmp_path / "weeks.csv")
    write_summary(_in_days(cdnow), tmp_path / "days.parquet")
    means = {}
    for name in ("weeks.csv", "days.parquet"):
        args = ["clv", name, "--method", "mle", "--spend", "--out", name.split(".")[0]]
        code, error = _run(args, capsys)
        assert code == 0, error
        table = pd.read_csv(tmp_path / name.split(".")[0] / "customers.csv")
        means[name] = table["clv_estimate"].to_numpy()
    np.testing.assert_allclose(means["days.parquet"], means["weeks.csv"], rtol=1e-5)

    code, error = _run(["clv", "days.parquet", "--time-unit", "W", "--out", "x"], capsys)
    assert code == 2 and "is in time unit 'D'" in error and "'W' was requested" in error
    metadata_path(tmp_path / "weeks.csv").unlink()
    code, error = _run(["clv", "weeks.csv", "--out", "y"], capsys)
    assert code == 2 and "does not state its time unit" in error and "--time-unit" in error
    code, _ = _run(
        ["clv", "weeks.csv", "--time-unit", "W", "--method", "mle", "--out", "z"], capsys
    )
    assert code == 0


def test_customer_ids_are_kept(
    cdnow: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A summary whose id column is ``ID`` keeps its ids (the defect: ids 0..2356)."""
    renamed = cdnow.rename(columns={"customer_id": "ID"})
    renamed["ID"] = "C" + renamed["ID"].astype(str)
    renamed.to_csv(tmp_path / "ids.csv", index=False)
    code, error = _run(["clv", "ids.csv", "--time-unit", "W", "--method", "mle"], capsys)
    assert code == 2 and "--id-col" in error
    args = ["clv", "ids.csv", "--time-unit", "W", "--method", "mle", "--id-col", "ID"]
    code, error = _run([*args, "--out", "o"], capsys)
    assert code == 0, error
    written = pd.read_csv(tmp_path / "o" / "customers.csv")
    assert list(written["customer_id"]) == list(renamed["ID"])
    frame = read_summary(tmp_path / "ids.csv", id_col="ID", time_unit="W")
    assert list(frame["customer_id"][:2]) == ["C1", "C2"]


def test_point_fits_print_no_interval_and_laplace_gives_real_ones(
    cdnow: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A point fit (mle/map) writes estimates only and says so; the default Laplace fit gives
    intervals from the parameter uncertainty that are not degenerate, equal to the API's with
    the same seed."""
    write_summary(cdnow, tmp_path / "summary.csv")
    code, _ = _run(["clv", "summary.csv", "--method", "mle", "--out", "point"], capsys)
    assert code == 0
    point = pd.read_csv(tmp_path / "point" / "customers.csv")
    assert not any(name.endswith(("_sd", "_lower", "_upper")) for name in point.columns)
    report = (tmp_path / "point" / "report.md").read_text()
    assert "point estimate, no interval" in report

    code, _ = _run(["clv", "summary.csv", "--seed", "7", "--out", "laplace"], capsys)
    assert code == 0
    written = pd.read_csv(tmp_path / "laplace" / "customers.csv")
    repeat = cdnow["frequency"].to_numpy() > 0
    width = (written["p_alive_upper"] - written["p_alive_lower"]).to_numpy()
    assert (width[repeat] > 0).all()
    api = BetaGeo().fit(cdnow, method="laplace", random_seed=7).probability_alive()
    np.testing.assert_allclose(written["p_alive_lower"], api["lower"].to_numpy(), rtol=1e-10)
    assert "95% equal-tailed intervals" in (tmp_path / "laplace" / "report.md").read_text()


def test_report_states_the_facts_and_the_one_time_buyer_caveat(
    cdnow: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_summary(cdnow, tmp_path / "summary.csv")
    args = ["clv", "summary.csv", "--method", "mle", "--spend", "--seed", "3", "--out", "o"]
    code, _ = _run(args, capsys)
    assert code == 0
    report = (tmp_path / "o" / "report.md").read_text()
    for fact in (
        "**N used**: 2,357",
        "**Rows dropped**: 0",
        "**Spend model: Rows dropped**: 1,411",
        "**Estimator**: mle",
        "**Convergence**",
        "**Seed**: 3",
        "**Package**: loyaltymodels",
        "summary.csv`",
        "horizon = 12",
        "discount_rate = 0.01",
        "margin = 1.0",
        "12 months (= 52.18 weeks",
    ):
        assert fact in report, fact
    assert "## Warnings" in report and "one-time buyers are never counted as lost" in report
    assert (tmp_path / "o" / "report.html").is_file()
    for figure in ("probability_alive", "clv_distribution"):
        assert (tmp_path / "o" / f"{figure}.png").is_file()


def test_model_all_compares_and_recommends_on_the_holdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CDNOW log, 39-week holdout: BG/NBD log-likelihood -9582.4 and Pareto/NBD -9595.0
    (Fader, Hardie & Lee 2005); the recommendation names the lower holdout error."""
    from loyaltymodels.datasets import load_cdnow_transactions

    load_cdnow_transactions().to_csv(tmp_path / "log.csv", index=False)
    args = ["rfm", "log.csv", "--customer-col", "customer_id", "--datetime-col", "date"]
    args += ["--calibration-end", "1997-09-30", "--observation-end", "1998-06-30"]
    code, error = _run([*args, "--out", "summary.parquet"], capsys)
    assert code == 0, error
    args = ["clv", "summary.parquet", "--model", "all", "--method", "mle"]
    code, error = _run([*args, "--transactions", "log.csv"], capsys)
    assert code == 0, error
    out = tmp_path / "results" / "clv"
    table = pd.read_csv(out / "model_comparison.csv", index_col="model")
    assert round(table.loc["BG/NBD", "log_likelihood"], 1) == -9582.4
    assert round(table.loc["Pareto/NBD", "log_likelihood"], 1) == -9595.0
    best = table["holdout_mae"].idxmin()
    assert f"**Recommended: {best}**, lowest holdout error" in (out / "report.md").read_text()
    assert (out / "conditional_expectations.png").is_file()
    assert (out / "holdout_accuracy.csv").is_file()

    # tracking from the log named by --transactions equals the API's on the recommended model
    from loyaltymodels.clv import BetaGeo, ParetoNBD, read_summary, tracking

    summary = read_summary(tmp_path / "summary.parquet")
    model = {"BG/NBD": BetaGeo, "Pareto/NBD": ParetoNBD}[best]().fit(summary, method="mle")
    expected = tracking(
        model,
        load_cdnow_transactions(),
        customer_col="customer_id",
        datetime_col="date",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
    )
    written = pd.read_csv(out / "tracking.csv", index_col=0)
    np.testing.assert_allclose(
        written["expected_cumulative"], expected["expected_cumulative"], rtol=1e-10
    )
    assert written["actual_cumulative"].iloc[-1] == expected["actual_cumulative"].iloc[-1]
    assert (out / "tracking.png").is_file()


def test_the_api_refuses_a_time_unit_that_contradicts_the_summary(cdnow: pd.DataFrame) -> None:
    from loyaltymodels import LoyaltyDataError

    days = _in_days(cdnow)
    result = BetaGeo().fit(days, method="mle")
    spend = GammaGamma().fit(days, method="mle")
    with pytest.raises(LoyaltyDataError, match="time unit 'D'"):
        result.customer_lifetime_value(spend_result=spend, time_unit="W")
    in_days = result.customer_lifetime_value(spend_result=spend, time_unit="D")
    weeks = BetaGeo().fit(cdnow, method="mle")
    in_weeks = weeks.customer_lifetime_value(
        spend_result=GammaGamma().fit(cdnow, method="mle"), time_unit="W"
    )
    np.testing.assert_allclose(in_days["mean"], in_weeks["mean"], rtol=1e-5)


def test_probability_alive_matrix_plots_a_result_directly(cdnow: pd.DataFrame) -> None:
    """plot_probability_alive_matrix(result) builds the grid itself at the longest T."""
    import matplotlib.pyplot as plt

    from loyaltymodels.clv import probability_alive_grid
    from loyaltymodels.plotting import plot_probability_alive_matrix

    result = BetaGeo().fit(cdnow, method="mle")
    ax = plot_probability_alive_matrix(result)
    grid = probability_alive_grid(result, T=float(cdnow["T"].max()))
    mesh = ax.collections[0]
    np.testing.assert_allclose(
        np.ma.filled(mesh.get_array(), np.nan).ravel(), grid.to_numpy().ravel(), equal_nan=True
    )
    plt.close("all")
