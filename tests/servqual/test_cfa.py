"""CFA of the five SERVQUAL dimensions through the SEM module, on the simulated survey."""

import itertools

import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels.datasets import simulate_servqual_survey
from loyaltymodels.sem import SEM
from loyaltymodels.servqual import SERVQUAL, dimension_cfa, score


@pytest.fixture(scope="module")
def survey():
    return simulate_servqual_survey(600, random_seed=5)


@pytest.fixture(scope="module")
def cfa(survey):
    return dimension_cfa(survey.perceptions)


def test_degrees_of_freedom_by_hand(cfa) -> None:
    """22 items: 253 moments; free parameters 17 loadings + 22 residual variances + 5 factor
    variances + 10 factor covariances = 54; df = 199."""
    assert cfa.fit_indices["df"] == 199
    assert cfa.n == 600


def test_true_structure_fits_and_recovers_factor_correlations(cfa) -> None:
    """Parameter recovery: the simulation's perception factors correlate 0.4 between
    dimensions (plus a small common segment shift on responsiveness and empathy), and the
    five-factor model is the true one, so it fits closely."""
    fit = cfa.fit_indices
    assert fit["cfi"] > 0.97
    assert fit["rmsea"] < 0.04
    assert fit["srmr"] < 0.05
    corr = cfa.latent_corr
    for a, b in itertools.combinations(SERVQUAL.dimension_names, 2):
        assert abs(corr.loc[a, b] - 0.4) < 0.1, (a, b)
    loadings = cfa.params.query("op == '=~'")["std_all"]
    assert len(loadings) == 22
    assert loadings.between(0.65, 0.9).all()


def test_one_factor_model_fits_worse(survey, cfa) -> None:
    """A single general factor is misspecified and must fit clearly worse."""
    one = SEM("general =~ " + " + ".join(SERVQUAL.items)).fit(survey.perceptions.astype(float))
    assert one.fit_indices["cfi"] < 0.8
    assert one.fit_indices["chi2"] > 5 * cfa.fit_indices["chi2"]


def test_cfa_of_gap_scores(survey) -> None:
    gaps = score(survey.expectations, survey.perceptions)
    result = dimension_cfa(gaps)
    assert result.fit_indices["df"] == 199
    assert result.fit_indices["cfi"] > 0.95


def test_bad_answers(survey) -> None:
    with pytest.raises(LoyaltyDataError, match="column 'q3' lies outside"):
        dimension_cfa(survey.perceptions.assign(q3=9))
