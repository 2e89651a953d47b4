"""IPMA checked against its closed form.

Rescaled construct scores are an affine function of the standardized scores,
Y~_j = a_j + s_j Y_j with s_j = 100 / ((high - low) * sum_i w_ij / sd_i), so the
unstandardized total effect of j on the target t equals the standardized total effect times
s_t / s_j, and the performance is the weighted mean of the rescaled indicator means.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.plotting import plot_ipma, plot_pls_path_diagram
from loyaltymodels.pls import PLS


@pytest.fixture(scope="module")
def result(mobi, ecsi_description):
    return PLS(ecsi_description).fit(mobi)


def test_importance_and_performance_closed_form(result):
    low, high = 1.0, 10.0
    ipma = result.ipma("loyalty", scale=(low, high))
    sd = result.data.std(ddof=1)
    spec = result.spec
    scale = {c: 100.0 / ((high - low) * (result.weights[c] / sd).sum()) for c in spec.constructs}
    total = result.total_effects["loyalty"]
    assert set(ipma.params.index) == {c for c in spec.constructs if total[c] != 0}
    for construct, row in ipma.params.iterrows():
        expected = total[construct] * scale["loyalty"] / scale[construct]
        assert row["importance"] == pytest.approx(expected, rel=1e-10)
        items = list(spec.blocks[construct])
        weights = result.weights.loc[items, construct] / sd[items]
        means = (result.data[items].mean() - low) / (high - low) * 100
        assert row["performance"] == pytest.approx((weights * means).sum() / weights.sum())
    indicators = ipma.indicators
    assert indicators.groupby("construct")["rescaled_weight"].sum().to_numpy() == pytest.approx(1)
    assert ipma.negative_weights == []
    assert 0 < ipma.target_performance < 100


def test_ipma_bad_input_and_plots(result):
    with pytest.raises(LoyaltyDataError, match="not an endogenous construct"):
        result.ipma("image", scale=(1, 10))
    with pytest.raises(LoyaltyDataError, match="outside the declared scale"):
        result.ipma("loyalty", scale=(1, 7))
    ipma = result.ipma("loyalty", scale=(1, 10))
    ax = plot_ipma(ipma)
    assert len(ax.texts) == len(ipma.params)
    ax = plot_pls_path_diagram(result)
    assert "PLS path model" in ax.get_title()
    plt.close("all")
    assert np.isfinite(ipma.params.to_numpy()).all()
