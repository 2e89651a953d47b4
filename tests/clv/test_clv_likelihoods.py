"""Likelihoods: NumPy and PyTensor agree, closed forms, numerical stability, normalisation."""

from __future__ import annotations

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from scipy import special

from loyaltymodels.clv.likelihoods import (
    PYTENSOR,
    bgbb_loglik,
    bgnbd_loglik,
    gamma_gamma_loglik,
    pareto_nbd_loglik,
)
from loyaltymodels.clv.likelihoods.hyp2f1 import hyp2f1_graph


def _graph_value(function, data, params, **kwargs):
    constants = [pt.constant(np.asarray(v, dtype=float)) for v in data]
    tensors = [pt.constant(np.float64(v)) for v in params]
    graph = function(*constants, *tensors, xp=PYTENSOR, **kwargs)
    return pytensor.function([], graph, mode="FAST_COMPILE")()


def _pareto_reference(x, t_x, T, r, alpha, s, beta):
    """Fader & Hardie (2005) eq. (22) with scipy's 2F1, evaluated directly."""
    if alpha >= beta:
        b_star, w = s + 1.0, alpha
    else:
        b_star, w = r + x, beta
    k = r + s + x

    def f(t):
        return special.hyp2f1(k, b_star, k + 1.0, abs(alpha - beta) / (w + t)) / (w + t) ** k

    bracket = (alpha + T) ** -(r + x) * (beta + T) ** -s + s / k * (f(t_x) - f(T))
    log_front = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    return log_front + s * np.log(beta) + np.log(bracket)


X = np.array([0.0, 1.0, 2.0, 7.0, 30.0])
TX = np.array([0.0, 3.5, 30.43, 20.0, 37.0])
TT = np.array([38.86, 38.86, 38.86, 25.0, 39.0])


def test_bgnbd_graph_equals_numpy():
    params = (0.243, 4.414, 0.793, 2.426)
    expected = bgnbd_loglik(X, TX, TT, *params)
    assert np.allclose(_graph_value(bgnbd_loglik, (X, TX, TT), params), expected, rtol=1e-12)


def test_bgnbd_matches_naive_formula_where_it_is_finite():
    """FHL (2005) eq. (6) written naively, for moderate x."""
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    naive = (
        special.beta(a, b + X)
        / special.beta(a, b)
        * special.gamma(r + X)
        * alpha**r
        / special.gamma(r)
        * ((alpha + TT) ** -(r + X) + (X > 0) * a / (b + X - 1) * (alpha + TX) ** -(r + X))
    )
    assert np.allclose(bgnbd_loglik(X, TX, TT, r, alpha, a, b), np.log(naive), rtol=1e-12)


@pytest.mark.parametrize(
    "params",
    [
        (0.553, 10.578, 0.606, 11.669),  # alpha < beta
        (0.553, 30.0, 0.606, 5.0),  # alpha > beta
        (2.0, 7.0, 1.5, 7.0),  # alpha == beta
    ],
)
def test_pareto_nbd_matches_hypergeometric_closed_form(params):
    expected = [_pareto_reference(*row, *params) for row in zip(X, TX, TT, strict=True)]
    assert np.allclose(pareto_nbd_loglik(X, TX, TT, *params), expected, rtol=1e-10)
    graph = _graph_value(pareto_nbd_loglik, (X, TX, TT), params)
    assert np.allclose(graph, expected, rtol=1e-10)


