"""``loyaltymodels spark``: the command-line path equals the API path; bad input exits 2."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels.cli import main
from loyaltymodels.clv import BetaGeo, GammaGamma, customer_lifetime_value, rfm_summary
from loyaltymodels.datasets import simulate_bgnbd
from tests.scale.conftest import SESSION_TIME_ZONE

COLUMNS = ["--customer-col", "customer_id", "--datetime-col", "date", "--monetary-col", "spend"]


def test_spark_command_scores_like_the_api(spark, tmp_path, capsys):
    log, truth = simulate_bgnbd(
        1_500, daily=True, transactions=True, spend=(6.25, 3.74, 15.44), random_seed=21
    )
    path = tmp_path / "log.parquet"
    log.to_parquet(path, coerce_timestamps="us")
    end = str(truth["observation_end"].date())
    arguments = ["spark", str(path), *COLUMNS, "--observation-end", end]
    arguments += ["--master", "local[2]", "--time-zone", SESSION_TIME_ZONE]
    assert main([*arguments, "--out", str(tmp_path / "out")]) == 0
    scores = pd.read_parquet(tmp_path / "out" / "scores").sort_values("customer_id")
    summary = rfm_summary(
        log,
        customer_col="customer_id",
        datetime_col="date",
        monetary_col="spend",
        observation_end=end,
        engine="pandas",
    )
    transactions = BetaGeo().fit(summary, method="mle")
    spend = GammaGamma().fit(summary, method="mle")
    np.testing.assert_allclose(
        scores["probability_alive_mean"],
        transactions.probability_alive(summary)["mean"],
        rtol=1e-6,
    )
    clv = customer_lifetime_value(transactions, spend, summary)["mean"]
    np.testing.assert_allclose(scores["customer_lifetime_value_mean"], clv, rtol=1e-5)
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "N used" in report and "session time zone" in report and "n transactions" in report
    assert (tmp_path / "out" / "report.html").is_file()
    params = pd.read_csv(tmp_path / "out" / "params.csv")
    assert params["parameter"].tolist() == ["r", "alpha", "a", "b", "p", "q", "gamma"]

    bad = log.assign(spend=np.where(log.index == 3, -50.0, log["spend"]))
    bad.to_parquet(path, coerce_timestamps="us")
    assert main([*arguments, "--out", str(tmp_path / "bad")]) == 2
    message = capsys.readouterr().err.strip()
    assert message.count("\n") == 0 and "'spend' is negative in 1 row" in message
    assert (
        main(
            [
                "spark",
                str(tmp_path / "missing"),
                *COLUMNS,
                "--time-zone",
                SESSION_TIME_ZONE,
                "--out",
                str(tmp_path / "none"),
            ]
        )
        == 2
    )
    assert "Spark failed" in capsys.readouterr().err
