r"""The covariance-based structural equation model: configuration and fitting.

:class:`SEM` stores a lavaan-style description; :meth:`SEM.fit` validates the data, lets semopy
lay out the matrices and find a first solution, refines it to full ML precision, and returns an
:class:`~loyaltymodels.sem.result.SEMResult`.

Standard errors use the expected information with N in the denominator (lavaan's default for
ML): :math:`\mathrm{Cov}(\hat\theta) = [N\,\mathcal I(\hat\theta)]^{-1}` with
:math:`\mathcal I = \tfrac12\Delta^\top(\Sigma^{-1}\otimes\Sigma^{-1})\Delta` (Bollen 1989,
Structural Equations with Latent Variables, ch. 4).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, Unpack, cast, overload

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_not_constant,
    check_numeric,
)
from loyaltymodels.sem.data_checks import check_item_columns
from loyaltymodels.sem.defined import defined_parameters
from loyaltymodels.sem.estimation import fit_ml, sample_covariance
from loyaltymodels.sem.fiml import FIMLSolution, fit_fiml, srmr_with_means
from loyaltymodels.sem.fiml_robust import (
    FIMLRobust,
    fiml_baseline_scaling,
    fiml_robust_correction,
    saturated_fiml,
)
from loyaltymodels.sem.fit_indices import fit_indices, rmsea_interval
from loyaltymodels.sem.group_model import fit_group_sem
from loyaltymodels.sem.group_result import GroupSEMResult
from loyaltymodels.sem.groups import GroupModel, SampleMoments, fit_single_group
from loyaltymodels.sem.ordinal_fit import fit_ordinal_sem, ordinal_options
from loyaltymodels.sem.partable import parameter_table
from loyaltymodels.sem.problems import detect_problems, warn_problems
from loyaltymodels.sem.result import SEMResult
from loyaltymodels.sem.robust import baseline_scaling, robust_correction, scaled_fit_indices
from loyaltymodels.sem.standardized import (
    standardized_estimates,
    standardized_standard_errors,
)
from loyaltymodels.sem.structure import MatrixStructure
from loyaltymodels.sem.syntax import (
    build_semopy_model,
    free_loadings,
    freed_first_loadings,
    latent_variables,
    observed_variables,
    split_description,
)

__all__ = ["SEM"]

_OPS = {"beta": "~", "lambda": "=~", "psi": "~~", "theta": "~~"}


class _SharedOptions(TypedDict, total=False):
    """Options of :class:`SEM` that do not decide the type of its result."""

    missing: Literal["listwise", "fiml"]
    group_equal: Sequence[str]
    group_partial: Sequence[str]


class SEM[ResultT: (SEMResult, GroupSEMResult)]:
    r"""Covariance-based structural equation model (maximum likelihood).

    Parameters
    ----------
    description : str
        lavaan-style syntax: ``latent =~ item1 + item2`` (measurement), ``y ~ x1 + x2``
        (regression), ``a ~~ b`` (covariance), ``y ~ b1*x`` (labels: equal labels share one
        parameter; a number fixes the value).
    estimator : {"ML", "MLM", "MLR", "WLSMV", "DWLS", "ULSMV"}, optional
        Default ``"ML"`` (``"WLSMV"`` with ``ordered``; the last three need ``ordered``).
        Maximum likelihood on the sample covariance (divisor N). ``"MLM"`` adds robust
        standard errors and the Satorra-Bentler scaled test; ``"MLR"`` Huber-White (sandwich)
        standard errors and the Yuan-Bentler scaled test (lavaan's estimators of the same
        names; formulas in :mod:`loyaltymodels.sem.robust`). The scaled and robust fit
        indices (``chi2_scaled``, ``cfi_robust``, ...) are added to ``fit_indices``.
    missing : {"listwise", "fiml"}, default "listwise"
        ``"listwise"`` drops rows with a missing model variable and reports the count on the
        result (``n_dropped``); ``"fiml"`` uses every observed value (full-information ML),
        with ``"ML"`` or, in one group, ``"MLR"`` (formulas in
        :mod:`loyaltymodels.sem.fiml_robust`).
    group : str, optional
        Column of the data naming each respondent's group (segment, region, wave): the model
        is fitted in every group at once, with a mean structure, and ``fit`` returns a
        :class:`~loyaltymodels.sem.group_result.GroupSEMResult`. Groups are ordered by first
        appearance, as in lavaan.
    group_equal : sequence of str, optional
        Parameter kinds held equal across groups, as lavaan's ``group.equal``:
        ``"loadings"``, ``"intercepts"``, ``"means"``, ``"residuals"``,
        ``"residual.covariances"``, ``"lv.variances"``, ``"lv.covariances"``,
        ``"regressions"``. With equal intercepts the latent means are free in every group but
        the first.
    group_partial : sequence of str, optional
        Parameters freed again from ``group_equal`` (lavaan's ``group.partial``), e.g.
        ``("x3~1", "visual=~x2")``.
    ordered : True or sequence of str, optional
        Ordinal items (lavaan's ``ordered=``): every observed variable of the model (``True``
        or their names; mixing ordinal and continuous items is refused). Thresholds and
        polychoric correlations replace the covariances, the estimator is ``"WLSMV"``
        (default), ``"DWLS"`` or ``"ULSMV"`` (delta parameterization, formulas in
        :mod:`loyaltymodels.sem.ordinal_fit`), and ``fit`` returns an
        :class:`~loyaltymodels.sem.ordinal_result.OrdinalSEMResult`, with thresholds as rows
        ``op == "|"`` of ``params``. Works with ``group=`` (``group_equal`` may list
        ``"thresholds"``).
    growth : bool, default False
        Latent growth curve model (lavaan's ``growth()``): a mean structure with the item
        intercepts fixed to 0 and the latent means (mean intercept and slope) free; ``fit``
        returns a :class:`~loyaltymodels.sem.group_result.GroupSEMResult` (one group unless
        ``group`` is set).

    Examples
    --------
    >>> from loyaltymodels.datasets import load_holzinger_swineford
    >>> model = SEM("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9")
    >>> result = model.fit(load_holzinger_swineford())
    >>> round(float(result.fit_indices["chi2"]), 3)
    85.306
    """

    @overload
    def __init__(
        self: SEM[SEMResult],
        description: str,
        *,
        estimator: Literal["ML", "MLM", "MLR"] | None = "ML",
        group: None = None,
        growth: Literal[False] = False,
        ordered: None = None,
        **options: Unpack[_SharedOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: SEM[GroupSEMResult],
        description: str,
        *,
        estimator: Literal["ML", "MLM", "MLR", "WLSMV", "DWLS", "ULSMV"] | None = None,
        group: str | None = None,
        growth: bool = False,
        ordered: Sequence[str] | bool | None = None,
        **options: Unpack[_SharedOptions],
    ) -> None: ...

    def __init__(
        self,
        description: str,
        *,
        estimator: str | None = None,
        missing: Literal["listwise", "fiml"] = "listwise",
        group: str | None = None,
        group_equal: Sequence[str] = (),
        group_partial: Sequence[str] = (),
        growth: bool = False,
        ordered: Sequence[str] | bool | None = None,
    ) -> None:
        self.ordered = ordinal_options(estimator, missing, ordered, growth=growth)
        estimator = estimator or ("WLSMV" if self.ordered is not None else "ML")
        if self.ordered is None and estimator not in ("ML", "MLM", "MLR"):
            raise LoyaltyDataError(f"estimator must be 'ML', 'MLM' or 'MLR', got {estimator!r}.")
        if estimator == "MLM" and missing != "listwise":
            raise LoyaltyDataError(
                "MLM (Satorra-Bentler) needs complete data; use estimator='MLR' with "
                "missing='fiml', or missing='listwise'."
            )
        if missing not in ("listwise", "fiml"):
            raise LoyaltyDataError(f"missing must be 'listwise' or 'fiml', got {missing!r}.")
        if (group is not None or growth) and missing != "listwise":
            raise LoyaltyDataError(
                "multiple-group models drop incomplete rows (missing='listwise'); FIML with "
                "groups is not available."
            )
        if isinstance(group_equal, str) or isinstance(group_partial, str):
            raise LoyaltyDataError(
                "group_equal and group_partial take a list of strings, e.g. "
                "group_equal=['loadings', 'intercepts']."
            )
        if group is None and (group_equal or group_partial):
            raise LoyaltyDataError("group_equal and group_partial need group= (a column name).")
        if group is None and not growth and self.ordered is None:
            build_semopy_model(freed_first_loadings(split_description(description)[0])[0])
        else:
            parameter_table(description, n_groups=2, group_equal=tuple(group_equal))
        self.description = description
        self.estimator = estimator
        self.missing = missing
        self.group = group
        self.group_equal = tuple(group_equal)
        self.group_partial = tuple(group_partial)
        self.growth = bool(growth)

    def __repr__(self) -> str:
        group = f", group={self.group!r}" if self.group is not None else ""
        return f"SEM(estimator={self.estimator!r}, missing={self.missing!r}{group})"

    # ------------------------------------------------------------------ fitting
    def fit(self, data: pd.DataFrame) -> ResultT:
        """Fit the model to raw data (one row per respondent, one column per item).

        Parameters
        ----------
        data : pandas.DataFrame
            The observed variables named in the description (other columns are ignored).

        Returns
        -------
        SEMResult or GroupSEMResult
            Estimates, fit indices, diagnostics and derived tables; a
            :class:`~loyaltymodels.sem.group_result.GroupSEMResult` when ``group`` is set.
        """
        if self.ordered is not None:
            return cast(
                ResultT,
                fit_ordinal_sem(
                    self.description, data, ordered=self.ordered, **self._engine_options()
                ),
            )
        if self.group is not None or self.growth:
            return cast(ResultT, self._fit_groups(data))
        return cast(ResultT, self._fit_one_group(data))

    def _fit_groups(self, data: pd.DataFrame) -> GroupSEMResult:
        """Fit with the multiple-group engine (groups, growth models)."""
        return fit_group_sem(self.description, data, growth=self.growth, **self._engine_options())

    def _engine_options(self) -> dict[str, Any]:
        """Return the settings the multiple-group and the ordinal engines both take."""
        return {
            "estimator": self.estimator,
            "group": self.group,
            "group_equal": self.group_equal,
            "group_partial": self.group_partial,
        }

    def _fit_one_group(self, data: pd.DataFrame) -> SEMResult:
        """Fit one group: validate, estimate, then assemble the result."""
        check_dataframe(data)
        core, definitions = split_description(self.description)
        semopy_core, freed = freed_first_loadings(core)
        semopy_model = build_semopy_model(semopy_core)
        observed = observed_variables(semopy_model)
        frame, n_dropped = _usable_rows(data, observed, self.missing)
        values = frame.to_numpy(dtype=float)
        cov = (
            sample_covariance(values)
            if self.missing == "listwise"
            else pd.DataFrame(values).cov(ddof=0).to_numpy()
        )
        start_frame = frame if self.missing == "listwise" else frame.fillna(frame.mean())
        semopy_model.load(data=start_frame)
        free_loadings(semopy_model, freed)
        structure = MatrixStructure(semopy_model)
        self._check_size(structure, len(observed), len(frame))
        estimate = self._estimate(core, semopy_model, structure, start_frame, values, cov)
        sigma, parts = structure.implied(estimate.theta)
        params = self._params_table(structure, estimate.theta, estimate.vcov)
        if definitions:
            params = _with_definitions(
                params, structure, definitions, estimate.theta, estimate.vcov
            )
        latents = latent_variables(semopy_model)
        eta_cov = pd.DataFrame(
            parts["eta_cov"], index=structure.eta_names, columns=structure.eta_names
        )
        problems = detect_problems(
            params,
            eta_cov.loc[latents, latents],
            converged=estimate.converged,
            message=estimate.message,
        )
        warn_problems(problems, stacklevel=4)  # the caller of SEM.fit
        return SEMResult(
            description=self.description,
            estimator=self.estimator,
            missing=self.missing,
            structure=structure,
            theta=estimate.theta,
            vcov=estimate.vcov,
            data=frame,
            sample_cov=cov,
            params=params,
            fit_indices=self._indices(estimate, structure, sigma, cov, values, observed),
            r2=_r_squared(structure, sigma, parts),
            latents=latents,
            problems=problems,
            converged=estimate.converged,
            n_dropped=n_dropped,
        )

    def _estimate(
        self,
        core: str,
        semopy_model: Any,
        structure: MatrixStructure,
        start_frame: pd.DataFrame,
        values: np.ndarray,
        cov: np.ndarray,
    ) -> _Estimate:
        """Estimates and their covariance: FIML, or ML on the covariance (robust if asked)."""
        if self.missing == "fiml":
            start = self._semopy_start(semopy_model, start_frame, structure)
            fiml = fit_fiml(structure, values, start)
            moments: dict[str, Any] = {
                "means": fiml.means,
                "loglik": fiml.loglik,
                "loglik_h1": fiml.loglik_h1,
                "cov_h1": fiml.cov_h1,
                "means_h1": fiml.means_h1,
            }
            vcov = fiml.vcov
            if self.estimator == "MLR":
                vcov, moments["robust"], moments["baseline_robust"] = _robust_fiml(
                    structure, fiml, values
                )
            return _Estimate(fiml.theta, vcov, fiml.converged, fiml.message, moments)
        # semopy's data-based starting values usually suffice; its own (slower) bounded
        # fit is the fallback start
        solution = fit_ml(structure, cov, _starting_values(semopy_model, structure))
        if not solution.converged:
            start = self._semopy_start(semopy_model, start_frame, structure)
            solution = fit_ml(structure, cov, start)
        theta, converged = solution.theta, solution.converged
        vcov = self._vcov(structure, theta, len(values), converged=converged, frame=start_frame)
        moments = {}
        if self.estimator != "ML":
            vcov, moments["scaling"] = _robust_single_group(
                core, structure, theta, vcov, cov, values, self.estimator
            )
        return _Estimate(theta, vcov, converged, solution.message, moments)

    def _indices(
        self,
        estimate: _Estimate,
        structure: MatrixStructure,
        sigma: np.ndarray,
        cov: np.ndarray,
        values: np.ndarray,
        observed: list[str],
    ) -> pd.Series:
        """Return the fit indices of a one-group fit (FIML, ML, or ML with the scaled indices)."""
        if self.missing == "fiml":
            indices = _fiml_indices(estimate.moments, sigma, values, structure.n_free)
            if self.estimator == "ML":
                return indices
            moments = estimate.moments
            return _fiml_scaled_indices(
                indices, moments["robust"], moments["baseline_robust"], len(values)
            )
        indices = fit_indices(cov, sigma, len(values), structure.n_free)
        if self.estimator == "ML":
            return indices
        scaling = estimate.moments["scaling"]
        return _with_scaled_indices(indices, cov, values, observed, scaling, self.estimator)

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _check_size(structure: MatrixStructure, p: int, n: int) -> None:
        moments = p * (p + 1) // 2
        if structure.n_free > moments:
            raise LoyaltyDataError(
                f"the model is not identified: it has {structure.n_free} free parameters but "
                f"its {p} observed variables give only {moments} variances and covariances; "
                "fix a loading or variance per factor, add indicators or drop paths."
            )
        if n <= structure.n_free:
            raise LoyaltyDataError(
                f"data have {n} usable rows but the model has {structure.n_free} free "
                "parameters; collect more responses or simplify the model."
            )

    @staticmethod
    def _semopy_start(model: Any, frame: pd.DataFrame, structure: MatrixStructure) -> np.ndarray:
        """Return semopy's own (bounded) ML solution, used as starting values."""
        semopy_logger = logging.getLogger()
        level = semopy_logger.level
        semopy_logger.setLevel(logging.ERROR)
        try:
            with np.errstate(all="ignore"):
                model.fit(frame, obj="MLW")
            start = np.asarray(model.param_vals, dtype=float)
        except Exception:  # semopy failed: fall back on its starting values
            start = np.asarray(model.param_vals, dtype=float)
        finally:
            semopy_logger.setLevel(level)
        if start.size != structure.n_free:  # loadings freed after semopy laid out the model
            return _starting_values(model, structure)
        if not np.all(np.isfinite(start)):
            start = np.nan_to_num(start, nan=0.1)
        return start

    @staticmethod
    def _vcov(
        structure: MatrixStructure,
        theta: np.ndarray,
        n: int,
        *,
        converged: bool = True,
        frame: pd.DataFrame | None = None,
    ) -> np.ndarray:
        info = structure.expected_information(theta) * n
        eigenvalues, eigenvectors = np.linalg.eigh(info)
        if eigenvalues.min() <= 1e-10 * max(eigenvalues.max(), 1.0):
            weights = np.abs(eigenvectors[:, 0])
            names = [structure.free_names[i] for i in np.argsort(weights)[::-1][:3]]
            involved = [
                f"{loc.row} {_OPS[loc.matrix]} {loc.col}"
                if loc.matrix != "lambda"
                else f"{loc.col} =~ {loc.row}"
                for loc in structure.locations
                if loc.free_index >= 0 and structure.free_names[loc.free_index] in names
            ]
            if not _identified_in_general(structure):
                raise LoyaltyDataError(
                    "the model is not identified: the information matrix is singular for any "
                    f"data, involving {involved}; fix one loading per factor to 1 (or its "
                    "variance), add indicators or remove redundant paths."
                )
            status = (
                "the optimizer did not converge and "
                if not converged
                else "the optimizer converged but "
            )
            raise LoyaltyDataError(
                "the model is identified, but not empirically on these data (empirical "
                f"under-identification): {status}the information matrix is singular at the "
                f"estimates, involving {involved}. With {n} rows"
                f"{_extreme_rows(frame)}; collect more responses, check the rows named, or "
                "simplify the part of the model involved."
            )
        return np.linalg.inv(info)

    @staticmethod
    def _params_table(
        structure: MatrixStructure, theta: np.ndarray, vcov: np.ndarray
    ) -> pd.DataFrame:
        std = standardized_estimates(structure, theta)
        std_se = standardized_standard_errors(structure, theta, vcov)
        se_free = np.sqrt(np.clip(np.diag(vcov), 0.0, None))
        rows = []
        for k, loc in enumerate(structure.locations):
            free = loc.free_index >= 0
            estimate = theta[loc.free_index] if free else loc.fixed_value
            se = se_free[loc.free_index] if free else np.nan
            if loc.matrix == "lambda":
                lval, op, rval = loc.col, "=~", loc.row
            else:
                lval, op, rval = loc.row, _OPS[loc.matrix], loc.col
            z = estimate / se if free and se > 0 else np.nan
            rows.append(
                {
                    "lval": lval,
                    "op": op,
                    "rval": rval,
                    "label": loc.name if not loc.name.startswith("_") else "",
                    "free": free,
                    "estimate": float(estimate),
                    "se": float(se),
                    "z": float(z),
                    "pvalue": float(2.0 * stats.norm.sf(abs(z))) if np.isfinite(z) else np.nan,
                    "std_all": float(std[k]),
                    "std_all_se": float(std_se[k]) if std_se[k] > 1e-12 else np.nan,
                }
            )
        order = {"=~": 0, "~": 1, "~~": 2}
        table = pd.DataFrame(rows)
        table["_order"] = table["op"].map(order)
        table = table.sort_values("_order", kind="stable").drop(columns="_order")
        return table.reset_index(drop=True)


@dataclass(frozen=True)
class _Estimate:
    """Estimates of a one-group fit with their covariance and what the indices need."""

    theta: np.ndarray
    vcov: np.ndarray
    converged: bool
    message: str
    moments: dict[str, Any]


def _usable_rows(data: pd.DataFrame, observed: list[str], missing: str) -> tuple[pd.DataFrame, int]:
    """Check the model columns and drop unusable rows (listwise: incomplete; FIML: empty)."""
    check_columns(data, observed)
    check_item_columns(data, observed)
    check_numeric(data, observed)
    frame = data[observed].astype(float)
    if missing == "listwise":
        unusable = frame.isna().any(axis=1)
    else:
        unusable = frame.isna().all(axis=1)
    n_dropped = int(unusable.sum())
    frame = frame.loc[~unusable]
    if len(frame) == 0:
        raise LoyaltyDataError(
            "no complete rows left for the model variables; fill missing values or use "
            "SEM(..., missing='fiml')."
        )
    check_not_constant(frame, observed)
    return frame, n_dropped


def _r_squared(
    structure: MatrixStructure, sigma: np.ndarray, parts: dict[str, np.ndarray]
) -> pd.Series:
    """R-squared of every endogenous variable: indicators and regressed variables."""
    values: dict[str, float] = {}
    structural = set(structure.eta_names)
    for i, name in enumerate(structure.observed_names):
        if name in structural:
            continue
        values[name] = 1.0 - parts["theta"][i, i] / sigma[i, i]
    beta = parts["beta"]
    for i, name in enumerate(structure.eta_names):
        if np.any(beta[i] != 0):
            values[name] = 1.0 - parts["psi"][i, i] / parts["eta_cov"][i, i]
    return pd.Series(values, name="r2", dtype=float)


def _fiml_indices(
    moments: dict[str, Any], sigma: np.ndarray, values: np.ndarray, n_free: int
) -> pd.Series:
    """Fit indices under FIML.

    The chi-square is the likelihood ratio against the saturated model (EM); the baseline is
    the independence model, whose FIML estimates are the per-item means and variances of the
    answered values (the likelihood factorises over items). SRMR compares the EM moments with
    the model's, means included.
    """
    n, p = values.shape
    n_params = n_free + p  # the free mean vector adds p parameters
    loglik, loglik_h1 = moments["loglik"], moments["loglik_h1"]
    loglik_base = 0.0
    for column in values.T:
        answered = column[np.isfinite(column)]
        loglik_base += float(np.sum(stats.norm.logpdf(answered, answered.mean(), answered.std())))
    chi2 = 2.0 * (loglik_h1 - loglik)
    chi2_base = 2.0 * (loglik_h1 - loglik_base)
    df = p * (p + 1) / 2 - n_free
    df_base = p * (p - 1) / 2
    out = fit_indices(moments["cov_h1"], sigma, n, n_free)
    out["srmr"] = srmr_with_means(moments["cov_h1"], moments["means_h1"], sigma, moments["means"])
    denom = max(chi2 - df, chi2_base - df_base, 0.0)
    out["chi2"] = chi2
    out["pvalue"] = float(stats.chi2.sf(chi2, df)) if df > 0 else np.nan
    out["baseline_chi2"] = chi2_base
    out["baseline_df"] = df_base
    out["cfi"] = 1.0 - max(chi2 - df, 0.0) / denom if denom > 0 else 1.0
    if df > 0:
        out["tli"] = (chi2_base / df_base - chi2 / df) / (chi2_base / df_base - 1.0)
        out["rmsea"] = float(np.sqrt(max(chi2 - df, 0.0) / (n * df)))
        out["rmsea_ci_lower"], out["rmsea_ci_upper"] = rmsea_interval(chi2, df, n)
    out["loglik"] = loglik
    out["loglik_h1"] = loglik_h1
    out["aic"] = -2.0 * loglik + 2.0 * n_params
    out["bic"] = -2.0 * loglik + n_params * np.log(n)
    out["bic_adj"] = -2.0 * loglik + n_params * np.log((n + 2.0) / 24.0)
    return out


def _with_definitions(
    params: pd.DataFrame,
    structure: MatrixStructure,
    definitions: list[tuple[str, str]],
    theta: np.ndarray,
    vcov: np.ndarray,
) -> pd.DataFrame:
    """Append the ``:=`` rows (delta-method standard errors) to the parameter table."""
    label_index = {
        loc.name: loc.free_index
        for loc in structure.locations
        if loc.free_index >= 0 and not loc.name.startswith("_")
    }
    labelled = params[params["label"] != ""]
    std_values = dict(zip(labelled["label"], labelled["std_all"], strict=True))
    rows = defined_parameters(definitions, label_index, theta, vcov, {}, std_values)
    return pd.concat([params, rows], ignore_index=True)


def _robust_fiml(
    structure: MatrixStructure, fiml: FIMLSolution, values: np.ndarray
) -> tuple[np.ndarray, FIMLRobust, FIMLRobust]:
    """MLR under FIML: Huber-White covariance of theta, the model's and baseline's scalings."""
    saturated = saturated_fiml(values, fiml.means_h1, fiml.cov_h1)
    robust = fiml_robust_correction(
        structure, fiml.theta, fiml.means, values, fiml.information, saturated
    )
    baseline = fiml_baseline_scaling(values, saturated)
    q = fiml.theta.size
    return robust.vcov[:q, :q], robust, baseline


def _fiml_scaled_indices(
    indices: pd.Series, model: FIMLRobust, baseline: FIMLRobust, n: int
) -> pd.Series:
    """Scaled indices from the Yuan-Bentler factors; robust ones from the corrected T3."""
    out = scaled_fit_indices(indices, model.scaling_factor, baseline.scaling_factor, n, 1)
    corrected = indices.copy()
    corrected["chi2"] = model.corrected_chi2
    corrected["baseline_chi2"] = baseline.corrected_chi2
    robust = scaled_fit_indices(
        corrected, model.corrected_scaling, baseline.corrected_scaling, n, 1
    )
    for name in ("cfi_robust", "tli_robust", "rmsea_robust"):
        out[name] = robust[name]
    return out


def _robust_single_group(
    description: str,
    structure: MatrixStructure,
    theta: np.ndarray,
    vcov: np.ndarray,
    cov: np.ndarray,
    values: np.ndarray,
    estimator: str,
) -> tuple[np.ndarray, float]:
    """Robust covariance (in the structure's parameter order) and the scaling factor."""
    observed = structure.observed_names
    n = values.shape[0]
    ml_params = SEM._params_table(structure, theta, vcov)
    table, ram_theta, moments, latents = fit_single_group(description, cov, n, observed, ml_params)
    model = GroupModel(table, observed, latents, 1)
    p = len(observed)
    df = p * (p + 1) / 2 - structure.n_free
    robust = robust_correction(
        model, ram_theta, moments, [values], df, estimator, meanstructure=False
    )
    ops = {"lambda": "=~", "beta": "~", "psi": "~~", "theta": "~~"}
    index = {
        (lhs, op, rhs): free - 1
        for lhs, op, rhs, free in table[["lhs", "op", "rhs", "free"]].itertuples(index=False)
        if free > 0
    }
    order = np.full(structure.n_free, -1)
    for loc in structure.locations:
        if loc.free_index < 0:
            continue
        key = (
            (loc.col, "=~", loc.row)
            if loc.matrix == "lambda"
            else (loc.row, ops[loc.matrix], loc.col)
        )
        k = index.get(key, index.get((key[2], key[1], key[0]), -1) if key[1] == "~~" else -1)
        order[loc.free_index] = k
    if np.any(order < 0):
        raise LoyaltyDataError(
            f"robust standard errors are not available for this model under {estimator}; "
            "use estimator='ML'."
        )
    return robust.vcov[np.ix_(order, order)], robust.scaling_factor


def _with_scaled_indices(
    indices: pd.Series,
    cov: np.ndarray,
    values: np.ndarray,
    observed: list[str],
    scaling: float,
    estimator: str,
) -> pd.Series:
    """Add the baseline statistic and the scaled and robust fit indices (one group)."""
    n, p = values.shape
    indices = indices.copy()
    indices["baseline_chi2"] = n * (float(np.log(np.diag(cov)).sum()) - np.linalg.slogdet(cov)[1])
    indices["baseline_df"] = p * (p - 1) / 2
    moments = SampleMoments((cov,), (np.zeros(p),), (n,), (float(np.linalg.slogdet(cov)[1]),))
    baseline = baseline_scaling(moments, [values], observed, estimator, meanstructure=False)
    return scaled_fit_indices(indices, scaling, baseline, n, 1)


def _identified_in_general(structure: MatrixStructure) -> bool:
    """Whether the information is regular at a generic parameter point (local identification).

    Variances are set to 1-1.5 and every other free parameter to 0.2-0.5 (fixed seed); a
    model whose information is singular there is not identified whatever the data
    (Bekker, Merckens & Wansbeek 1994, rank condition evaluated at a random point).
    """
    rng = np.random.default_rng(20240601)
    theta = np.empty(structure.n_free)
    variance = np.zeros(structure.n_free, dtype=bool)
    for loc in structure.locations:
        if loc.free_index >= 0 and loc.matrix in ("psi", "theta") and loc.row == loc.col:
            variance[loc.free_index] = True
    theta[variance] = 1.0 + 0.5 * rng.random(int(variance.sum()))
    theta[~variance] = 0.2 + 0.3 * rng.random(int((~variance).sum()))
    try:
        info = structure.expected_information(theta)
    except np.linalg.LinAlgError:
        return True  # cannot tell at this point; do not blame the model
    eigenvalues = np.linalg.eigvalsh(info)
    return bool(eigenvalues.min() > 1e-8 * max(eigenvalues.max(), 1.0))


def _extreme_rows(frame: pd.DataFrame | None) -> str:
    """Describe rows with values more than 10 robust SDs from the item median."""
    if frame is None or frame.empty:
        return ""
    median = frame.median()
    spread = (frame - median).abs().median() * 1.4826
    spread = spread.where(spread > 0, frame.std()).replace(0.0, np.nan)
    extreme = ((frame - median).abs() / spread > 10).any(axis=1)
    if not extreme.any():
        return ""
    return f", rows {list(frame.index[extreme][:5])} hold extreme values"


def _starting_values(model: Any, structure: MatrixStructure) -> np.ndarray:
    """Return semopy's data-based starting values in the structure's parameter order."""
    start = np.array(
        [
            float(model.parameters[name].start) if model.parameters[name].start is not None else 0.1
            for name in structure.free_names
        ]
    )
    return np.asarray(np.nan_to_num(start, nan=0.1), dtype=float)
