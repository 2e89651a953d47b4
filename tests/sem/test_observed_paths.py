"""Path models on observed variables: regressions are reported as ``~`` and mediate effects.

Reference: in a just-identified recursive path model the maximum-likelihood path coefficients
equal the ordinary least-squares coefficients of each equation (statsmodels OLS, peer), and the
indirect effect of x on y through m is the product a*b (Bollen 1987).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from loyaltymodels.sem import SEM


@pytest.fixture(scope="module")
def mediation():
    rng = np.random.default_rng(5)
    n = 400
    x = rng.normal(size=n)
    m = 0.6 * x + rng.normal(size=n)
    y = 0.5 * m + 0.2 * x + rng.normal(size=n)
    data = pd.DataFrame({"x": x, "m": m, "y": y})
    return data, SEM("m ~ x\ny ~ m + x").fit(data)


def test_observed_regressions_are_reported_as_regressions(mediation):
    _, result = mediation
    regressions = result.params[result.params["op"] == "~"]
    assert sorted(zip(regressions["lval"], regressions["rval"], strict=True)) == [
        ("m", "x"),
        ("y", "m"),
        ("y", "x"),
    ]
    assert not (result.params["op"] == "=~").any()


def test_path_coefficients_equal_ols(mediation):
    data, result = mediation
    params = result.params.set_index(["lval", "op", "rval"])["estimate"]
    ols_m = sm.OLS(data["m"], sm.add_constant(data[["x"]])).fit().params
    ols_y = sm.OLS(data["y"], sm.add_constant(data[["m", "x"]])).fit().params
    assert params[("m", "~", "x")] == pytest.approx(ols_m["x"], abs=1e-5)
    assert params[("y", "~", "m")] == pytest.approx(ols_y["m"], abs=1e-5)
    assert params[("y", "~", "x")] == pytest.approx(ols_y["x"], abs=1e-5)


def test_indirect_effect_through_an_observed_mediator(mediation):
    _, result = mediation
    params = result.params.set_index(["lval", "op", "rval"])["estimate"]
    effects = result.effects(bootstrap=200, random_seed=1).params.set_index(
        ["from", "to", "effect"]
    )
    indirect = effects.loc[("x", "y", "indirect"), "estimate"]
    assert indirect == pytest.approx(params[("m", "~", "x")] * params[("y", "~", "m")], rel=1e-8)
    total = effects.loc[("x", "y", "total"), "estimate"]
    assert total == pytest.approx(indirect + params[("y", "~", "x")], rel=1e-8)
