"""Importance-performance analysis (Martilla & James 1977) against values worked by hand."""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import importance_performance

IMP = pd.DataFrame({"w": [6, 7], "x": [5, 5], "y": [2, 4], "z": [3, 3]})
PERF = pd.DataFrame({"w": [2, 2], "x": [5, 7], "y": [6, 6], "z": [3, 4]})
# means: importance w 6.5, x 5, y 3, z 3; performance w 2, x 6, y 6, z 3.5


def test_midpoint_rule() -> None:
    """Midpoint of 1-7 = (4, 4): w (perf 2, imp 6.5) I; x (6, 5) II; y (6, 3) IV; z (3.5, 3) III."""
    ipa = importance_performance(IMP, PERF, crosshair="midpoint", scale=(1, 7))
    assert ipa.crosshair == (4.0, 4.0)
    assert ipa.table["quadrant"].tolist() == ["I", "II", "IV", "III"]
    assert ipa.table["action"].tolist() == [
        "concentrate here",
        "keep up the good work",
        "possible overkill",
        "low priority",
    ]
    assert ipa.table.loc["w", "importance"] == 6.5
    assert ipa.table.loc["x", "performance_se"] == pytest.approx(1.0)


def test_mean_and_median_rules() -> None:
    """Mean crosshair: performance (2+6+6+3.5)/4 = 4.375, importance (6.5+5+3+3)/4 = 4.375.
    Median crosshair: performance median(2, 3.5, 6, 6) = 4.75,
    importance median(3, 3, 5, 6.5) = 4."""
    mean = importance_performance(IMP, PERF, crosshair="mean")
    assert mean.crosshair == (pytest.approx(4.375), pytest.approx(4.375))
    assert mean.rule == "mean"
    median = importance_performance(IMP, PERF, crosshair="median")
    assert median.crosshair == (pytest.approx(4.75), pytest.approx(4.0))
    assert median.table["quadrant"].tolist() == ["I", "II", "IV", "III"]


def test_given_crosshair_and_points_on_the_line() -> None:
    """Points on a line count as high: x sits at (6, 5) exactly on the crosshair -> II."""
    ipa = importance_performance(IMP, PERF, crosshair=(6.0, 5.0))
    assert ipa.rule == "given"
    assert ipa.table["quadrant"].tolist() == ["I", "II", "IV", "III"]
    shifted = importance_performance(IMP, PERF, crosshair=(6.5, 5.5))
    assert shifted.table.loc["x", "quadrant"] == "III"


def test_separate_importance_scale() -> None:
    """100-point importance on a 0-100 scale with a 1-7 performance scale: midpoint (4, 50)."""
    imp = IMP * 10
    ipa = importance_performance(
        imp, PERF, crosshair="midpoint", scale=(1, 7), importance_scale=(0, 100)
    )
    assert ipa.crosshair == (4.0, 50.0)
    assert ipa.table.loc["w", "quadrant"] == "I"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"crosshair": "midpoint"}, "needs the answer scale"),
        ({"crosshair": "average"}, "crosshair must be one of"),
        ({"crosshair": (1.0, np.nan)}, "crosshair must be one of"),
        ({"crosshair": 4.0}, "crosshair must be one of"),
        ({"crosshair": (1.0, 2.0, 3.0)}, "crosshair must be one of"),
        (
            {"scale": (1, 5), "importance_scale": (1, 7)},
            r"column 'x' lies outside the performance scale",
        ),
        ({"scale": (1, 5)}, r"column 'w' lies outside the importance scale \[1, 5\] at rows 0, 1"),
    ],
)
def test_bad_options(kwargs: dict, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        importance_performance(IMP, PERF, **kwargs)


def test_bad_data() -> None:
    with pytest.raises(LoyaltyDataError, match="same attributes"):
        importance_performance(IMP[["x", "w", "y", "z"]], PERF)
    with pytest.raises(LoyaltyDataError, match=r"column 'y' has missing values"):
        importance_performance(IMP.assign(y=[2, None]), PERF)
