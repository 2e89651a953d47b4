"""Published PLS path-model results reproduced at their printed digits.

Sources (see ``tests/reference/PUBLISHED.md``; the surveys and models are copied to
``tests/reference/data/ecsi/`` so the tests need nothing outside the repository):

- SmartPLS 2.0, path weighting scheme, mode A, ECSI model with Complaints on ``mobi``: the path
  coefficients published with the semPLS R package's tests (8 decimals).
- ADANCO 2.1.1, mode B composites, factorial scheme, the bank ECSI model on
  ``satisfaction.csv``: path coefficients, R^2 and SRMR as published with cSEM's comparison
  tests (4 decimals).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loyaltymodels.pls import PLS

ECSI = Path(__file__).parent / "data" / "ecsi"


def _model(which: int) -> str:
    return (ECSI / "README.md").read_text().split("```")[which]


SMARTPLS_PATHS = {
    ("Image", "Expectation"): 0.50491393,
    ("Image", "Satisfaction"): 0.17873950,
    ("Image", "Loyalty"): 0.19575534,
    ("Expectation", "Quality"): 0.55674896,
    ("Expectation", "Value"): 0.04998839,
    ("Expectation", "Satisfaction"): 0.06252287,
    ("Quality", "Value"): 0.55830438,
    ("Quality", "Satisfaction"): 0.51202394,
    ("Value", "Satisfaction"): 0.19476510,
    ("Satisfaction", "Complaints"): 0.52806625,
    ("Satisfaction", "Loyalty"): 0.48547762,
    ("Complaints", "Loyalty"): 0.06692607,
}


def test_smartpls_mobi_paths():
    """SmartPLS 2.0 paths on mobi to 8 decimals.

    Eleven paths round exactly to the published digits. Image -> Loyalty converges to
    0.1957553331 (tolerance 1e-12) and rounds to ...33; SmartPLS printed ...34, one unit in
    the 8th decimal, from its own stopping rule (SEMinR also gives ...33). The test allows that
    one unit.
    """
    data = pd.read_csv(ECSI / "mobi.csv")
    result = PLS(_model(1), scheme="path").fit(data)
    assert result.converged
    for (cause, outcome), published in SMARTPLS_PATHS.items():
        estimate = result.path_coefficients.loc[cause, outcome]
        assert estimate == pytest.approx(published, abs=1.01e-8), (cause, outcome)
        if (cause, outcome) != ("Image", "Loyalty"):
            assert round(estimate, 8) == pytest.approx(published, abs=1e-12), (cause, outcome)


ADANCO_PATHS = {
    ("IMAG", "EXPE"): 0.6092,
    ("IMAG", "SAT"): 0.1942,
    ("IMAG", "LOY"): 0.2400,
    ("EXPE", "QUAL"): 0.8508,
    ("EXPE", "VAL"): 0.1601,
    ("EXPE", "SAT"): -0.0032,
    ("QUAL", "VAL"): 0.6427,
    ("QUAL", "SAT"): 0.1148,
    ("VAL", "SAT"): 0.6123,
    ("SAT", "LOY"): 0.5443,
}
ADANCO_R2 = {"EXPE": 0.3712, "QUAL": 0.7239, "VAL": 0.6138, "SAT": 0.7334, "LOY": 0.5401}


def test_adanco_bank_composites():
    """ADANCO 2.1.1 mode B, factorial scheme: paths and R^2 to 4 decimals."""
    data = pd.read_csv(ECSI / "satisfaction.csv")
    result = PLS(_model(3), scheme="factorial").fit(data)
    assert result.converged
    for (cause, outcome), published in ADANCO_PATHS.items():
        assert round(result.path_coefficients.loc[cause, outcome], 4) == published
    for construct, published in ADANCO_R2.items():
        assert round(result.r2[construct], 4) == published


def test_adanco_bank_srmr():
    """ADANCO's SRMR .0862 is the SRMR of the *estimated* model.

    The issue quotes it as the saturated model's; with the composite-model implied correlations
    the saturated SRMR is 0.0525 and the estimated model's (construct correlations implied by
    the paths) is 0.08618, which matches the published .0862.
    """
    data = pd.read_csv(ECSI / "satisfaction.csv")
    result = PLS(_model(3), scheme="factorial").fit(data)
    assert round(result.srmr["estimated"], 4) == 0.0862
    assert round(result.srmr["saturated"], 4) == 0.0525
