"""Latent growth curve models against lavaan 0.6-14's growth() on Demo.growth.

Source: tests/reference/lavaan/growth.R, its CSV output and the Demo.growth data it wrote
(lavaan version in every output row). The issue's numbers: chi2 8.069 (df 5), intercept mean
0.615 (SE 0.077), slope mean 1.006 (SE 0.042).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels.sem import SEM

LAVAAN = Path(__file__).parent / "lavaan"
LINEAR = "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4"
NAMES = {
    "chisq": "chi2",
    "logl": "loglik",
    "chisq.scaled": "chi2_scaled",
    "chisq.scaling.factor": "chi2_scaling_factor",
}


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LAVAAN / f"{name}.csv", keep_default_na=False, na_values=["NA"])
    assert (frame["lavaan_version"] == "0.6.14").all()
    return frame


@pytest.mark.parametrize(("name", "estimator"), [("linear", "ML"), ("linear_mlr", "MLR")])
def test_growth_matches_lavaan(name: str, estimator: str) -> None:
    data = pd.read_csv(LAVAAN / "demo_growth.csv")
    result = SEM(LINEAR, growth=True, estimator=estimator).fit(data)  # type: ignore[arg-type]
    fit = _read("growth_fit")
    for measure, value in fit.loc[fit["model"] == name, ["measure", "value"]].itertuples(
        index=False
    ):
        key = NAMES.get(measure, measure.replace(".", "_"))
        digits = 4 if measure == "pvalue" else 3
        assert round(result.fit_indices[key], digits) == round(value, digits), measure
    params = _read("growth_params")
    params = params[params["model"] == name]
    merged = params.merge(
        result.params.assign(rval=lambda t: t["rval"].fillna("")),
        left_on=["lhs", "op", "rhs"],
        right_on=["lval", "op", "rval"],
        how="left",
        validate="one_to_one",
    )
    np.testing.assert_allclose(merged["estimate"], merged["est"], atol=5e-4)
    free = merged["se_x"] > 0
    np.testing.assert_allclose(merged.loc[free, "se_y"], merged.loc[free, "se_x"], atol=5e-4)


def test_issue_growth_numbers() -> None:
    result = SEM(LINEAR, growth=True).fit(pd.read_csv(LAVAAN / "demo_growth.csv"))
    assert round(result.fit_indices["chi2"], 3) == 8.069 and result.fit_indices["df"] == 5
    means = result.params[result.params["op"] == "~1"].set_index("lval")
    assert round(means.loc["i", "estimate"], 3) == 0.615 and round(means.loc["i", "se"], 3) == 0.077
    assert round(means.loc["s", "estimate"], 3) == 1.006 and round(means.loc["s", "se"], 3) == 0.042
