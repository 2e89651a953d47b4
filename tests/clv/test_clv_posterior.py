"""NUTS posteriors: means within two posterior SDs of the published MLEs; result contract.

MLE references: Fader, Hardie & Lee (2005) (BG/NBD on CDNOW), Fader & Hardie (2013)
(Gamma-Gamma), Fader, Hardie & Shang (2010) (BG/BB on donations). With weakly informative
priors and thousands of customers, the posterior mean must lie near the MLE.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from loyaltymodels.clv import BetaGeo, BetaGeoBetaBinom, BetaGeoResult, GammaGamma
from loyaltymodels.datasets import load_cdnow_summary, load_donations

PUBLISHED = {
    "BetaGeo": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "GammaGamma": {"p": 6.25, "q": 3.74, "gamma": 15.44},
    "BetaGeoBetaBinom": {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783},
}


def _sample(model, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(data, method="nuts", draws=300, tune=300, chains=2, random_seed=7)


@pytest.fixture(scope="module")
def bgnbd_posterior():
    return _sample(BetaGeo(), load_cdnow_summary(with_spend=True))


@pytest.fixture(scope="module")
def spend_posterior():
    return _sample(GammaGamma(), load_cdnow_summary(with_spend=True))


def _within_two_sd(result, published):
    params = result.params
    for name, value in published.items():
        assert abs(params.loc[name, "estimate"] - value) < 2 * params.loc[name, "sd"], name


def test_bgnbd_posterior_mean_near_published_mle(bgnbd_posterior):
    _within_two_sd(bgnbd_posterior, PUBLISHED["BetaGeo"])
    assert bgnbd_posterior.method == "nuts"
    assert bgnbd_posterior.n_draws == 600
    assert {"r_hat", "ess_bulk", "hdi_lower", "hdi_upper"} <= set(bgnbd_posterior.params)
    assert isinstance(bgnbd_posterior.flags, list)


def test_gamma_gamma_posterior_mean_near_published_mle(spend_posterior):
    _within_two_sd(spend_posterior, PUBLISHED["GammaGamma"])


def test_bgbb_posterior_mean_near_published_mle():
    _within_two_sd(_sample(BetaGeoBetaBinom(), load_donations()), PUBLISHED["BetaGeoBetaBinom"])


def test_posterior_predictions_carry_uncertainty(bgnbd_posterior, spend_posterior):
    alive = bgnbd_posterior.probability_alive()
    repeat = bgnbd_posterior.data["frequency"].to_numpy() > 0
    assert (alive["sd"][repeat] > 0).all()
    assert (alive["lower"] <= alive["mean"]).all() and (alive["mean"] <= alive["upper"]).all()
    clv = bgnbd_posterior.customer_lifetime_value(spend_result=spend_posterior, max_draws=100)
    assert (clv["sd"] > 0).all()
    draws = bgnbd_posterior.expected_purchases(t=10, max_draws=50, return_draws=True)
    assert draws.shape == (50, len(bgnbd_posterior.data))
    assert np.allclose(draws.mean(axis=0)[:5], draws[:, :5].mean(axis=0))


def test_result_contract_and_round_trip(bgnbd_posterior, tmp_path):
    attrs = bgnbd_posterior.idata.attrs
    assert attrs["random_seed"] == "7"
    assert attrs["config_model"] == "BetaGeo"
    assert "loyaltymodels_version" in attrs
    text = bgnbd_posterior.to_markdown()
    assert "alpha" in text and "|" in text
    path = tmp_path / "bgnbd.lmr"
    bgnbd_posterior.save(path)
    loaded = BetaGeoResult.load(path)
    assert loaded.params.equals(bgnbd_posterior.params)
    assert np.allclose(
        loaded.probability_alive(bgnbd_posterior.data)["mean"],
        bgnbd_posterior.probability_alive()["mean"],
    )


def test_sampler_trouble_is_warned_and_flagged():
    """Far too few draws: the effective sample size check must fail, warn and be recorded."""
    from loyaltymodels._pymc_fit import SamplerWarning

    data = load_cdnow_summary(with_spend=True)
    with pytest.warns(SamplerWarning):
        result = GammaGamma().fit(data, method="nuts", draws=15, tune=15, chains=2, random_seed=3)
    assert result.flags
    assert any("ESS" in flag or "R-hat" in flag for flag in result.flags)
    assert "warning:" in repr(result)
