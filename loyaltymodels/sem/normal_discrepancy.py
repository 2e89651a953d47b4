r"""The normal-theory ML discrepancy and expected information, shared by the SEM structures.

For an implied covariance :math:`\Sigma` and a sample covariance :math:`S` (divisor N) of
:math:`p` variables, the ML discrepancy without a mean part is

.. math::

    F = \log|\Sigma| + \mathrm{tr}(S\Sigma^{-1}) - \log|S| - p,

evaluated through the Cholesky factor :math:`\Sigma = LL^\top` (:math:`\log|\Sigma| =
2\sum_i\log L_{ii}`, :math:`\Sigma^{-1} = L^{-\top}L^{-1}`). The covariance part of the expected
information per observation is :math:`\tfrac12\mathrm{tr}(\Sigma^{-1}\Delta_k\Sigma^{-1}\Delta_l)`
with :math:`\Delta_k = \partial\Sigma/\partial\theta_k` (Bollen 1989, Structural Equations with
Latent Variables, ch. 4).
"""

from __future__ import annotations

import numpy as np

__all__ = ["covariance_information", "normal_discrepancy"]


def normal_discrepancy(
    sigma: np.ndarray, cov: np.ndarray, logdet_cov: float
) -> tuple[float, np.ndarray] | None:
    r"""Return the ML discrepancy :math:`F` and :math:`\Sigma^{-1}` from one Cholesky factor.

    Parameters
    ----------
    sigma : numpy.ndarray
        Implied covariance :math:`\Sigma`.
    cov : numpy.ndarray
        Sample covariance :math:`S` (divisor N).
    logdet_cov : float
        :math:`\log|S|`.

    Returns
    -------
    tuple or None
        ``(F, inverse of sigma)``; None where :math:`\Sigma` is not positive definite.

    Examples
    --------
    >>> import numpy as np
    >>> value, inverse = normal_discrepancy(np.eye(2), np.eye(2), 0.0)
    >>> float(value), inverse.tolist()
    (0.0, [[1.0, 0.0], [0.0, 1.0]])
    """
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return None
    chol_inv = np.linalg.inv(chol)
    inv = chol_inv.T @ chol_inv
    logdet = 2.0 * np.log(np.diag(chol)).sum()
    return logdet + np.einsum("ij,ji->", cov, inv) - logdet_cov - cov.shape[0], inv


def covariance_information(scaled: np.ndarray) -> np.ndarray:
    r"""Return :math:`\tfrac12\mathrm{tr}(A_kA_l)` for a stack :math:`A_k = \Sigma^{-1}\Delta_k`.

    Parameters
    ----------
    scaled : numpy.ndarray
        The products :math:`\Sigma^{-1}\,\partial\Sigma/\partial\theta_k`, shape (q, p, p).

    Returns
    -------
    numpy.ndarray
        The q x q covariance part of the expected information per observation.

    Examples
    --------
    >>> import numpy as np
    >>> covariance_information(np.eye(2)[None]).tolist()
    [[1.0]]
    """
    q = scaled.shape[0]
    flat = scaled.reshape(q, -1)
    flat_t = np.swapaxes(scaled, 1, 2).reshape(q, -1)
    information: np.ndarray = 0.5 * (flat @ flat_t.T)
    return information
