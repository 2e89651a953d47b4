"""Two-stage moderation and higher-order constructs against SEMinR (stored output).

``tests/reference/data/seminr_mobi_two_stage.json`` was written by
``make_seminr_mobi_two_stage.py`` beside it (seminr 0.2.1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.pls import PLS, interaction_effects

REFERENCE = (
    Path(__file__).resolve().parents[1] / "reference" / "data" / "seminr_mobi_two_stage.json"
)
MODERATION = """
Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Loyalty =~ CUSL1 + CUSL2 + CUSL3
Loyalty ~ Image + Satisfaction + Image:Satisfaction
"""
HIGHER_ORDER = """
Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation =~ CUEX1 + CUEX2 + CUEX3
Quality =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7
Value =~ PERV1 + PERV2
Perceived =~ Quality + Value
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Perceived ~ Image + Expectation
Satisfaction ~ Image + Perceived
"""


@pytest.fixture(scope="module")
def seminr():
    return json.loads(REFERENCE.read_text())


def test_two_stage_moderation_matches_seminr(mobi, seminr):
    """Main effects agree directly; SEMinR's interaction path is per unit of the product."""
    reference = seminr["moderation"]["paths"]["Loyalty"]
    result = PLS(MODERATION).fit(mobi)
    paths = result.path_coefficients["Loyalty"]
    assert paths["Image"] == pytest.approx(reference["Image"], abs=1e-7)
    assert paths["Satisfaction"] == pytest.approx(reference["Satisfaction"], abs=1e-7)
    effects = interaction_effects(result)
    row = effects.loc["Image_x_Satisfaction -> Loyalty"]
    assert row["per_unit_product"] == pytest.approx(reference["Image*Satisfaction"], abs=1e-7)
    assert row["standardized"] == pytest.approx(paths["Image_x_Satisfaction"])
    r2 = seminr["moderation"]["r_squared"]["Loyalty"]["Rsq"]
    assert result.r2["Loyalty"] == pytest.approx(r2, abs=1e-7)
    assert result.first_stage is not None
    assert "Image_x_Satisfaction" not in result.first_stage.constructs


def test_higher_order_construct_matches_seminr(mobi, seminr):
    reference = seminr["higher_order"]
    result = PLS(HIGHER_ORDER).fit(mobi)
    for outcome, causes in reference["paths"].items():
        for cause, value in causes.items():
            if value != 0.0:
                assert result.path_coefficients.loc[cause, outcome] == pytest.approx(
                    value, abs=1e-7
                )
    for dimension in ("Quality", "Value"):
        assert result.loadings.loc[dimension, "Perceived"] == pytest.approx(
            reference["loadings"]["Perceived"][dimension], abs=1e-7
        )
    first = result.first_stage.path_coefficients
    assert first.loc["Image", "Quality"] != 0 and first.loc["Value", "Satisfaction"] != 0


def test_two_stage_limits(mobi):
    result = PLS(MODERATION).fit(mobi)
    with pytest.raises(LoyaltyDataError, match="PLSpredict is not available"):
        result.predict(10, 1)
    with pytest.raises(LoyaltyDataError, match="no interaction terms"):
        interaction_effects(PLS(HIGHER_ORDER).fit(mobi))
    with pytest.raises(LoyaltyDataError, match="mixes constructs and indicators"):
        PLS(HIGHER_ORDER.replace("Perceived =~ Quality + Value", "Perceived =~ Quality + CUSCO"))
    with pytest.raises(LoyaltyDataError, match="not a first-order construct"):
        PLS(MODERATION.replace("Image:Satisfaction", "Image:Trust"))
    with pytest.raises(LoyaltyDataError, match="dimension of a higher-order construct"):
        PLS(HIGHER_ORDER + "Satisfaction ~ Value\n").fit(mobi)
