r"""Maximum likelihood for one or several groups with a mean structure.

With groups :math:`g = 1..G` of sizes :math:`N_g` (:math:`N = \sum N_g`), the ML estimate
minimises :math:`F = \sum_g (N_g/N) F_g` with :math:`F_g` the discrepancy of
:mod:`loyaltymodels.sem.ram` (lavaan's ``likelihood = "normal"``). The test statistic is
:math:`\chi^2 = N F = \sum_g N_g F_g` (the terms are the per-group contributions) on
:math:`df = G\,(p(p+1)/2 + p) - q`. Standard errors come from the expected information
:math:`[N \sum_g (N_g/N)\mathcal I_g]^{-1}`. Parameters tied by equal labels share one entry of
the parameter vector, so equality constraints need no Lagrange terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from loyaltymodels.sem.optimization import FitOutcome, halving_step
from loyaltymodels.sem.partable import parameter_table, parse_syntax
from loyaltymodels.sem.ram import RamStructure

__all__ = [
    "GroupModel",
    "SampleMoments",
    "fit_single_group",
    "sample_moments",
    "start_values",
]


@dataclass(frozen=True)
class SampleMoments:
    """Per-group sample covariances (divisor N), means, sizes and log-determinants."""

    covs: tuple[np.ndarray, ...]
    means: tuple[np.ndarray, ...]
    sizes: tuple[int, ...]
    logdets: tuple[float, ...]

    @property
    def n_total(self) -> int:
        """Total number of rows."""
        return int(sum(self.sizes))

    @property
    def weights(self) -> np.ndarray:
        """Group shares :math:`N_g/N`."""
        sizes = np.asarray(self.sizes, dtype=float)
        shares: np.ndarray = sizes / sizes.sum()
        return shares


def sample_moments(blocks: list[np.ndarray]) -> SampleMoments:
    """Compute the sample moments of each group's complete data block.

    Parameters
    ----------
    blocks : list of numpy.ndarray
        One n_g x p array per group.

    Returns
    -------
    SampleMoments
        Covariances (divisor N), means, sizes, log-determinants.
    """
    covs, means, logdets = [], [], []
    for block in blocks:
        mean = block.mean(axis=0)
        centered = block - mean
        cov = centered.T @ centered / block.shape[0]
        covs.append(cov)
        means.append(mean)
        logdets.append(float(np.linalg.slogdet(cov)[1]))
    return SampleMoments(tuple(covs), tuple(means), tuple(len(b) for b in blocks), tuple(logdets))


def start_values(table: pd.DataFrame, moments: SampleMoments, latents: list[str]) -> np.ndarray:
    """Return simple starting values: loadings 1, half the item variances.

    A latent variance starts at half the variance of its first indicator (0.05 without
    indicators); intercepts at the sample means; means, regressions and covariances at 0.

    Parameters
    ----------
    table : pandas.DataFrame
        The parameter table (``free`` is 1-based, 0 fixed).
    moments : SampleMoments
        Per-group sample moments.
    latents : list of str
        Latent variables.

    Returns
    -------
    numpy.ndarray
        One value per free parameter.
    """
    q = int(table["free"].max()) if len(table) else 0
    start = np.full(q, np.nan)
    observed = _observed_order(table, latents)
    position = {name: i for i, name in enumerate(observed)}
    loadings = table[table["op"] == "=~"]
    marker = dict(zip(loadings["lhs"][::-1], loadings["rhs"][::-1], strict=True))
    for lhs, op, rhs, group, free in table[["lhs", "op", "rhs", "group", "free"]].itertuples(
        index=False, name=None
    ):
        if free == 0 or np.isfinite(start[free - 1]):
            continue
        cov = moments.covs[group - 1]
        if op == "=~":
            value = 1.0
        elif op == "~~" and lhs == rhs and lhs in latents:
            value = (
                0.5 * cov[position[marker[lhs]], position[marker[lhs]]] if lhs in marker else 0.05
            )
        elif op == "~~" and lhs == rhs:
            value = 0.5 * cov[position[lhs], position[lhs]]
        elif op == "~1" and lhs not in latents:
            value = moments.means[group - 1][position[lhs]]
        else:
            value = 0.0
        start[free - 1] = value
    return start


def _observed_order(table: pd.DataFrame, latents: list[str]) -> list[str]:
    names = [*table["lhs"], *table["rhs"]]
    return [n for n in dict.fromkeys(names) if n and n not in latents]


class GroupModel:
    """The structures of all groups over one parameter vector.

    Parameters
    ----------
    table : pandas.DataFrame
        The parameter table.
    observed : list of str
        Observed variables in data order.
    latents : list of str
        Latent variables.
    n_groups : int
        Number of groups.
    free : numpy.ndarray, optional
        1-based parameter index of every row (0 fixed); default the table's ``free``. The
        score test passes one index per free row to release every equality.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        observed: list[str],
        latents: list[str],
        n_groups: int,
        free: np.ndarray | None = None,
    ) -> None:
        index = np.asarray(table["free"] if free is None else free, dtype=int)
        self.n_params = int(index.max()) if index.size else 0
        groups = table["group"].to_numpy()
        self.structures = [
            RamStructure(
                table[groups == g], index[groups == g] - 1, self.n_params, observed, latents
            )
            for g in range(1, n_groups + 1)
        ]

    def value_and_gradient(
        self, theta: np.ndarray, moments: SampleMoments
    ) -> tuple[float, np.ndarray]:
        r"""Return the weighted ML discrepancy :math:`\\sum_g (N_g/N) F_g` and its gradient."""
        total, grad = 0.0, np.zeros(self.n_params)
        for w, structure, cov, mean, logdet in zip(
            moments.weights,
            self.structures,
            moments.covs,
            moments.means,
            moments.logdets,
            strict=True,
        ):
            value, g = structure.ml_value_and_gradient(theta, cov, mean, logdet)
            if not np.isfinite(value):
                return np.inf, np.full(self.n_params, np.nan)
            total += w * value
            grad += w * g
        return total, grad

    def group_discrepancies(self, theta: np.ndarray, moments: SampleMoments) -> np.ndarray:
        """Return the ML discrepancy :math:`F_g` of every group."""
        return np.array(
            [
                s.ml_value_and_gradient(theta, cov, mean, logdet)[0]
                for s, cov, mean, logdet in zip(
                    self.structures, moments.covs, moments.means, moments.logdets, strict=True
                )
            ]
        )

    def information(self, theta: np.ndarray, moments: SampleMoments) -> np.ndarray:
        r"""Return the unit expected information :math:`\sum_g (N_g/N)\mathcal I_g`."""
        return sum(
            (
                w * s.expected_information(theta)
                for w, s in zip(moments.weights, self.structures, strict=True)
            ),
            start=np.zeros((self.n_params, self.n_params)),
        )

    def latent_covariances(self, theta: np.ndarray, latents: list[str]) -> list[pd.DataFrame]:
        r"""Return the implied covariance matrix :math:`C S C^\top` of the latents in every group.

        Parameters
        ----------
        theta : numpy.ndarray
            Parameter vector.
        latents : list of str
            Latent variables (rows and columns of every matrix).

        Returns
        -------
        list of pandas.DataFrame
            One labelled matrix per group.
        """
        out = []
        for structure in self.structures:
            mom = structure.moments(theta)
            total = pd.DataFrame(
                mom.c @ mom.s @ mom.c.T, index=structure.variables, columns=structure.variables
            )
            out.append(total.loc[latents, latents])
        return out

    def standardize(
        self,
        theta: np.ndarray,
        lhs: list[str],
        op: list[str],
        rhs: list[str],
        group: list[int],
        value: np.ndarray,
    ) -> np.ndarray:
        """Return standardized values of rows ``lhs op rhs`` in ``group`` (lavaan's ``std.all``).

        Loadings and paths use total standard deviations; variances the total variance;
        covariances between two variables the square roots of their own (residual) variances, as
        lavaan does; intercepts and means the total standard deviation.

        Parameters
        ----------
        theta : numpy.ndarray
            Parameter vector.
        lhs, op, rhs : list of str
            The rows.
        group : list of int
            1-based group of every row.
        value : numpy.ndarray
            Unstandardized values.

        Returns
        -------
        numpy.ndarray
            Standardized values.
        """
        sds, own = [], []
        for structure in self.structures:
            mom = structure.moments(theta)
            total = np.einsum("ij,jk,ik->i", mom.c, mom.s, mom.c)
            sds.append(
                dict(zip(structure.variables, np.sqrt(np.clip(total, 0, None)), strict=True))
            )
            own.append(dict(zip(structure.variables, np.sqrt(np.abs(np.diag(mom.s))), strict=True)))
        out = []
        for a, o, b, g, v in zip(lhs, op, rhs, group, value, strict=True):
            sd = sds[g - 1]
            if o == "=~":
                out.append(v * sd[a] / sd[b])
            elif o == "~":
                out.append(v * sd[b] / sd[a])
            elif o == "~~" and a == b:
                out.append(v / sd[a] ** 2)
            elif o == "~~":
                out.append(v / (own[g - 1][a] * own[g - 1][b]))
            else:
                out.append(v / sd[a])
        return np.asarray(out, dtype=float)

    def fit(
        self, start: np.ndarray, moments: SampleMoments, *, tolerance: float = 1e-9
    ) -> FitOutcome:
        """Minimise the discrepancy: Fisher scoring with step halving, then BFGS.

        Parameters
        ----------
        start : numpy.ndarray
            Starting values.
        moments : SampleMoments
            Sample moments.
        tolerance : float
            Largest absolute gradient element accepted.

        Returns
        -------
        FitOutcome
            The estimates; ``converged`` is False when neither scoring nor BFGS got the
            gradient below 1e-5.
        """

        def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
            return self.value_and_gradient(x, moments)

        theta = np.asarray(start, dtype=float).copy()
        value, grad = objective(theta)
        if not np.isfinite(value):
            return FitOutcome(
                theta, False, "the starting values give a non-positive-definite covariance"
            )
        for _ in range(200):
            if float(np.max(np.abs(grad))) < tolerance:
                return FitOutcome(theta, True, "converged")
            hessian = 2.0 * self.information(theta, moments)
            try:
                step = np.linalg.solve(hessian, grad)
            except np.linalg.LinAlgError:
                step = np.linalg.lstsq(hessian, grad, rcond=None)[0]
            found = halving_step(objective, theta, step, value, halvings=40, slack=1e-15)
            if found is None:
                break
            stalled = abs(value - found.value) < 1e-16 and found.scale < 1e-6
            theta, value, grad = found.theta, found.value, found.gradient
            if stalled:
                break
        if float(np.max(np.abs(grad))) < 1e-6:
            return FitOutcome(theta, True, "converged")
        result = optimize.minimize(
            objective,
            theta,
            jac=True,
            method="BFGS",
            options={"gtol": tolerance, "maxiter": 5000},
        )
        theta = np.asarray(result.x, dtype=float)
        _, grad = objective(theta)
        converged = bool(np.all(np.isfinite(grad)) and np.max(np.abs(grad)) < 1e-5)
        return FitOutcome(theta, converged, str(result.message))


