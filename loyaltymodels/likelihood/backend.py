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

__all__ = ["NUMPY", "pytensor_backend"]  # PYTENSOR: module attribute built on first access


def _np_log1mexp(x: np.ndarray) -> np.ndarray:
    """``log(1 - exp(x))`` for ``x <= 0``, accurate near 0 and for very negative ``x``."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(x > -np.log(2.0), np.log(-np.expm1(x)), np.log1p(-np.exp(x)))


NUMPY = SimpleNamespace(
    log=np.log,
    exp=np.exp,
    log1p=np.log1p,
    expm1=np.expm1,
    log1mexp=_np_log1mexp,
    gammaln=special.gammaln,
    betaln=special.betaln,
    hyp2f1=special.hyp2f1,
    logaddexp=np.logaddexp,
    logsumexp=lambda x, axis: special.logsumexp(x, axis=axis),
    where=np.where,
    maximum=np.maximum,
    abs=np.abs,
    arange=np.arange,
    sum=np.sum,
    softplus=lambda x: np.logaddexp(0.0, x),
    take=lambda values, index: values[..., index],
    linear=lambda covariates, coefficients: coefficients @ covariates.T,
)


@cache
def pytensor_backend() -> SimpleNamespace:
    """Return the PyTensor namespace (imports PyTensor on the first call)."""
    import pytensor.tensor as pt
    from pytensor.tensor.special import betaln as pt_betaln

    from loyaltymodels.likelihood.hyp2f1 import hyp2f1_graph

    return SimpleNamespace(
        log=pt.log,
        exp=pt.exp,
        log1p=pt.log1p,
        expm1=pt.expm1,
        log1mexp=pt.log1mexp,
        gammaln=pt.gammaln,
        betaln=pt_betaln,
        hyp2f1=hyp2f1_graph,
        logaddexp=pt.logaddexp,
        logsumexp=lambda x, axis: pt.logsumexp(x, axis=axis),
        where=pt.switch,
        maximum=pt.maximum,
        abs=pt.abs,
        arange=np.arange,
        sum=pt.sum,
        softplus=pt.softplus,
        take=lambda values, index: values[..., index],
        linear=lambda covariates, coefficients: pt.dot(covariates, coefficients),
    )


def __getattr__(name: str) -> Any:
    if name == "PYTENSOR":
        return pytensor_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
