"""The fitted SEM: estimates, fit indices, diagnostics, reliability, validity and effects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.bootstrap import (
    BootstrapIntervals,
    BootstrapSettings,
    bootstrap_intervals,
    refit_statistics,
    resample_statistics,
)
from loyaltymodels.sem.defined import definition_values
from loyaltymodels.sem.effects import (
    EFFECT_KINDS,
    BootstrapEffects,
    EffectsResult,
    bootstrap_effects_result,
    effect_pairs,
    effect_values,
)
from loyaltymodels.sem.fit_report import fit_sentence, optimizer_state
from loyaltymodels.sem.groups import SampleMoments, fit_single_group
from loyaltymodels.sem.modification_method import ModificationIndicesMethod
from loyaltymodels.sem.reliability import (
    average_variance_extracted,
    composite_reliability,
    cronbach_alpha,
)
from loyaltymodels.sem.structure import MatrixStructure
from loyaltymodels.sem.syntax import split_description
from loyaltymodels.sem.validity import ValidityTables, validity_tables

__all__ = ["SEMResult"]


def _effects_table(
    pairs: list[tuple[str, str]],
    definitions: list[tuple[str, str]],
    estimate: np.ndarray,
    point: np.ndarray,
    intervals: BootstrapIntervals,
) -> pd.DataFrame:
    """One row per (cause, outcome, effect kind) and per ``:=`` definition."""
    shape = estimate.shape
    size = estimate.size
    se_e, low_e, high_e = (
        a[:size].reshape(shape) for a in (intervals.se, intervals.lower, intervals.upper)
    )
    rows = []
    for k, (cause, outcome) in enumerate(pairs):
        for e, kind in enumerate(EFFECT_KINDS):
            rows.append(
                {
                    "from": cause,
                    "to": outcome,
                    "effect": kind,
                    "estimate": estimate[0, k, e],
                    "se": se_e[0, k, e],
                    "ci_lower": low_e[0, k, e],
                    "ci_upper": high_e[0, k, e],
                    "std_estimate": estimate[1, k, e],
                    "std_ci_lower": low_e[1, k, e],
                    "std_ci_upper": high_e[1, k, e],
                }
            )
    for j, (name, expression) in enumerate(definitions):
        rows.append(
            {
                "from": name,
                "to": expression.replace(" ", ""),
                "effect": "defined",
                "estimate": point[size + j],
                "se": intervals.se[size + j],
                "ci_lower": intervals.lower[size + j],
                "ci_upper": intervals.upper[size + j],
                "std_estimate": np.nan,
                "std_ci_lower": np.nan,
                "std_ci_upper": np.nan,
            }
        )
    return pd.DataFrame(rows)


@dataclass(repr=False)
class SEMResult(Result, BootstrapEffects, ModificationIndicesMethod, frozen=True):
    """A fitted :class:`~loyaltymodels.sem.SEM`.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per parameter: ``lval``, ``op``, ``rval``, ``label``, ``free``, ``estimate``,
        ``se``, ``z``, ``pvalue``, ``std_all`` and ``std_all_se``.
    fit_indices : pandas.Series
        ``chi2, df, pvalue, cfi, tli, rmsea, rmsea_ci_lower, rmsea_ci_upper, srmr, loglik,
        loglik_h1, aic, bic, bic_adj``.
    r2 : pandas.Series
        R-squared of every endogenous variable (indicators and regressed variables).
    problems : list of str
        Improper-solution conditions found (empty: none).
    n_dropped : int
        Rows excluded (listwise deletion; under FIML only rows with no answer at all).
    """

    description: str
    estimator: str
    missing: str
    structure: MatrixStructure
    theta: np.ndarray
    vcov: np.ndarray
    data: pd.DataFrame
    sample_cov: np.ndarray
    params: pd.DataFrame
    fit_indices: pd.Series
    r2: pd.Series
    latents: list[str]
    problems: list[str] = field(default_factory=list)
    converged: bool = True
    n_dropped: int = 0

    # ---------------------------------------------------------------- basics
    @property
    def n(self) -> int:
        """Number of rows used in the fit."""
        return len(self.data)

    @property
    def indicators(self) -> dict[str, list[str]]:
        """Construct -> the items that load on it."""
        table = self.params[self.params["op"] == "=~"]
        return {
            name: table.loc[table["lval"] == name, "rval"].tolist()
            for name in self.latents
            if (table["lval"] == name).any()
        }

    @property
    def latent_cov(self) -> pd.DataFrame:
        """Implied covariance matrix of the latent variables."""
        _, parts = self.structure.implied(self.theta)
        names = self.structure.eta_names
        full = pd.DataFrame(parts["eta_cov"], index=names, columns=names)
        return full.loc[self.latents, self.latents]

    @property
    def latent_corr(self) -> pd.DataFrame:
        """Implied correlation matrix of the latent variables."""
        cov = self.latent_cov
        sd = np.sqrt(np.diag(cov.to_numpy()))
        return pd.DataFrame(cov.to_numpy() / np.outer(sd, sd), index=cov.index, columns=cov.columns)

    # ---------------------------------------------------- reliability/validity
    def reliability(self) -> pd.DataFrame:
        """Per construct: Cronbach's alpha (with Feldt interval), rho_C and AVE.

        rho_C and AVE use the standardized loadings and standardized residual variances of
        the fitted model (:func:`~loyaltymodels.sem.composite_reliability`,
        :func:`~loyaltymodels.sem.average_variance_extracted`); alpha uses the raw items.

        Returns
        -------
        pandas.DataFrame
            Indexed by construct: ``n_items``, ``alpha``, ``alpha_lower``, ``alpha_upper``,
            ``rho_c`` and ``ave``.
        """
        loadings = self.params[self.params["op"] == "=~"]
        variances = self.params[
            (self.params["op"] == "~~") & (self.params["lval"] == self.params["rval"])
        ].set_index("lval")["std_all"]
        rows = {}
        for construct, items in self.indicators.items():
            lam = loadings.loc[loadings["lval"] == construct, "std_all"].to_numpy()
            errors = variances.reindex(items).to_numpy()
            alpha = (
                cronbach_alpha(self.data[items])
                if len(items) > 1
                else pd.Series({"alpha": np.nan, "lower": np.nan, "upper": np.nan})
            )
            rows[construct] = {
                "n_items": len(items),
                "alpha": alpha["alpha"],
                "alpha_lower": alpha["lower"],
                "alpha_upper": alpha["upper"],
                "rho_c": composite_reliability(lam, errors),
                "ave": average_variance_extracted(lam),
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def validity(self) -> ValidityTables:
        """Discriminant validity: Fornell-Larcker table and HTMT with 0.85/0.90 flags.

        Returns
        -------
        ValidityTables
            ``fornell_larcker``, ``htmt`` and ``pairs`` (one row per construct pair).
        """
        ave = self.reliability()["ave"]
        return validity_tables(self.latent_corr, ave, self.data, self.indicators)

    # ---------------------------------------------------------------- effects
    def _bootstrap_effects(self, settings: BootstrapSettings) -> EffectsResult:
        """Direct, indirect, total and defined effects with their bootstrap intervals."""
        if self.missing != "listwise" and settings.n_resamples:
            raise LoyaltyDataError(
                "bootstrap intervals need complete data; refit with missing='listwise'."
            )
        pairs = effect_pairs(self.structure, self.theta)
        definitions = split_description(self.description)[1]
        if not pairs and not definitions:
            raise LoyaltyDataError(
                "the model has no regressions among its variables, so there are no effects; "
                "add structural paths such as 'loyalty ~ value'."
            )
        structure = self.structure
        defined = self._definition_function(definitions)
        estimate = effect_values(structure, self.theta, pairs)
        point = np.concatenate([estimate.ravel(), defined(self.theta)])

        def statistic(theta: np.ndarray) -> np.ndarray:
            return np.concatenate([effect_values(structure, theta, pairs).ravel(), defined(theta)])

        intervals = BootstrapIntervals.none(point.shape)
        if settings.n_resamples:
            intervals = self._bootstrap_intervals(statistic, point, settings)
        table = _effects_table(pairs, definitions, estimate, point, intervals)
        has_effect = (table["estimate"] != 0) | table["effect"].isin(["total", "defined"])
        return bootstrap_effects_result(
            table[has_effect].reset_index(drop=True), settings, intervals
        )

    def _bootstrap_intervals(
        self,
        statistic: Callable[[np.ndarray], np.ndarray],
        point: np.ndarray,
        settings: BootstrapSettings,
    ) -> BootstrapIntervals:
        """Resample the rows, refit, and form percentile or BCa intervals of ``statistic``."""
        values = self.data.to_numpy(dtype=float)
        rng = np.random.default_rng(settings.random_seed)
        n_jobs, progress = settings.n_jobs, settings.progress
        draws, messages = resample_statistics(
            self.structure,
            values,
            self.theta,
            statistic,
            settings.n_resamples,
            rng,
            n_jobs=n_jobs,
            progress=progress,
        )

        def jackknife() -> tuple[np.ndarray, list[str]]:
            n = values.shape[0]
            loo = [np.delete(np.arange(n), i) for i in range(n)]
            return refit_statistics(
                self.structure,
                values,
                self.theta,
                loo,
                statistic,
                n_jobs=n_jobs,
                progress=progress,
                description="jackknife",
            )

        return bootstrap_intervals(draws, messages, point, settings.ci, settings.ci_prob, jackknife)

    def _definition_function(
        self, definitions: list[tuple[str, str]]
    ) -> Callable[[np.ndarray], np.ndarray]:
        """Return theta -> values of the ``:=`` definitions (empty without definitions)."""
        label_index = {
            loc.name: loc.free_index
            for loc in self.structure.locations
            if loc.free_index >= 0 and not loc.name.startswith("_")
        }
        values_at = definition_values(definitions, label_index, {})
        names = [name for name, _ in definitions]

        def function(theta: np.ndarray) -> np.ndarray:
            if not names:
                return np.zeros(0)
            values = values_at(theta, {})
            return np.array([values[name] for name in names])

        return function

    # ------------------------------------------------------ model modification
    def _modification_inputs(
        self,
    ) -> tuple[pd.DataFrame, np.ndarray, SampleMoments, list[str], list[str]]:
        """Refit the model as one group of the multiple-group engine (complete data only)."""
        if self.missing != "listwise":
            raise LoyaltyDataError(
                "modification indices are computed from complete data; refit with "
                "missing='listwise'."
            )
        core, _ = split_description(self.description)
        observed = self.structure.observed_names
        table, theta, moments, latents = fit_single_group(core, self.sample_cov, self.n, observed)
        return table, theta, moments, observed, latents

    # ---------------------------------------------------------------- display
    def _markdown_report(self, digits: int) -> str:
        """Render a lavaan-like report: data, test, fit indices, parameters, R-squared."""
        f = self.fit_indices
        fmt = f".{digits}f"
        lines = [
            f"SEM fitted by {self.estimator} ({self.missing}); {self.n} rows used, "
            f"{self.n_dropped} dropped; {self.structure.n_free} free parameters; "
            f"{optimizer_state(self.converged)}.",
            "",
            f"{fit_sentence(f, fmt)}.",
            f"Log-likelihood {f['loglik']:{fmt}} (H1 {f['loglik_h1']:{fmt}}); "
            f"AIC {f['aic']:{fmt}}, BIC {f['bic']:{fmt}}, adjusted BIC {f['bic_adj']:{fmt}}.",
            "",
        ]
        sections = {"=~": "Latent variables", "~": "Regressions", "~~": "Variances and covariances"}
        columns = ["lval", "op", "rval", "estimate", "se", "z", "pvalue", "std_all"]
        for op, title in sections.items():
            part = self.params.loc[self.params["op"] == op, columns]
            if part.empty:
                continue
            lines += [f"### {title}", "", part.to_markdown(index=False, floatfmt=fmt), ""]
        lines += ["### R-squared", "", self.r2.to_frame().to_markdown(floatfmt=fmt), ""]
        if self.problems:
            lines += ["### Improper solution", ""] + [f"- {p}" for p in self.problems]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SEMResult\n{self.to_markdown()}"