def test_pareto_nbd_is_stable_for_heavy_buyers():
    """x=200 overflows double precision in the naive form; reference in 50-digit mpmath."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    x, t_x, T, r, alpha, s, beta = (mpmath.mpf(v) for v in (200, 38, 40, "0.25", 4, "0.8", "2.5"))
    k = r + s + x

    def f(t):
        return mpmath.hyp2f1(k, s + 1, k + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** k

    bracket = (alpha + T) ** -(r + x) * (beta + T) ** -s + s / k * (f(t_x) - f(T))
    expected = mpmath.log(mpmath.gamma(r + x) * alpha**r * beta**s / mpmath.gamma(r) * bracket)
    value = pareto_nbd_loglik(200.0, 38.0, 40.0, 0.25, 4.0, 0.8, 2.5)
    assert value == pytest.approx(float(expected), rel=1e-10)


def test_pareto_nbd_recency_equal_to_T_has_no_dropped_term():
    r, alpha, s, beta = 0.5, 10.0, 0.6, 12.0
    value = pareto_nbd_loglik(3.0, 20.0, 20.0, r, alpha, s, beta)
    expected = (
        special.gammaln(r + 3)
        - special.gammaln(r)
        + r * np.log(alpha)
        + s * np.log(beta)
        - (r + 3) * np.log(alpha + 20)
        - s * np.log(beta + 20)
    )
    assert value == pytest.approx(expected, rel=1e-12)


def test_hyp2f1_graph_first_and_second_derivatives():
    """d/dz exact (A&S 15.2.1); d/da by central differences of scipy's 2F1."""
    a = pt.dvector("a")
    z = np.array([0.3, 0.6])
    total = pt.sum(hyp2f1_graph(a, a + 0.5, a + 1.0, z))
    gradient = pt.grad(total, a)
    hessian = pytensor.gradient.hessian(total, a)
    function = pytensor.function([a], [gradient, hessian], mode="FAST_COMPILE")
    point = np.array([1.5, 2.3])
    grad_value, hess_value = function(point)
    step = 1e-5

    def scipy_total(v):
        return special.hyp2f1(v, v + 0.5, v + 1.0, z)

    numeric = (scipy_total(point + step) - scipy_total(point - step)) / (2 * step)
    second = (
        scipy_total(point + step) - 2 * scipy_total(point) + scipy_total(point - step)
    ) / step**2
    assert np.allclose(grad_value, numeric, rtol=1e-6)
    assert np.allclose(np.diag(hess_value), second, rtol=1e-3)


def test_bgbb_probabilities_sum_to_one_over_all_histories():
    """FHS (2010) eq. (5): over every possible (x, t_x) for n opportunities, P sums to 1 once
    each pattern's count of purchase sequences is applied (C(t_x - 1, x - 1) for x >= 1)."""
    n = 6
    rows = [(0, 0)] + [(x, t) for t in range(1, n + 1) for x in range(1, t + 1)]
    x = np.array([row[0] for row in rows], dtype=float)
    t_x = np.array([row[1] for row in rows], dtype=float)
    sequences = np.array([1.0] + [special.comb(t - 1, k - 1) for k, t in rows[1:]])
    loglik = bgbb_loglik(x, t_x, np.full_like(x, n), 1.2, 0.75, 0.66, 2.8, max_periods=n)
    assert np.sum(sequences * np.exp(loglik)) == pytest.approx(1.0, abs=1e-12)
    graph = _graph_value(
        bgbb_loglik, (x, t_x, np.full_like(x, n)), (1.2, 0.75, 0.66, 2.8), max_periods=n
    )
    assert np.allclose(graph, loglik, rtol=1e-12)


def test_gamma_gamma_density_integrates_to_one():
    """The density of zbar over x repeat purchases integrates to 1 (numerical quadrature)."""
    from scipy import integrate

    for x in (1, 3, 10):
        total, _ = integrate.quad(
            lambda z, x=x: np.exp(gamma_gamma_loglik(x, z, 6.25, 3.74, 15.44)), 0, np.inf
        )
        assert total == pytest.approx(1.0, abs=1e-8)
    graph = _graph_value(gamma_gamma_loglik, ([1.0, 3.0], [20.0, 35.0]), (6.25, 3.74, 15.44))
    assert np.allclose(
        graph, gamma_gamma_loglik(np.array([1.0, 3.0]), np.array([20.0, 35.0]), 6.25, 3.74, 15.44)
    )
