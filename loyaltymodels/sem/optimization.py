r"""Pieces shared by the SEM optimizers: the outcome of a fit and the step-halving search.

A Newton-type step :math:`\theta - s\,d` (Fisher scoring, quasi-Newton) is accepted at the
largest :math:`s \in \{1, 1/2, 1/4, \dots\}` at which the objective is finite and does not
increase beyond a rounding slack (Nocedal & Wright 2006, Numerical Optimization, sec. 3.1,
backtracking line search).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

__all__ = ["FitOutcome", "HalvedStep", "halving_step"]


class FitOutcome(NamedTuple):
    """Outcome of an iterative fit: the estimates, whether it converged, and how it ended."""

    theta: np.ndarray
    converged: bool
    message: str


class HalvedStep(NamedTuple):
    """An accepted step: the new point, its objective value and gradient, and the step size."""

    theta: np.ndarray
    value: float
    gradient: np.ndarray
    scale: float


def halving_step(
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]],
    theta: np.ndarray,
    step: np.ndarray,
    value: float,
    *,
    halvings: int,
    slack: float,
) -> HalvedStep | None:
    """Move from ``theta`` against ``step``, halving it until the objective does not increase.

    Parameters
    ----------
    objective : callable
        Maps a point to ``(value, gradient)``.
    theta : numpy.ndarray
        The current point.
    step : numpy.ndarray
        The full step; candidates are ``theta - scale * step``.
    value : float
        The objective at ``theta``.
    halvings : int
        How many step sizes (1, 1/2, ...) are tried.
    slack : float
        Increase of the objective still accepted (rounding).

    Returns
    -------
    HalvedStep or None
        The first acceptable candidate; None if none of the step sizes was.

    Examples
    --------
    >>> import numpy as np
    >>> found = halving_step(
    ...     lambda x: (float(x @ x), 2 * x), np.ones(1), np.full(1, 3.0), 1.0, halvings=5, slack=0.0
    ... )
    >>> float(found.theta[0]), found.scale
    (-0.5, 0.5)
    """
    scale = 1.0
    for _ in range(halvings):
        candidate = theta - scale * step
        new_value, new_gradient = objective(candidate)
        if np.isfinite(new_value) and new_value <= value + slack:
            return HalvedStep(candidate, new_value, new_gradient, scale)
        scale /= 2.0
    return None
