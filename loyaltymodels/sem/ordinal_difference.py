r"""Scaled-shifted difference test of nested ordinal models (Satorra 2000; lavaan ``lavTestLRT``).

For a less restricted model 1 and a restricted model 0 with unscaled statistics
:math:`T_1 < T_0` and :math:`m = df_0 - df_1`: with the Jacobians :math:`\Delta_1, \Delta_0`
of the implied statistics (each at its own estimates), the constraints of model 0 written in
model 1's parameters are the rows of :math:`A`, an orthonormal basis of the orthogonal
complement of :math:`H = \Delta_1^+\Delta_0` (lavaan's ``A.method = "delta"``). With
:math:`P = E_1^{-1}`, :math:`E_1 = \sum_g f_g\Delta_{1g}^\top W_g\Delta_{1g}`,
:math:`M = PA^\top(APA^\top)^+AP` and :math:`K = \sum_g f_g\,\Delta_{1g}^\top W_g\Gamma_g
W_g\Delta_{1g}`:

.. math::

    a = \sqrt{m/\mathrm{tr}[(MK)^2]}, \qquad
    T_d = a\,(T_0 - T_1) + m - a\,\mathrm{tr}(MK)

on m degrees of freedom (Satorra 2000; Asparouhov & Muthen 2010, scaled-shifted).
"""

from __future__ import annotations

import numpy as np

from loyaltymodels.sem.wls import OrdinalModel, WlsFit

__all__ = ["scaled_shifted_difference"]


def _jacobian(model: OrdinalModel, fit: WlsFit) -> list[np.ndarray]:
    return [model.jacobian(fit.theta, g) for g in range(len(fit.weights))]


def scaled_shifted_difference(
    less: tuple[OrdinalModel, WlsFit],
    more: tuple[OrdinalModel, WlsFit],
    gammas: list[np.ndarray],
    df_difference: float,
) -> float:
    r"""Scaled-shifted chi-square difference of two nested WLSMV (or ULSMV) fits.

    Parameters
    ----------
    less : tuple of (OrdinalModel, WlsFit)
        The less restricted model (e.g. configural) and its fit.
    more : tuple of (OrdinalModel, WlsFit)
        The restricted model (e.g. equal thresholds and loadings) and its fit.
    gammas : list of numpy.ndarray
        :math:`\Gamma_g` of the groups (the same data for both).
    df_difference : float
        :math:`m = df_0 - df_1`.

    Returns
    -------
    float
        The difference statistic on ``df_difference`` degrees of freedom.
    """
    model1, fit1 = less
    model0, fit0 = more
    jac1 = _jacobian(model1, fit1)
    delta1 = np.vstack(jac1)
    delta0 = np.vstack(_jacobian(model0, fit0))
    h = np.linalg.pinv(delta1) @ delta0
    u, s, _ = np.linalg.svd(h, full_matrices=True)
    rank = int(np.sum(s > s.max() * max(h.shape) * np.finfo(float).eps))
    a = u[:, rank:].T
    shares = fit1.shares
    info = sum(
        (f * j.T @ (w[:, None] * j) for j, w, f in zip(jac1, fit1.weights, shares, strict=True)),
        start=np.zeros((delta1.shape[1],) * 2),
    )
    p_inv = np.linalg.inv(info)
    apa = a @ p_inv @ a.T
    keep = (np.abs(apa.sum(axis=0)) > 1e-8) | (np.abs(apa.sum(axis=1)) > 1e-8)
    a = a[keep]
    m = p_inv @ a.T @ np.linalg.pinv(a @ p_inv @ a.T) @ a @ p_inv
    k = sum(
        (
            f * (w[:, None] * j).T @ gamma @ (w[:, None] * j)
            for j, w, gamma, f in zip(jac1, fit1.weights, gammas, shares, strict=True)
        ),
        start=np.zeros_like(info),
    )
    mk = m @ k
    trace, trace2 = float(np.trace(mk)), float(np.sum(mk * mk.T))
    scale = np.sqrt(df_difference / trace2)
    return float(scale * (fit0.chi2 - fit1.chi2) + df_difference - scale * trace)
