"""Input validation shared by every public entry point.

Every check raises :class:`LoyaltyDataError` with a message that names the column, the first
offending rows and the fix. Nothing is silently dropped: functions that exclude rows count them
and report the count on their result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "ColumnRule",
    "LoyaltyDataError",
    "check_amounts",
    "check_columns",
    "check_dataframe",
    "check_finite",
    "check_finite_number",
    "check_in_range",
    "check_integer",
    "check_moments_finite",
    "check_no_nan",
    "check_nonnegative",
    "check_not_constant",
    "check_numeric",
    "check_positive",
    "check_probability",
    "check_rows",
    "check_scale_answers",
    "check_unique",
    "check_whole_scale",
    "describe_rows",
]

_MAX_ROWS_SHOWN = 5


class LoyaltyDataError(ValueError):
    """Raised when input data cannot be used as given.

    The message says what is wrong, where (column and first offending rows) and how to fix it.
    """


def describe_rows(index: Iterable[Any], limit: int = _MAX_ROWS_SHOWN) -> str:
    """Describe offending row labels briefly, e.g. ``"rows 3, 7, 12 (and 5 more)"``.

    Parameters
    ----------
    index : iterable
        Row labels of the offending rows.
    limit : int, default 5
        How many labels to show before summarising the rest as a count.

    Returns
    -------
    str
        A short human-readable description.
    """
    labels = list(index)
    shown = ", ".join(str(label) for label in labels[:limit])
    noun = "row" if len(labels) == 1 else "rows"
    more = f" (and {len(labels) - limit} more)" if len(labels) > limit else ""
    return f"{noun} {shown}{more}"


def check_rows(
    column: str, mask: pd.Series | np.ndarray, index: pd.Index, problem: str, fix: str
) -> None:
    """Refuse the rows flagged by ``mask``, naming the column, the rows and the fix.

    Parameters
    ----------
    column : str
        The column at fault.
    mask : array_like of bool
        True for the offending rows.
    index : pandas.Index
        The row labels.
    problem, fix : str
        What is wrong and how to fix it.

    Raises
    ------
    LoyaltyDataError
        ``column '<column>' <problem> at rows ...; <fix>.`` when any row is flagged.
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        rows = describe_rows(index[mask])
        raise LoyaltyDataError(f"column '{column}' {problem} at {rows}; {fix}.")


_fail = check_rows


def check_dataframe(data: Any, *, name: str = "data") -> pd.DataFrame:
    """Check that ``data`` is a non-empty pandas DataFrame and return it.

    Parameters
    ----------
    data : Any
        The object handed in by the caller.
    name : str
        The argument name used in messages.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself.
    """
    if not isinstance(data, pd.DataFrame):
        raise LoyaltyDataError(
            f"{name} must be a pandas DataFrame, got {type(data).__name__}; "
            "build one with pandas.DataFrame(...) or pandas.read_csv(...)."
        )
    if data.empty:
        raise LoyaltyDataError(f"{name} is empty; pass a DataFrame with at least one row.")
    return data


def check_columns(data: pd.DataFrame, columns: Sequence[str], *, name: str = "data") -> None:
    """Check that every column in ``columns`` is present in ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
        The data to check.
    columns : sequence of str
        The required column names.
    name : str
        The argument name used in messages.
    """
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise LoyaltyDataError(
            f"{name} is missing column(s) {missing}; it has {list(data.columns)}. "
            "Rename your columns or pass the column names as arguments."
        )