def fit_single_group(
    description: str,
    cov: np.ndarray,
    n: int,
    observed: list[str],
    estimates: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, np.ndarray, SampleMoments, list[str]]:
    """Fit a one-group model without mean structure on a covariance matrix (divisor N).

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    cov : numpy.ndarray
        Sample covariance in the order of ``observed``.
    n : int
        Number of rows.
    observed : list of str
        Observed variables.
    estimates : pandas.DataFrame, optional
        A parameter table (``lval, op, rval, estimate``) of the same model fitted before,
        used as starting values.

    Returns
    -------
    tuple
        ``(table, theta, moments, latents)``.
    """
    latents = list(parse_syntax(description).latents)
    table = parameter_table(description, meanstructure=False)
    moments = SampleMoments((cov,), (np.zeros(len(observed)),), (n,), (np.linalg.slogdet(cov)[1],))
    model = GroupModel(table, observed, latents, 1)
    start = start_values(table, moments, latents)
    if estimates is not None:
        known = {
            (a, o, b): v
            for a, o, b, v in estimates[["lval", "op", "rval", "estimate"]].itertuples(index=False)
        }
        for lhs, op, rhs, free in table[["lhs", "op", "rhs", "free"]].itertuples(index=False):
            value = known.get((lhs, op, rhs))
            if value is None and op == "~~":
                value = known.get((rhs, op, lhs))
            if free > 0 and value is not None:
                start[free - 1] = value
    theta, _, _ = model.fit(start, moments)
    return table, theta, moments, latents
