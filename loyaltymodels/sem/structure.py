r"""The LISREL-type matrix structure of a covariance-based SEM, as pure NumPy.

A model with latent and structural variables :math:`\eta`, observed variables :math:`y`,
regression matrix :math:`B`, loadings :math:`\Lambda`, (residual) covariances :math:`\Psi` of
:math:`\eta` and residual covariances :math:`\Theta` of :math:`y` implies

.. math::

    \Sigma(\theta) = \Lambda C \Psi C^\top \Lambda^\top + \Theta, \qquad C = (I - B)^{-1}.

semopy parses the description and lays out the matrices; :class:`MatrixStructure` copies that
layout once and then evaluates :math:`\Sigma`, the ML discrepancy, its analytic gradient and the
expected information without touching semopy again, which keeps bootstrap refits lean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loyaltymodels.sem.normal_discrepancy import covariance_information, normal_discrepancy

__all__ = ["MatrixStructure", "ParameterLocation"]

MATRIX_NAMES = ("beta", "lambda", "psi", "theta")


@dataclass(frozen=True)
class ParameterLocation:
    """Where one parameter entry sits: matrix, row and column names, and its free index.

    ``free_index`` is the position in the free-parameter vector, or -1 for a fixed value.
    """

    matrix: str
    row: str
    col: str
    free_index: int
    fixed_value: float
    name: str


class MatrixStructure:
    r"""Parameter-to-matrix map of a semopy ``Model`` without mean structure.

    Parameters
    ----------
    model : semopy.Model
        A semopy model on which ``load`` (or ``fit``) has been called.

    Notes
    -----
    Every method takes ``theta``, the free-parameter vector (length ``n_free``, in the order
    of ``free_names``); the ML methods also take ``cov``, the sample covariance :math:`S`
    (divisor N), and ``logdet_cov``, :math:`\log|S|`.
    """

    def __init__(self, model: object) -> None:
        m = model
        self.eta_names: list[str] = list(m.names_beta[0])  # type: ignore[attr-defined]
        self.observed_names: list[str] = list(m.names_lambda[0])  # type: ignore[attr-defined]
        names = {
            "beta": m.names_beta,  # type: ignore[attr-defined]
            "lambda": m.names_lambda,  # type: ignore[attr-defined]
            "psi": m.names_psi,  # type: ignore[attr-defined]
            "theta": m.names_theta,  # type: ignore[attr-defined]
        }
        matrices = {
            "beta": m.mx_beta,  # type: ignore[attr-defined]
            "lambda": m.mx_lambda,  # type: ignore[attr-defined]
            "psi": m.mx_psi,  # type: ignore[attr-defined]
            "theta": m.mx_theta,  # type: ignore[attr-defined]
        }
        parameters = m.parameters  # type: ignore[attr-defined]
        active = [name for name, p in parameters.items() if p.active]
        self.free_names: list[str] = active
        self.n_free = len(active)
        index_of = {name: i for i, name in enumerate(active)}
        bases = {key: np.array(mx, dtype=float) for key, mx in matrices.items()}
        entries: dict[str, tuple[list[int], list[int], list[int]]] = {
            key: ([], [], []) for key in MATRIX_NAMES
        }
        locations: list[ParameterLocation] = []
        bounds: list[tuple[float | None, float | None]] = [(None, None)] * self.n_free
        for name, param in parameters.items():
            for loc in param.locations:
                key = next(k for k, mx in matrices.items() if mx is loc.matrix)
                i, j = loc.indices
                free = index_of.get(name, -1)
                row, col = names[key][0][i], names[key][1][j]
                start = float(param.start) if param.start is not None else np.nan
                locations.append(ParameterLocation(key, row, col, free, start, name))
                pairs = [(i, j)] + ([(j, i)] if loc.symmetric and i != j else [])
                for a, b in pairs:
                    if free >= 0:
                        bases[key][a, b] = 0.0
                        entries[key][0].append(a)
                        entries[key][1].append(b)
                        entries[key][2].append(free)
                    else:
                        bases[key][a, b] = start
        self.locations = locations
        self.bounds = bounds
        self._bases = bases
        self._entries = {
            key: (np.array(r, dtype=int), np.array(c, dtype=int), np.array(k, dtype=int))
            for key, (r, c, k) in entries.items()
        }
        self._identity = np.eye(len(self.eta_names))

    # ------------------------------------------------------------------ matrices
    def matrices(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        """Return ``beta``, ``lambda``, ``psi`` and ``theta`` filled with ``theta``.

        Returns
        -------
        dict of str to numpy.ndarray
            The four model matrices.
        """
        out = {}
        for key in MATRIX_NAMES:
            mx = self._bases[key].copy()
            rows, cols, idx = self._entries[key]
            if idx.size:
                mx[rows, cols] = theta[idx]
            out[key] = mx
        return out

    def implied(self, theta: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        r"""Return the implied covariance of ``y`` and the auxiliary matrices.

        Returns
        -------
        sigma : numpy.ndarray
            :math:`\\Sigma(\\theta)`.
        parts : dict
            The model matrices plus ``c`` (:math:`(I-B)^{-1}`), ``m`` (:math:`\\Lambda C`) and
            ``eta_cov`` (:math:`C \\Psi C^\\top`, the implied covariance of :math:`\\eta`).
        """
        parts = self.matrices(theta)
        c = np.linalg.inv(self._identity - parts["beta"])
        m = parts["lambda"] @ c
        eta_cov = c @ parts["psi"] @ c.T
        sigma = m @ parts["psi"] @ m.T + parts["theta"]
        parts.update(c=c, m=m, eta_cov=eta_cov)
        return sigma, parts

    # ------------------------------------------------------------ ML discrepancy
    def ml_discrepancy(self, theta: np.ndarray, cov: np.ndarray, logdet_cov: float) -> float:
        r"""ML discrepancy :math:`F = \log|\Sigma| + \mathrm{tr}(S\Sigma^{-1}) - \log|S| - p`.

        Returns
        -------
        float
            F, or ``inf`` where :math:`\Sigma` is not positive definite.
        """
        sigma, _ = self.implied(theta)
        try:
            chol = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return np.inf
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        inv = np.linalg.inv(sigma)
        return float(logdet + np.einsum("ij,ji->", cov, inv) - logdet_cov - cov.shape[0])

    def ml_gradient(self, theta: np.ndarray, cov: np.ndarray) -> np.ndarray:
        r"""Analytic gradient of the ML discrepancy.

        With :math:`W = \Sigma^{-1} - \Sigma^{-1} S \Sigma^{-1}` and :math:`M = \Lambda C`:
        :math:`\partial F/\partial\Lambda = 2 W M \Psi C^\top`,
        :math:`\partial F/\partial B = 2 M^\top W M \Psi C^\top`,
        :math:`\partial F/\partial\Psi = M^\top W M`, :math:`\partial F/\partial\Theta = W`,
        summed over every matrix entry a parameter occupies.

        Returns
        -------
        numpy.ndarray
            The gradient (``nan`` where :math:`\Sigma` is singular).
        """
        sigma, parts = self.implied(theta)
        try:
            inv = np.linalg.inv(sigma)
        except np.linalg.LinAlgError:
            return np.full(self.n_free, np.nan)
        return self.gradient_from_weight(parts, inv - inv @ cov @ inv)

    def ml_value_and_gradient(
        self, theta: np.ndarray, cov: np.ndarray, logdet_cov: float
    ) -> tuple[float, np.ndarray]:
        r"""Compute the ML discrepancy and its gradient from one evaluation of the matrices.

        Returns
        -------
        tuple
            ``(F, gradient)``; ``(inf, nan)`` where :math:`\\Sigma` is not positive definite.
        """
        sigma, parts = self.implied(theta)
        terms = normal_discrepancy(sigma, cov, logdet_cov)
        if terms is None:
            return np.inf, np.full(self.n_free, np.nan)
        value, inv = terms
        return float(value), self.gradient_from_weight(parts, inv - inv @ cov @ inv)

    def gradient_from_weight(self, parts: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        r"""Gradient of any objective whose derivative in :math:`\Sigma` is ``w``.

        Returns :math:`\mathrm{tr}(W\,\partial\Sigma/\partial\theta_k)` for every free
        parameter, from the matrix gradients listed in :meth:`ml_gradient`.

        Parameters
        ----------
        parts : dict
            Auxiliary matrices from :meth:`implied`.
        w : numpy.ndarray
            Symmetric p x p matrix :math:`\partial f/\partial\Sigma`.

        Returns
        -------
        numpy.ndarray
            The gradient.
        """
        m, c, psi = parts["m"], parts["c"], parts["psi"]
        mwm = m.T @ w @ m
        grads = {
            "lambda": 2.0 * w @ m @ psi @ c.T,
            "beta": 2.0 * mwm @ psi @ c.T,
            "psi": mwm,
            "theta": w,
        }
        out = np.zeros(self.n_free)
        for key, g in grads.items():
            rows, cols, idx = self._entries[key]
            if idx.size:
                out += np.bincount(idx, weights=g[rows, cols], minlength=self.n_free)
        return out

    # ------------------------------------------------------------- derivatives
    def sigma_derivatives(self, theta: np.ndarray) -> np.ndarray:
        r"""Compute the derivatives :math:`\partial\Sigma/\partial\theta_k`, stacked as (q, p, p).

        Returns
        -------
        numpy.ndarray
            One p x p matrix per free parameter.
        """
        _, parts = self.implied(theta)
        m, c, psi = parts["m"], parts["c"], parts["psi"]
        p = m.shape[0]
        out = np.zeros((self.n_free, p, p))
        for key in MATRIX_NAMES:
            rows, cols, idx = self._entries[key]
            for a, b, k in zip(rows, cols, idx, strict=True):
                if key == "theta":
                    out[k, a, b] += 1.0
                    continue
                if key == "psi":
                    out[k] += np.outer(m[:, a], m[:, b])
                    continue
                if key == "lambda":
                    dm = np.zeros_like(m)
                    dm[a] = c[b]
                else:  # beta: dC = C dB C, dM = M dB C
                    dm = np.outer(m[:, a], c[b])
                term = dm @ psi @ m.T
                out[k] += term + term.T
        return out

    def expected_information(self, theta: np.ndarray) -> np.ndarray:
        r"""Compute the expected information per observation.

        .. math::

            \mathcal I = \tfrac12\Delta^\top(\Sigma^{-1}\otimes\Sigma^{-1})\Delta.

        Returns
        -------
        numpy.ndarray
            The q x q unit information matrix (multiply by N for the sample).
        """
        sigma, _ = self.implied(theta)
        inv = np.linalg.inv(sigma)
        derivs = self.sigma_derivatives(theta)
        return covariance_information(np.matmul(inv, derivs))
