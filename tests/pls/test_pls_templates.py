"""The package's model templates run under PLS.

The loyalty template on the simulated survey (population standardized paths 0.28, 0.39, 0.45
and R² 0.72, common-factor items): PLSc recovers them within sampling error (n = 600, SE of
a path about 0.04) while plain PLS attenuates R².
"""

from __future__ import annotations

import pytest

from loyaltymodels.datasets import simulate_loyalty_survey
from loyaltymodels.pls import PLS
from loyaltymodels.sem import loyalty_model


def test_loyalty_template_under_pls_and_plsc():
    survey = simulate_loyalty_survey(600, random_seed=1)
    items = {k: v for k, v in survey.items.items() if k != "satisfaction"}
    description = loyalty_model(items)
    pls = PLS(description).fit(survey.data)
    plsc = PLS(description, consistent=True).fit(survey.data)
    for cause, truth in survey.true_paths.items():
        assert plsc.path_coefficients.loc[cause, "loyalty"] == pytest.approx(truth, abs=0.08)
    assert plsc.r2["loyalty"] == pytest.approx(survey.true_r2, abs=0.05)
    assert pls.r2["loyalty"] < plsc.r2["loyalty"] - 0.1
    mediated = PLS(loyalty_model(survey.items)).fit(survey.data)
    assert mediated.indirect_effects.loc["value", "loyalty"] > 0


def test_ecsi_template_under_pls(mobi, ecsi_description):
    result = PLS(ecsi_description).fit(mobi)
    assert result.path_coefficients.loc["image", "expectation"] == pytest.approx(
        0.50491393, abs=1e-8
    )
