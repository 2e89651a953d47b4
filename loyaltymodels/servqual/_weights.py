"""Importance weights from 100-point allocations across an instrument's dimensions."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_amounts,
    check_columns,
    check_dataframe,
    describe_rows,
)
from loyaltymodels.servqual.instrument import Instrument

__all__ = ["WeightsInput", "importance_weights"]

WeightsInput = Mapping[str, float] | pd.Series | pd.DataFrame

_TOTAL = 100.0
_TOLERANCE = 1e-6


def importance_weights(
    weights: WeightsInput, index: pd.Index, instrument: Instrument, *, normalise: bool = False
) -> pd.DataFrame:
    r"""Turn 100-point importance allocations into weights :math:`w_{id} = a_{id} / 100`.

    Parasuraman, Berry & Zeithaml (1991) ask each respondent to allocate 100 points across the
    five dimensions; the weighted score is :math:`\sum_d w_{id}\, g_{id}`. Allocations that do
    not sum to 100 are an error unless ``normalise=True``, which uses :math:`a_{id}/\sum_d a_{id}`.

    Parameters
    ----------
    weights : mapping, pandas.Series or pandas.DataFrame
        One allocation for every respondent (mapping or Series indexed by dimension), or one
        allocation per respondent (DataFrame indexed like the responses, one column per
        dimension).
    index : pandas.Index
        The respondents' index.
    instrument : Instrument
        Whose dimensions are weighted.
    normalise : bool, default False
        Rescale allocations to sum to one instead of requiring a total of 100.

    Returns
    -------
    pandas.DataFrame
        Weights per respondent (rows) and dimension (columns), each row summing to one.

    References
    ----------
    Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991). Refinement and reassessment of
    the SERVQUAL scale. Journal of Retailing 67(4), 420-450.
    """
    dimensions = list(instrument.dimension_names)
    if isinstance(weights, pd.DataFrame):
        check_dataframe(weights, name="weights")
        check_columns(weights, dimensions, name="weights")
        if len(weights) != len(index) or not weights.index.equals(index):
            raise LoyaltyDataError(
                f"weights has {len(weights)} rows indexed differently from the {len(index)} "
                "respondents; give one allocation row per respondent with the same index, or "
                "a single allocation as a dict."
            )
        frame = weights[dimensions]
    else:
        series = pd.Series(weights, dtype=float) if isinstance(weights, Mapping) else weights
        if not isinstance(series, pd.Series):
            raise LoyaltyDataError(
                "weights must be a dict or Series (dimension -> points) or a DataFrame of "
                f"allocations per respondent, got {type(weights).__name__}."
            )
        missing = [d for d in dimensions if d not in series.index]
        extra = [d for d in series.index if d not in dimensions]
        if missing or extra:
            raise LoyaltyDataError(
                f"weights must name exactly the dimensions {dimensions}; missing {missing}, "
                f"unknown {extra}."
            )
        frame = pd.DataFrame(
            np.tile(series[dimensions].to_numpy(dtype=float), (len(index), 1)),
            index=index,
            columns=dimensions,
        )
    check_amounts(frame, dimensions)
    values = frame.to_numpy(dtype=float)
    totals = values.sum(axis=1)
    if normalise:
        zero = totals <= 0
        if zero.any():
            raise LoyaltyDataError(
                f"weights allocate no points at {describe_rows(index[zero])}; every respondent "
                "needs a positive total to normalise."
            )
        scaled = values / totals[:, None]
    else:
        off = np.abs(totals - _TOTAL) > _TOLERANCE
        if off.any():
            raise LoyaltyDataError(
                f"weights do not sum to 100 at {describe_rows(index[off])} (totals "
                f"{', '.join(f'{t:g}' for t in totals[off][:5])}); correct the allocations or "
                "pass normalise=True to rescale each row to its total."
            )
        scaled = values / _TOTAL
    return pd.DataFrame(scaled, index=index, columns=dimensions)
