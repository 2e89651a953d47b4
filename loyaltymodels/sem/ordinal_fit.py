r"""Fitting a SEM whose items are ordinal: WLSMV, DWLS, ULSMV (one or several groups).

Steps (lavaan 0.6 defaults for ``ordered=``): thresholds and polychoric correlations per group
with their asymptotic covariance :math:`\Gamma` (:mod:`loyaltymodels.sem.ordinal_moments`),
then weighted least squares in the delta parameterization (:mod:`loyaltymodels.sem.wls`):

- ``"WLSMV"``: diagonal weights :math:`1/\mathrm{diag}\,\Gamma`, robust standard errors,
  scaled-shifted test;
- ``"DWLS"``: the same estimates, standard errors :math:`[(N-G)\Delta^\top V\Delta]^{-1}` and
  the unscaled test;
- ``"ULSMV"``: unit weights, robust standard errors, scaled-shifted test.

As lavaan does for these estimators, the groups' discrepancies :math:`F_g` are weighted by
:math:`N_g - 1` (estimation and test statistic :math:`T = \sum_g (N_g-1)F_g`) and the robust
parts by :math:`N_g/N`, with the covariance of the estimates divided by :math:`N - G`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.sem.estimate_table import estimate_table
from loyaltymodels.sem.group_model import group_fit_table, group_problems
from loyaltymodels.sem.groups import GroupModel, SampleMoments, start_values
from loyaltymodels.sem.ordinal_data import OrdinalData, ordinal_data
from loyaltymodels.sem.ordinal_indices import ordinal_fit_indices
from loyaltymodels.sem.ordinal_moments import OrdinalMoments, ordinal_moments
from loyaltymodels.sem.ordinal_partable import ordinal_parameter_table
from loyaltymodels.sem.ordinal_result import OrdinalSEMResult
from loyaltymodels.sem.partable import ParsedModel, parse_syntax
from loyaltymodels.sem.problems import warn_problems
from loyaltymodels.sem.wls import OrdinalModel, WlsFit, fit_wls

__all__ = [
    "ORDINAL_ESTIMATORS",
    "OrdinalSample",
    "fit_ordinal_sample",
    "fit_ordinal_sem",
    "ordered_items",
    "ordinal_options",
    "ordinal_sample",
]

ORDINAL_ESTIMATORS = ("WLSMV", "DWLS", "ULSMV")
"""Estimators for ordered items."""


def ordinal_options(
    estimator: str | None, missing: str, ordered: object, *, growth: bool = False
) -> list[str] | Literal[True] | None:
    """Check the options of :class:`~loyaltymodels.sem.SEM` that concern ordinal items.

    Parameters
    ----------
    estimator : str or None
        The estimator asked for (None: the default).
    missing : str
        The missing-data treatment.
    ordered : object
        ``ordered=`` as given: None, False, True or item names.
    growth : bool, default False
        Whether a growth model is asked for.

    Returns
    -------
    list of str, True or None
        The ordered items, True (all) or None (no ordinal items).
    """
    if ordered is None or ordered is False or (isinstance(ordered, list | tuple) and not ordered):
        if estimator in ORDINAL_ESTIMATORS:
            raise LoyaltyDataError(
                f"estimator {estimator!r} is for ordinal items; pass ordered=['item1', ...] "
                "or ordered=True (all items), or use estimator='ML', 'MLM' or 'MLR'."
            )
        return None
    if isinstance(ordered, str) or not (ordered is True or hasattr(ordered, "__iter__")):
        raise LoyaltyDataError(
            f"ordered must be True or a list of item names, got {ordered!r}; e.g. "
            "ordered=['q1', 'q2'] or ordered=True (all items)."
        )
    if estimator is not None and estimator not in ORDINAL_ESTIMATORS:
        raise LoyaltyDataError(
            f"estimator {estimator!r} treats the items as continuous; with ordered items use "
            f"one of {list(ORDINAL_ESTIMATORS)}, or drop ordered= to fit them by ML."
        )
    if missing != "listwise" or growth:
        raise LoyaltyDataError(
            "ordinal items are fitted on complete rows (missing='listwise') and not as a "
            "growth model; drop missing='fiml' / growth=True, or leave out ordered=."
        )
    if ordered is True:
        return True
    return [str(name) for name in cast(Iterable[object], ordered)]


def ordered_items(parsed: ParsedModel, ordered: object) -> list[str]:
    """Return the model's items, checking that ``ordered`` covers them all.

    Parameters
    ----------
    parsed : ParsedModel
        The parsed description.
    ordered : True or sequence of str
        ``True`` (every observed variable) or the ordered items.

    Returns
    -------
    list of str
        The observed variables of the model, in order of appearance.
    """
    observed = list(parsed.observed)
    checked = ordinal_options(None, "listwise", ordered)
    names: list[str] = observed if checked is True or checked is None else checked
    unknown = [name for name in names if name not in observed]
    if unknown:
        raise LoyaltyDataError(
            f"ordered names {unknown}, which are not observed variables of the model "
            f"({observed}); list only the model's items."
        )
    continuous = [name for name in observed if name not in names]
    if continuous:
        raise LoyaltyDataError(
            f"the items {continuous} are not in ordered=, but models mixing ordinal and "
            "continuous items are not supported; list every item in ordered= (or "
            "ordered=True), or fit the continuous version with estimator='ML' or 'MLR'."
        )
    in_paths = sorted(
        {f.lhs for f in parsed.formulas if f.op == "~"}
        | {t.name for f in parsed.formulas if f.op == "~" for t in f.terms}
    )
    if any(name in observed for name in in_paths):
        raise LoyaltyDataError(
            f"the ordered items {[n for n in in_paths if n in observed]} appear in "
            "regressions ('~'); with ordinal items regress latent variables only: give the "
            "item its own factor (f =~ item) and use the factor in the path."
        )
    return observed


def _start(
    table: pd.DataFrame, model: OrdinalModel, moments: list[OrdinalMoments], latents: list[str]
) -> np.ndarray:
    ram_table = table[~table["op"].isin(["|", "~*~"])]
    p = moments[0].correlation.shape[0]
    sample = SampleMoments(
        tuple(m.correlation for m in moments),
        tuple(np.zeros(p) for _ in moments),
        tuple(m.n for m in moments),
        tuple(0.0 for _ in moments),
    )
    start = np.full(model.n_params, np.nan)
    ram_start = start_values(ram_table, sample, latents)
    start[: ram_start.size] = ram_start
    for g, m in enumerate(moments):
        _, index, _ = model.thresholds[g]
        free = index >= 0
        start[index[free]] = m.statistics[: index.size][free]
        scale_index = model.scales[g][0]
        start[scale_index[scale_index >= 0]] = 1.0
    return np.asarray(np.nan_to_num(start, nan=0.0), dtype=float)


def fit_ordinal_sem(
    description: str,
    data: pd.DataFrame,
    *,
    ordered: object,
    estimator: str = "WLSMV",
    group: str | None = None,
    group_equal: tuple[str, ...] = (),
    group_partial: tuple[str, ...] = (),
) -> OrdinalSEMResult:
    """Fit a SEM with ordered items by (diagonally) weighted least squares.

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    data : pandas.DataFrame
        One row per respondent; ordered items coded as whole numbers.
    ordered : True or sequence of str
        The ordered items (every observed variable of the model).
    estimator : {"WLSMV", "DWLS", "ULSMV"}, default "WLSMV"
        See the module docstring.
    group : str, optional
        Group column.
    group_equal, group_partial : tuple of str
        lavaan's ``group.equal`` (with ``"thresholds"``) and ``group.partial``.

    Returns
    -------
    OrdinalSEMResult
        Estimates (thresholds with ``op == "|"``), fit indices, polychoric statistics.
    """
    sample = ordinal_sample(description, data, ordered=ordered, group=group)
    return fit_ordinal_sample(
        description,
        sample,
        estimator=estimator,
        group_equal=group_equal,
        group_partial=group_partial,
    )[0]


@dataclass(frozen=True)
class OrdinalSample:
    """The checked items, their coded answers and per-group statistics, reused across fits."""

    items: list[str]
    latents: list[str]
    coded: OrdinalData
    moments: list[OrdinalMoments]
    group: str | None


def ordinal_sample(
    description: str, data: pd.DataFrame, *, ordered: object, group: str | None
) -> OrdinalSample:
    """Check the data and compute the thresholds, polychoric correlations and Gamma per group.

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    data : pandas.DataFrame
        Survey data.
    ordered : True or sequence of str
        The ordered items.
    group : str or None
        Group column.

    Returns
    -------
    OrdinalSample
        Items, coded data and statistics.
    """
    parsed = parse_syntax(description)
    items = ordered_items(parsed, ordered)
    coded = ordinal_data(data, items, group)
    moments = [ordinal_moments(block, coded.n_levels) for block in coded.codes]
    return OrdinalSample(items, list(parsed.latents), coded, moments, group)


def fit_ordinal_sample(
    description: str,
    sample: OrdinalSample,
    *,
    estimator: str = "WLSMV",
    group_equal: tuple[str, ...] = (),
    group_partial: tuple[str, ...] = (),
) -> tuple[OrdinalSEMResult, OrdinalModel, WlsFit]:
    """Fit the model to prepared ordinal statistics (see :func:`fit_ordinal_sem`).

    Parameters
    ----------
    description : str
        lavaan-style syntax.
    sample : OrdinalSample
        From :func:`ordinal_sample`.
    estimator : {"WLSMV", "DWLS", "ULSMV"}, default "WLSMV"
        The estimator.
    group_equal, group_partial : tuple of str
        Cross-group equalities and exemptions.

    Returns
    -------
    tuple
        The result, the fitted structure and the WLS fit (weights, statistics).
    """
    if estimator not in ORDINAL_ESTIMATORS:
        raise LoyaltyDataError(
            f"estimator {estimator!r} is not available with ordered items; use one of "
            f"{list(ORDINAL_ESTIMATORS)}."
        )
    items, latents, coded, moments = sample.items, sample.latents, sample.coded, sample.moments
    group = sample.group
    n_groups = len(moments)
    table = ordinal_parameter_table(
        description,
        items,
        [k - 1 for k in coded.n_levels],
        n_groups=n_groups,
        group_equal=group_equal,
        group_partial=group_partial,
    )
    model = OrdinalModel(table, items, latents, n_groups)
    n_stats = sum(m.statistics.size for m in moments)
    df = n_stats - model.n_params
    if df < 0:
        raise LoyaltyDataError(
            f"the model is not identified: it has {model.n_params} free parameters but the "
            f"data give only {n_stats} thresholds and polychoric correlations; fix or equate "
            "parameters, or add items."
        )
    fit = fit_wls(
        model,
        [m.statistics for m in moments],
        [m.gamma for m in moments],
        [m.n for m in moments],
        _start(table, model, moments, latents),
        estimator=estimator,
    )
    theta, vcov = fit.theta, fit.vcov
    indices = ordinal_fit_indices(model, theta, moments, fit, df, estimator)
    params = ordinal_params(model, table, theta, vcov, items, latents)
    problems = _problems(
        model, table, theta, params, coded.levels, latents, fit.converged, fit.message
    )
    for level, found in problems.items():
        warn_problems([f"group {level}: {problem}" if group else problem for problem in found])
    sizes = [m.n for m in moments]
    group_fit = group_fit_table(coded.levels, sizes, fit.group_chi2, problems)
    result = OrdinalSEMResult(
        description=description,
        group=group or "",
        group_levels=coded.levels,
        group_equal=list(group_equal),
        group_partial=list(group_partial),
        observed=items,
        latents=latents,
        table=table,
        theta=theta,
        vcov=vcov,
        params=params,
        fit_indices=indices,
        group_fit=group_fit,
        sample_covs=[m.correlation for m in moments],
        sample_means=[np.zeros(len(items)) for _ in moments],
        problems=problems,
        converged=fit.converged,
        n_dropped=coded.n_dropped,
        estimator=estimator,
        categories={k: list(v) for k, v in coded.categories.items()},
        sample_thresholds=_threshold_frame(moments, items, coded.levels),
    )
    return result, model, fit


def _threshold_frame(
    moments: list[OrdinalMoments], items: list[str], levels: list[str]
) -> pd.DataFrame:
    rows = [
        {"group": level, "item": item, "threshold": f"t{k + 1}", "value": float(value)}
        for level, m in zip(levels, moments, strict=True)
        for item, tau in zip(items, m.thresholds, strict=True)
        for k, value in enumerate(tau)
    ]
    return pd.DataFrame(rows)


def _reporting_model(
    model: OrdinalModel,
    table: pd.DataFrame,
    theta: np.ndarray,
    items: list[str],
    latents: list[str],
) -> tuple[GroupModel, pd.DataFrame]:
    """Rebuild the RAM model with the items' residual variances (1/Delta^2 - explained)."""
    ram = table[~table["op"].isin(["|", "~*~"])].copy()
    residual = ram["lhs"].isin(items) & (ram["op"] == "~~") & (ram["lhs"] == ram["rhs"])
    for g in range(len(model.rams)):
        sigma0, _, delta = model.parts(theta, g)
        values = dict(zip(items, 1.0 / delta**2 - np.diag(sigma0), strict=True))
        hit = residual & (ram["group"] == g + 1)
        ram.loc[hit, "value"] = ram.loc[hit, "lhs"].map(values)
    return GroupModel(ram, items, latents, len(model.rams)), ram


