"""Maximum likelihood by NumPy gradients (BG/NBD, Gamma-Gamma), without building a PyMC model.

References: the gradients against central finite differences of the published likelihoods
(FHL 2005 eq. 6; Fader & Hardie 2013 eq. 3); the estimates and standard errors against the
PyMC path (L-BFGS on PyTensor's automatic gradient, Hessian from it), an independent
implementation of the same estimator; the published numbers themselves are checked in
tests/reference/test_clv_published.py.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from loyaltymodels._pymc_fit import fit_pymc_model
from loyaltymodels.clv import BetaGeo, GammaGamma, compress_patterns
from loyaltymodels.clv.likelihoods import (
    bgnbd_loglik,
    bgnbd_loglik_and_gradient,
    gamma_gamma_loglik,
    gamma_gamma_loglik_and_gradient,
)
from loyaltymodels.datasets import load_cdnow_summary


def _central_differences(function, theta, step=1e-6):
    return np.array(
        [
            (function(theta * (1 + step * e)) - function(theta * (1 - step * e)))
            / (2 * step * theta[i])
            for i, e in enumerate(np.eye(theta.size))
        ]
    )


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary(with_spend=True)


@pytest.mark.parametrize(
    "theta", [(0.243, 4.414, 0.793, 2.426), (0.25, 4.0, 0.8, 2.5), (2.0, 0.5, 3.0, 0.3)]
)
def test_bgnbd_gradient_equals_finite_differences(cdnow, theta):
    theta = np.array(theta)
    frequency = np.append(cdnow["frequency"].to_numpy(float), 200.0)  # the x=200 case of FH
    recency = np.append(cdnow["recency"].to_numpy(float), 38.0)
    T = np.append(cdnow["T"].to_numpy(float), 40.0)
    weights = np.random.default_rng(3).integers(1, 5, frequency.size).astype(float)

    def total(values):
        return float(weights @ bgnbd_loglik(frequency, recency, T, *values))

    value, gradient = bgnbd_loglik_and_gradient(frequency, recency, T, weights)(theta)
    assert value == pytest.approx(total(theta), rel=1e-12)
    np.testing.assert_allclose(gradient, _central_differences(total, theta), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("theta", [(6.25, 3.74, 15.44), (0.5, 8.0, 2.0)])
def test_gamma_gamma_gradient_equals_finite_differences(cdnow, theta):
    theta = np.array(theta)
    repeat = cdnow[cdnow["frequency"] > 0]
    frequency = repeat["frequency"].to_numpy(float)
    spend = repeat["monetary_value"].to_numpy(float)
    weights = np.ones(frequency.size)

    def total(values):
        return float(np.sum(gamma_gamma_loglik(frequency, spend, *values)))

    value, gradient = gamma_gamma_loglik_and_gradient(frequency, spend, weights)(theta)
    assert value == pytest.approx(total(theta), rel=1e-12)
    np.testing.assert_allclose(gradient, _central_differences(total, theta), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("model", [BetaGeo(), GammaGamma()], ids=["BetaGeo", "GammaGamma"])
def test_numpy_mle_equals_the_pymc_path(cdnow, model):
    """Same optimum and standard errors as L-BFGS on the PyMC model's automatic gradient."""
    result = model.fit(cdnow, method="mle", random_seed=1)
    patterns = model._compress(model._rows_to_fit(model._validate(cdnow)))
    reference = fit_pymc_model(
        model.build_model(patterns, flat=True),
        method="mle",
        var_names=model.var_names(),
        random_seed=1,
    )
    np.testing.assert_allclose(result.params["estimate"], reference.params["estimate"], rtol=1e-5)
    np.testing.assert_allclose(result.params["sd"], reference.params["sd"], rtol=1e-3)
    assert result.max_logp == pytest.approx(reference.max_logp, abs=1e-6)
    assert result.log_likelihood == pytest.approx(result.max_logp, abs=1e-6)


