"""Degenerate data: estimates at the boundary and impossible likelihoods are flagged."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from loyaltymodels._degenerate import (
    DegenerateDataWarning,
    boundary_flags,
    log_likelihood_flags,
)
from loyaltymodels.report import AnalysisReport
from tests.bad_input.data import summary


def test_boundary_flags_name_the_parameters() -> None:
    params = pd.DataFrame(
        {"estimate": [4e8, 0.5, 0.0, -24.9, 1.2, 48.8]},
        index=["r", "alpha", "b", "baseline[1]", "baseline[2]", "flag"],
    )
    flags = boundary_flags(params, positive=["r", "alpha", "b"], coefficients=["baseline", "flag"])
    assert len(flags) == 2
    assert "r = 4e+08" in flags[0] and "b = 0" in flags[0] and "alpha" not in flags[0]
    assert "baseline[1] = -24.9" in flags[1] and "flag = 48.8" in flags[1]
    assert "baseline[2]" not in flags[1]


def test_log_likelihood_flags() -> None:
    assert log_likelihood_flags(-1000.0, 100) == []
    assert "impossible" in log_likelihood_flags(2.3e13, 300)[0]
    assert "-inf" in log_likelihood_flags(-np.inf, 300)[0]


def test_an_outlier_is_flagged_on_the_result_and_in_reports(tmp_path) -> None:
    from loyaltymodels.clv import BetaGeo

    data = summary(frequency=(0, 1e12))
    with pytest.warns(DegenerateDataWarning, match="impossible"):
        result = BetaGeo().fit(data, method="mle")
    assert any("degenerate data" in flag for flag in result.flags)
    assert "warning: degenerate data" in result.to_markdown()
    report = AnalysisReport("fit", "Fit", root=tmp_path)
    report.result(result, "params", "Parameters")
    assert "**Warning:** degenerate data" in report.write().read_text()


def test_ordinary_data_are_not_flagged() -> None:
    from loyaltymodels.clv import BetaGeo, GammaGamma

    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateDataWarning)
        assert BetaGeo().fit(summary(), method="mle").flags == []
        assert GammaGamma().fit(summary(), method="mle").flags == []
