"""Array backends: one likelihood formula evaluated with NumPy or built as a PyTensor graph.

Each likelihood is written once against a small namespace of functions (``log``, ``gammaln``,
``where``, ...). :data:`NUMPY` evaluates it on arrays (closed-form tests, per-customer values);
:data:`PYTENSOR` builds the symbolic graph that PyMC differentiates and samples; it is created on
first use (:func:`pytensor_backend`), so that NumPy-only work never imports PyTensor.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy import special

__all__ = [
    "NUMPY",
    "SHARED_NAMES",
    "pytensor_backend",
]  # PYTENSOR: module attribute built on first access


def _np_log1mexp(x: np.ndarray) -> np.ndarray:
    """``log(1 - exp(x))`` for ``x <= 0``, accurate near 0 and for very negative ``x``."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(x > -np.log(2.0), np.log(-np.expm1(x)), np.log1p(-np.exp(x)))


# functions of the same name and meaning in NumPy and pytensor.tensor, and in scipy.special and
# pytensor.tensor.special
SHARED_NAMES = ("log", "exp", "log1p", "expm1", "logaddexp", "maximum", "abs", "sum")
SHARED_SPECIAL_NAMES = ("gammaln", "betaln", "logsumexp")


def _take(values: Any, index: Any) -> Any:
    return values[..., index]


def _backend(library: Any, special_functions: Any, **specific: Any) -> SimpleNamespace:
    """Return the namespace of the shared names of both libraries and the ``specific`` ones."""
    shared = {name: getattr(library, name) for name in SHARED_NAMES}
    shared.update({name: getattr(special_functions, name) for name in SHARED_SPECIAL_NAMES})
    return SimpleNamespace(**shared, arange=np.arange, take=_take, **specific)


NUMPY = _backend(
    np,
    special,
    log1mexp=_np_log1mexp,
    hyp2f1=special.hyp2f1,
    where=np.where,
    softplus=lambda x: np.logaddexp(0.0, x),
    linear=lambda covariates, coefficients: coefficients @ covariates.T,
)


@cache
def pytensor_backend() -> SimpleNamespace:
    """Return the PyTensor namespace (imports PyTensor on the first call)."""
    import pytensor.tensor as pt
    import pytensor.tensor.special as pt_special

    from loyaltymodels.likelihood.hyp2f1 import hyp2f1_graph

    return _backend(
        pt,
        pt_special,
        log1mexp=pt.log1mexp,
        hyp2f1=hyp2f1_graph,
        where=pt.switch,
        softplus=pt.softplus,
        linear=lambda covariates, coefficients: pt.dot(covariates, coefficients),
    )


def __getattr__(name: str) -> Any:
    if name == "PYTENSOR":
        return pytensor_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
