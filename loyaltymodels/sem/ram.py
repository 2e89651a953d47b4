r"""Reticular action model (RAM) of one group: moments, ML gradient and information.

All variables, observed and latent, sit in one vector :math:`v = A v + u` with
:math:`\mathrm{Cov}(u) = S` and :math:`E(u) = m`; the filter :math:`F` picks the observed ones
(McArdle & McDonald 1984). With :math:`C = (I - A)^{-1}` and :math:`G = F C`:

.. math::

    \Sigma = G S G^\top, \qquad \mu = G m.

Loadings ``f =~ x`` and regressions ``y ~ x`` fill :math:`A`, (co)variances ``a ~~ b`` fill
:math:`S` and intercepts and means ``v ~ 1`` fill :math:`m`. With :math:`K = C S G^\top`, the
derivatives are :math:`\partial\Sigma/\partial A_{ij} = G_{\cdot i} K_{j\cdot} +
(G_{\cdot i}K_{j\cdot})^\top`, :math:`\partial\Sigma/\partial S_{ij} = G_{\cdot i}G_{\cdot j}^\top`
(plus its transpose off the diagonal), :math:`\partial\mu/\partial A_{ij} = G_{\cdot i}(Cm)_j`
and :math:`\partial\mu/\partial m_i = G_{\cdot i}`.

The ML discrepancy of a group with sample covariance :math:`S_y` (divisor N) and mean
:math:`\bar y` is

.. math::

    F = \log|\Sigma| + \mathrm{tr}(S_y\Sigma^{-1}) - \log|S_y| - p
        + (\bar y - \mu)^\top\Sigma^{-1}(\bar y - \mu),

whose differential is :math:`\mathrm{tr}(W\,d\Sigma) + v^\top d\mu` with
:math:`W = \Sigma^{-1} - \Sigma^{-1}(S_y + dd^\top)\Sigma^{-1}`, :math:`d = \bar y - \mu` and
:math:`v = -2\Sigma^{-1}d`. The expected information per observation is
:math:`\tfrac12\mathrm{tr}(\Sigma^{-1}\Delta_k\Sigma^{-1}\Delta_l) +
\Delta_{\mu k}^\top\Sigma^{-1}\Delta_{\mu l}` (Bollen 1989, ch. 4; lavaan's expected
information with a mean structure).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loyaltymodels.sem.normal_discrepancy import covariance_information, normal_discrepancy

__all__ = ["GroupMoments", "RamStructure"]


@dataclass(frozen=True)
class GroupMoments:
    """Implied moments of one group and the matrices needed for derivatives."""

    sigma: np.ndarray
    mu: np.ndarray
    a: np.ndarray
    s: np.ndarray
    m: np.ndarray
    c: np.ndarray
    g: np.ndarray
    k: np.ndarray
    cm: np.ndarray


class RamStructure:
    """Map of one group's parameter rows onto the RAM matrices.

    Parameters
    ----------
    rows : pandas.DataFrame
        The group's rows of the parameter table (``lhs, op, rhs, value``).
    index : numpy.ndarray
        For every row, its position in the parameter vector (-1 for fixed rows).
    n_params : int
        Length of the parameter vector.
    observed : list of str
        Observed variables in data order.
    latents : list of str
        Latent variables.

    Notes
    -----
    Every method takes ``theta``, the whole parameter vector (length ``n_params``), of which
    the group uses the entries listed in ``used``.
    """

    def __init__(
        self,
        rows: pd.DataFrame,
        index: np.ndarray,
        n_params: int,
        observed: list[str],
        latents: list[str],
    ) -> None:
        names = list(observed) + [v for v in latents if v not in observed]
        position = {name: i for i, name in enumerate(names)}
        t = len(names)
        self.variables = names
        self.n_observed = len(observed)
        self.n_params = n_params
        self._a0 = np.zeros((t, t))
        self._s0 = np.zeros((t, t))
        self._m0 = np.zeros(t)
        a_entries: list[tuple[int, int, int]] = []
        s_entries: list[tuple[int, int, int]] = []
        m_entries: list[tuple[int, int]] = []
        for (lhs, op, rhs, value), k in zip(
            rows[["lhs", "op", "rhs", "value"]].itertuples(index=False, name=None),
            index,
            strict=True,
        ):
            k = int(k)
            if op == "=~":
                i, j = position[rhs], position[lhs]
                self._set(self._a0, a_entries, [(i, j)], k, value)
            elif op == "~":
                i, j = position[lhs], position[rhs]
                self._set(self._a0, a_entries, [(i, j)], k, value)
            elif op == "~~":
                i, j = position[lhs], position[rhs]
                pairs = [(i, j)] if i == j else [(i, j), (j, i)]
                self._set(self._s0, s_entries, pairs, k, value)
            elif op == "~1":
                i = position[lhs]
                if k >= 0:
                    m_entries.append((i, k))
                else:
                    self._m0[i] = value
        self._a_idx = np.array(a_entries, dtype=int).reshape(-1, 3)
        self._s_idx = np.array(s_entries, dtype=int).reshape(-1, 3)
        self._m_idx = np.array(m_entries, dtype=int).reshape(-1, 2)
        self._eye = np.eye(t)
        # the parameters this group uses, and the entries renumbered among them
        self.used = np.unique(
            np.concatenate([self._a_idx[:, 2], self._s_idx[:, 2], self._m_idx[:, 1]])
        ).astype(int)
        local = np.full(n_params, -1)
        local[self.used] = np.arange(self.used.size)
        self._a_local = np.column_stack([self._a_idx[:, :2], local[self._a_idx[:, 2]]])
        self._s_local = np.column_stack([self._s_idx[:, :2], local[self._s_idx[:, 2]]])
        self._m_local = np.column_stack([self._m_idx[:, 0], local[self._m_idx[:, 1]]])

    @staticmethod
    def _set(
        base: np.ndarray,
        entries: list[tuple[int, int, int]],
        pairs: list[tuple[int, int]],
        k: int,
        value: float,
    ) -> None:
        for i, j in pairs:
            if k >= 0:
                entries.append((i, j, k))
            else:
                base[i, j] = value

    # ---------------------------------------------------------------- moments
    def moments(self, theta: np.ndarray) -> GroupMoments:
        r"""Return the implied covariance and mean and the auxiliary matrices.

        Returns
        -------
        GroupMoments
            :math:`\\Sigma`, :math:`\\mu` and the RAM matrices.
        """
        a, s, m = self._a0.copy(), self._s0.copy(), self._m0.copy()
        ai, si, mi = self._a_idx, self._s_idx, self._m_idx
        a[ai[:, 0], ai[:, 1]] = theta[ai[:, 2]]
        s[si[:, 0], si[:, 1]] = theta[si[:, 2]]
        m[mi[:, 0]] = theta[mi[:, 1]]
        c = np.linalg.inv(self._eye - a)
        g = c[: self.n_observed]
        k = c @ s @ g.T
        cm = c @ m
        sigma = g @ s @ g.T
        return GroupMoments((sigma + sigma.T) / 2.0, g @ m, a, s, m, c, g, k, cm)

    # ----------------------------------------------------- ML value/gradient
    def ml_value_and_gradient(
        self, theta: np.ndarray, cov: np.ndarray, mean: np.ndarray, logdet_cov: float
    ) -> tuple[float, np.ndarray]:
        r"""Return the ML discrepancy of the group and its gradient.

        Parameters
        ----------
        cov : numpy.ndarray
            Sample covariance (divisor N).
        mean : numpy.ndarray
            Sample mean.
        logdet_cov : float
            :math:`\\log|S_y|`.

        Returns
        -------
        tuple
            ``(F, gradient)``; ``(inf, nan)`` where :math:`\\Sigma` is not positive definite.
        """
        mom = self.moments(theta)
        terms = normal_discrepancy(mom.sigma, cov, logdet_cov)
        if terms is None:
            return np.inf, np.full(self.n_params, np.nan)
        covariance_part, inv = terms
        d = mean - mom.mu
        inv_d = inv @ d
        value = float(covariance_part + d @ inv_d)
        w = inv - inv @ (cov + np.outer(d, d)) @ inv
        return value, self.gradient_from_weight(mom, w, -2.0 * inv_d)

    def gradient_from_weight(self, mom: GroupMoments, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        r"""Return the gradient of an objective with differential tr(W dSigma) + v^T dmu.

        Parameters
        ----------
        mom : GroupMoments
            Moments from :meth:`moments`.
        w : numpy.ndarray
            Symmetric p x p weight.
        v : numpy.ndarray
            Derivative in the mean.

        Returns
        -------
        numpy.ndarray
            The gradient over the parameter vector.
        """
        g, k, cm = mom.g, mom.k, mom.cm
        gtv = g.T @ v
        grad_a = 2.0 * g.T @ w @ k.T + np.outer(gtv, cm)
        grad_s = g.T @ w @ g
        out = np.zeros(self.n_params)
        ai, si, mi = self._a_idx, self._s_idx, self._m_idx
        if len(ai):
            out += np.bincount(ai[:, 2], grad_a[ai[:, 0], ai[:, 1]], minlength=self.n_params)
        if len(si):
            out += np.bincount(si[:, 2], grad_s[si[:, 0], si[:, 1]], minlength=self.n_params)
        if len(mi):
            out += np.bincount(mi[:, 1], gtv[mi[:, 0]], minlength=self.n_params)
        return out

    # ------------------------------------------------------------ derivatives
    def derivatives(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the derivatives of the implied covariance and mean in every parameter.

        Returns
        -------
        tuple of numpy.ndarray
            ``(d_sigma, d_mu)`` of shapes (q, p, p) and (q, p).
        """
        compact_sigma, compact_mu = self.compact_derivatives(theta)
        p = compact_mu.shape[1]
        d_sigma = np.zeros((self.n_params, p, p))
        d_mu = np.zeros((self.n_params, p))
        d_sigma[self.used] = compact_sigma
        d_mu[self.used] = compact_mu
        return d_sigma, d_mu

    def compact_derivatives(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the derivatives in the parameters this group uses only (in the order of ``used``).

        Returns
        -------
        tuple of numpy.ndarray
            ``(d_sigma, d_mu)`` of shapes (u, p, p) and (u, p).
        """
        mom = self.moments(theta)
        g, k, cm = mom.g, mom.k, mom.cm
        p = g.shape[0]
        d_sigma = np.zeros((self.used.size, p, p))
        d_mu = np.zeros((self.used.size, p))
        ai, si, mi = self._a_local, self._s_local, self._m_local
        if len(ai):
            terms = g[:, ai[:, 0]].T[:, :, None] * k[ai[:, 1]][:, None, :]
            np.add.at(d_sigma, ai[:, 2], terms + np.swapaxes(terms, 1, 2))
            np.add.at(d_mu, ai[:, 2], g[:, ai[:, 0]].T * cm[ai[:, 1]][:, None])
        if len(si):
            terms = g[:, si[:, 0]].T[:, :, None] * g[:, si[:, 1]].T[:, None, :]
            np.add.at(d_sigma, si[:, 2], terms)
        if len(mi):
            np.add.at(d_mu, mi[:, 1], g[:, mi[:, 0]].T)
        return d_sigma, d_mu

    def expected_information(self, theta: np.ndarray) -> np.ndarray:
        """Return the expected information per observation of this group (q x q).

        Returns
        -------
        numpy.ndarray
            The unit information.
        """
        sigma = self.moments(theta).sigma
        inv = np.linalg.inv(sigma)
        d_sigma, d_mu = self.compact_derivatives(theta)
        u, p = d_sigma.shape[0], inv.shape[0]
        # Sigma^-1 dSigma_k for every k in one matrix product
        scaled = (inv @ d_sigma.transpose(1, 0, 2).reshape(p, u * p)).reshape(p, u, p)
        information = covariance_information(scaled.transpose(1, 0, 2))
        out = np.zeros((self.n_params, self.n_params))
        out[np.ix_(self.used, self.used)] = information + d_mu @ inv @ d_mu.T
        return out
