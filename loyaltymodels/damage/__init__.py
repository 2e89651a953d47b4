"""The market damage model: revenue lost to customer problems, and what fixing them returns."""

from loyaltymodels.damage.inputs import OUTCOMES, PARAMETERS, DamageInputs
from loyaltymodels.damage.model import PATHS, DamageResult, MarketDamage, damage_paths
from loyaltymodels.damage.sensitivity import SensitivityResult, sensitivity
from loyaltymodels.damage.whatif import (
    WhatIfResult,
    improve_complaint_handling,
    prevent_problem,
    what_if,
)

__all__ = [
    "OUTCOMES",
    "PARAMETERS",
    "PATHS",
    "DamageInputs",
    "DamageResult",
    "MarketDamage",
    "SensitivityResult",
    "WhatIfResult",
    "damage_paths",
    "improve_complaint_handling",
    "prevent_problem",
    "sensitivity",
    "what_if",
]
