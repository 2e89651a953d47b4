"""Closed-form predictions of the CLV models (NumPy; broadcast over draws x patterns)."""

from loyaltymodels.clv.expectations.bgbb import (
    bgbb_conditional_expected_purchases,
    bgbb_conditional_purchase_probability,
    bgbb_expected_purchases_new_customer,
    bgbb_probability_alive,
)
from loyaltymodels.clv.expectations.bgnbd import (
    bgnbd_conditional_expected_purchases,
    bgnbd_conditional_purchase_probability,
    bgnbd_expected_purchases_new_customer,
    bgnbd_probability_alive,
)
from loyaltymodels.clv.expectations.gamma_gamma import gamma_gamma_conditional_expected_spend
from loyaltymodels.clv.expectations.pareto_nbd import (
    pareto_nbd_conditional_expected_purchases,
    pareto_nbd_conditional_purchase_probability,
    pareto_nbd_expected_purchases_new_customer,
    pareto_nbd_probability_alive,
)

__all__ = [
    "bgbb_conditional_expected_purchases",
    "bgbb_conditional_purchase_probability",
    "bgbb_expected_purchases_new_customer",
    "bgbb_probability_alive",
    "bgnbd_conditional_expected_purchases",
    "bgnbd_conditional_purchase_probability",
    "bgnbd_expected_purchases_new_customer",
    "bgnbd_probability_alive",
    "gamma_gamma_conditional_expected_spend",
    "pareto_nbd_conditional_expected_purchases",
    "pareto_nbd_conditional_purchase_probability",
    "pareto_nbd_expected_purchases_new_customer",
    "pareto_nbd_probability_alive",
]
