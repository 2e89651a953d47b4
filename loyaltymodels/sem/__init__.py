"""Covariance-based structural equation models of loyalty (on semopy).

``SEM(description).fit(data)`` returns an :class:`SEMResult` with lavaan-compatible estimates,
standard errors, standardized solutions, fit indices, reliability and validity tables,
bootstrap effects and improper-solution diagnostics; ``SEM(..., group=...)`` fits several
groups at once, ``SEM(..., ordered=True)`` fits ordinal items by WLSMV (an
:class:`OrdinalSEMResult`), :func:`measurement_invariance` runs the invariance ladder and
:func:`longitudinal_invariance` the same ladder over survey waves.

Names are imported on first use, so that ``loyaltymodels.sem.command`` (the CLI) loads
without semopy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loyaltymodels.sem.effects import EffectsResult
    from loyaltymodels.sem.fit_indices import rmsea_interval
    from loyaltymodels.sem.group_result import GroupSEMResult
    from loyaltymodels.sem.invariance import InvarianceResult, measurement_invariance
    from loyaltymodels.sem.longitudinal import longitudinal_invariance, longitudinal_syntax
    from loyaltymodels.sem.model import SEM
    from loyaltymodels.sem.ordinal_result import OrdinalSEMResult
    from loyaltymodels.sem.panel import cross_lagged_panel
    from loyaltymodels.sem.problems import ImproperSolutionWarning
    from loyaltymodels.sem.reliability import (
        average_variance_extracted,
        composite_reliability,
        cronbach_alpha,
    )
    from loyaltymodels.sem.result import SEMResult
    from loyaltymodels.sem.templates import ecsi_model, loyalty_model
    from loyaltymodels.sem.validity import ValidityTables, htmt

_HOMES = {
    "SEM": "model",
    "EffectsResult": "effects",
    "GroupSEMResult": "group_result",
    "ImproperSolutionWarning": "problems",
    "InvarianceResult": "invariance",
    "OrdinalSEMResult": "ordinal_result",
    "SEMResult": "result",
    "ValidityTables": "validity",
    "average_variance_extracted": "reliability",
    "composite_reliability": "reliability",
    "cronbach_alpha": "reliability",
    "cross_lagged_panel": "panel",
    "ecsi_model": "templates",
    "htmt": "validity",
    "longitudinal_invariance": "longitudinal",
    "longitudinal_syntax": "longitudinal",
    "loyalty_model": "templates",
    "measurement_invariance": "invariance",
    "rmsea_interval": "fit_indices",
}

__all__ = [
    "SEM",
    "EffectsResult",
    "GroupSEMResult",
    "ImproperSolutionWarning",
    "InvarianceResult",
    "OrdinalSEMResult",
    "SEMResult",
    "ValidityTables",
    "average_variance_extracted",
    "composite_reliability",
    "cronbach_alpha",
    "cross_lagged_panel",
    "ecsi_model",
    "htmt",
    "longitudinal_invariance",
    "longitudinal_syntax",
    "loyalty_model",
    "measurement_invariance",
    "rmsea_interval",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(import_module(f"loyaltymodels.sem.{_HOMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'loyaltymodels.sem' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
