"""Gamma-Gamma conditional expected spend (Fader & Hardie 2013, eq. (5))."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["gamma_gamma_conditional_expected_spend"]


def gamma_gamma_conditional_expected_spend(
    frequency: Any,
    monetary_value: Any,
    p: Any,
    q: Any,
    gamma: Any,
) -> Any:
    r"""Compute the expected mean transaction value given x repeat purchases with mean zbar.

    .. math::

        E[M \mid p, q, \gamma, x, \bar z] = \frac{p(\gamma + x\bar z)}{px + q - 1}
        = \frac{q-1}{px+q-1}\frac{p\gamma}{q-1} + \frac{px}{px+q-1}\bar z

    a weighted average of the population mean :math:`p\gamma/(q-1)` and the customer's own
    mean. Customers without repeat purchases (x = 0) get the population mean. Requires q > 1.

    Parameters
    ----------
    frequency, monetary_value : numpy.ndarray
        x and :math:`\bar z`.
    p, q, gamma : numpy.ndarray
        Parameters.

    Returns
    -------
    numpy.ndarray
        The expectation.

    Examples
    --------
    >>> round(float(gamma_gamma_conditional_expected_spend(0, 0.0, 6.25, 3.74, 15.44)), 4)
    35.219
    """
    x = np.asarray(frequency, dtype=float)
    zbar = np.where(x > 0, monetary_value, 0.0)
    return p * (gamma + x * zbar) / (p * x + q - 1.0)
