"""The random-intercept cross-lagged panel model against lavaan 0.6-14.

Source: tests/reference/lavaan/panel.R (the RI-CLPM syntax there is exactly what
``cross_lagged_panel(..., random_intercepts=True)`` writes) on the stored simulated panel
panel_data.csv; compared at lavaan's printed digits.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from loyaltymodels.sem import SEM
from loyaltymodels.sem.panel import cross_lagged_panel

LAVAAN = Path(__file__).parent / "lavaan"
SCORES = {"value": ["value1", "value2", "value3"], "loyalty": ["loyalty1", "loyalty2", "loyalty3"]}


def test_template_writes_the_reference_syntax() -> None:
    script = (LAVAAN / "panel.R").read_text()
    expected = script.split('ri_clpm <- "')[1].split('"')[0]
    assert cross_lagged_panel(SCORES, random_intercepts=True) == expected


def test_ri_clpm_matches_lavaan() -> None:
    data = pd.read_csv(LAVAAN / "panel_data.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = SEM(cross_lagged_panel(SCORES, random_intercepts=True)).fit(data)
    fit = pd.read_csv(LAVAAN / "panel_fit.csv").set_index("measure")["value"]
    assert round(result.fit_indices["chi2"], 3) == round(fit["chisq"], 3)
    assert result.fit_indices["df"] == fit["df"]
    reference = pd.read_csv(LAVAAN / "panel_params.csv", keep_default_na=False, na_values=["NA"])
    paths = reference[reference["op"] == "~"]
    merged = paths.merge(
        result.params, left_on=["lhs", "op", "rhs"], right_on=["lval", "op", "rval"], how="left"
    )
    np.testing.assert_allclose(merged["estimate"], merged["est"], atol=5e-4)
    np.testing.assert_allclose(merged["se_y"], merged["se_x"], atol=5e-4)
