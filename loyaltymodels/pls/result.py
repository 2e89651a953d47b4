"""The result of a PLS path-model fit: estimates, assessment tables and follow-up analyses.

Its state is plain data (DataFrames, Series, ndarrays, scalars, dicts), so it saves and loads
without custom code; the model description is kept, and the parsed model is rebuilt from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Unpack

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels.pls.algorithm import PLSLayout
from loyaltymodels.pls.assessment import (
    effect_sizes,
    implied_construct_corr,
    inner_vif,
    srmr,
    standardized_alpha,
    vif_from_corr,
)
from loyaltymodels.pls.syntax import PLSSpec, parse_pls_description
from loyaltymodels.sem.reliability import average_variance_extracted, composite_reliability
from loyaltymodels.sem.validity import fornell_larcker

if TYPE_CHECKING:
    from loyaltymodels.pls.bootstrap import BootstrapOptions, PLSBootstrapResult
    from loyaltymodels.pls.data import PreparedData
    from loyaltymodels.pls.ipma import IPMAResult
    from loyaltymodels.pls.predict import PLSPredictResult, PredictOptions

__all__ = ["PLSConvergenceWarning", "PLSResult"]


class PLSConvergenceWarning(UserWarning):
    """The iterative PLS weights did not reach the tolerance within the iteration limit."""


def _matrix(values: np.ndarray, rows: list[str], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(np.asarray(values, dtype=float), index=rows, columns=columns)


@dataclass(repr=False)
class PLSResult(Result, frozen=True):
    """A fitted PLS path model.

    Attributes
    ----------
    description : str
        The model description.
    settings : dict
        Scheme, consistent, missing, tol, max_iter.
    n_obs, n_excluded, n_imputed : int
        Rows used, rows dropped (listwise deletion), cells mean-replaced.
    iterations : int
        Iterations of the weight algorithm.
    converged : bool
        Whether the weights reached the tolerance (False warns at fit time).
    weights, loadings, cross_loadings : pandas.DataFrame
        Indicator x construct: outer weights (scores have unit variance), loadings (own block;
        consistent loadings of reflective constructs under PLSc) and the correlations of every
        indicator with every construct score.
    path_coefficients : pandas.DataFrame
        Cause (rows) x outcome (columns), 0 where there is no path.
    construct_corr : pandas.DataFrame
        Construct correlations (disattenuated under PLSc).
    r2, adjusted_r2 : pandas.Series
        Of the endogenous constructs; adjusted :math:`1 - (1 - R^2)(n - 1)/(n - m - 1)`.
    f2, vif_inner : pandas.DataFrame
        Cause x outcome effect sizes and inner VIFs (NaN where there is no path).
    vif_outer : pandas.Series
        VIF of each indicator within its block.
    rho_a : pandas.Series
        Dijkstra-Henseler rho_A per construct.
    htmt : pandas.DataFrame
        Heterotrait-monotrait ratios.
    srmr : dict
        ``{"saturated": ..., "estimated": ...}``.
    scores : pandas.DataFrame
        Standardized construct scores, one row per used respondent.
    data : pandas.DataFrame
        The indicator data used (kept for bootstrap, PLSpredict and IPMA).
    params : pandas.DataFrame
        Tidy table: ``lval``, ``op`` (``=~`` loading, ``<~`` weight, ``~`` path), ``rval``,
        ``estimate``.
    first_stage : PLSResult or None
        The stage-1 fit of a model with higher-order constructs or interaction terms (this
        result is then the stage-2 fit; see :mod:`loyaltymodels.pls.two_stage`).
    """

    description: str
    settings: dict[str, Any]
    n_obs: int
    n_excluded: int
    n_imputed: int
    iterations: int
    converged: bool
    weights: pd.DataFrame
    loadings: pd.DataFrame
    cross_loadings: pd.DataFrame
    path_coefficients: pd.DataFrame
    construct_corr: pd.DataFrame
    r2: pd.Series
    adjusted_r2: pd.Series
    f2: pd.DataFrame
    vif_inner: pd.DataFrame
    vif_outer: pd.Series
    rho_a: pd.Series
    htmt: pd.DataFrame
    srmr: dict[str, float]
    scores: pd.DataFrame
    data: pd.DataFrame
    first_stage: PLSResult | None = None
    params: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.params = self.parameter_table()

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_estimates(
        cls,
        *,
        description: str,
        spec: PLSSpec,
        settings: dict[str, Any],
        prepared: PreparedData,
        estimates: dict[str, np.ndarray],
    ) -> PLSResult:
        """Assemble a result from the arrays of one fit.

        Parameters
        ----------
        description : str
            The model description.
        spec : PLSSpec
            The parsed model.
        settings : dict
            The estimation settings.
        prepared : PreparedData
            The validated data.
        estimates : dict of str to numpy.ndarray
            One fit's arrays from :func:`loyaltymodels.pls.estimates.run_pls` (batch axis
            removed).

        Returns
        -------
        PLSResult
            The result.
        """
        layout = PLSLayout.from_spec(spec)
        items, names = spec.indicators, spec.constructs
        corr, n = prepared.corr, len(prepared.frame)
        r2_all = estimates["r2"]
        endogenous = spec.endogenous
        positions = [names.index(c) for c in endogenous]
        r2 = pd.Series(r2_all[positions], index=endogenous, name="r2")
        n_causes = np.array([len(spec.antecedents(c)) for c in endogenous])
        adjusted = 1.0 - (1.0 - r2.to_numpy()) * (n - 1) / (n - n_causes - 1)
        vif_outer = np.concatenate(
            [vif_from_corr(corr[np.ix_(block, block)]) for block in layout.blocks]
        )
        construct_corr = estimates["construct_corr"]
        loadings = estimates["loadings"]
        implied = implied_construct_corr(construct_corr, estimates["paths"], r2_all, layout)
        return cls(
            description=description,
            settings=dict(settings),
            n_obs=n,
            n_excluded=prepared.n_excluded,
            n_imputed=prepared.n_imputed,
            iterations=int(estimates["iterations"]),
            converged=bool(estimates["converged"]),
            weights=_matrix(estimates["weights"], items, names),
            loadings=_matrix(loadings, items, names),
            cross_loadings=_matrix(estimates["cross_loadings"], items, names),
            path_coefficients=_matrix(estimates["paths"], names, names),
            construct_corr=_matrix(construct_corr, names, names),
            r2=r2,
            adjusted_r2=pd.Series(adjusted, index=endogenous, name="adjusted_r2"),
            f2=_matrix(effect_sizes(construct_corr, layout), names, names),
            vif_inner=_matrix(inner_vif(construct_corr, layout), names, names),
            vif_outer=pd.Series(vif_outer, index=items, name="vif"),
            rho_a=pd.Series(estimates["rho_a"], index=names, name="rho_a"),
            htmt=_matrix(estimates["htmt"], names, names),
            srmr={
                "saturated": srmr(corr, loadings, construct_corr, layout),
                "estimated": srmr(corr, loadings, implied, layout),
            },
            scores=pd.DataFrame(
                prepared.standardized() @ np.ascontiguousarray(estimates["weights"]),
                index=prepared.frame.index,
                columns=names,
            ),
            data=prepared.frame,
        )

    # ------------------------------------------------------------------ structure

    @property
    def spec(self) -> PLSSpec:
        """The parsed model (rebuilt from :attr:`description`)."""
        return parse_pls_description(self.description)

    @property
    def constructs(self) -> list[str]:
        """Construct names in declaration order."""
        return list(self.weights.columns)

    def parameter_table(self) -> pd.DataFrame:
        """Tidy table of loadings (``=~``), weights (``<~``) and paths (``~``).

        Returns
        -------
        pandas.DataFrame
            Columns ``lval``, ``op``, ``rval``, ``estimate``.
        """
        spec = self.spec
        rows = []
        for construct, items in spec.blocks.items():
            for item in items:
                rows.append((construct, "=~", item, self.loadings.loc[item, construct]))
        for construct, items in spec.blocks.items():
            for item in items:
                rows.append((construct, "<~", item, self.weights.loc[item, construct]))
        for cause, outcome in spec.paths:
            rows.append((outcome, "~", cause, self.path_coefficients.loc[cause, outcome]))
        return pd.DataFrame(rows, columns=["lval", "op", "rval", "estimate"])

    # ------------------------------------------------------------------ effects

    @property
    def total_effects(self) -> pd.DataFrame:
        """Total effects, cause (rows) x outcome (columns): ``(I - B)^{-1} - I``."""
        from loyaltymodels.pls.estimates import total_effects

        total = total_effects(self.path_coefficients.to_numpy()[None])[0]
        return _matrix(total, self.constructs, self.constructs)

    @property
    def indirect_effects(self) -> pd.DataFrame:
        """Indirect effects, cause x outcome: total minus direct effects."""
        return self.total_effects - self.path_coefficients

    def effects(self) -> pd.DataFrame:
        """Direct, indirect and total effect of every cause on every construct it reaches.

        Returns
        -------
        pandas.DataFrame
            Columns ``from``, ``to``, ``direct``, ``indirect``, ``total``.
        """
        total = self.total_effects.to_numpy()
        direct = self.path_coefficients.to_numpy()
        names = self.constructs
        rows = [
            (names[i], names[j], direct[i, j], total[i, j] - direct[i, j], total[i, j])
            for i, j in zip(*np.nonzero(total), strict=True)
        ]
        return pd.DataFrame(rows, columns=["from", "to", "direct", "indirect", "total"])

    # ------------------------------------------------------------------ assessment

    def reliability(self) -> pd.DataFrame:
        r"""Tabulate internal consistency and convergent validity of each construct.

        Cronbach's alpha (standardized items), rho_A (Dijkstra & Henseler 2015), rho_C
        (composite reliability from the loadings, :math:`(\sum\lambda)^2 / ((\sum\lambda)^2 +
        \sum(1 - \lambda^2))`) and AVE (mean squared loading). They describe reflective
        constructs; for composites (mode B) they are shown but not criteria.

        Returns
        -------
        pandas.DataFrame
            One row per construct: ``mode``, ``alpha``, ``rho_a``, ``rho_c``, ``ave``.
        """
        spec = self.spec
        corr = self.data.corr().to_numpy()
        position = {item: k for k, item in enumerate(spec.indicators)}
        rows = {}
        for construct, items in spec.blocks.items():
            lam = self.loadings.loc[list(items), construct].to_numpy()
            index = [position[item] for item in items]
            rows[construct] = {
                "mode": spec.modes[construct],
                "alpha": standardized_alpha(corr[np.ix_(index, index)]),
                "rho_a": float(self.rho_a[construct]),
                "rho_c": composite_reliability(lam, 1.0 - lam**2),
                "ave": average_variance_extracted(lam),
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def fornell_larcker(self) -> pd.DataFrame:
        """Fornell-Larcker table: sqrt(AVE) on the diagonal, construct correlations off it.

        Returns
        -------
        pandas.DataFrame
            Construct x construct.
        """
        return fornell_larcker(self.construct_corr, self.reliability()["ave"])

    def summary(self) -> pd.DataFrame:
        """Path coefficients with f^2 and inner VIF, and R^2 of each outcome.

        Returns
        -------
        pandas.DataFrame
            One row per path.
        """
        rows = []
        for cause, outcome in self.spec.paths:
            rows.append(
                {
                    "path": f"{cause} -> {outcome}",
                    "estimate": self.path_coefficients.loc[cause, outcome],
                    "f2": self.f2.loc[cause, outcome],
                    "vif": self.vif_inner.loc[cause, outcome],
                    "r2_outcome": self.r2[outcome],
                }
            )
        return pd.DataFrame(rows).set_index("path")

    # ------------------------------------------------------------------ follow-ups

    def bootstrap(self, n: int = 5000, **options: Unpack[BootstrapOptions]) -> PLSBootstrapResult:
        """Bootstrap the estimates (see :func:`loyaltymodels.pls.bootstrap.bootstrap_pls`).

        Parameters
        ----------
        n : int, default 5000
            Resamples.
        **options
            ``ci``, ``ci_prob``, ``sign_change``, ``random_seed`` and ``n_jobs``, as in
            :func:`loyaltymodels.pls.bootstrap.bootstrap_pls`.

        Returns
        -------
        PLSBootstrapResult
            The table of estimates, SE, t, p and intervals, and the failed-resample count.
        """
        from loyaltymodels.pls.bootstrap import bootstrap_pls

        return bootstrap_pls(self, n, **options)

    def predict(
        self, folds: int = 10, repeats: int = 10, **options: Unpack[PredictOptions]
    ) -> PLSPredictResult:
        """PLSpredict (see :func:`loyaltymodels.pls.predict.pls_predict`).

        Parameters
        ----------
        folds : int, default 10
            Cross-validation folds.
        repeats : int, default 10
            Repetitions with new fold assignments.
        **options
            ``technique`` and ``random_seed``, as in
            :func:`loyaltymodels.pls.predict.pls_predict`.

        Returns
        -------
        PLSPredictResult
            RMSE, MAE and Q^2_predict per indicator against the linear-model benchmark.
        """
        from loyaltymodels.pls.predict import pls_predict

        return pls_predict(self, folds=folds, repeats=repeats, **options)

    def ipma(self, target: str, *, scale: tuple[float, float]) -> IPMAResult:
        """Importance-performance map (see :func:`loyaltymodels.pls.ipma.ipma`).

        Parameters
        ----------
        target : str
            The target construct.
        scale : tuple of float
            Lowest and highest possible indicator value, e.g. ``(1, 10)``.

        Returns
        -------
        IPMAResult
            Importance (unstandardized total effects) and performance (0-100) per construct.
        """
        from loyaltymodels.pls.ipma import ipma

        return ipma(self, target=target, scale=scale)
