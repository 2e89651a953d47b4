r"""Step halving: the line search of the package's Newton-type SEM optimisers.

From :math:`\theta` along a search direction :math:`d`, the candidates are
:math:`\theta - s\,d` for :math:`s = 1, 1/2, 1/4, \dots`; the first whose discrepancy is finite
and does not exceed the current one (up to a small slack) is taken (Nocedal & Wright 2006,
section 3.1, backtracking with the simple-decrease condition).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

__all__ = ["HalvedStep", "halve_step"]


class HalvedStep(NamedTuple):
    """The accepted point of a step-halving search."""

    theta: np.ndarray
    value: float
    gradient: np.ndarray
    scale: float


def halve_step(
    value_and_gradient: Callable[[np.ndarray], tuple[float, np.ndarray]],
    theta: np.ndarray,
    step: np.ndarray,
    value: float,
    *,
    halvings: int,
    slack: float = 1e-15,
) -> HalvedStep | None:
    r"""Move from ``theta`` against ``step``, halving the step until the value does not rise.

    Tries :math:`\theta - s\,d` for :math:`s = 1, 2^{-1}, \dots, 2^{-(h-1)}` and accepts the
    first candidate with a finite value :math:`F \le F(\theta) + \epsilon`.

    Parameters
    ----------
    value_and_gradient : callable
        :math:`\theta \mapsto (F(\theta), \nabla F(\theta))`.
    theta : numpy.ndarray
        The current point.
    step : numpy.ndarray
        The full step :math:`d` (the point moves to :math:`\theta - d` at scale 1).
    value : float
        :math:`F(\theta)`.
    halvings : int
        Number of candidates :math:`h` tried.
    slack : float, default 1e-15
        Rise :math:`\epsilon` of the value still accepted (rounding).

    Returns
    -------
    HalvedStep or None
        The accepted point with its value, gradient and scale; None when no candidate is
        accepted.
    """
    scale = 1.0
    for _ in range(halvings):
        candidate = theta - scale * step
        new_value, new_gradient = value_and_gradient(candidate)
        if np.isfinite(new_value) and new_value <= value + slack:
            return HalvedStep(candidate, new_value, new_gradient, scale)
        scale /= 2.0
    return None
