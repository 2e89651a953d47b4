"""PLSpredict against SEMinR's predict_pls (stored output), and its bad input.

``tests/reference/data/seminr_mobi_predict.json`` was written by
``make_seminr_mobi_predict.py`` beside it (seminr 0.2.1), with the same row order.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.pls import PLS

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "data" / "seminr_mobi_predict.json"
METRICS = ["rmse_pls", "mae_pls", "rmse_lm", "mae_lm"]


@pytest.fixture(scope="module")
def result(mobi, ecsi_description):
    return PLS(ecsi_description).fit(mobi)


@pytest.mark.parametrize("technique", ["direct", "earliest"])
def test_same_folds_as_seminr_give_the_same_metrics(result, technique):
    reference = json.loads(REFERENCE.read_text())[technique]
    prediction = result.predict(10, 1, technique=technique, random_seed=7)
    assert sorted(reference) == sorted(prediction.params.index)
    for item, values in reference.items():
        for metric in METRICS:
            assert prediction.params.loc[item, metric] == pytest.approx(values[metric], abs=1e-7)


def test_repeats_average_and_q2(result):
    prediction = result.predict(10, 10, random_seed=1)
    table = prediction.params
    assert prediction.repeats == 10 and prediction.technique == "earliest"
    assert (table["q2_predict"] > 0).all()  # every indicator beats the training mean
    assert table["pls_beats_lm"].dtype == bool
    one = result.predict(10, 1, random_seed=1).params
    assert not np.allclose(one["rmse_pls"], table["rmse_pls"])


def test_fewer_rows_than_folds(mobi):
    small = PLS("A =~ CUSA1 + CUSA2\nB =~ CUSL1 + CUSL2\nB ~ A").fit(mobi.head(8))
    with pytest.raises(LoyaltyDataError, match="8 rows, fewer than folds=10"):
        small.predict(10, 1)
    with pytest.raises(LoyaltyDataError, match="technique"):
        small.predict(2, 1, technique="latest")
    with pytest.raises(LoyaltyDataError, match="at least 2"):
        small.predict(1, 1)
