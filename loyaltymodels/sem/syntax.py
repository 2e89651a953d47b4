"""Reading lavaan-style model descriptions (``=~``, ``~``, ``~~``, labels) through semopy."""

from __future__ import annotations

from typing import Any

import semopy

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["build_semopy_model", "latent_variables", "observed_variables"]


def build_semopy_model(description: str) -> Any:
    """Parse ``description`` into a semopy ``Model`` (no data yet).

    Parameters
    ----------
    description : str
        lavaan-style syntax, one relation per line, e.g. ``"loyalty =~ l1 + l2 + l3"``.

    Returns
    -------
    semopy.Model
        The parsed model.

    Examples
    --------
    >>> model = build_semopy_model("f =~ a + b + c")
    >>> sorted(observed_variables(model)), latent_variables(model)
    (['a', 'b', 'c'], ['f'])
    """
    if not isinstance(description, str) or not description.strip():
        raise LoyaltyDataError(
            "the model description is empty; write one relation per line, e.g. "
            "'loyalty =~ l1 + l2 + l3'."
        )
    try:
        # mimic_lavaan: regressed observed variables stay structural variables (in B), as in
        # lavaan, so they are reported as `y ~ x` and carry indirect effects; semopy's default
        # would move a terminal observed outcome into the loading matrix
        return semopy.Model(description, mimic_lavaan=True)
    except Exception as error:  # semopy raises bare exceptions on syntax errors
        raise LoyaltyDataError(
            f"could not read the model description ({error}); use lavaan syntax: "
            "'latent =~ item1 + item2', 'outcome ~ predictor', 'a ~~ b'."
        ) from error


def observed_variables(model: Any) -> list[str]:
    """Names of the observed variables of a parsed semopy model, in semopy's order.

    Parameters
    ----------
    model : semopy.Model
        A parsed model.

    Returns
    -------
    list of str
        The observed variables (columns the data must have).
    """
    return list(model.vars["observed"])


def latent_variables(model: Any) -> list[str]:
    """Names of the latent variables of a parsed semopy model, sorted.

    Parameters
    ----------
    model : semopy.Model
        A parsed model.

    Returns
    -------
    list of str
        The latent variables.
    """
    return sorted(model.vars["latent"])
