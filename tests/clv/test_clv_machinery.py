"""Pattern compression, draw thinning and summaries, covariate effects (closed forms)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo, ParetoNBD, compress_patterns
from loyaltymodels.clv.expectations import bgnbd_probability_alive
from loyaltymodels.clv.result import run_chunks, thin_draws
from loyaltymodels.datasets import load_cdnow_summary
from loyaltymodels.summaries import summarise_draws


def test_compress_patterns_round_trips_and_counts():
    data = load_cdnow_summary()
    patterns = compress_patterns(data, ["frequency", "recency", "T"])
    assert patterns.weights.sum() == len(data)
    for column in ("frequency", "recency", "T"):
        assert np.array_equal(patterns.values[column][patterns.inverse], data[column].to_numpy())
    weighted = compress_patterns(data.assign(w=2.0), ["frequency"], data.assign(w=2.0)["w"])
    assert weighted.weights.sum() == 2 * len(data)


def test_summaries_match_numpy_quantiles():
    values = np.random.default_rng(1).gamma(2.0, size=(537, 40))
    table = summarise_draws(values, 0.9).as_array()
    assert np.allclose(table[0], values.mean(axis=0))
    assert np.allclose(table[1], values.std(axis=0, ddof=1))
    assert np.allclose(table[2:], np.quantile(values, [0.05, 0.95], axis=0))


def test_thinning_and_thread_arguments():
    draws = {"r": np.arange(2000.0)}
    assert len(thin_draws(draws, 500)["r"]) == 500
    assert thin_draws(draws, None)["r"] is draws["r"]
    assert run_chunks(lambda start: start * 2, [0, 1, 2], -1) == [0, 2, 4]
    with pytest.raises(LoyaltyDataError, match="n_jobs"):
        run_chunks(lambda start: start, [0, 1], 0)


def test_bgnbd_covariates_scale_alpha_a_and_b():
    """Fader & Hardie (2007): alpha_i = alpha exp(-g1 z), a_i = a exp(g2 z), b_i = b exp(g3 z)."""
    data = pd.DataFrame(
        {
            "customer_id": [1, 2],
            "frequency": [2, 2],
            "recency": [20.0, 20.0],
            "T": [30.0, 30.0],
            "z": [0.0, 1.0],
        }
    )
    params = {"r": 0.5, "alpha": 4.0, "a": 0.8, "b": 2.5}
    coefficients = {"gamma_purchase": [0.3], "gamma_dropout_a": [-0.2], "gamma_dropout_b": [0.4]}
    model = BetaGeo(purchase_covariates=["z"], dropout_covariates=["z"])
    result = model.with_parameters(data, {**params, **coefficients})
    assert "gamma_purchase[z]" in result.params.index
    alive = result.probability_alive()["mean"].to_numpy()
    expected = bgnbd_probability_alive(
        2, 20.0, 30.0, 0.5, 4.0 * np.exp(-0.3), 0.8 * np.exp(-0.2), 2.5 * np.exp(0.4)
    )
    assert alive[0] == pytest.approx(bgnbd_probability_alive(2, 20.0, 30.0, **params))
    assert alive[1] == pytest.approx(expected, rel=1e-12)
    # the log-likelihood applies the same per-customer parameters
    plain = BetaGeo().with_parameters(
        data.iloc[[1]],
        {**params, "alpha": 4.0 * np.exp(-0.3), "a": 0.8 * np.exp(-0.2), "b": 2.5 * np.exp(0.4)},
    )
    first = BetaGeo().with_parameters(data.iloc[[0]], params)
    assert result.log_likelihood == pytest.approx(plain.log_likelihood + first.log_likelihood)


def test_pareto_covariates_need_their_coefficients():
    data = load_cdnow_summary().assign(z=lambda d: (d["frequency"] > 1).astype(float))
    model = ParetoNBD(dropout_covariates=["z"])
    assert model.var_names() == ["r", "alpha", "s", "beta", "gamma_dropout"]
    result = model.with_parameters(
        data, {"r": 0.55, "alpha": 10.6, "s": 0.6, "beta": 11.7, "gamma_dropout": [0.0]}
    )
    fixed = ParetoNBD().with_parameters(data, {"r": 0.55, "alpha": 10.6, "s": 0.6, "beta": 11.7})
    assert result.log_likelihood == pytest.approx(fixed.log_likelihood, rel=1e-12)
