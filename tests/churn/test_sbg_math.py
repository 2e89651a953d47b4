"""Closed forms of the shifted-beta-geometric model against identities and brute force."""

import numpy as np
import pytest
from scipy import integrate, stats

from loyaltymodels.churn import (
    sbg_churn_log_probability,
    sbg_derl,
    sbg_retention_elasticity,
    sbg_retention_rate,
    sbg_survival,
)


def test_uniform_mixing_closed_form() -> None:
    """alpha = beta = 1 (theta uniform): P(T=t) = 1/(t(t+1)) and S(t) = 1/(t+1)."""
    t = np.arange(1, 30)
    np.testing.assert_allclose(np.exp(sbg_churn_log_probability(t, 1.0, 1.0)), 1 / (t * (t + 1)))
    np.testing.assert_allclose(sbg_survival(t, 1.0, 1.0), 1 / (t + 1))


@pytest.mark.parametrize(("alpha", "beta"), [(0.704, 1.182), (0.668, 3.806), (5.0, 40.0)])
def test_probabilities_and_survival_add_up(alpha: float, beta: float) -> None:
    """P(T <= t) + S(t) = 1 and r_t = S(t)/S(t-1) = (beta+t-1)/(alpha+beta+t-1)."""
    t = np.arange(1, 200)
    churned_by_t = np.cumsum(np.exp(sbg_churn_log_probability(t, alpha, beta)))
    np.testing.assert_allclose(churned_by_t + sbg_survival(t, alpha, beta), 1.0, rtol=1e-12)
    ratio = sbg_survival(t, alpha, beta) / sbg_survival(t - 1, alpha, beta)
    np.testing.assert_allclose(sbg_retention_rate(t, alpha, beta), ratio, rtol=1e-12)


def test_survival_matches_a_monte_carlo_mixture() -> None:
    """S(t) equals E[(1-theta)^t] under theta ~ Beta(alpha, beta) (numerical integration)."""
    alpha, beta = 0.668, 3.806
    for t in (1, 5, 12):
        value, _ = integrate.quad(
            lambda th, t=t: (1 - th) ** t * stats.beta.pdf(th, alpha, beta), 0, 1
        )
        assert sbg_survival(t, alpha, beta) == pytest.approx(value, rel=1e-8)


@pytest.mark.parametrize(
    ("alpha", "beta", "renewals", "rate"),
    [(0.704, 1.182, 0, 0.1), (0.704, 1.182, 4, 0.1), (0.668, 3.806, 2, 0.15), (3.0, 10.0, 0, 0.05)],
)
def test_derl_equals_brute_force_discounted_sum(alpha, beta, renewals, rate) -> None:
    """DERL (Fader & Hardie 2010, eq. 6) = sum_{t>n} S(t)/S(n) / (1+d)^(t-n-1), summed directly."""
    t = np.arange(renewals + 1, renewals + 20_000)
    brute = np.sum(
        sbg_survival(t, alpha, beta)
        / sbg_survival(renewals, alpha, beta)
        * (1 / (1 + rate)) ** (t - renewals - 1)
    )
    assert float(sbg_derl(rate, alpha, beta, renewals)) == pytest.approx(brute, rel=1e-10)


def _derl_by_integration(rate, alpha, beta, renewals, scale=1.0):
    """E[ scale(1-theta) / (1 - scale(1-theta)/(1+d)) ] over theta | T > n ~ Beta(alpha, beta+n)."""

    def integrand(theta):
        keep = scale * (1 - theta)
        return keep / (1 - keep / (1 + rate)) * stats.beta.pdf(theta, alpha, beta + renewals)

    value, _ = integrate.quad(integrand, 0, 1, limit=200)
    return value


@pytest.mark.parametrize(("alpha", "beta", "renewals"), [(0.704, 1.182, 0), (0.668, 3.806, 3)])
def test_retention_elasticity_against_direct_integration(alpha, beta, renewals) -> None:
    """Raising every renewal probability by 1%: the elasticity from the hypergeometric shortcut
    equals the one from integrating each customer's geometric value over the Beta posterior."""
    rate, step = 0.1, 0.01
    base = _derl_by_integration(rate, alpha, beta, renewals)
    raised = _derl_by_integration(rate, alpha, beta, renewals, scale=1 + step)
    expected = (raised / base - 1) / step
    assert float(sbg_derl(rate, alpha, beta, renewals)) == pytest.approx(base, rel=1e-7)
    got = float(sbg_retention_elasticity(rate, alpha, beta, renewals, increase=step))
    assert got == pytest.approx(expected, rel=1e-6)


def test_heterogeneity_raises_elasticity_above_the_aggregate_figure() -> None:
    """Fader & Hardie (2010): the constant-retention (aggregate) elasticity understates the truth.

    With one retention rate r, DERL = r/(1 - r/(1+d)) and the elasticity is (1+d)/(1+d-r) for a
    small increase; the sBG elasticity at the same first-period retention is larger.
    """
    alpha, beta, rate = 0.704, 1.182, 0.1
    r = float(sbg_retention_rate(1, alpha, beta))
    step = 1e-6
    aggregate = (
        (r * (1 + step)) / (1 - r * (1 + step) / (1 + rate)) / (r / (1 - r / (1 + rate))) - 1
    ) / step
    assert aggregate == pytest.approx((1 + rate) / (1 + rate - r), rel=1e-4)
    assert float(sbg_retention_elasticity(rate, alpha, beta)) > aggregate


def test_bad_rates_raise() -> None:
    with pytest.raises(ValueError, match="discount_rate"):
        sbg_derl(0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="increase"):
        sbg_retention_elasticity(0.05, 1.0, 1.0, increase=0.1)
