"""Ordinal items: refused input (which item, where, the fix) and recovery of known values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.sem import SEM
from loyaltymodels.sem.bivariate_normal import bivariate_normal_cdf
from loyaltymodels.sem.ordinal_moments import ordinal_moments

MODEL = "f =~ a + b + c + d"


def _survey(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    factor = rng.standard_normal(n)
    columns = {}
    for name, loading in zip("abcd", (0.8, 0.7, 0.6, 0.75), strict=True):
        latent = loading * factor + np.sqrt(1 - loading**2) * rng.standard_normal(n)
        columns[name] = np.digitize(latent, [-1.0, 0.0, 0.8]) + 1
    frame = pd.DataFrame(columns)
    frame["segment"] = np.where(np.arange(n) % 2 == 0, "north", "south")
    return frame


def test_bivariate_normal_matches_closed_form_at_zero() -> None:
    # Sheppard: Phi2(0, 0; rho) = 1/4 + asin(rho) / (2 pi)
    rho = np.array([-0.95, -0.5, 0.0, 0.3, 0.93, 0.99])
    values = [float(bivariate_normal_cdf(0.0, 0.0, r)) for r in rho]
    np.testing.assert_allclose(values, 0.25 + np.arcsin(rho) / (2 * np.pi), atol=1e-14)


def test_polychoric_correlation_and_thresholds_recover_the_truth() -> None:
    rng = np.random.default_rng(11)
    n, rho = 20_000, 0.6
    latent = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
    codes = np.column_stack(
        [np.digitize(latent[:, 0], [-0.5, 0.7]), np.digitize(latent[:, 1], [-1.0, 0.0, 1.2])]
    )
    moments = ordinal_moments(codes, [3, 4])
    se = np.sqrt(np.diag(moments.gamma) / n)
    truth = np.array([-0.5, 0.7, -1.0, 0.0, 1.2, rho])
    assert np.all(np.abs(moments.statistics - truth) < 4 * se)


def test_loadings_recovered_in_the_delta_parameterization() -> None:
    result = SEM(MODEL, ordered=True).fit(_survey(n=5000, seed=5))
    loadings = result.params[result.params["op"] == "=~"]
    # standardized loadings estimate the generating ones
    np.testing.assert_allclose(loadings["std_all"], [0.8, 0.7, 0.6, 0.75], atol=0.05)
    assert (result.params["op"] == "|").sum() == 12


def test_item_with_one_category_is_refused() -> None:
    data = _survey()
    data["b"] = 2
    with pytest.raises(LoyaltyDataError, match=r"'b' has a single category.*drop it"):
        SEM(MODEL, ordered=True).fit(data)


def test_empty_category_within_a_group_names_item_group_and_category() -> None:
    data = _survey()
    data.loc[(data["segment"] == "south") & (data["c"] == 4), "c"] = 3
    with pytest.raises(
        LoyaltyDataError, match=r"'c' has no answer in category 4 in group 'south'.*collapse"
    ):
        SEM(MODEL, ordered=True, group="segment").fit(data)


def test_too_many_categories_are_refused() -> None:
    data = _survey()
    data["a"] = np.arange(len(data)) % 25
    with pytest.raises(LoyaltyDataError, match=r"'a' has 25 distinct values.*continuous"):
        SEM(MODEL, ordered=True).fit(data)


def test_values_that_are_not_whole_numbers_are_refused() -> None:
    data = _survey().astype({"d": float})
    data.loc[7, "d"] = 2.5
    with pytest.raises(LoyaltyDataError, match=r"'d' holds values that are not whole.*row 7"):
        SEM(MODEL, ordered=True).fit(data)


def test_mixed_ordinal_and_continuous_items_are_refused() -> None:
    with pytest.raises(LoyaltyDataError, match=r"\['c', 'd'\] are not in ordered="):
        SEM(MODEL, ordered=["a", "b"]).fit(_survey())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ordered": True, "estimator": "ML"}, "treats the items as continuous"),
        ({"estimator": "WLSMV"}, "is for ordinal items"),
        ({"ordered": "a"}, "must be True or a list"),
        ({"ordered": True, "missing": "fiml"}, "complete rows"),
    ],
)
def test_inconsistent_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(LoyaltyDataError, match=message):
        SEM(MODEL, **options)  # type: ignore[call-overload]


def test_ordered_item_in_a_regression_is_refused() -> None:
    with pytest.raises(LoyaltyDataError, match="appear in regressions"):
        SEM("f =~ a + b + c\nf ~ d", ordered=True).fit(_survey())


def test_rows_with_missing_answers_are_dropped_and_counted() -> None:
    data = _survey()
    data.loc[[3, 9], "a"] = np.nan
    result = SEM(MODEL, ordered=True).fit(data)
    assert result.n_dropped == 2
    assert result.n == len(data) - 2
