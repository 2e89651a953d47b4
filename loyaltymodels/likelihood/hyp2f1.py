r"""A Gaussian hypergeometric function 2F1 for PyTensor graphs that can be differentiated twice.

PyTensor's ``hyp2f1`` computes its parameter derivatives with a series loop that cannot itself
be differentiated, so a Hessian (for standard errors at the maximum-likelihood estimate) of a
likelihood that uses it cannot be built. This wrapper gives the derivatives in terms of the
same function: exactly in z, :math:`\partial_z {}_2F_1(a,b;c;z) = \frac{ab}{c}
{}_2F_1(a+1,b+1;c+1;z)` (Abramowitz & Stegun 15.2.1), and by central differences in a, b, c
with a relative step of 1e-4 (truncation error about 1e-9 relative). As each derivative is again
a graph of the wrapper, derivatives of any order exist.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytensor.tensor as pt
from pytensor.compile.builders import OpFromGraph

__all__ = ["hyp2f1_graph"]

RELATIVE_STEP = 1e-4


def _build() -> OpFromGraph:
    a, b, c, z = (pt.dvector(name) for name in "abcz")
    holder: dict[str, OpFromGraph] = {}

    def pullback(inputs: list[Any], outputs: list[Any], grads: list[Any]) -> list[Any]:
        function = holder["op"]
        (grad,) = grads

        def central_difference(position: int) -> Any:
            step = RELATIVE_STEP * pt.maximum(1.0, pt.abs(inputs[position]))
            up = [v + step if i == position else v for i, v in enumerate(inputs)]
            down = [v - step if i == position else v for i, v in enumerate(inputs)]
            upper: Any = function(*up)
            lower: Any = function(*down)
            return (upper - lower) / (2.0 * step)

        a_, b_, c_, z_ = inputs
        shifted: Any = function(a_ + 1.0, b_ + 1.0, c_ + 1.0, z_)
        dz = a_ * b_ / c_ * shifted
        return [grad * central_difference(i) for i in range(3)] + [grad * dz]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        op = OpFromGraph(
            [a, b, c, z], [pt.hyp2f1(a, b, c, z)], pullback=pullback, name="hyp2f1_twice"
        )
    holder["op"] = op
    return op


_HYP2F1: Any = _build()


def hyp2f1_graph(a: Any, b: Any, c: Any, z: Any) -> Any:
    """Elementwise :math:`{}_2F_1(a, b; c; z)` in a PyTensor graph, differentiable to any order.

    Parameters
    ----------
    a, b, c, z : tensor_like
        Broadcastable arguments (|z| < 1).

    Returns
    -------
    pytensor.tensor.TensorVariable
        The function values, with the broadcast shape.
    """
    a, b, c, z = pt.broadcast_arrays(
        *(pt.as_tensor_variable(v, dtype="float64") for v in (a, b, c, z))
    )
    shape = a.shape
    return _HYP2F1(a.flatten(), b.flatten(), c.flatten(), z.flatten()).reshape(shape)
