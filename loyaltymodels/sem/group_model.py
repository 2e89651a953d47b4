r"""Fitting a SEM in several groups at once, with a mean structure and cross-group equalities.

Used by :class:`~loyaltymodels.sem.SEM` when ``group=`` is given. The groups are the levels of
the group column in order of first appearance (lavaan's order); each gets its own copy of every
parameter unless ``group_equal`` or shared labels tie them. Standardized estimates
(``std_all``) use each group's implied variances: a loading :math:`\lambda\,\sigma_f/\sigma_x`,
a path :math:`\beta\,\sigma_x/\sigma_y`, a covariance :math:`\psi_{ab}/(\sigma_a\sigma_b)`, an
intercept or mean :math:`\nu/\sigma`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_numeric,
)
from loyaltymodels.sem.data_checks import check_item_columns
from loyaltymodels.sem.defined import defined_parameters, definition_labels
from loyaltymodels.sem.estimate_table import estimate_table
from loyaltymodels.sem.group_fit_indices import group_fit_indices
from loyaltymodels.sem.group_result import GroupSEMResult
from loyaltymodels.sem.groups import GroupModel, SampleMoments, sample_moments, start_values
from loyaltymodels.sem.partable import parameter_table, parse_syntax
from loyaltymodels.sem.problems import detect_problems, warn_problems
from loyaltymodels.sem.robust import baseline_scaling, robust_correction, scaled_fit_indices

__all__ = ["fit_group_sem", "group_fit_table", "group_problems"]


def _split_groups(
    data: pd.DataFrame, observed: list[str], group: str | None
) -> tuple[list[str], list[np.ndarray], int]:
    if group is None:
        check_columns(data, observed)
        check_item_columns(data, observed)
        check_numeric(data, observed)
        frame = data[observed].astype(float)
        complete = ~frame.isna().any(axis=1)
        return ["all"], [frame.loc[complete].to_numpy(dtype=float)], int((~complete).sum())
    if group not in data.columns:
        raise LoyaltyDataError(
            f"the group column {group!r} is not in the data; columns are "
            f"{list(map(str, data.columns))[:12]}; pass group= one of them."
        )
    check_columns(data, observed)
    check_item_columns(data, [*observed, group])
    check_numeric(data, observed)
    frame = data[observed].astype(float)
    labels = data[group]
    incomplete = frame.isna().any(axis=1) | labels.isna()
    n_dropped = int(incomplete.sum())
    frame, labels = frame.loc[~incomplete], labels.loc[~incomplete]
    levels = list(dict.fromkeys(labels.tolist()))
    if len(levels) < 2:
        raise LoyaltyDataError(
            f"the group column {group!r} has {len(levels)} level(s) among complete rows "
            f"({levels}); a multiple-group model needs at least two; drop group= to fit one "
            "group."
        )
    values = frame.to_numpy(dtype=float)
    blocks = [values[(labels == level).to_numpy()] for level in levels]
    return [str(level) for level in levels], blocks, n_dropped


def _check_groups(
    blocks: list[np.ndarray],
    levels: list[str],
    observed: list[str],
    table: pd.DataFrame,
    group: str,
) -> None:
    for g, (block, level) in enumerate(zip(blocks, levels, strict=True), start=1):
        n_free = int(np.unique(table.loc[(table["group"] == g) & (table["free"] > 0), "free"]).size)
        if block.shape[0] < n_free or block.shape[0] < len(observed) + 1:
            raise LoyaltyDataError(
                f"group {level!r} of {group!r} has {block.shape[0]} complete rows, too few for "
                f"its {n_free} free parameters and {len(observed)} items; merge it with "
                "another group or collect more responses."
            )
        constant = [name for name, sd in zip(observed, block.std(axis=0), strict=True) if sd == 0]
        if constant:
            raise LoyaltyDataError(
                f"in group {level!r} of {group!r} the items {constant} do not vary; drop "
                "them from the model or merge the group with another."
            )


def _vcov(
    model: GroupModel, theta: np.ndarray, moments: SampleMoments, table: pd.DataFrame
) -> np.ndarray:
    info = model.information(theta, moments) * moments.n_total
    eigenvalues, eigenvectors = np.linalg.eigh(info)
    if eigenvalues.min() <= 1e-9 * max(eigenvalues.max(), 1.0):
        weights = np.abs(eigenvectors[:, 0])
        involved = np.argsort(weights)[::-1][:3] + 1
        rows = table[table["free"].isin(involved)]
        names = sorted({f"{r.lhs} {r.op} {r.rhs}".strip() for r in rows.itertuples()})
        raise LoyaltyDataError(
            "the multiple-group model is not identified: the information matrix is singular, "
            f"involving {names}; fix one loading per factor (or its variance) in every group, "
            "and free latent means only where intercepts are held equal."
        )
    return np.linalg.inv(info)


def fit_group_sem(
    description: str,
    data: pd.DataFrame,
    *,
    group: str | None,
    group_equal: tuple[str, ...] = (),
    group_partial: tuple[str, ...] = (),
    estimator: str = "ML",
    growth: bool = False,
    start_from: pd.DataFrame | None = None,
) -> GroupSEMResult:
    """Fit a multiple-group SEM by ML with a mean structure.

    Parameters
    ----------
    description : str
        lavaan-style syntax (``c(a1, a2)*x`` gives group-specific labels or values).
    data : pandas.DataFrame
        One row per respondent, the model's items and the group column.
    group : str or None
        The group column (None: one group, still with a mean structure).
    group_equal : tuple of str
        Parameter kinds equal across groups (lavaan's ``group.equal``).
    group_partial : tuple of str
        Parameters exempted from ``group_equal`` (lavaan's ``group.partial``).
    estimator : {"ML", "MLM", "MLR"}, default "ML"
        Robust standard errors and scaled test with ``"MLM"`` or ``"MLR"``
        (:mod:`loyaltymodels.sem.robust`).
    growth : bool, default False
        Latent growth curve defaults (intercepts fixed to 0, latent means free).
    start_from : pandas.DataFrame, optional
        ``params`` of a fitted neighbour (e.g. the previous level of an invariance ladder):
        its estimates start the parameters of the same rows (mean of the rows a shared
        parameter covers); the others start at the defaults of
        :func:`~loyaltymodels.sem.groups.start_values`.

    Returns
    -------
    GroupSEMResult
        Estimates with a ``group`` column, whole-model fit indices, per-group chi-square.
    """
    check_dataframe(data)
    parsed = parse_syntax(description)
    observed, latents = list(parsed.observed), list(parsed.latents)
    levels, blocks, n_dropped = _split_groups(data, observed, group)
    table = parameter_table(
        description,
        n_groups=len(levels),
        group_equal=group_equal,
        group_partial=group_partial,
        growth=growth,
    )
    _check_groups(blocks, levels, observed, table, group or "all rows")
    moments = sample_moments(blocks)
    model = GroupModel(table, observed, latents, len(levels))
    p = len(observed)
    df = len(levels) * (p * (p + 1) // 2 + p) - model.n_params
    if df < 0:
        raise LoyaltyDataError(
            f"the model is not identified: it has {model.n_params} free parameters but the "
            f"{len(levels)} groups give only {model.n_params + df} means, variances and "
            "covariances; hold parameters equal across groups or simplify the model."
        )
    theta, converged, message = model.fit(
        _start_from_estimates(start_values(table, moments, latents), table, start_from), moments
    )
    vcov = _vcov(model, theta, moments, table)
    scaling = np.nan
    if estimator != "ML":
        robust = robust_correction(model, theta, moments, blocks, df, estimator)
        vcov, scaling = robust.vcov, robust.scaling_factor
    params = _params_table(model, table, theta, vcov)
    if parsed.definitions:
        params = _with_definitions(params, table, list(parsed.definitions), theta, vcov)
    discrepancies = model.group_discrepancies(theta, moments)
    implied = [s.moments(theta) for s in model.structures]
    indices = group_fit_indices(
        list(moments.covs),
        [m.sigma for m in implied],
        list(moments.means),
        [m.mu for m in implied],
        list(moments.sizes),
        discrepancies,
        model.n_params,
    )
    if estimator != "ML":
        baseline = baseline_scaling(moments, blocks, observed, estimator)
        indices = scaled_fit_indices(indices, scaling, baseline, moments.n_total, len(levels))
    latent_covs = model.latent_covariances(theta, latents)
    problems = group_problems(params, latent_covs, levels, converged, message)
    for level, found in problems.items():
        warn_problems([f"group {level}: {problem}" for problem in found])
    chi2 = np.asarray(moments.sizes) * discrepancies
    by_group = group_fit_table(levels, list(moments.sizes), chi2, problems)
    return GroupSEMResult(
        description=description,
        group=group or "",
        group_levels=levels,
        group_equal=list(group_equal),
        group_partial=list(group_partial),
        observed=observed,
        latents=latents,
        table=table,
        theta=theta,
        vcov=vcov,
        params=params,
        fit_indices=indices,
        group_fit=by_group,
        sample_covs=list(moments.covs),
        sample_means=list(moments.means),
        problems=problems,
        converged=converged,
        n_dropped=n_dropped,
        estimator=estimator,
        blocks=blocks,
    )


def _start_from_estimates(
    start: np.ndarray, table: pd.DataFrame, estimates: pd.DataFrame | None
) -> np.ndarray:
    """Replace default starts by the estimates of the same rows of a fitted neighbour."""
    if estimates is None:
        return start
    known = {
        (lval, op, rval, int(group)): float(value)
        for lval, op, rval, group, value in estimates[
            ["lval", "op", "rval", "group", "estimate"]
        ].itertuples(index=False, name=None)
        if op != ":="
    }
    sums, counts = np.zeros_like(start), np.zeros_like(start)
    for lhs, op, rhs, group, free in table[["lhs", "op", "rhs", "group", "free"]].itertuples(
        index=False, name=None
    ):
        value = known.get((lhs, op, rhs, int(group)))
        if free > 0 and value is not None and np.isfinite(value):
            sums[free - 1] += value
            counts[free - 1] += 1
    out = start.copy()
    seen = counts > 0
    out[seen] = sums[seen] / counts[seen]
    return out


def _params_table(
    model: GroupModel, table: pd.DataFrame, theta: np.ndarray, vcov: np.ndarray
) -> pd.DataFrame:
    out = estimate_table(table, theta, vcov)
    estimate = out["estimate"].to_numpy()
    out["std_all"] = model.standardize(
        theta,
        list(table["lhs"]),
        list(table["op"]),
        list(table["rhs"]),
        list(table["group"]),
        estimate,
    )
    return out


def group_fit_table(
    levels: list[str], sizes: list[int], chi2: np.ndarray, problems: dict[str, list[str]]
) -> pd.DataFrame:
    """Tabulate the fit of every group.

    Parameters
    ----------
    levels : list of str
        Group levels.
    sizes : list of int
        Rows used per group.
    chi2 : numpy.ndarray
        Each group's contribution to the chi-square.
    problems : dict of str to list of str
        Improper-solution conditions per level (:func:`group_problems`).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n``, ``chi2`` and ``problems`` (the number of conditions).
    """
    table = pd.DataFrame({"group": levels, "n": sizes, "chi2": chi2})
    table["problems"] = [len(problems.get(level, [])) for level in levels]
    return table


def group_problems(
    params: pd.DataFrame,
    latent_covs: list[pd.DataFrame],
    levels: list[str],
    converged: bool,
    message: str,
) -> dict[str, list[str]]:
    """List the improper-solution conditions of every group (see :func:`detect_problems`).

    Parameters
    ----------
    params : pandas.DataFrame
        Parameter table with a ``group`` column.
    latent_covs : list of pandas.DataFrame
        Implied covariance of the latents per group
        (:meth:`~loyaltymodels.sem.groups.GroupModel.latent_covariances`).
    levels : list of str
        Group levels.
    converged : bool
        Whether the optimizer converged.
    message : str
        Its message.

    Returns
    -------
    dict of str to list of str
        The conditions of each group that has any.
    """
    problems: dict[str, list[str]] = {}
    for g, (level, cov) in enumerate(zip(levels, latent_covs, strict=True), start=1):
        found = detect_problems(
            params[params["group"] == g], cov, converged=converged, message=message
        )
        if found:
            problems[level] = found
    return problems


def _with_definitions(
    params: pd.DataFrame,
    table: pd.DataFrame,
    definitions: list[tuple[str, str]],
    theta: np.ndarray,
    vcov: np.ndarray,
) -> pd.DataFrame:
    """Append the ``:=`` rows (group 0, as lavaan) with delta-method standard errors."""
    label_index, fixed = definition_labels(table)
    labelled = params[params["label"] != ""].drop_duplicates("label")
    std_values = dict(zip(labelled["label"], labelled["std_all"], strict=True))
    rows = defined_parameters(definitions, label_index, theta, vcov, fixed, std_values)
    return pd.concat([params, rows.assign(group=0)], ignore_index=True)
