r"""Numerical derivatives shared by the estimators: central differences of a gradient.

The Hessian of a function with an analytic gradient g is taken column by column,
:math:`H_{\cdot k} = [g(x + h_ke_k) - g(x - h_ke_k)]/(2h_k)` with
:math:`h_k = 10^{-5}\max(1, |x_k|)`, and symmetrised, :math:`(H + H^\top)/2` (Nocedal &
Wright 2006, sec. 8.1).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["hessian_from_gradient"]


def hessian_from_gradient(
    gradient: Callable[[np.ndarray], np.ndarray], x: np.ndarray
) -> np.ndarray:
    """Symmetrised central-difference Jacobian of ``gradient`` at ``x``.

    Parameters
    ----------
    gradient : callable
        Maps a point to the gradient there (same length as ``x``).
    x : numpy.ndarray
        The point.

    Returns
    -------
    numpy.ndarray
        Square matrix of size ``x.size``.

    Examples
    --------
    >>> import numpy as np
    >>> h = hessian_from_gradient(lambda v: np.array([2 * v[0] + v[1], v[0]]), np.zeros(2))
    >>> np.round(h, 6).tolist()
    [[2.0, 1.0], [1.0, 0.0]]
    """
    x = np.asarray(x, dtype=float)
    hessian = np.empty((x.size, x.size))
    for k in range(x.size):
        step = 1e-5 * max(1.0, abs(x[k]))
        up, down = x.copy(), x.copy()
        up[k] += step
        down[k] -= step
        hessian[:, k] = (gradient(up) - gradient(down)) / (2.0 * step)
    return np.asarray(0.5 * (hessian + hessian.T))
