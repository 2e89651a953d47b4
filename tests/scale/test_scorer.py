"""The data-free scorer equals the results' own predictions; it pickles small; Spark agrees."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo, GammaGamma, customer_lifetime_value
from loyaltymodels.datasets import load_cdnow_summary, simulate_bgnbd
from loyaltymodels.scale import CustomerScorer, score_spark

ALL = ["probability_alive", "expected_purchases", "expected_spend", "customer_lifetime_value"]


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return load_cdnow_summary(with_spend=True)


@pytest.fixture(scope="module")
def point_fits(summary):
    return BetaGeo().fit(summary, method="mle"), GammaGamma().fit(summary, method="mle")


@pytest.fixture(scope="module")
def posterior_fits(summary):
    """Laplace approximations: 300 posterior draws of each model."""
    return (
        BetaGeo().fit(summary, method="laplace", draws=300, random_seed=11),
        GammaGamma().fit(summary, method="laplace", draws=300, random_seed=12),
    )


def _expected(transaction, spend, data, max_draws) -> dict[str, pd.DataFrame]:
    """The single-machine predictions, from the results' own methods."""
    common = {"max_draws": max_draws, "n_jobs": 1}
    return {
        "probability_alive": transaction.probability_alive(data, **common),
        "expected_purchases": transaction.expected_purchases(data, t=52.0, **common),
        "expected_spend": spend.expected_spend(data, **common),
        "customer_lifetime_value": customer_lifetime_value(transaction, spend, data, **common),
    }


def _assert_scores_equal(scores: pd.DataFrame, expected: dict[str, pd.DataFrame], ids) -> None:
    np.testing.assert_array_equal(scores["customer_id"].to_numpy(), np.asarray(ids))
    for quantity, table in expected.items():
        for summary in ("mean", "sd", "lower", "upper"):
            np.testing.assert_allclose(
                scores[f"{quantity}_{summary}"].to_numpy(),
                table[summary].to_numpy(),
                rtol=1e-12,
                atol=1e-12,
                err_msg=f"{quantity}_{summary}",
            )


@pytest.mark.parametrize("fits", ["point_fits", "posterior_fits"])
def test_scorer_equals_the_results_predictions(request, summary, fits):
    transaction, spend = request.getfixturevalue(fits)
    scorer = CustomerScorer(transaction, spend, quantities=ALL, max_draws=120, t=52.0)
    assert scorer.n_draws == (1 if fits == "point_fits" else 120)
    chunk = summary.iloc[100:700]
    expected = _expected(transaction, spend, chunk, max_draws=120)
    _assert_scores_equal(scorer.score(chunk), expected, chunk["customer_id"])
    # and after a pickle round trip (what a cluster does)
    shipped = pickle.loads(pickle.dumps(scorer))
    _assert_scores_equal(shipped.score(chunk), expected, chunk["customer_id"])


def test_scorer_pickle_size_does_not_grow_with_customers():
    """Fits on 2,000 and 200,000 customers: the scorers pickle to the same few kilobytes."""
    sizes, result_sizes = [], []
    for n_customers in (2_000, 200_000):
        data, _ = simulate_bgnbd(n_customers, random_seed=5)
        result = BetaGeo().fit(data, method="mle")
        sizes.append(len(pickle.dumps(CustomerScorer(result))))
        result_sizes.append(len(pickle.dumps(result)))
    assert abs(sizes[1] - sizes[0]) < 64
    assert max(sizes) < 20_000
    assert result_sizes[1] > 50 * sizes[1]  # the result itself carries its data


def test_scorer_keeps_at_most_max_draws(posterior_fits):
    transaction, _ = posterior_fits
    scorer = CustomerScorer(transaction, max_draws=50)
    assert scorer.n_draws == 50
    assert len(pickle.dumps(scorer)) < 40_000


def test_scorer_bad_input(point_fits, summary):
    transaction, spend = point_fits
    with pytest.raises(LoyaltyDataError, match="needs spend_result"):
        CustomerScorer(transaction, quantities=["customer_lifetime_value"])
    with pytest.raises(LoyaltyDataError, match="quantities must be"):
        CustomerScorer(transaction, quantities=["p_alive"])
    with pytest.raises(LoyaltyDataError, match="horizon t"):
        CustomerScorer(transaction, quantities=["expected_purchases"])
    with pytest.raises(LoyaltyDataError, match="transaction_result must be"):
        CustomerScorer(spend)
    with pytest.raises(LoyaltyDataError, match="customer_id"):
        CustomerScorer(transaction).score(summary.drop(columns="customer_id"))
    with pytest.raises(LoyaltyDataError, match="recency"):
        CustomerScorer(transaction).score(summary.assign(recency=-1.0))


def test_spark_scores_equal_single_machine_scores(spark, summary, posterior_fits):
    transaction, spend = posterior_fits
    frame = spark.createDataFrame(summary).repartition(3)
    scores = score_spark(
        frame, transaction, ALL, spend_result=spend, max_draws=100, t=52.0
    ).toPandas()
    scores = scores.sort_values("customer_id").reset_index(drop=True)
    assert len(scores) == len(summary)
    _assert_scores_equal(
        scores, _expected(transaction, spend, summary, 100), summary["customer_id"]
    )
    spend_only = score_spark(frame, spend, ["expected_spend"], summaries=["mean"]).toPandas()
    assert list(spend_only.columns) == ["customer_id", "expected_spend_mean"]
    with pytest.raises(LoyaltyDataError, match="must be a pyspark"):
        score_spark(summary, transaction)


def test_scorer_with_covariates_equals_the_result(summary):
    """Covariates travel with the chunk: the scorer reads them like the result does."""
    data = summary.assign(z=np.linspace(-1.0, 1.0, len(summary)))
    params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "gamma_purchase": [0.4]}
    fixed = BetaGeo(purchase_covariates=["z"]).with_parameters(data, params)
    scorer = CustomerScorer(fixed, summaries=["mean"])
    assert "z" in scorer.input_columns
    chunk = data.iloc[::7]
    np.testing.assert_allclose(
        scorer.score(chunk)["probability_alive_mean"],
        fixed.probability_alive(chunk)["mean"],
        rtol=1e-12,
    )
