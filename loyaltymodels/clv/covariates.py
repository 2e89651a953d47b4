r"""Time-invariant covariates on the purchase and dropout processes.

Fader & Hardie (2007), "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD
models" (note): the gamma scale of the purchase rate becomes
:math:`\alpha_i = \alpha_0 \exp(-\gamma_1' z_i)` (so a positive coefficient raises the
purchase rate); for the Pareto/NBD dropout rate :math:`\beta_i = \beta_0 \exp(-\gamma_2' z_i)`;
for the BG/NBD dropout probability :math:`a_i = a_0 \exp(\gamma_2' z_i)` and
:math:`b_i = b_0 \exp(\gamma_3' z_i)`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.likelihood.covariates import scale_by_covariates

__all__ = ["check_covariate_names", "label_coefficients", "scale_by_covariates"]


def check_covariate_names(names: Sequence[str] | None, role: str) -> tuple[str, ...]:
    """Return covariate names as a tuple, rejecting anything but a sequence of strings.

    Parameters
    ----------
    names : sequence of str or None
        Column names.
    role : str
        The argument name, for messages.

    Returns
    -------
    tuple of str
        The names.
    """
    if names is None:
        return ()
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise LoyaltyDataError(f"{role} must be a list of column names, got {names!r}.")
    return tuple(names)


def label_coefficients(params: pd.DataFrame, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """Rename ``name[0]``, ``name[1]``, ... in a parameter table to ``name[column]``.

    Parameters
    ----------
    params : pandas.DataFrame
        The parameter table.
    name : str
        The coefficient vector's name.
    columns : sequence of str
        The covariate names in order.

    Returns
    -------
    pandas.DataFrame
        The relabelled table.
    """
    mapping = {f"{name}[{i}]": f"{name}[{column}]" for i, column in enumerate(columns)}
    return params.rename(index=mapping)
