r"""Multi-group PLS: the permutation test of group differences and MICOM.

Both compare two groups of respondents (a group column with two values) and build their null
distributions by permuting the group labels; every group-wise fit of every permutation runs as
one batch of correlation matrices (the group's own standardization, as in a separate fit).

Permutation test (Chin & Dibbern 2010): the statistic is the difference of a path coefficient
between the groups, :math:`d = \beta^{(1)} - \beta^{(2)}`; its p-value is
:math:`(1 + \#\{|d^*| \ge |d|\}) / (1 + P)` over P permutations.

MICOM (Henseler, Ringle & Sarstedt 2016), for composites:

- step 1, configural invariance, holds by construction (same model, same indicators, same
  treatment of the data);
- step 2, compositional invariance: :math:`c_j = \operatorname{cor}(Z w_j^{(1)}, Z w_j^{(2)})`,
  the correlation of the scores built with each group's weights on the pooled standardized data
  :math:`Z`; invariance is rejected when :math:`c_j` falls below the 5% quantile of its
  permutation distribution (p-value :math:`(1 + \#\{c^* \le c\}) / (1 + P)`);
- step 3, equal means and variances: the difference of the group means and the log ratio of
  the group variances of the pooled model's scores, with permutation intervals and p-values.

References
----------
Chin, W. W. & Dibbern, J. (2010). An introduction to a permutation based procedure for
multi-group PLS analysis. In *Handbook of Partial Least Squares*, 171-193. Henseler, J.,
Ringle, C. M. & Sarstedt, M. (2016). Testing measurement invariance of composites using
partial least squares. International Marketing Review 33(3), 405-431.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_columns, check_dataframe
from loyaltymodels.pls.algorithm import PLSLayout
from loyaltymodels.pls.bootstrap import resample_correlations
from loyaltymodels.pls.data import prepare_indicator_data
from loyaltymodels.pls.estimates import PLSEstimates, run_pls
from loyaltymodels.pls.model import PLS

__all__ = ["MGAResult", "MICOMResult", "PermutationOptions", "micom", "permutation_mga"]


class PermutationOptions(TypedDict, total=False):
    """Keyword settings of the permutations, shared by :func:`permutation_mga` and :func:`micom`.

    Attributes
    ----------
    n_permutations : int, default 1000
        Permutations of the group labels (an integer of at least 10).
    random_seed : int, optional
        Seed of the permutations.
    """

    n_permutations: int
    random_seed: int | None


@dataclass(frozen=True)
class _Groups:
    values: np.ndarray
    first: np.ndarray
    labels: tuple[Any, Any]
    corr: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    n_excluded: int


def _prepare_groups(model: PLS, data: Any, group: str) -> _Groups:
    if model.spec.two_stage:
        raise LoyaltyDataError(
            "the permutation test and MICOM are not available for models with higher-order "
            "constructs or interaction terms; compare the groups without them."
        )
    frame = check_dataframe(data)
    check_columns(frame, [group])
    missing_group = frame[group].isna().to_numpy()
    if missing_group.any():
        raise LoyaltyDataError(
            f"column '{group}' has missing values at rows "
            f"{list(frame.index[missing_group][:5])}; assign every respondent to a group."
        )
    prepared = prepare_indicator_data(frame, model.spec, missing=model.missing)
    labels = frame.loc[prepared.frame.index, group]
    levels = list(pd.unique(labels))
    if len(levels) != 2:
        raise LoyaltyDataError(
            f"column '{group}' has {len(levels)} groups {levels[:5]}; the permutation test and "
            "MICOM compare two groups: recode the column or subset the data."
        )
    first = (labels == levels[0]).to_numpy()
    minimum = len(model.spec.blocks) + 2
    for level, size in zip(levels, (first.sum(), (~first).sum()), strict=True):
        if size < minimum:
            raise LoyaltyDataError(
                f"group '{level}' of column '{group}' has {size} usable rows; each group needs "
                f"at least {minimum}."
            )
    return _Groups(
        values=prepared.frame.to_numpy(dtype=float),
        first=first,
        labels=(levels[0], levels[1]),
        corr=prepared.corr,
        mean=prepared.mean,
        sd=prepared.sd,
        n_excluded=prepared.n_excluded,
    )


def _group_fits(model: PLS, groups: _Groups, memberships: np.ndarray) -> PLSEstimates:
    """Fit both groups for every row of ``memberships`` (True: first group)."""
    weights = np.concatenate([memberships, ~memberships], axis=0).astype(float)
    return run_pls(
        resample_correlations(groups.values, weights),
        PLSLayout.from_spec(model.spec),
        scheme=model.scheme,
        consistent=model.consistent,
        tol=model.tol,
        max_iter=model.max_iter,
    )


def _permutations(first: np.ndarray, n: int, random_seed: int | None) -> np.ndarray:
    rng = np.random.default_rng(random_seed)
    return np.array([rng.permutation(first) for _ in range(n)])


@dataclass(frozen=True)
class _PermutationFits:
    groups: _Groups
    labels: np.ndarray
    n_permutations: int
    observed: PLSEstimates
    permuted: PLSEstimates
    ok: np.ndarray


def _permutation_fits(
    model: PLS,
    data: Any,
    group: str,
    n_permutations: int = 1000,
    random_seed: int | None = None,
) -> _PermutationFits:
    """Group fits of the observed split and of every permutation; ``ok``: both groups fitted."""
    if int(n_permutations) != n_permutations or n_permutations < 10:
        raise LoyaltyDataError(
            f"n_permutations must be an integer of at least 10, got {n_permutations!r}."
        )
    groups = _prepare_groups(model, data, group)
    labels = _permutations(groups.first, int(n_permutations), random_seed)
    permuted = _group_fits(model, groups, labels)
    half = int(n_permutations)
    return _PermutationFits(
        groups=groups,
        labels=labels,
        n_permutations=half,
        observed=_group_fits(model, groups, groups.first[None, :]),
        permuted=permuted,
        ok=permuted["converged"][:half] & permuted["converged"][half:],
    )


@dataclass(repr=False)
class MGAResult(Result, frozen=True):
    """Permutation test of path differences between two groups.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per path: estimates in each group, ``difference`` and permutation ``p_value``.
    groups : tuple
        The two group labels (first minus second).
    n_groups : tuple of int
        Respondents per group.
    n_permutations, n_failed : int
        Permutations drawn and permutations whose fits failed (left out).
    """

    params: pd.DataFrame
    groups: tuple[Any, Any]
    n_groups: tuple[int, int]
    n_permutations: int
    n_failed: int


def permutation_mga(
    model: PLS, data: pd.DataFrame, group: str, **options: Unpack[PermutationOptions]
) -> MGAResult:
    """Permutation test (Chin & Dibbern 2010) of every path's difference between two groups.

    Parameters
    ----------
    model : PLS
        The model (its scheme and PLSc setting are used in both groups).
    data : pandas.DataFrame
        Indicators and the group column.
    group : str
        Column with exactly two group labels.
    **options
        ``n_permutations`` (default 1000) and ``random_seed``, see
        :class:`PermutationOptions`.

    Returns
    -------
    MGAResult
        Group estimates, differences and permutation p-values.
    """
    fits = _permutation_fits(model, data, group, **options)
    groups, ok, half = fits.groups, fits.ok, fits.n_permutations
    observed = fits.observed["paths"]
    differences = (fits.permuted["paths"][:half] - fits.permuted["paths"][half:])[ok]
    names = model.spec.constructs
    rows = []
    for cause, outcome in model.spec.paths:
        i, j = names.index(cause), names.index(outcome)
        difference = observed[0, i, j] - observed[1, i, j]
        extreme = np.sum(np.abs(differences[:, i, j]) >= abs(difference) - 1e-12)
        rows.append(
            {
                "path": f"{cause} -> {outcome}",
                f"estimate_{groups.labels[0]}": observed[0, i, j],
                f"estimate_{groups.labels[1]}": observed[1, i, j],
                "difference": difference,
                "p_value": (1 + extreme) / (1 + differences.shape[0]),
            }
        )
    return MGAResult(
        params=pd.DataFrame(rows).set_index("path"),
        groups=groups.labels,
        n_groups=(int(groups.first.sum()), int((~groups.first).sum())),
        n_permutations=half,
        n_failed=int((~ok).sum()),
    )


@dataclass(repr=False)
class MICOMResult(Result, frozen=True):
    """Measurement invariance of composites (MICOM), steps 2 and 3.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per construct: ``c`` (compositional invariance), its 5% permutation quantile
        ``c_q05`` and ``c_p_value``; ``mean_difference`` with permutation interval and
        p-value; ``log_variance_ratio`` with permutation interval and p-value; and the
        verdicts ``compositional_invariance``, ``equal_means``, ``equal_variances``.
    groups : tuple
        The two group labels (first minus second).
    n_permutations, n_failed : int
        Permutations drawn and permutations whose fits failed.
    """

    params: pd.DataFrame
    groups: tuple[Any, Any]
    n_permutations: int
    n_failed: int


def _composite_correlation(weights: np.ndarray, corr: np.ndarray) -> np.ndarray:
    half = weights.shape[0] // 2
    first, second = weights[:half], weights[half:]
    cross = np.einsum("bpk,pq,bqk->bk", first, corr, second)
    var1 = np.einsum("bpk,pq,bqk->bk", first, corr, first)
    var2 = np.einsum("bpk,pq,bqk->bk", second, corr, second)
    correlation: np.ndarray = cross / np.sqrt(var1 * var2)
    return correlation


def micom(
    model: PLS, data: pd.DataFrame, group: str, **options: Unpack[PermutationOptions]
) -> MICOMResult:
    """MICOM (Henseler, Ringle & Sarstedt 2016) of every construct between two groups.

    Parameters
    ----------
    model, data, group, **options
        As in :func:`permutation_mga`: the model, the indicators with the group column, the
        column with exactly two group labels, and the permutation settings.

    Returns
    -------
    MICOMResult
        Steps 2 (compositional invariance) and 3 (equal means and variances) per construct.
    """
    fits = _permutation_fits(model, data, group, **options)
    groups, ok, half, labels = fits.groups, fits.ok, fits.n_permutations, fits.labels
    layout = PLSLayout.from_spec(model.spec)
    c_observed = _composite_correlation(fits.observed["weights"], groups.corr)[0]
    c_permuted = _composite_correlation(fits.permuted["weights"], groups.corr)[ok]

    pooled = run_pls(
        groups.corr[None], layout, scheme=model.scheme, tol=model.tol, max_iter=model.max_iter
    )["weights"][0]
    scores = ((groups.values - groups.mean) / groups.sd) @ pooled

    def moments(first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        one, two = scores[first], scores[~first]
        mean_difference = one.mean(axis=0) - two.mean(axis=0)
        log_ratio = np.log(one.var(axis=0, ddof=1) / two.var(axis=0, ddof=1))
        return mean_difference, log_ratio

    mean_observed, ratio_observed = moments(groups.first)
    null = [moments(first) for first in labels[ok]]
    mean_null = np.array([m for m, _ in null])
    ratio_null = np.array([r for _, r in null])

    def p_two_sided(draws: np.ndarray, value: np.ndarray) -> np.ndarray:
        return (1 + (np.abs(draws) >= np.abs(value) - 1e-12).sum(axis=0)) / (1 + len(draws))

    table = pd.DataFrame(
        {
            "c": c_observed,
            "c_q05": np.quantile(c_permuted, 0.05, axis=0),
            "c_p_value": (1 + (c_permuted <= c_observed + 1e-12).sum(axis=0))
            / (1 + len(c_permuted)),
            "mean_difference": mean_observed,
            "mean_ci_lower": np.quantile(mean_null, 0.025, axis=0),
            "mean_ci_upper": np.quantile(mean_null, 0.975, axis=0),
            "mean_p_value": p_two_sided(mean_null, mean_observed),
            "log_variance_ratio": ratio_observed,
            "variance_ci_lower": np.quantile(ratio_null, 0.025, axis=0),
            "variance_ci_upper": np.quantile(ratio_null, 0.975, axis=0),
            "variance_p_value": p_two_sided(ratio_null, ratio_observed),
        },
        index=pd.Index(model.spec.constructs, name="construct"),
    )
    single = np.array([len(items) == 1 for items in model.spec.blocks.values()])
    table.loc[single, ["c", "c_q05", "c_p_value"]] = [1.0, 1.0, 1.0]
    table["compositional_invariance"] = table["c"] >= table["c_q05"]
    table["equal_means"] = table["mean_p_value"] >= 0.05
    table["equal_variances"] = table["variance_p_value"] >= 0.05
    return MICOMResult(
        params=table,
        groups=groups.labels,
        n_permutations=half,
        n_failed=int((~ok).sum()),
    )
