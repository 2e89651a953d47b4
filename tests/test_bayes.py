"""The shared fitting machinery against closed forms (normal model) and scipy's MLE (gamma)."""

from __future__ import annotations

import numpy as np
import pymc as pm
import pytest
from scipy import stats

from loyaltymodels._pymc_fit import SamplerWarning, fit_pymc_model

RNG = np.random.default_rng(20261122)
Y = RNG.normal(3.0, 2.0, size=400)


@pytest.fixture(scope="module")
def flat_normal() -> pm.Model:
    with pm.Model() as model:
        mu = pm.Flat("mu")
        sigma = pm.HalfFlat("sigma")
        pm.Potential("loglik", pm.logp(pm.Normal.dist(mu, sigma), Y).sum())
    return model


def test_mle_matches_closed_form(flat_normal: pm.Model) -> None:
    """Normal MLE (closed form): mu = mean, sigma = RMS deviation, SE(mu) = sigma/sqrt(n),
    SE(sigma) = sigma/sqrt(2n)."""
    fit = fit_pymc_model(flat_normal, method="mle", var_names=["mu", "sigma"], random_seed=1)
    n = Y.size
    sigma_hat = np.sqrt(np.mean((Y - Y.mean()) ** 2))
    np.testing.assert_allclose(fit.params.loc["mu", "estimate"], Y.mean(), rtol=1e-7)
    np.testing.assert_allclose(fit.params.loc["sigma", "estimate"], sigma_hat, rtol=1e-7)
    np.testing.assert_allclose(fit.params.loc["mu", "sd"], sigma_hat / np.sqrt(n), rtol=1e-5)
    np.testing.assert_allclose(fit.params.loc["sigma", "sd"], sigma_hat / np.sqrt(2 * n), rtol=1e-5)
    loglik = stats.norm.logpdf(Y, Y.mean(), sigma_hat).sum()
    np.testing.assert_allclose(fit.max_logp, loglik, rtol=1e-10)
    assert fit.n_draws == 1
    assert fit.draws("sigma").shape == (1,)
    assert fit.flags == []
    assert fit.idata.attrs["method"] == "mle"


def test_gamma_mle_matches_scipy() -> None:
    """Gamma shape/scale MLE equals scipy.stats.gamma.fit with the location fixed at 0."""
    y = RNG.gamma(2.5, 1.7, size=600)
    with pm.Model() as model:
        shape = pm.HalfFlat("shape")
        scale = pm.HalfFlat("scale", shape=1)
        pm.Potential("loglik", pm.logp(pm.Gamma.dist(alpha=shape, beta=1 / scale[0]), y).sum())
    fit = fit_pymc_model(model, method="mle", var_names=["shape", "scale"], random_seed=2)
    a, _, scale_hat = stats.gamma.fit(y, floc=0)
    np.testing.assert_allclose(fit.params.loc["shape", "estimate"], a, rtol=1e-4)
    np.testing.assert_allclose(fit.params.loc["scale[0]", "estimate"], scale_hat, rtol=1e-4)


def test_sampling_methods_agree_with_the_flat_prior_posterior(flat_normal: pm.Model) -> None:
    """Under flat priors the posterior of mu is close to N(mean, sigma^2/n)."""
    centre, spread = Y.mean(), Y.std() / np.sqrt(Y.size)
    for method in ("nuts", "laplace", "advi"):
        fit = fit_pymc_model(
            flat_normal,
            method=method,
            var_names=["mu", "sigma"],
            random_seed=3,
            draws=300,
            tune=300,
        )
        assert abs(fit.params.loc["mu", "estimate"] - centre) < 0.5 * spread, method
        assert 0.7 < fit.params.loc["mu", "sd"] / spread < 1.3, method
        assert fit.draws("mu").shape == (600,), method


def test_unknown_method_is_an_error(flat_normal: pm.Model) -> None:
    from loyaltymodels import LoyaltyDataError

    with pytest.raises(LoyaltyDataError, match="method must be one of"):
        fit_pymc_model(flat_normal, method="gibbs", var_names=["mu"])


def test_failed_diagnostics_are_warned(flat_normal: pm.Model) -> None:
    with pytest.warns(SamplerWarning, match="ESS"):
        fit = fit_pymc_model(
            flat_normal, method="nuts", var_names=["mu"], random_seed=4, draws=20, tune=50
        )
    assert any("ESS" in flag for flag in fit.flags)