def ordinal_params(
    model: OrdinalModel,
    table: pd.DataFrame,
    theta: np.ndarray,
    vcov: np.ndarray,
    items: list[str],
    latents: list[str],
) -> pd.DataFrame:
    """Parameter table of an ordinal fit, in lavaan's layout (``|`` and ``~*~`` rows).

    Parameters
    ----------
    model : OrdinalModel
        The fitted structure.
    table : pandas.DataFrame
        Its parameter table.
    theta, vcov : numpy.ndarray
        Estimates and their covariance.
    items, latents : list of str
        Variables.

    Returns
    -------
    pandas.DataFrame
        ``lval, op, rval, group, label, free, estimate, se, z, pvalue, std_all``; the items'
        residual variances are reported at their implied values (not free).
    """
    report, ram = _reporting_model(model, table, theta, items, latents)
    values = table["value"].astype(float).copy()
    values.loc[ram.index] = ram["value"]
    out = estimate_table(table, theta, vcov, values.to_numpy())
    estimate = out["estimate"].to_numpy()
    std = np.ones(len(out))
    is_ram = ~out["op"].isin(["|", "~*~"]).to_numpy()
    std[is_ram] = report.standardize(
        theta,
        list(out.loc[is_ram, "lval"]),
        list(out.loc[is_ram, "op"]),
        list(out.loc[is_ram, "rval"]),
        list(out.loc[is_ram, "group"]),
        estimate[is_ram],
    )
    position = {name: j for j, name in enumerate(items)}
    groups = table["group"].to_numpy(dtype=int)
    names = table["lhs"].astype(str).to_numpy()
    for k in np.flatnonzero(out["op"].to_numpy() == "|"):
        delta = model.parts(theta, int(groups[k]) - 1)[2]
        std[k] = estimate[k] * delta[position[str(names[k])]]
    out["std_all"] = std
    return out


def _problems(
    model: OrdinalModel,
    table: pd.DataFrame,
    theta: np.ndarray,
    params: pd.DataFrame,
    levels: list[str],
    latents: list[str],
    converged: bool,
    message: str,
) -> dict[str, list[str]]:
    """Improper-solution conditions per group (negative implied residual variances too)."""
    report, _ = _reporting_model(model, table, theta, model.items, latents)
    latent_covs = report.latent_covariances(theta, latents)
    return group_problems(params, latent_covs, levels, converged, message)
