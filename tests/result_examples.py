"""One small fitted example of every result type (shared by the save/load tests)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _cdnow() -> pd.DataFrame:
    from loyaltymodels.datasets import load_cdnow_summary

    return load_cdnow_summary(with_spend=True).head(400)


def bgnbd_mle() -> Any:
    from loyaltymodels.clv import BetaGeo

    return BetaGeo().fit(_cdnow(), method="mle", random_seed=1)


def bgnbd_nuts() -> Any:
    from loyaltymodels.clv import BetaGeo

    return BetaGeo().fit(_cdnow(), method="nuts", draws=50, tune=50, chains=1, random_seed=1)


def pareto_nbd() -> Any:
    from loyaltymodels.clv import ParetoNBD

    return ParetoNBD().with_parameters(
        _cdnow(), {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}
    )


def bgbb() -> Any:
    from loyaltymodels.clv import BetaGeoBetaBinom
    from loyaltymodels.datasets import load_donations

    return BetaGeoBetaBinom().with_parameters(
        load_donations(), {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    )


def gamma_gamma() -> Any:
    from loyaltymodels.clv import GammaGamma

    return GammaGamma().fit(_cdnow(), method="mle", random_seed=1)


def sbg() -> Any:
    from loyaltymodels.churn import ShiftedBetaGeometric
    from loyaltymodels.datasets import load_retention

    return ShiftedBetaGeometric().fit(load_retention(), method="mle", random_seed=1)


def hazard() -> Any:
    from loyaltymodels.churn import HazardChurn
    from loyaltymodels.datasets import simulate_subscription_panel

    panel, _ = simulate_subscription_panel(n_customers=300, random_seed=1)
    return HazardChurn("logit").fit(panel, covariates=["satisfaction"], method="mle")


def sem() -> Any:
    from loyaltymodels.datasets import simulate_loyalty_survey
    from loyaltymodels.sem import SEM, loyalty_model

    survey = simulate_loyalty_survey(300, random_seed=1)
    items = {k: v for k, v in survey.items.items() if k != "satisfaction"}
    return SEM(loyalty_model(items)).fit(survey.data)


def sem_effects() -> Any:
    return sem().effects(bootstrap=50, random_seed=1, progress=False)


def _servqual_survey() -> Any:
    from loyaltymodels.datasets import simulate_servqual_survey

    return simulate_servqual_survey(120, random_seed=42)


def servqual_gaps() -> Any:
    from loyaltymodels.servqual import score

    survey = _servqual_survey()
    return score(survey.expectations, survey.perceptions, weights=survey.weights)


def servqual_tolerance() -> Any:
    from loyaltymodels.servqual import zone_of_tolerance

    survey = _servqual_survey()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return zone_of_tolerance(survey.adequate, survey.expectations, survey.perceptions)


def servqual_reliability() -> Any:
    from loyaltymodels.servqual import gap_reliability

    survey = _servqual_survey()
    return gap_reliability(survey.expectations, survey.perceptions)


def servqual_ipa() -> Any:
    from loyaltymodels.servqual import importance_performance

    survey = _servqual_survey()
    return importance_performance(survey.expectations, survey.perceptions)


def servqual_segments() -> Any:
    from loyaltymodels.servqual import compare_segments

    gaps = servqual_gaps()
    groups = np.arange(len(gaps.respondent_scores)) % 2
    return compare_segments(gaps, groups)


def nps_result() -> Any:
    from loyaltymodels.metrics import nps

    return nps([10, 9, 9, 10, 9, 7, 8, 8, 3, 6])


def nps_bayes() -> Any:
    from loyaltymodels.metrics import nps_bayesian

    return nps_bayesian([9, 10, 10, 7, 3, 9, 8, 10], prior=1.0, random_seed=42)


def loyalty_index_result() -> Any:
    from loyaltymodels.metrics import loyalty_index

    data = pd.DataFrame({"a": [1, 5, 7, 3], "b": [2, 6, 4, 4], "c": [7, 7, 1, 2]})
    return loyalty_index(data, {"behaviour": ["a", "b"], "attitude": ["c"]})


def _damage_inputs() -> Any:
    from loyaltymodels.damage import DamageInputs
    from tests.bad_input.data import DAMAGE_VALUES, problems

    return DamageInputs.from_values(
        problems(),
        **DAMAGE_VALUES,
        told_silent=2,
        told_mollified=4,
        told_dissatisfied=10,
        deterred_share=0.02,
        recorded_share=0.5,
    )


def damage() -> Any:
    from loyaltymodels.damage import MarketDamage

    return MarketDamage().fit(_damage_inputs())


def damage_what_if() -> Any:
    from loyaltymodels.damage import what_if

    return what_if(damage(), {"complaint_rate": 0.5})


def damage_sensitivity() -> Any:
    from loyaltymodels.damage import sensitivity

    return sensitivity(damage())


def experience_return() -> Any:
    from loyaltymodels.returns import ExperienceReturn, ReturnInputs

    inputs = ReturnInputs.from_values(
        gap_change={"reliability": 0.8},
        satisfaction_effect={"reliability": (0.5, 0.1)},
        retention=0.8,
        retention_effect=0.5,
        customers=1000,
        margin=100.0,
        discount_rate=0.1,
        horizon=3,
        investment=5000.0,
        cost_per_period=500.0,
    )
    return ExperienceReturn(draws=200).fit(inputs, random_seed=1, label="plan")


def plan_comparison() -> Any:
    plan = experience_return()
    return plan.compare(plan.what_if({"reliability": 1.0}, label="more"))


HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
PLS_MODEL = "Image =~ IMAG1 + IMAG2 + IMAG3\nSat =~ CUSA1 + CUSA2 + CUSA3\nSat ~ Image"


def sem_groups() -> Any:
    from loyaltymodels.datasets import load_holzinger_swineford
    from loyaltymodels.sem import SEM

    model = SEM(HS_MODEL, group="school", group_equal=("loadings",))
    return model.fit(load_holzinger_swineford())


def sem_ordinal() -> Any:
    from pathlib import Path

    import pandas as pd

    from loyaltymodels.sem import SEM

    data = pd.read_csv(Path(__file__).parent / "reference" / "lavaan" / "ordinal_hs.csv")
    return SEM(HS_MODEL, ordered=True, group="school").fit(data)


def sem_invariance() -> Any:
    from loyaltymodels.datasets import load_holzinger_swineford
    from loyaltymodels.sem import measurement_invariance

    return measurement_invariance(
        HS_MODEL, load_holzinger_swineford(), group="school", levels=("configural", "metric")
    )


def pls() -> Any:
    from loyaltymodels.pls import PLS, load_mobi

    return PLS(PLS_MODEL).fit(load_mobi())


def pls_bootstrap() -> Any:
    return pls().bootstrap(50, ci="percentile", random_seed=1)


def pls_predict() -> Any:
    return pls().predict(5, 2, random_seed=1)


def pls_ipma() -> Any:
    return pls().ipma("Sat", scale=(1, 10))


def _mobi_groups() -> Any:
    from loyaltymodels.pls import load_mobi

    data = load_mobi()
    return data.assign(group=["a" if i % 2 else "b" for i in range(len(data))])


def pls_mga() -> Any:
    from loyaltymodels.pls import PLS, permutation_mga

    return permutation_mga(
        PLS(PLS_MODEL), _mobi_groups(), "group", n_permutations=50, random_seed=1
    )


def pls_micom() -> Any:
    from loyaltymodels.pls import PLS, micom

    return micom(PLS(PLS_MODEL), _mobi_groups(), "group", n_permutations=50, random_seed=1)


def key_drivers_result() -> Any:
    from loyaltymodels.datasets import simulate_hotel_survey
    from loyaltymodels.journey import key_drivers

    survey = simulate_hotel_survey(300, random_seed=1).survey
    return key_drivers(
        survey,
        outcome="overall",
        drivers=["booking", "check_in", "room"],
        bootstrap=50,
        random_seed=1,
    )


def journey_flow_result() -> Any:
    from loyaltymodels.datasets import simulate_journey_events
    from loyaltymodels.journey import journey_flow

    events = simulate_journey_events(300, random_seed=1).events
    return journey_flow(events, draws=100, random_seed=1)


def control_chart() -> Any:
    from loyaltymodels.journey import p_chart

    return p_chart([3, 5, 2, 9, 4], [100, 120, 90, 110, 100])


EXAMPLES: dict[str, Callable[[], Any]] = {
    "bgnbd_mle": bgnbd_mle,
    "bgnbd_nuts": bgnbd_nuts,
    "pareto_nbd": pareto_nbd,
    "bgbb": bgbb,
    "gamma_gamma": gamma_gamma,
    "sbg": sbg,
    "hazard": hazard,
    "sem": sem,
    "sem_effects": sem_effects,
    "servqual_gaps": servqual_gaps,
    "servqual_tolerance": servqual_tolerance,
    "servqual_reliability": servqual_reliability,
    "servqual_ipa": servqual_ipa,
    "servqual_segments": servqual_segments,
    "nps": nps_result,
    "nps_bayesian": nps_bayes,
    "loyalty_index": loyalty_index_result,
    "damage": damage,
    "damage_what_if": damage_what_if,
    "damage_sensitivity": damage_sensitivity,
    "experience_return": experience_return,
    "plan_comparison": plan_comparison,
    "sem_groups": sem_groups,
    "sem_ordinal": sem_ordinal,
    "sem_invariance": sem_invariance,
    "pls": pls,
    "pls_bootstrap": pls_bootstrap,
    "pls_predict": pls_predict,
    "pls_ipma": pls_ipma,
    "pls_mga": pls_mga,
    "pls_micom": pls_micom,
    "key_drivers": key_drivers_result,
    "journey_flow": journey_flow_result,
    "control_chart": control_chart,
}


def assert_refuses_assignment(result: Any, **attempts: Any) -> None:
    """Assert that ``result`` is of a frozen class and refuses each ``name=value`` assignment."""
    import pytest

    assert type(result).frozen
    for name, value in attempts.items():
        with pytest.raises(AttributeError, match="read-only"):
            setattr(result, name, value)
