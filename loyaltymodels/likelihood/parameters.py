r"""What a likelihood model declares about each parameter: name, transform, prior, size.

A prior is written as ``(distribution, parameters)`` with a :mod:`pymc` distribution name, e.g.
``("Gamma", {"alpha": 2.0, "beta": 1.0})``; a parameter value given as a string names a
parameter declared before it (``("ZeroSumNormal", {"sigma": "sigma_segment"})``), which is how
hierarchical priors are written. A positive parameter is sampled and optimised on the log
scale (PyMC's log transform, :math:`u = \log\theta`), the others on their own scale.

For maximum likelihood every prior is replaced by a flat one (``HalfFlat`` for positive
parameters, ``Flat`` for the others), except for parameters declared ``flat_under_mle=False``
(standardised offsets of a hierarchical model, whose prior is part of the likelihood).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["Parameter", "PriorSpec", "graph_variable", "resolve_priors"]

PriorSpec = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Parameter:
    """One parameter of a likelihood model.

    Attributes
    ----------
    name : str
        The name in the posterior and in the parameter table.
    prior : PriorSpec
        ``(pymc distribution name, parameters)``.
    positive : bool, default True
        Positive (log transform to the unconstrained scale) or real (identity).
    size : int, optional
        A vector of this length; a scalar when None.
    flat_under_mle : bool, default True
        Whether maximum likelihood replaces the prior by a flat one.
    reported : bool, default True
        Whether the parameter appears in the parameter table (standardised offsets and
        centred baselines are not; the quantities derived from them are).
    """

    name: str
    prior: PriorSpec
    positive: bool = True
    size: int | None = None
    flat_under_mle: bool = True
    reported: bool = True


def resolve_priors(
    defaults: Mapping[str, PriorSpec], priors: Mapping[str, PriorSpec] | None
) -> dict[str, PriorSpec]:
    """Merge user priors over the defaults, rejecting unknown names and distributions.

    Parameters
    ----------
    defaults : mapping
        The model's default prior per parameter.
    priors : mapping, optional
        The user's priors for some parameters.

    Returns
    -------
    dict
        One prior specification per parameter.
    """
    merged = dict(defaults)
    for name, spec in (priors or {}).items():
        if name not in defaults:
            raise LoyaltyDataError(
                f"priors has an unknown parameter {name!r}; the model's parameters are "
                f"{sorted(defaults)}."
            )
        if (
            not isinstance(spec, tuple)
            or len(spec) != 2
            or not isinstance(spec[0], str)
            or not _is_pymc_distribution(spec[0])
        ):
            raise LoyaltyDataError(
                f"prior for {name!r} must be (pymc distribution name, parameters dict), e.g. "
                f"('Gamma', {{'alpha': 2.0, 'beta': 1.0}}); got {spec!r}."
            )
        merged[name] = (spec[0], dict(spec[1]))
    return merged


def _is_pymc_distribution(name: str) -> bool:
    import pymc as pm

    return hasattr(pm, name)


def graph_variable(parameter: Parameter, *, flat: bool, created: Mapping[str, Any]) -> Any:
    """Create the PyMC variable of ``parameter`` inside the current model context.

    Parameters
    ----------
    parameter : Parameter
        The declaration.
    flat : bool
        Maximum likelihood: a flat prior unless ``parameter.flat_under_mle`` is False.
    created : mapping
        The variables created so far, by name (string prior parameters refer to them).

    Returns
    -------
    pytensor variable
        The random variable.
    """
    import pymc as pm

    kwargs: dict[str, Any] = {} if parameter.size is None else {"shape": parameter.size}
    if flat and parameter.flat_under_mle:
        return (pm.HalfFlat if parameter.positive else pm.Flat)(parameter.name, **kwargs)
    distribution, arguments = parameter.prior
    resolved = {
        key: created[value] if isinstance(value, str) else value for key, value in arguments.items()
    }
    return getattr(pm, distribution)(parameter.name, **resolved, **kwargs)
