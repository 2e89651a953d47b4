"""Bad input: every problem raises LoyaltyDataError naming what and where."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.pls import PLS, PLSConvergenceWarning

SMALL = """
Image =~ IMAG1 + IMAG2 + IMAG3
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Loyalty =~ CUSL1 + CUSL2 + CUSL3
Satisfaction ~ Image
Loyalty ~ Image + Satisfaction
"""


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("", "empty"),
        ("A =~ \nB =~ b1\nB ~ A", "no indicators"),
        ("A =~ a1 + a2\nB =~ a2 + b1\nB ~ A", "listed for both"),
        ("A =~ a1\nB =~ b1\nC =~ c1\nB ~ A + C\nC ~ B", "non-recursive"),
        ("A =~ a1\nB =~ b1\nB ~ A + Z", "'Z', which is not a construct"),
        ("A =~ a1\nB =~ b1\nC =~ c1\nB ~ A", "no structural path"),
        ("A =~ a1\nB =~ b1\nB ~ A\nA ~~ B", "covariances"),
        ("A =~ a1 + 0.5*a2\nB =~ b1\nB ~ A", "not a variable name"),
    ],
)
def test_bad_descriptions(description, message):
    with pytest.raises(LoyaltyDataError, match=message):
        PLS(description)


def test_missing_column(mobi):
    with pytest.raises(LoyaltyDataError, match="missing column"):
        PLS(SMALL).fit(mobi.drop(columns="CUSA2"))


def test_constant_indicator(mobi):
    data = mobi.assign(CUSA2=5)
    with pytest.raises(LoyaltyDataError, match=r"\['CUSA2'\] are constant"):
        PLS(SMALL).fit(data)


def test_duplicate_indicator(mobi):
    data = mobi.assign(CUSA2=mobi["CUSA1"])
    with pytest.raises(LoyaltyDataError, match="'CUSA1' and 'CUSA2' are duplicates"):
        PLS(SMALL).fit(data)


def test_collinear_formative_block(mobi):
    data = mobi.assign(IMAG3=mobi["IMAG1"] + mobi["IMAG2"])
    description = SMALL.replace("Image =~", "Image <~")
    with pytest.raises(LoyaltyDataError, match="'Image' are perfectly collinear"):
        PLS(description).fit(data)


def test_formative_vif_reported(mobi):
    result = PLS(SMALL.replace("Image =~", "Image <~")).fit(mobi)
    assert result.vif_outer[["IMAG1", "IMAG2", "IMAG3"]].gt(1.0).all()


def test_missing_values_listwise_counted_and_mean_option(mobi):
    data = mobi.copy()
    data.loc[[3, 7, 11], "CUSA1"] = np.nan
    listwise = PLS(SMALL).fit(data)
    assert (listwise.n_obs, listwise.n_excluded, listwise.n_imputed) == (247, 3, 0)
    mean = PLS(SMALL, missing="mean").fit(data)
    assert (mean.n_obs, mean.n_excluded, mean.n_imputed) == (250, 0, 3)
    with pytest.raises(LoyaltyDataError, match="missing must be one of"):
        PLS(SMALL, missing="pairwise").fit(data)


def test_non_numeric_column(mobi):
    data = mobi.astype({"CUSA1": object})
    data.loc[4, "CUSA1"] = "n/a"
    with pytest.raises(LoyaltyDataError, match="'CUSA1' is not numeric at row 4"):
        PLS(SMALL).fit(data)


def test_bad_scheme():
    with pytest.raises(LoyaltyDataError, match="scheme must be one of"):
        PLS(SMALL, scheme="pathway")


def test_non_convergence_flagged(mobi):
    with pytest.warns(PLSConvergenceWarning, match="did not converge in 1 iterations"):
        result = PLS(SMALL, max_iter=1).fit(mobi)
    assert not result.converged
    assert result.iterations == 1
