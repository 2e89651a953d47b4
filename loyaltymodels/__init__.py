"""loyaltymodels: statistics of customer loyalty.

Structural equation models of loyalty (:mod:`loyaltymodels.sem`), PLS path models
(:mod:`loyaltymodels.pls`), Bayesian customer-lifetime-value
and churn models (:mod:`loyaltymodels.clv`, :mod:`loyaltymodels.churn`), SERVQUAL gap scoring
(:mod:`loyaltymodels.servqual`), loyalty metrics (:mod:`loyaltymodels.metrics`), the market
damage model (:mod:`loyaltymodels.damage`) and the return of closing experience gaps
(:mod:`loyaltymodels.returns`) and touchpoint/journey analytics
(:mod:`loyaltymodels.journey`). Subpackages are imported on first use, so
``import loyaltymodels`` stays fast.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from loyaltymodels._validation import LoyaltyDataError

try:
    __version__ = version("loyaltymodels")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

_SUBPACKAGES = (
    "churn",
    "clv",
    "damage",
    "datasets",
    "journey",
    "metrics",
    "plotting",
    "pls",
    "report",
    "returns",
    "sem",
    "servqual",
)

__all__ = ["Fit", "FitWarning", "LoyaltyDataError", "__version__", *_SUBPACKAGES]


#: Names served from their modules on first use (keeps ``import loyaltymodels`` light).
_LAZY_NAMES = {"Fit": "loyaltymodels._bayes_fit", "FitWarning": "loyaltymodels._bayes_fit"}


def __getattr__(name: str) -> Any:
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    if name in _SUBPACKAGES:
        return importlib.import_module(f"loyaltymodels.{name}")
    raise AttributeError(f"module 'loyaltymodels' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
