"""PSIS-LOO of CLV fits: the idata's log_likelihood group per pattern, weighted by customers,
equals ArviZ's loo on the data expanded to one row per customer."""

from __future__ import annotations

import numpy as np
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.clv import BetaGeo, ParetoNBD, compare_loo, loo
from loyaltymodels.datasets import load_cdnow_summary


@pytest.fixture(scope="module")
def fitted():  # type: ignore[no-untyped-def]
    summary = load_cdnow_summary().iloc[::4].reset_index(drop=True)
    return {
        "BG/NBD": BetaGeo().fit(summary, method="laplace", random_seed=1),
        "Pareto/NBD": ParetoNBD().fit(summary, method="laplace", random_seed=1),
    }


def test_log_likelihood_group_sums_to_the_total_log_likelihood(fitted) -> None:  # type: ignore[no-untyped-def]
    result = fitted["BG/NBD"]
    idata = result.idata
    assert "log_likelihood" in idata.children
    loglik = idata["log_likelihood"]["purchases"]
    weights = idata["constant_data"]["pattern_weight"].values
    assert loglik.sizes["pattern"] == result.n_patterns
    assert weights.sum() == result.n_customers
    # draw by draw, the weighted pattern values are the model's log-likelihood
    draws = result.posterior_draws()
    first = {name: value[0] for name, value in draws.items()}
    total = BetaGeo().with_parameters(result.data, first).log_likelihood
    assert np.isclose(float((loglik.values.reshape(-1, len(weights))[0] * weights).sum()), total)


def test_weighted_loo_equals_arviz_on_the_expanded_customers(fitted) -> None:  # type: ignore[no-untyped-def]
    import arviz as az

    result = fitted["BG/NBD"]
    ours = loo(result)
    idata = result.idata
    weights = idata["constant_data"]["pattern_weight"].values.astype(int)
    per_pattern = idata["log_likelihood"]["purchases"].values
    expanded = np.repeat(per_pattern, weights, axis=2)
    tree = az.from_dict(
        {
            "posterior": {"r": idata["posterior"]["r"].values},
            "log_likelihood": {"y": expanded},
        }
    )
    reference = az.loo(tree)
    assert np.isclose(ours["elpd_loo"], float(reference.elpd), rtol=1e-9)
    assert np.isclose(ours["se"], float(reference.se), rtol=1e-6)
    assert np.isclose(ours["p_loo"], float(reference.p), rtol=1e-6)
    assert ours["n_customers"] == expanded.shape[2]


def test_compare_loo_orders_models_and_point_fits_are_refused(fitted) -> None:  # type: ignore[no-untyped-def]
    table = compare_loo(fitted)
    assert table["elpd_loo"].is_monotonic_decreasing
    assert table["elpd_diff"].iloc[0] == 0.0
    point = BetaGeo().fit(load_cdnow_summary(), method="mle")
    with pytest.raises(LoyaltyDataError, match="needs posterior draws"):
        loo(point)
