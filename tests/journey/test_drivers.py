"""Key-driver analysis: closed forms, brute force, the dominance-analysis peer, bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.journey import key_drivers, subset_r2
from loyaltymodels.journey.importance import permutation_shapley, relative_weights


def _survey(n=400, p=4, seed=0, coef=None):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    x[:, 1] += 0.6 * x[:, 0]
    coef = np.linspace(1.0, 0.2, p) if coef is None else np.asarray(coef)
    frame = pd.DataFrame(x, columns=[f"t{j}" for j in range(p)])
    frame["overall"] = x @ coef + rng.normal(size=n)
    return frame


def _ols_r2(x, y):
    design = np.column_stack([np.ones(len(y)), x])
    resid = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return 1.0 - resid.var() / y.var()


def test_two_predictor_closed_form():
    # LMG with two predictors: phi_1 = (r1^2 + R^2 - r2^2) / 2 (Lindeman et al. 1980);
    # R^2 = (r1^2 + r2^2 - 2 r1 r2 r12) / (1 - r12^2).
    frame = _survey(p=2, coef=[1.0, 0.4])
    result = key_drivers(frame, outcome="overall", drivers=["t0", "t1"])
    c = frame.corr().to_numpy()
    r1, r2, r12 = c[0, 2], c[1, 2], c[0, 1]
    full = (r1**2 + r2**2 - 2 * r1 * r2 * r12) / (1 - r12**2)
    assert result.r2 == pytest.approx(full, abs=1e-12)
    assert result.table.loc["t0", "estimate"] == pytest.approx(
        (r1**2 + full - r2**2) / 2, abs=1e-12
    )
    assert result.table.loc["t1", "estimate"] == pytest.approx(
        (r2**2 + full - r1**2) / 2, abs=1e-12
    )


def test_two_predictor_relative_weights_closed_form():
    # Johnson (2000): for R_XX = [[1, r], [r, 1]], R^(1/2) = [[a, b], [b, a]] with
    # a = (sqrt(1 + r) + sqrt(1 - r)) / 2, b = (sqrt(1 + r) - sqrt(1 - r)) / 2.
    frame = _survey(p=2, coef=[1.0, 0.4], seed=3)
    c = frame.corr().to_numpy()
    r, ry = c[0, 1], c[:2, 2]
    a = (math.sqrt(1 + r) + math.sqrt(1 - r)) / 2
    b = (math.sqrt(1 + r) - math.sqrt(1 - r)) / 2
    beta = np.linalg.solve(np.array([[a, b], [b, a]]), ry)
    expected = [
        a**2 * beta[0] ** 2 + b**2 * beta[1] ** 2,
        b**2 * beta[0] ** 2 + a**2 * beta[1] ** 2,
    ]
    result = key_drivers(frame, outcome="overall", drivers=["t0", "t1"], method="relative_weights")
    np.testing.assert_allclose(result.table["estimate"], expected, atol=1e-12)
    assert result.table["estimate"].sum() == pytest.approx(
        _ols_r2(frame[["t0", "t1"]].to_numpy(), frame["overall"].to_numpy()), abs=1e-12
    )


def test_subset_r2_matches_least_squares_for_every_subset():
    frame = _survey(p=6, seed=4)
    x, y = frame.iloc[:, :6].to_numpy(), frame["overall"].to_numpy()
    values = subset_r2(np.corrcoef(np.column_stack([x, y]), rowvar=False))
    for mask in range(1, 64):
        cols = [j for j in range(6) if mask >> j & 1]
        assert values[mask] == pytest.approx(_ols_r2(x[:, cols], y), abs=1e-12)


def test_shapley_matches_brute_force_over_orderings_and_sums_to_r2():
    frame = _survey(p=5, seed=5)
    names = list(frame.columns[:5])
    x, y = frame[names].to_numpy(), frame["overall"].to_numpy()
    result = key_drivers(frame, outcome="overall", drivers=names)
    brute = np.zeros(5)
    orders = list(itertools.permutations(range(5)))
    for order in orders:
        before = 0.0
        for k, j in enumerate(order):
            now = _ols_r2(x[:, list(order[: k + 1])], y)
            brute[j] += now - before
            before = now
    np.testing.assert_allclose(result.table["estimate"], brute / len(orders), atol=1e-12)
    assert abs(result.table["estimate"].sum() - result.r2) < 1e-12
    assert result.table["share"].sum() == pytest.approx(1.0, abs=1e-12)


def test_shares_sum_to_r2_with_fifteen_drivers():
    frame = _survey(n=2000, p=15, seed=6)
    result = key_drivers(frame, outcome="overall", drivers=list(frame.columns[:15]))
    assert abs(result.table["estimate"].sum() - result.r2) < 1e-12
    assert result.r2 == pytest.approx(
        _ols_r2(frame.iloc[:, :15].to_numpy(), frame["overall"].to_numpy()), abs=1e-12
    )


def test_permutation_approximation_is_close_to_exact():
    frame = _survey(n=1000, p=8, seed=7)
    corr = frame.corr().to_numpy()
    exact = key_drivers(frame, outcome="overall", drivers=list(frame.columns[:8]))
    estimate, se = permutation_shapley(corr, 4000, np.random.default_rng(0))
    assert np.all(np.abs(estimate - exact.table["estimate"].to_numpy()) < 5 * se + 1e-12)
    assert estimate.sum() == pytest.approx(exact.r2, abs=1e-12)


def _dominance_peer(frame, names, target="overall", objective=1):
    np.bool8 = np.bool_  # the peer's bokeh 2.4 still uses the alias removed in NumPy 2
    bokeh_io = pytest.importorskip("bokeh.io")
    bokeh_io.output_notebook = lambda *args, **kwargs: None  # it is called at import time
    dominance = pytest.importorskip("dominance_analysis")
    model = dominance.Dominance(
        data=frame[[*names, target]], target=target, objective=objective, top_k=len(names)
    )
    return model.incremental_rsquare()


def test_matches_dominance_analysis_peer():
    frame = _survey(n=500, p=5, seed=8)
    names = list(frame.columns[:5])
    peer = _dominance_peer(frame, names)
    ours = key_drivers(frame, outcome="overall", drivers=names).table["estimate"]
    for name in names:
        assert ours[name] == pytest.approx(float(peer[name]), abs=1e-10)


def test_logistic_matches_dominance_analysis_peer():
    # the peer's objective=0 fits statsmodels Logit on every subset and uses McFadden's R2
    rng = np.random.default_rng(15)
    x = rng.integers(1, 6, size=(1500, 4)).astype(float)
    frame = pd.DataFrame(x, columns=["a", "b", "c", "d"])
    frame["renewed"] = (rng.random(1500) < 1 / (1 + np.exp(4 - x @ [0.8, 0.4, 0.0, 0.2]))).astype(
        int
    )
    peer = _dominance_peer(frame, ["a", "b", "c", "d"], target="renewed", objective=0)
    ours = key_drivers(
        frame, outcome="renewed", drivers=["a", "b", "c", "d"], family="logistic"
    ).table["estimate"]
    for name in "abcd":
        assert ours[name] == pytest.approx(float(peer[name]), abs=1e-8)


def test_relative_weights_close_to_shapley_and_stack():
    frame = _survey(n=800, p=4, seed=9)
    corr = frame.corr().to_numpy()
    stacked = relative_weights(np.stack([corr, corr]))
    np.testing.assert_allclose(stacked[0], stacked[1])
    shapley = key_drivers(frame, outcome="overall", drivers=list(frame.columns[:4])).table[
        "estimate"
    ]
    np.testing.assert_allclose(stacked[0], shapley, atol=0.02)


def test_bootstrap_intervals_cover_and_pairwise_tests():
    frame = _survey(n=600, p=3, seed=10, coef=[1.0, 1.0, 0.1])
    result = key_drivers(
        frame, outcome="overall", drivers=["t0", "t1", "t2"], bootstrap=300, random_seed=2
    )
    table = result.table
    assert np.all(table["lower"] <= table["estimate"]) and np.all(
        table["estimate"] <= table["upper"]
    )
    assert result.draws.shape == (300, 3)
    again = key_drivers(
        frame, outcome="overall", drivers=["t0", "t1", "t2"], bootstrap=300, random_seed=2
    )
    pd.testing.assert_frame_equal(result.table, again.table)
    assert result.differences.loc[("t0", "t2"), "p_value"] < 0.01
    # the bootstrap replicate correlation equals the correlation of the resampled rows
    from loyaltymodels.journey.drivers import _bootstrap_corr

    data = frame.to_numpy()
    rng = np.random.default_rng(5)
    stack = _bootstrap_corr(data, 3, rng)
    rng = np.random.default_rng(5)
    rows = rng.integers(0, len(data), size=(3, len(data)), dtype=np.int32)
    np.testing.assert_allclose(stack[0], np.corrcoef(data[rows[0]], rowvar=False), atol=1e-12)


def test_logistic_shapley_uses_mcfadden_r2():
    import statsmodels.api as sm

    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, size=(1500, 3)).astype(float)
    eta = -4 + x @ [0.8, 0.4, 0.0]
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    frame["renewed"] = (rng.random(1500) < 1 / (1 + np.exp(-eta))).astype(int)
    result = key_drivers(frame, outcome="renewed", drivers=["a", "b", "c"], family="logistic")
    fit = sm.Logit(frame["renewed"], sm.add_constant(frame[["a", "b", "c"]])).fit(disp=0)
    assert result.r2 == pytest.approx(fit.prsquared, abs=1e-8)
    assert result.r2_kind == "McFadden"
    assert abs(result.table["estimate"].sum() - result.r2) < 1e-12
    assert result.table["rank"]["a"] == 1
    weights = key_drivers(
        frame,
        outcome="renewed",
        drivers=["a", "b", "c"],
        family="logistic",
        method="relative_weights",
    )
    p_hat = fit.predict()
    assert weights.r2 == pytest.approx(np.corrcoef(frame["renewed"], p_hat)[0, 1] ** 2, abs=1e-8)
    assert weights.table["estimate"].sum() == pytest.approx(weights.r2, abs=1e-12)


def test_not_experienced_counted_or_modelled_as_indicator():
    frame = _survey(n=300, p=3, seed=12)
    frame.loc[:49, "t2"] = np.nan
    frame.loc[0:4, "overall"] = np.nan
    result = key_drivers(frame, outcome="overall", drivers=["t0", "t1", "t2"])
    assert result.excluded == {"missing_outcome": 5, "not_experienced": 45}
    assert result.n_used == 250
    assert result.not_experienced["t2"] == 45
    assert result.table["n_experienced"].to_dict() == {"t0": 295, "t1": 295, "t2": 250}
    indicator = key_drivers(
        frame, outcome="overall", drivers=["t0", "t1", "t2"], not_experienced="indicator"
    )
    assert indicator.n_used == 295
    assert "t2: not experienced" in indicator.table.index
    assert abs(indicator.table["estimate"].sum() - indicator.r2) < 1e-12


def test_collinear_touchpoints_are_reported_not_a_crash():
    frame = _survey(n=300, p=3, seed=13)
    frame["copy"] = 2 * frame["t0"] + 1
    with pytest.warns(UserWarning, match="collinear"):
        result = key_drivers(frame, outcome="overall", drivers=["t0", "t1", "t2", "copy"])
    assert result.collinear and "copy" in result.collinear[0]
    assert result.table.loc["t0", "estimate"] == pytest.approx(
        result.table.loc["copy", "estimate"], abs=1e-9
    )
    assert abs(result.table["estimate"].sum() - result.r2) < 1e-9


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (lambda f: f.assign(t0=f["t0"] * 10), {"scale": (-5, 5)}, "outside the rating scale"),
        (lambda f: f.assign(t1=np.nan), {}, r"experienced by nobody"),
        (lambda f: f.assign(overall=3.0), {}, "constant"),
        (lambda f: f.drop(columns="t2"), {}, "missing column"),
        (lambda f: f.assign(overall=f["overall"]), {"family": "logistic"}, "0/1"),
        (lambda f: f, {"bootstrap": 10}, "bootstrap"),
        (lambda f: f, {"method": "lmg2"}, "method"),
    ],
)
def test_bad_input(change, kwargs, message):
    frame = change(_survey(n=100, p=3, seed=14))
    with pytest.raises(LoyaltyDataError, match=message):
        key_drivers(frame, outcome="overall", drivers=["t0", "t1", "t2"], **kwargs)


def test_result_saves_and_loads(tmp_path):
    frame = _survey(n=200, p=3, seed=16)
    result = key_drivers(
        frame, outcome="overall", drivers=["t0", "t1", "t2"], bootstrap=60, random_seed=1
    )
    result.save(tmp_path / "drivers.pkl")
    loaded = type(result).load(tmp_path / "drivers.pkl")
    pd.testing.assert_frame_equal(loaded.table, result.table)
    np.testing.assert_array_equal(loaded.draws, result.draws)


def test_beyond_exact_enumeration_states_the_approximation():
    frame = _survey(n=400, p=21, seed=17)
    names = list(frame.columns[:21])
    result = key_drivers(frame, outcome="overall", drivers=names, n_permutations=400, random_seed=3)
    assert result.approximation is not None and "random orderings" in result.approximation
    assert (result.table["mc_se"] > 0).all()
    assert (
        abs(
            result.table["estimate"].sum()
            - _ols_r2(frame[names].to_numpy(), frame["overall"].to_numpy())
        )
        < 1e-10
    )
