"""Bad input raises LoyaltyDataError naming the column, the rows and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo, BetaGeoBetaBinom, GammaGamma, ParetoNBD

PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def _summary():
    return pd.DataFrame(
        {
            "customer_id": [10, 11, 12, 13],
            "frequency": [0, 2, 1, 5],
            "recency": [0.0, 10.0, 3.0, 20.0],
            "T": [30.0, 30.0, 25.0, 22.0],
            "monetary_value": [0.0, 12.0, 8.0, 20.0],
        }
    )


def _check(data, match, model=None):
    model = model or BetaGeo()
    with pytest.raises(LoyaltyDataError, match=match):
        model.with_parameters(data, PARAMS if isinstance(model, BetaGeo) else {})


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.drop(columns="recency"), r"missing column\(s\) \['recency'\]"),
        (lambda d: d.assign(T=[30.0, np.nan, 25.0, 22.0]), "'T' has missing values.*row 1"),
        (lambda d: d.assign(frequency=[0, -2, 1, 5]), "'frequency' is negative at row 1"),
        (lambda d: d.assign(frequency=[0, 2.5, 1, 5]), "'frequency' is not a whole number"),
        (lambda d: d.assign(recency=[0.0, 40.0, 3.0, 20.0]), "'recency' exceeds 'T' at row 1"),
        (lambda d: d.assign(T=[30.0, 30.0, 0.0, 22.0]), "'T' is not positive at row 2"),
        (lambda d: d.assign(customer_id=[10, 11, 11, 13]), "'customer_id' has duplicate"),
        (
            lambda d: d.assign(recency=[4.0, 10.0, 3.0, 20.0]),
            "'recency' is not 0 although 'frequency' is 0 at row 0",
        ),
        (lambda d: d.assign(T=["a", "b", "c", "d"]), "'T'"),
        (lambda d: [1, 2, 3], "must be a pandas DataFrame"),
    ],
)
def test_bad_summaries(change, match):
    _check(change(_summary()), match)


def test_predictions_validate_new_data():
    result = BetaGeo().with_parameters(_summary(), PARAMS)
    with pytest.raises(LoyaltyDataError, match="'recency' exceeds 'T' at row 0"):
        result.probability_alive(_summary().assign(recency=[50.0, 10.0, 3.0, 20.0]))


def test_gamma_gamma_bad_spend_and_no_repeat_buyers():
    spend = GammaGamma()
    params = {"p": 6.0, "q": 3.0, "gamma": 15.0}
    with pytest.raises(
        LoyaltyDataError,
        match="'monetary_value' is not positive for customers with repeat purchases at row 2",
    ):
        spend.with_parameters(_summary().assign(monetary_value=[0.0, 12.0, -8.0, 20.0]), params)
    with pytest.raises(LoyaltyDataError, match="repeat purchases"):
        spend.with_parameters(_summary().assign(frequency=0, recency=0.0), params)
    with pytest.raises(LoyaltyDataError, match="missing column"):
        spend.with_parameters(_summary().drop(columns="monetary_value"), params)


def test_bgbb_checks_discrete_histories():
    data = pd.DataFrame({"frequency": [0, 3], "recency": [0, 2], "periods": [6, 6]})
    with pytest.raises(LoyaltyDataError, match="'frequency' exceeds 'recency' at row 1"):
        BetaGeoBetaBinom().with_parameters(data, {})


def test_bad_priors_and_covariates():
    with pytest.raises(LoyaltyDataError, match="unknown parameter 'rho'"):
        BetaGeo(priors={"rho": ("Normal", {"sigma": 1.0})})
    with pytest.raises(LoyaltyDataError, match="pymc distribution name"):
        ParetoNBD(priors={"r": ("NoSuchDistribution", {})})
    with pytest.raises(LoyaltyDataError, match="list of column names"):
        BetaGeo(purchase_covariates="income")
    with pytest.raises(LoyaltyDataError, match=r"missing column\(s\) \['income'\]"):
        BetaGeo(purchase_covariates=["income"]).with_parameters(
            _summary(), {**PARAMS, "gamma_purchase": [0.1]}
        )
    with pytest.raises(LoyaltyDataError, match="constant"):
        BetaGeo(purchase_covariates=["income"]).with_parameters(
            _summary().assign(income=1.0), {**PARAMS, "gamma_purchase": [0.1]}
        )


def test_fixed_parameters_must_be_complete():
    with pytest.raises(LoyaltyDataError, match=r"missing \['b'\]"):
        BetaGeo().with_parameters(_summary(), {"r": 1.0, "alpha": 1.0, "a": 1.0})


def test_unknown_method_is_rejected():
    with pytest.raises(LoyaltyDataError, match="method must be one of"):
        BetaGeo().fit(_summary(), method="magic")


@pytest.mark.parametrize(
    "model", [BetaGeo(), ParetoNBD(), BetaGeoBetaBinom()], ids=["bgnbd", "pnbd", "bgbb"]
)
def test_no_repeat_buyers_cannot_be_fitted(model):
    """Without a single repeat purchase nothing identifies the purchase or dropout process;
    predictions at given parameters for such customers remain allowed."""
    data = _summary().assign(frequency=0, recency=0.0)
    if isinstance(model, BetaGeoBetaBinom):
        data = data.assign(T=[6, 6, 5, 4])
    with pytest.raises(LoyaltyDataError, match=r"'frequency' is 0 for every customer.*rows 0, 1"):
        model.fit(data, method="mle")
    fixed = BetaGeo().with_parameters(data.assign(T=30.0), PARAMS)
    assert (fixed.probability_alive()["mean"] == 1.0).all()
