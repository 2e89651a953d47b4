"""The array backends of the likelihoods, now in :mod:`loyaltymodels.likelihood.backend`."""

from typing import Any

from loyaltymodels.likelihood.backend import NUMPY, pytensor_backend

__all__ = ["NUMPY", "pytensor_backend"]


def __getattr__(name: str) -> Any:
    if name == "PYTENSOR":
        return pytensor_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
