"""Validating and preparing the indicator data of a PLS path model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_finite,
    check_moments_finite,
    check_not_constant,
    check_numeric,
    describe_rows,
)
from loyaltymodels.pls.syntax import PLSSpec

__all__ = ["MISSING_OPTIONS", "PreparedData", "prepare_indicator_data"]

MISSING_OPTIONS = ("listwise", "mean")
_SINGULAR_VIF = 1e10


@dataclass(frozen=True)
class PreparedData:
    """Indicator data ready for estimation.

    Attributes
    ----------
    frame : pandas.DataFrame
        The indicator columns (model order) of the rows used, missing values handled.
    corr : numpy.ndarray
        Their correlation matrix.
    n_excluded : int
        Rows dropped (listwise deletion).
    n_imputed : int
        Cells replaced by their column mean (mean replacement).
    mean, sd : numpy.ndarray
        Column means and standard deviations (n - 1 denominator).
    """

    frame: pd.DataFrame
    corr: np.ndarray
    n_excluded: int
    n_imputed: int
    mean: np.ndarray
    sd: np.ndarray

    def standardized(self) -> np.ndarray:
        """Return the data standardized with :attr:`mean` and :attr:`sd`.

        Returns
        -------
        numpy.ndarray
            n x p z-scores.
        """
        z_scores: np.ndarray = (self.frame.to_numpy() - self.mean) / self.sd
        return z_scores


def _check_duplicates(corr: np.ndarray, names: list[str]) -> None:
    upper = np.triu(np.abs(corr) > 1.0 - 1e-12, k=1)
    if upper.any():
        i, j = np.argwhere(upper)[0]
        raise LoyaltyDataError(
            f"indicators '{names[i]}' and '{names[j]}' are duplicates (correlation "
            f"{corr[i, j]:+.6f}); they carry the same information, drop one of them."
        )


def _check_formative_blocks(corr: np.ndarray, spec: PLSSpec) -> None:
    position = {name: k for k, name in enumerate(spec.indicators)}
    for construct, items in spec.blocks.items():
        if spec.modes[construct] != "B" or len(items) < 2:
            continue
        index = [position[item] for item in items]
        block = corr[np.ix_(index, index)]
        condition = np.linalg.cond(block)
        if not np.isfinite(condition) or condition > _SINGULAR_VIF:
            raise LoyaltyDataError(
                f"the indicators {list(items)} of the composite (mode B) construct "
                f"'{construct}' are perfectly collinear (singular correlation matrix, "
                f"condition number {condition:.3g}); mode B weights are regression weights and "
                "cannot be estimated. Drop a redundant indicator or measure the construct "
                "with '=~' (mode A)."
            )


def prepare_indicator_data(data: Any, spec: PLSSpec, *, missing: str = "listwise") -> PreparedData:
    """Validate the data of a PLS model and handle missing values.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, one column per indicator (other columns are ignored).
    spec : PLSSpec
        The parsed model.
    missing : {"listwise", "mean"}
        ``"listwise"`` drops rows with a missing indicator (the count is reported);
        ``"mean"`` replaces missing cells by the column mean (the count of cells is reported).

    Returns
    -------
    PreparedData
        The data, its correlation matrix and the counts of excluded rows and imputed cells.

    Raises
    ------
    LoyaltyDataError
        Missing columns, non-numeric columns, too few complete rows, constant or duplicate
        indicators, or a composite block with singular indicator correlations.
    """
    frame = check_dataframe(data)
    columns = spec.indicators
    check_columns(frame, columns)
    check_numeric(frame, columns)
    check_finite(frame, columns)
    check_moments_finite(frame, columns)
    values = frame[columns].astype(float)
    if missing not in MISSING_OPTIONS:
        raise LoyaltyDataError(
            f"missing must be one of {MISSING_OPTIONS}, got {missing!r}: 'listwise' drops "
            "incomplete rows, 'mean' replaces missing values by the column mean."
        )
    incomplete = values.isna().any(axis=1).to_numpy()
    n_excluded = n_imputed = 0
    if missing == "listwise":
        n_excluded = int(incomplete.sum())
        values = values.loc[~incomplete]
    else:
        n_imputed = int(values.isna().to_numpy().sum())
        values = values.fillna(values.mean())
    minimum = len(spec.blocks) + 2
    if len(values) < minimum:
        dropped = ""
        if n_excluded:
            dropped = f" ({describe_rows(frame.index[incomplete])} are incomplete)"
        raise LoyaltyDataError(
            f"only {len(values)} usable rows{dropped}; a PLS model with {len(spec.blocks)} "
            f"constructs needs at least {minimum}. Collect more data or use missing='mean'."
        )
    array = np.ascontiguousarray(values.to_numpy())
    flat = np.ptp(array, axis=0) == 0
    check_not_constant(values, [c for c, is_flat in zip(columns, flat, strict=True) if is_flat])
    mean = array.mean(axis=0)
    centred = array - mean
    # one p x p cross-product: a single BLAS thread does it in milliseconds even for n = 10^5,
    # while competing threads on a busy machine can take a hundred times longer
    with threadpool_limits(limits=1):
        cov = centred.T @ centred / (len(array) - 1)
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    np.fill_diagonal(corr, 1.0)
    _check_duplicates(corr, columns)
    _check_formative_blocks(corr, spec)
    return PreparedData(
        frame=values, corr=corr, n_excluded=n_excluded, n_imputed=n_imputed, mean=mean, sd=sd
    )
