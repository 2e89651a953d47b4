"""The "Adding a model" recipe of CONTRIBUTING.md: its example model fits through the core.

Reference: the closed-form maximum-likelihood estimate of an exponential rate with censoring,
rate = churners / total exposure, standard error rate / sqrt(churners) (Lawless 2003, 2.2).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loyaltymodels._bayes_fit import fit_configuration
from loyaltymodels.churn.exponential import ExponentialChurn

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    rng = np.random.default_rng(12)
    lifetimes = rng.exponential(1 / 0.2, size=2000)
    periods = np.minimum(np.ceil(lifetimes), 8.0)
    return pd.DataFrame({"periods": periods, "churned": (lifetimes <= 8.0).astype(int)})


def test_mle_through_the_core_matches_the_closed_form(customers: pd.DataFrame) -> None:
    fit = ExponentialChurn().fit(customers, method="mle", random_seed=3)
    churners = customers["churned"].sum()
    rate = churners / customers["periods"].sum()
    row = fit.params.loc["rate"]
    assert row["estimate"] == pytest.approx(rate, rel=1e-6)
    assert row["sd"] == pytest.approx(rate / np.sqrt(churners), rel=1e-3)
    assert fit.params.attrs["ci_kind"] == "wald"
    expected = churners * np.log(rate) - rate * customers["periods"].sum()
    assert fit.log_likelihood == pytest.approx(expected, rel=1e-9)
    assert fit_configuration(fit.idata.attrs) == {"model": "ExponentialChurn"}


def test_the_recipe_names_the_example_file() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = re.search(r"## Adding a model\n(.*?)(\n## |\Z)", text, re.S)
    assert section is not None
    assert "loyaltymodels/churn/exponential.py" in section.group(1)
    source = (ROOT / "loyaltymodels/churn/exponential.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 80