def check_numeric(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns hold numbers (not strings or objects).

    Rows whose value cannot be read as a number are named; a column that is not numeric
    although every value reads as one is refused by its dtype.
    """
    for column in columns:
        series = data[column]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            continue
        _NUMBERS.check(data, [column])
        raise LoyaltyDataError(
            f"column '{column}' has dtype {series.dtype}, not a number; convert it with "
            "pandas.to_numeric before fitting."
        )


@dataclass(frozen=True)
class ColumnRule:
    """A rule every value of a column must keep, with what is wrong and the fix.

    Parameters
    ----------
    breaks : callable
        Takes a column (pandas.Series) and returns True for the values that break the rule.
    problem, fix : str
        What is wrong and how to fix it, as :func:`check_rows` words them.
    """

    breaks: Callable[[pd.Series], np.ndarray]
    problem: str
    fix: str

    def check(self, data: pd.DataFrame, columns: Sequence[str]) -> None:
        """Refuse the rows of ``data`` at which any of ``columns`` breaks the rule.

        Parameters
        ----------
        data : pandas.DataFrame
            The data to check.
        columns : sequence of str
            The columns that must keep the rule; the first one that breaks it is named.

        Raises
        ------
        LoyaltyDataError
            ``column '<column>' <problem> at rows ...; <fix>.``
        """
        for column in columns:
            check_rows(column, self.breaks(data[column]), data.index, self.problem, self.fix)


def _is_number_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _infinite(series: pd.Series) -> np.ndarray:
    if not _is_number_column(series):
        return np.zeros(len(series), dtype=bool)
    return np.isinf(series.to_numpy(dtype=float, na_value=np.nan))


def _too_large_to_square(series: pd.Series) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    limit = float(np.sqrt(np.finfo(float).max))
    return np.asarray(np.abs(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)) > limit)


def _not_whole(series: pd.Series) -> np.ndarray:
    values = series.to_numpy(dtype=float)
    return np.asarray(np.isfinite(values) & (values != np.round(values)))


_COMPLETE = ColumnRule(
    lambda series: series.isna().to_numpy(),
    "has missing values (NaN)",
    "fill or drop them before fitting, or choose a method that handles missing data",
)
_FINITE = ColumnRule(
    _infinite,
    "is infinite (inf or -inf)",
    "replace it with a finite number or drop the row (an overflow or a division by zero "
    "upstream is the usual cause)",
)
_SQUARABLE = ColumnRule(
    _too_large_to_square,
    "holds values too large to square (beyond 1e154)",
    "variances would overflow: correct the values or their unit",
)
_NONNEGATIVE = ColumnRule(
    lambda series: (series < 0).to_numpy(), "is negative", "values must be >= 0"
)
_POSITIVE = ColumnRule(
    lambda series: (series <= 0).to_numpy(), "is not positive", "values must be > 0"
)
_NUMBERS = ColumnRule(
    lambda series: (pd.to_numeric(series, errors="coerce").isna() & series.notna()).to_numpy(),
    "is not numeric",
    "convert it to numbers",
)
_WHOLE = ColumnRule(_not_whole, "is not a whole number", "counts must be integers")


def check_no_nan(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns have no missing values, and numeric columns no infinite ones."""
    _COMPLETE.check(data, columns)
    check_finite(data, columns)


def check_finite(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that numeric columns hold no infinite values (``inf`` or ``-inf``).

    Non-numeric columns are left to :func:`check_numeric`; missing values to
    :func:`check_no_nan`.
    """
    _FINITE.check(data, columns)


def check_moments_finite(data: pd.DataFrame, columns: Sequence[str]) -> None:
    r"""Check that variances and covariances of numeric columns can be computed.

    A value :math:`|x| > \sqrt{x_{\max}} \approx 1.3 \times 10^{154}` overflows when squared,
    so the sample covariance matrix that SEM, PLS and key-driver analysis start from would be
    infinite; such a value is almost always a data-entry or unit error.

    Examples
    --------
    >>> check_moments_finite(pd.DataFrame({"a": [1.0, 1e200]}), ["a"])
    Traceback (most recent call last):
    ...
    loyaltymodels._validation.LoyaltyDataError: column 'a' holds values too large ...
    """
    _SQUARABLE.check(data, columns)


def check_finite_number(
    value: Any, name: str, *, low: float | None = None, high: float | None = None
) -> float:
    """Check that a scalar argument is a finite number (optionally within bounds).

    Parameters
    ----------
    value : Any
        The value handed in.
    name : str
        The argument name used in messages.
    low, high : float, optional
        Inclusive bounds.

    Returns
    -------
    float
        ``value`` as a float.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise LoyaltyDataError(f"{name} must be a number, got {value!r}.") from None
    if isinstance(value, bool) or not np.isfinite(number):
        raise LoyaltyDataError(f"{name} must be a finite number, got {value!r}.")
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
        raise LoyaltyDataError(f"{name} must lie in {bounds}, got {value!r}.")
    return number


def check_nonnegative(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns hold no negative values."""
    _NONNEGATIVE.check(data, columns)


def check_positive(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns hold strictly positive values."""
    _POSITIVE.check(data, columns)


def check_integer(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns hold whole numbers (an integer dtype is not required)."""
    _WHOLE.check(data, columns)


def check_amounts(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that the columns hold numbers that are present, finite and not negative.

    The checks run in this order: :func:`check_numeric`, :func:`check_no_nan`,
    :func:`check_nonnegative`.
    """
    check_numeric(data, columns)
    check_no_nan(data, columns)
    check_nonnegative(data, columns)


def check_in_range(
    data: pd.DataFrame, columns: Sequence[str], low: float, high: float, *, what: str = "the scale"
) -> None:
    """Check that the columns lie in ``[low, high]``.

    Parameters
    ----------
    data : pandas.DataFrame
        The data to check.
    columns : sequence of str
        The columns to check.
    low, high : float
        The inclusive bounds.
    what : str
        What the bounds are, used in messages (e.g. ``"the 1-7 Likert scale"``).
    """
    ColumnRule(
        lambda series: ((series < low) | (series > high)).to_numpy(),
        f"lies outside {what} [{low}, {high}]",
        "correct the values or declare the scale that was used",
    ).check(data, columns)


def check_whole_scale(
    data: pd.DataFrame, columns: Sequence[str], low: float, high: float, *, what: str
) -> None:
    """Check that the columns hold answers on a whole-number scale ``[low, high]``.

    The checks run in this order: :func:`check_numeric`, :func:`check_no_nan`,
    :func:`check_integer`, :func:`check_in_range` (``what`` names the scale in messages).
    """
    check_numeric(data, columns)
    check_no_nan(data, columns)
    check_integer(data, columns)
    check_in_range(data, columns, low, high, what=what)


def check_probability(value: float, name: str) -> float:
    """Check that a scalar is a probability in ``[0, 1]`` and return it as float.

    Parameters
    ----------
    value : float
        The value to check.
    name : str
        The argument name used in messages.

    Returns
    -------
    float
        ``value`` as a float.
    """
    number = float(value)
    if not np.isfinite(number) or not 0.0 <= number <= 1.0:
        raise LoyaltyDataError(f"{name} must be a share in [0, 1], got {value!r}.")
    return number


def check_not_constant(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that no column is constant (zero variance).

    Parameters
    ----------
    data : pandas.DataFrame
        The data to check.
    columns : sequence of str
        The columns that must vary.
    """
    constant = [c for c in columns if data[c].nunique(dropna=True) <= 1]
    if constant:
        raise LoyaltyDataError(
            f"column(s) {constant} are constant (zero variance) and carry no information; "
            "drop them from the model."
        )


def check_unique(data: pd.DataFrame, column: str) -> None:
    """Check that a column of ids (such as a customer id) is complete and has no duplicates.

    A missing id (NaN, None) is no id: it is refused before duplicates are looked for.

    Parameters
    ----------
    data : pandas.DataFrame
        The data to check.
    column : str
        The column whose values must be present and unique.
    """
    check_no_nan(data, [column])
    duplicated = data[column].duplicated(keep=False).to_numpy()
    _fail(column, duplicated, data.index, "has duplicate values", "each id must appear once")


def check_scale_answers(
    answers: pd.Series, missing: str, low: float, high: float, *, what: str
) -> tuple[np.ndarray, int]:
    """Check survey answers on a whole-number scale and return those used.

    The answers must be numbers, whole, and within ``[low, high]``; missing answers raise
    (``missing="raise"``) or are left out and counted (``missing="exclude"``).

    Parameters
    ----------
    answers : pandas.Series
        The answers; its name is used in messages.
    missing : {"raise", "exclude"}
        What to do with missing answers.
    low, high : float
        The ends of the scale.
    what : str
        The scale's name in messages (e.g. ``"the 0-10 likelihood-to-recommend scale"``).

    Returns
    -------
    (numpy.ndarray, int)
        The non-missing answers as floats and the number of missing ones.

    Raises
    ------
    LoyaltyDataError
        Naming the rows that are not numbers, missing (with ``"raise"``), not whole or off
        the scale, or when no answer is left.
    """
    name = str(answers.name)
    frame = answers.to_frame(name)
    check_numeric(frame, [name])
    n_missing = int(frame[name].isna().sum())
    if missing == "raise":
        check_no_nan(frame, [name])
    elif missing != "exclude":
        raise LoyaltyDataError(f"missing must be 'raise' or 'exclude', got {missing!r}.")
    frame = frame.dropna()
    if frame.empty:
        raise LoyaltyDataError(f"{name} has no non-missing answers; pass at least one.")
    check_whole_scale(frame, [name], low, high, what=what)
    return frame[name].to_numpy(dtype=float), n_missing


def check_monte_carlo_settings(draws: Any, ci_prob: Any) -> None:
    """Check the settings of a Monte Carlo model: ``draws`` and ``ci_prob``.

    Parameters
    ----------
    draws : int
        The number of Monte Carlo draws (an integer, at least 100).
    ci_prob : float
        The probability of the reported intervals (strictly between 0 and 1).

    Raises
    ------
    LoyaltyDataError
        If either is out of range.
    """
    if int(draws) != draws or draws < 100:
        raise LoyaltyDataError(f"draws must be an integer >= 100, got {draws!r}.")
    if not 0.0 < float(ci_prob) < 1.0:
        raise LoyaltyDataError(f"ci_prob must lie strictly between 0 and 1, got {ci_prob!r}.")
