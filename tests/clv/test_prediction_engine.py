"""The one prediction engine: equal to the draws summarised directly, whatever the chunking.

The reference is the definition itself: every customer's (draws x customers) values from the
closed forms of :mod:`loyaltymodels.clv.expectations` (Fader, Hardie & Lee 2005; Fader &
Hardie 2013), summarised by :func:`loyaltymodels.summaries.summarise_draws`. The engine
evaluates them per unique pattern in chunks; chunk size and threads must not change a number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.clv import BetaGeo, GammaGamma
from loyaltymodels.clv.expectations.bgnbd import (
    bgnbd_conditional_expected_purchases,
    bgnbd_probability_alive,
)
from loyaltymodels.clv.expectations.gamma_gamma import gamma_gamma_conditional_expected_spend
from loyaltymodels.clv.prediction import predict, predict_chunk, predict_draws
from loyaltymodels.clv.quantities import (
    customer_lifetime_value_quantity,
    expected_purchases_quantity,
    pair_draws,
    probability_alive_quantity,
    spend_draws,
)
from loyaltymodels.clv.value import period_length
from loyaltymodels.datasets import load_cdnow_summary
from loyaltymodels.summaries import summarise_draws

DRAWS = 60


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return load_cdnow_summary(with_spend=True)


BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def fits(summary):
    """BG/NBD and Gamma-Gamma at the published estimates (the engine takes any draws)."""
    return (
        BetaGeo().with_parameters(summary, BGNBD),
        GammaGamma().with_parameters(summary, SPEND),
    )


@pytest.fixture(scope="module")
def draws():
    """Paired draws with real spread: each parameter log-normal around its estimate."""
    rng = np.random.default_rng(3)
    spread = {
        name: value * np.exp(0.1 * rng.standard_normal(DRAWS))
        for name, value in {**BGNBD, **SPEND}.items()
    }
    return pair_draws(
        {name: spread[name] for name in BGNBD}, {name: spread[name] for name in SPEND}
    )


def _columns(values: np.ndarray) -> dict[str, np.ndarray]:
    return summarise_draws(values, 0.9).as_dict()


def _history(summary: pd.DataFrame) -> tuple[np.ndarray, ...]:
    return tuple(summary[c].to_numpy(dtype=float)[None, :] for c in ("frequency", "recency", "T"))


def _params(draws: dict[str, np.ndarray], names: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {name: draws[name][:, None] for name in names}


def _direct(summary, draws) -> dict[str, np.ndarray]:
    """(draws x customers) of each quantity, computed for all customers in one array."""
    tx = _params(draws, tuple(BGNBD))
    history = _history(summary)
    step = period_length("W")
    cumulative = [bgnbd_conditional_expected_purchases(*history, k * step, **tx) for k in (1, 2, 3)]
    discounted = sum(
        (cumulative[k] - (cumulative[k - 1] if k else 0.0)) / 1.05 ** (k + 1) for k in range(3)
    )
    money = gamma_gamma_conditional_expected_spend(
        summary["frequency"].to_numpy(dtype=float)[None, :],
        summary["monetary_value"].to_numpy(dtype=float)[None, :],
        **_params(spend_draws(draws), tuple(SPEND)),
    )
    return {
        "alive": bgnbd_probability_alive(*history, **tx),
        "expected": bgnbd_conditional_expected_purchases(*history, 10.0, **tx),
        "clv": 0.4 * money * discounted,
    }


def _quantities(summary, fits):
    transaction, _ = fits
    return {
        "alive": probability_alive_quantity(transaction, summary),
        "expected": expected_purchases_quantity(transaction, summary, 10.0),
        "clv": customer_lifetime_value_quantity(
            transaction,
            summary,
            horizon=3,
            discount_rate=0.05,
            margin=0.4,
            period=period_length("W"),
        ),
    }


def test_engine_equals_the_draws_summarised_directly(summary, fits, draws):
    direct = _direct(summary, draws)
    for name, quantity in _quantities(summary, fits).items():
        assert direct[name].shape == (DRAWS, len(summary))
        np.testing.assert_allclose(
            predict_draws(quantity, summary, draws), direct[name], rtol=1e-12, err_msg=name
        )
        table = predict(quantity, summary, draws, ci_prob=0.9)
        for column, expected in _columns(direct[name]).items():
            np.testing.assert_allclose(
                table[column], expected, rtol=1e-12, atol=1e-15, err_msg=f"{name} {column}"
            )
        assert table.attrs == {"ci_prob": 0.9, "ci_kind": "eti"}


@pytest.mark.parametrize("chunk_elements", [1, 7, 60, 997, 10**9])
def test_chunk_size_and_threads_do_not_change_a_number(summary, fits, draws, chunk_elements):
    for name, quantity in _quantities(summary, fits).items():
        whole = predict_chunk(quantity, summary, draws, ci_prob=0.8)
        chunked = predict_chunk(
            quantity, summary, draws, ci_prob=0.8, n_jobs=2, chunk_elements=chunk_elements
        )
        for column in whole:
            # equal up to the rounding of sums over blocks of different widths
            np.testing.assert_allclose(
                chunked[column], whole[column], rtol=1e-13, atol=1e-15, err_msg=name
            )


def test_a_chunk_of_customers_scores_as_within_the_whole(summary, fits, draws):
    """Per-chunk entry point: any slice of customers gets the rows of the whole prediction."""
    quantity = _quantities(summary, fits)["clv"]
    whole = predict_chunk(quantity, summary, draws)
    for rows in (slice(0, 1), slice(10, 600), slice(2000, None)):
        part = predict_chunk(quantity, summary.iloc[rows], draws)
        for column, values in part.items():
            np.testing.assert_allclose(values, whole[column][rows], rtol=1e-13, atol=1e-15)
    empty = predict_chunk(quantity, summary.iloc[:0], draws)
    assert all(values.size == 0 for values in empty.values())


def test_results_predict_through_the_engine_and_name_ci_prob(summary, fits):
    transaction, spend = fits
    frame = transaction.probability_alive(summary.head(50), ci_prob=0.8)
    with pytest.warns(FutureWarning, match="ci_prob"):
        former = transaction.probability_alive(summary.head(50), interval=0.8)
    pd.testing.assert_frame_equal(frame, former)
    assert frame.attrs["ci_kind"] == "eti"
    with pytest.warns(FutureWarning, match="ci_prob"):
        transaction.customer_lifetime_value(summary.head(5), spend_result=spend, interval=0.5)
