"""Zone of tolerance (Parasuraman, Zeithaml & Berry 1994) against values worked by hand."""

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.servqual import Instrument, zone_of_tolerance

TWO = Instrument({"A": ["a1", "a2"], "B": ["b1"]}, scale=(1, 9))
ADEQUATE = pd.DataFrame({"a1": [4, 5, 3, 6], "a2": [5, 5, 4, 4], "b1": [3, 6, 5, 4]})
DESIRED = pd.DataFrame({"a1": [7, 8, 6, 8], "a2": [8, 7, 6, 7], "b1": [6, 7, 8, 9]})
PERCEIVED = pd.DataFrame({"a1": [3, 6, 8, 7], "a2": [6, 4, 7, 7], "b1": [6, 8, 5, 2]})


def test_zone_by_hand() -> None:
    """MSA = P - A, MSS = P - D (PZB 1994), worked by hand.

    a1: MSA (-1, 1, 5, 1) mean 1.5; MSS (-4, -2, 2, -1) mean -1.25;
        zones below, within, above, within -> shares 0.25, 0.5, 0.25.
    b1: MSA (3, 2, 0, -2) mean 0.75; MSS (0, 1, -3, -7) mean -2.25;
        zones within, above, within, below -> 0.25, 0.5, 0.25.
    Dimension A uses the item means: A = (4.5, 5, 3.5, 5), D = (7.5, 7.5, 6, 7.5),
    P = (4.5, 5, 7.5, 7): MSA (0, 0, 4, 2) mean 1.5, MSS (-3, -2.5, 1.5, -0.5) mean -1.125,
    zones within, within, above, within.
    """
    zot = zone_of_tolerance(ADEQUATE, DESIRED, PERCEIVED, instrument=TWO)
    items = zot.items
    assert items.loc["a1", "msa"] == pytest.approx(1.5)
    assert items.loc["a1", "mss"] == pytest.approx(-1.25)
    assert items.loc["a1", ["share_below", "share_within", "share_above"]].tolist() == [
        0.25,
        0.5,
        0.25,
    ]
    assert items.loc["b1", "msa"] == pytest.approx(0.75)
    assert items.loc["b1", "mss"] == pytest.approx(-2.25)
    assert items.loc["b1", "share_within"] == 0.5
    assert items.loc["a1", "zone_width"] == pytest.approx(7.25 - 4.5)
    assert items.loc["a1", "position"] == "within"
    assert items.loc["a1", "dimension"] == "A"
    dims = zot.dimensions
    assert dims.loc["A", "msa"] == pytest.approx(1.5)
    assert dims.loc["A", "mss"] == pytest.approx(-1.125)
    assert dims.loc["A", ["share_below", "share_within", "share_above"]].tolist() == [
        0.0,
        0.75,
        0.25,
    ]
    sd = np.std([-1, 1, 5, 1], ddof=1)
    assert items.loc["a1", "msa_se"] == pytest.approx(sd / 2)
    assert zot.respondent_zones["b1"].tolist() == ["within", "above", "within", "below"]
    assert zot.n_inverted == 0
    params = zot.params
    assert set(params["measure"]) == {"msa", "mss"}
    assert len(params) == 2 * (3 + 2)


def test_positions_below_and_above() -> None:
    """Mean perception under the mean adequate level is 'below'; over the desired, 'above'."""
    one = Instrument({"A": ["x"], "B": ["y"]}, scale=(1, 7))
    a = pd.DataFrame({"x": [5, 5], "y": [2, 2]})
    d = pd.DataFrame({"x": [6, 7], "y": [3, 4]})
    p = pd.DataFrame({"x": [3, 4], "y": [6, 5]})
    zot = zone_of_tolerance(a, d, p, instrument=one)
    assert zot.items["position"].tolist() == ["below", "above"]


def test_inverted_zones_are_counted_not_dropped() -> None:
    """An answer with adequate > desired is 'inverted': counted, kept in the MSA/MSS means,
    excluded from the shares."""
    a = ADEQUATE.assign(a1=[4, 5, 7, 6])  # respondent 2: A = 7 > D = 6
    with pytest.warns(UserWarning, match="1 answers rate adequate service above desired"):
        zot = zone_of_tolerance(a, DESIRED, PERCEIVED, instrument=TWO)
    assert zot.n_inverted == 1
    assert zot.items.loc["a1", "n_inverted"] == 1
    assert zot.items.loc["a1", "msa"] == pytest.approx((-1 + 1 + 1 + 1) / 4)
    assert zot.items.loc["a1", ["share_below", "share_within", "share_above"]].sum() == 1.0
    assert zot.items.loc["a1", "share_below"] == pytest.approx(1 / 3)
    assert zot.respondent_zones.loc[2, "a1"] == "inverted"


def test_bad_inputs() -> None:
    with pytest.raises(LoyaltyDataError, match="perceived has 3 rows indexed differently"):
        zone_of_tolerance(ADEQUATE, DESIRED, PERCEIVED.iloc[:3], instrument=TWO)
    with pytest.raises(LoyaltyDataError, match=r"column 'b1' lies outside the 1-9 scale"):
        zone_of_tolerance(ADEQUATE.assign(b1=[3, 6, 5, 10]), DESIRED, PERCEIVED, instrument=TWO)
    with pytest.raises(LoyaltyDataError, match=r"desired is missing column"):
        zone_of_tolerance(ADEQUATE, DESIRED.drop(columns="a2"), PERCEIVED, instrument=TWO)
    with pytest.raises(LoyaltyDataError, match="has missing values"):
        zone_of_tolerance(ADEQUATE, DESIRED, PERCEIVED.assign(a1=[3, None, 8, 7]), instrument=TWO)