def test_numpy_mle_result_keeps_the_fit_contract(cdnow):
    result = BetaGeo().fit(cdnow, method="mle", random_seed=7)
    assert result.method == "mle"
    assert list(result.params.columns) == [
        "estimate",
        "sd",
        "wald_lower",
        "wald_upper",
        "r_hat",
        "ess_bulk",
        "ess_tail",
    ]
    assert result.params.attrs == {"ci_prob": 0.95, "ci_kind": "wald"}
    z = (result.params["wald_upper"] - result.params["estimate"]) / result.params["sd"]
    np.testing.assert_allclose(z, 1.959964, rtol=1e-6)
    attrs = result.idata.attrs
    assert attrs["method"] == "mle"
    assert attrs["random_seed"] == "7"
    assert attrs["config_model"] == "BetaGeo"
    assert "loyaltymodels_version" in attrs
    posterior = result.idata["posterior"]
    assert posterior.sizes["chain"] == 1 and posterior.sizes["draw"] == 1
    assert float(posterior["r"].values.squeeze()) == result.params.loc["r", "estimate"]
    assert result.flags == []


def test_covariates_still_fit_through_pymc():
    """Covariate coefficients have no NumPy gradient: the model declines the fast path."""
    model = BetaGeo(purchase_covariates=["z"])
    frame = pd.DataFrame(
        {"frequency": [0, 1, 2], "recency": [0.0, 3.0, 5.0], "T": [6.0, 6.0, 6.0], "z": [0, 1, 0]}
    )
    assert model.loglik_and_gradient(model._compress(frame)) is None
    assert BetaGeo().loglik_and_gradient(BetaGeo()._compress(frame)) is not None


def test_importing_the_clv_models_does_not_import_pymc():
    """A maximum-likelihood fit needs neither PyMC, PyTensor nor ArviZ: they load on demand."""
    code = (
        "import sys\n"
        "from loyaltymodels.clv import BetaGeo\n"
        "from loyaltymodels.datasets import load_cdnow_summary\n"
        "BetaGeo().fit(load_cdnow_summary(), method='mle')\n"
        "print(sorted(m for m in ('pymc', 'pytensor', 'arviz') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_pattern_codes_equal_grouping():
    """Hash-combined column codes give the groups of DataFrame.groupby, in first-seen order,
    including when the product of the column cardinalities exceeds int64 (re-factorised)."""
    rng = np.random.default_rng(11)
    n = 50_000
    frame = pd.DataFrame(
        {
            "frequency": rng.integers(0, 5, n),
            "recency": rng.integers(0, 3, n) / 7.0,
            "T": rng.choice([10.0, 10.5], n),
        }
    )
    wide = pd.DataFrame({f"c{i}": rng.integers(0, 40_000, n) for i in range(5)})
    for data in (frame, wide):
        columns = list(data.columns)
        expected = data.groupby(columns, sort=False).ngroup().to_numpy()
        patterns = compress_patterns(data, columns)
        np.testing.assert_array_equal(patterns.inverse, expected)
        np.testing.assert_array_equal(patterns.weights, np.bincount(expected))


def test_a_likelihood_without_a_maximum_is_flagged_and_warned():
    """log(theta) increases without bound: the estimate runs off and the fit says so."""
    from loyaltymodels._optimise import fit_positive_mle
    from loyaltymodels._pymc_fit import SamplerWarning

    with pytest.warns(SamplerWarning, match="edge of the parameter space"):
        fit = fit_positive_mle(
            lambda theta: (float(np.log(theta[0])), np.array([1 / theta[0]])),
            ["rate"],
            random_seed=1,
        )
    assert any("edge" in flag for flag in fit.flags)
    assert np.isnan(fit.params.loc["rate", "sd"])


def test_fixed_parameters_record_their_configuration_as_typed_json(cdnow):
    from loyaltymodels._bayes_fit import fit_configuration

    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    result = BetaGeo().with_parameters(cdnow, published)
    attrs = result.idata.attrs
    assert attrs["method"] == "fixed"
    assert fit_configuration(attrs) == {
        "model": "BetaGeo",
        "fixed_parameters": True,
        "covariates": {"purchase": [], "dropout": []},
    }
    assert result.params.attrs["ci_kind"] == "wald"
    assert result.log_likelihood == pytest.approx(-9582.4, abs=0.05)
