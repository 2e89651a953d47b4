r"""Weighted least squares on ordinal statistics: DWLS, ULS, robust errors, scaled test.

The mean-and-variance adjusted (scaled-shifted) test and the sandwich standard errors follow.

Group g has statistics :math:`s_g` (thresholds and polychoric correlations, see
:mod:`loyaltymodels.sem.ordinal_moments`), their model-implied values :math:`\sigma_g(\theta)`,
a diagonal weight :math:`W_g` (DWLS: :math:`1/\mathrm{diag}\,\Gamma_g`; ULS: :math:`I`) and the
share :math:`f_g = N_g/N`. The estimate minimises

.. math::

    F(\theta) = \sum_g f_g\,(s_g - \sigma_g)^\top W_g (s_g - \sigma_g),

by Gauss-Newton steps; :math:`T = N F` is the (unscaled) test statistic (lavaan's ``chisq``).
With :math:`\Delta = \partial\sigma/\partial\theta^\top`, :math:`V = \oplus_g f_gW_g`,
:math:`\tilde\Gamma = \oplus_g\Gamma_g/f_g` and :math:`E = \Delta^\top V\Delta`:

- robust covariance (Muthen, du Toit & Spisic 1997; lavaan ``se = "robust.sem"``):
  :math:`N^{-1}E^{-1}\Delta^\top V\tilde\Gamma V\Delta E^{-1}`; the standard one
  (``"DWLS"``) is :math:`(NE)^{-1}`;
- scaled-shifted test (Asparouhov & Muthen 2010; lavaan's default for WLSMV and ULSMV):
  with :math:`U = V - V\Delta E^{-1}\Delta^\top V`, :math:`a = \sqrt{df/\mathrm{tr}[(U\tilde
  \Gamma)^2]}`, :math:`T_{ss} = aT + df - a\,\mathrm{tr}(U\tilde\Gamma)` on df degrees of
  freedom; lavaan reports the scaling factor :math:`1/a` and the shift
  :math:`df - a\,\mathrm{tr}(U\tilde\Gamma)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.optimization import FitOutcome
from loyaltymodels.sem.ordinal_moments import pair_order
from loyaltymodels.sem.ram import RamStructure

__all__ = ["OrdinalModel", "ScaledShifted", "WlsFit", "fit_wls", "robust_vcov", "scaled_shifted"]


class OrdinalModel:
    r"""Implied thresholds and correlations of the latent responses, delta parameterization.

    In group g the RAM structure (:mod:`loyaltymodels.sem.ram`) without residual variances of
    the items gives :math:`\Sigma_0` and :math:`\mu`; with the scale factors :math:`\Delta_j`,
    the implied threshold k of item j is :math:`\Delta_j(\tau_{jk} - \mu_j)` and the implied
    correlation of items i and j is :math:`\Delta_i\Delta_j\Sigma_{0,ij}` (lavaan 0.6).

    Parameters
    ----------
    table : pandas.DataFrame
        Parameter table of :func:`~loyaltymodels.sem.ordinal_partable.ordinal_parameter_table`.
    items : list of str
        The ordered items, in data order.
    latents : list of str
        Latent variables.
    n_groups : int
        Number of groups.

    Notes
    -----
    The methods take ``theta``, the parameter vector, and those of one group ``g``, the
    group's 0-based position.
    """

    def __init__(
        self, table: pd.DataFrame, items: list[str], latents: list[str], n_groups: int
    ) -> None:
        self.n_params = int(table["free"].max())
        self.items = items
        self.pairs = np.array(pair_order(len(items)), dtype=int).reshape(-1, 2)
        self.rams: list[RamStructure] = []
        self.thresholds: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.scales: list[tuple[np.ndarray, np.ndarray]] = []
        position = {name: j for j, name in enumerate(items)}
        for g in range(1, n_groups + 1):
            rows = table[table["group"] == g]
            ram_rows = rows[~rows["op"].isin(["|", "~*~"])]
            self.rams.append(
                RamStructure(
                    ram_rows, ram_rows["free"].to_numpy() - 1, self.n_params, items, latents
                )
            )
            th = rows[rows["op"] == "|"]
            item_of = th["lhs"].map(position).to_numpy(dtype=int)
            self.thresholds.append(
                (item_of, th["free"].to_numpy() - 1, th["value"].to_numpy(dtype=float))
            )
            sc = rows[rows["op"] == "~*~"].set_index("lhs").loc[items]
            self.scales.append((sc["free"].to_numpy() - 1, sc["value"].to_numpy(dtype=float)))

    @staticmethod
    def _values(index: np.ndarray, fixed: np.ndarray, theta: np.ndarray) -> np.ndarray:
        return np.where(index >= 0, theta[np.maximum(index, 0)], fixed)

    def parts(self, theta: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""Return :math:`\Sigma_0`, :math:`\mu` and the scale factors of group g (0-based)."""
        mom = self.rams[g].moments(theta)
        delta = self._values(*self.scales[g], theta)
        return mom.sigma, mom.mu, delta

    def group_thresholds(
        self, theta: np.ndarray, g: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""Return the item of every threshold of group g, its parameter index and :math:`\tau`.

        The index is -1 for a fixed threshold.
        """
        item_of, index, fixed = self.thresholds[g]
        return item_of, index, self._values(index, fixed, theta)

    def implied(self, theta: np.ndarray, g: int) -> np.ndarray:
        """Return the implied statistics (thresholds, then correlations) of group g (0-based).

        Returns
        -------
        numpy.ndarray
            Implied thresholds and correlations in lavaan's order.
        """
        sigma0, mu, delta = self.parts(theta, g)
        item_of, _, tau = self.group_thresholds(theta, g)
        i, j = self.pairs[:, 0], self.pairs[:, 1]
        return np.concatenate(
            [delta[item_of] * (tau - mu[item_of]), delta[i] * delta[j] * sigma0[i, j]]
        )

    def jacobian(self, theta: np.ndarray, g: int) -> np.ndarray:
        r"""Return :math:`\partial\sigma_g/\partial\theta^\top` (statistics x parameters).

        Returns
        -------
        numpy.ndarray
            The Jacobian of :meth:`implied`.
        """
        sigma0, mu, delta = self.parts(theta, g)
        d_sigma, d_mu = self.rams[g].derivatives(theta)
        item_of, index, tau = self.group_thresholds(theta, g)
        i, j = self.pairs[:, 0], self.pairs[:, 1]
        jac_th = -delta[item_of] * d_mu[:, item_of]
        jac_cor = delta[i] * delta[j] * d_sigma[:, i, j]
        free_th = index >= 0
        np.add.at(jac_th, (index[free_th], np.flatnonzero(free_th)), delta[item_of[free_th]])
        scale_index = self.scales[g][0]
        for item in np.flatnonzero(scale_index >= 0):
            k = scale_index[item]
            hits = item_of == item
            jac_th[k, hits] += tau[hits] - mu[item]
            jac_cor[k] += np.where(i == item, delta[j] * sigma0[i, j], 0.0)
            jac_cor[k] += np.where(j == item, delta[i] * sigma0[i, j], 0.0)
        return np.hstack([jac_th, jac_cor]).T

    def fit(
        self,
        start: np.ndarray,
        statistics: list[np.ndarray],
        weights: list[np.ndarray],
        shares: np.ndarray,
        *,
        tolerance: float = 1e-10,
    ) -> FitOutcome:
        """Minimise the weighted least squares discrepancy by Gauss-Newton with step halving.

        Parameters
        ----------
        start : numpy.ndarray
            Starting values.
        statistics : list of numpy.ndarray
            Sample statistics per group.
        weights : list of numpy.ndarray
            Diagonal weights per group.
        shares : numpy.ndarray
            :math:`N_g/N`.
        tolerance : float
            Largest absolute gradient element accepted.

        Returns
        -------
        FitOutcome
            The estimates; ``converged`` is True once the gradient is below ``tolerance``, or
            below 1e-5 where the discrepancy cannot decrease further in floating point.
        """

        def discrepancy(x: np.ndarray) -> float:
            by_group = self.group_discrepancies(x, statistics, weights)
            return float(sum(f * d for f, d in zip(shares, by_group, strict=True)))

        theta = np.asarray(start, dtype=float).copy()
        value = discrepancy(theta)
        for _ in range(500):
            info = np.zeros((self.n_params, self.n_params))
            grad = np.zeros(self.n_params)
            for g, (s, w, f) in enumerate(zip(statistics, weights, shares, strict=True)):
                jac = self.jacobian(theta, g)
                wj = w[:, None] * jac
                info += f * jac.T @ wj
                grad += f * wj.T @ (s - self.implied(theta, g))
            largest = float(np.max(np.abs(grad)))
            if largest < tolerance:
                return FitOutcome(theta, True, "converged")
            step = np.linalg.lstsq(info, grad, rcond=None)[0]
            scale = 1.0
            while scale > 1e-10:
                candidate = theta + scale * step
                new_value = discrepancy(candidate)
                if np.isfinite(new_value) and new_value <= value:
                    break
                scale /= 2.0
            else:
                # no decrease left in floating point: a minimum if the gradient is small
                return FitOutcome(theta, largest < 1e-5, "no further decrease of the discrepancy")
            if value - new_value <= 1e-15 * max(value, 1.0) and largest < 1e-5:
                # Gauss-Newton converges linearly when residuals remain: stop at the
                # floating-point floor of the discrepancy
                return FitOutcome(candidate, True, "converged (discrepancy at machine precision)")
            theta, value = candidate, new_value
        return FitOutcome(theta, False, "iteration limit reached")

    def group_discrepancies(
        self, theta: np.ndarray, statistics: list[np.ndarray], weights: list[np.ndarray]
    ) -> np.ndarray:
        r"""Return every group's discrepancy :math:`(s_g-\sigma_g)^\top W_g (s_g-\sigma_g)`."""
        return np.array(
            [
                np.sum(w * (s - self.implied(theta, g)) ** 2)
                for g, (s, w) in enumerate(zip(statistics, weights, strict=True))
            ]
        )


@dataclass(frozen=True)
class ScaledShifted:
    """The scaled-shifted statistic, its scaling factor and shift."""

    statistic: float
    scaling_factor: float
    shift: float


def _stacked(
    jacobians: list[np.ndarray], weights: list[np.ndarray], shares: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    delta = np.vstack(jacobians)
    v = np.concatenate([f * w for w, f in zip(weights, shares, strict=True)])
    return delta, v


def robust_vcov(
    jacobians: list[np.ndarray],
    weights: list[np.ndarray],
    gammas: list[np.ndarray],
    shares: np.ndarray,
    n: int,
) -> np.ndarray:
    r"""Sandwich covariance :math:`N^{-1}E^{-1}\Delta^\top V\tilde\Gamma V\Delta E^{-1}`.

    Parameters
    ----------
    jacobians : list of numpy.ndarray
        :math:`\Delta_g` per group.
    weights : list of numpy.ndarray
        Diagonal weights :math:`W_g`.
    gammas : list of numpy.ndarray
        :math:`\Gamma_g` per group.
    shares : numpy.ndarray
        :math:`f_g`.
    n : int
        Total sample size.

    Returns
    -------
    numpy.ndarray
        q x q covariance of the estimates (Muthen, du Toit & Spisic 1997).
    """
    bread = np.zeros((jacobians[0].shape[1],) * 2)
    meat = np.zeros_like(bread)
    for jac, w, gamma, f in zip(jacobians, weights, gammas, shares, strict=True):
        wj = w[:, None] * jac
        bread += f * jac.T @ wj
        meat += f * wj.T @ gamma @ wj
    bread_inv = np.linalg.inv(bread)
    return bread_inv @ meat @ bread_inv / n


def scaled_shifted(
    statistic: float,
    df: float,
    jacobians: list[np.ndarray],
    weights: list[np.ndarray],
    gammas: list[np.ndarray],
    shares: np.ndarray,
) -> ScaledShifted:
    r"""Mean-and-variance adjusted (scaled-shifted) statistic.

    Parameters
    ----------
    statistic : float
        Unscaled statistic :math:`T`.
    df : float
        Degrees of freedom.
    jacobians, weights, gammas, shares
        As in :func:`robust_vcov` (for the independence model: the Jacobian of its free
        thresholds).

    Returns
    -------
    ScaledShifted
        :math:`T_{ss} = aT + df - a\,\mathrm{tr}(U\tilde\Gamma)`, :math:`1/a` and the shift
        (Asparouhov & Muthen 2010).
    """
    delta, v = _stacked(jacobians, weights, shares)
    gamma = linalg.block_diag(*[g / f for g, f in zip(gammas, shares, strict=True)])
    vd = v[:, None] * delta
    e = delta.T @ vd
    u = np.diag(v) - vd @ np.linalg.solve(e, vd.T)
    ug = u @ gamma
    trace, trace2 = float(np.trace(ug)), float(np.sum(ug * ug.T))
    a = np.sqrt(df / trace2)
    shift = df - a * trace
    return ScaledShifted(float(a * statistic + shift), float(1.0 / a), float(shift))


@dataclass(frozen=True)
class WlsFit:
    """Estimates, their covariance, the test statistic and the weights used."""

    theta: np.ndarray
    vcov: np.ndarray
    converged: bool
    message: str
    chi2: float
    group_chi2: np.ndarray
    scaled: ScaledShifted | None
    weights: list[np.ndarray]
    fit_shares: np.ndarray
    shares: np.ndarray
    n_eff: int


def fit_wls(
    model: OrdinalModel,
    statistics: list[np.ndarray],
    gammas: list[np.ndarray],
    sizes: list[int],
    start: np.ndarray,
    *,
    estimator: str,
) -> WlsFit:
    r"""Fit by DWLS (``"WLSMV"``, ``"DWLS"``) or ULS (``"ULSMV"``) and add the corrections.

    As lavaan does, the groups' discrepancies are weighted by :math:`N_g - 1`
    (:math:`T = \sum_g (N_g-1)F_g`), the robust parts by :math:`f_g = N_g/N`, and the
    covariance of the estimates is divided by :math:`N - G`.

    Parameters
    ----------
    model : OrdinalModel
        The structure.
    statistics, gammas : list of numpy.ndarray
        Sample statistics and their :math:`\Gamma` per group.
    sizes : list of int
        Group sizes.
    start : numpy.ndarray
        Starting values.
    estimator : {"WLSMV", "DWLS", "ULSMV"}
        DWLS weights with robust errors and scaled-shifted test, the same with standard
        errors :math:`[(N-G)E]^{-1}` and no scaled test, or unit weights with the corrections.

    Returns
    -------
    WlsFit
        Estimates, covariance, statistics.
    """
    size = np.asarray(sizes, dtype=float)
    n_groups = size.size
    fit_shares = (size - 1.0) / (size.sum() - n_groups)
    shares = size / size.sum()
    n_eff = int(size.sum()) - n_groups
    weights = [
        np.ones(s.size) if estimator == "ULSMV" else 1.0 / np.diag(g)
        for s, g in zip(statistics, gammas, strict=True)
    ]
    theta, converged, message = model.fit(start, statistics, weights, fit_shares)
    jacobians = [model.jacobian(theta, g) for g in range(n_groups)]
    info = sum(
        (
            f * jac.T @ (w[:, None] * jac)
            for jac, w, f in zip(jacobians, weights, shares, strict=True)
        ),
        start=np.zeros((model.n_params, model.n_params)),
    )
    if np.linalg.eigvalsh(info).min() <= 1e-10 * max(np.abs(info).max(), 1.0):
        raise LoyaltyDataError(
            "the ordinal model is not identified: its weighted information is singular; fix "
            "one loading per factor (or its variance) and check the group constraints."
        )
    if estimator == "DWLS":
        vcov = np.linalg.inv(info) / n_eff
    else:
        vcov = robust_vcov(jacobians, weights, gammas, shares, n_eff)
    discrepancies = model.group_discrepancies(theta, statistics, weights)
    group_chi2 = n_eff * fit_shares * discrepancies
    chi2 = float(group_chi2.sum())
    df = sum(s.size for s in statistics) - model.n_params
    scaled = (
        scaled_shifted(chi2, df, jacobians, weights, gammas, shares)
        if estimator != "DWLS" and df > 0
        else None
    )
    return WlsFit(
        theta,
        vcov,
        converged,
        message,
        chi2,
        group_chi2,
        scaled,
        weights,
        fit_shares,
        shares,
        n_eff,
    )
