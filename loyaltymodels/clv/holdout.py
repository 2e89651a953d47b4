r"""Calibration/holdout validation of buy-till-you-die models.

A model fitted on the calibration period predicts the holdout period; these functions set the
predictions beside what happened, in the two views of Fader, Hardie & Lee (2005), "Counting
your customers the easy way", Marketing Science 24(2), figures 2-4:

- :func:`conditional_expectations`: mean holdout purchases by calibration frequency
  :math:`x = 0, 1, \dots, 7+`, actual vs :math:`E[Y(t) \mid x, t_x, T]` (the "conditional
  expectations" plot).
- :func:`tracking`: repeat transactions per period (week) of the whole cohort, actual vs
  :math:`\sum_i E[X(\tau_k - b_i)]` where :math:`b_i` is customer *i*'s first purchase and
  :math:`\tau_k` the end of period *k*, cumulative and incremental (the "tracking" plots).
- :func:`customer_holdout`: the per-customer comparison; :func:`holdout_accuracy`: mean
  absolute error and interval coverage of any of these tables.

Intervals are equal-tailed posterior intervals of the *expected* values (parameter
uncertainty), computed from the posterior draws of the aggregate itself (not by adding up
per-customer bounds). They do not contain the Poisson noise of the actual counts, so their
coverage of actual counts is expected to be below the nominal level, the more so the larger
the sample; a point fit (MAP/MLE) has intervals of zero width.

:func:`probability_alive_grid` tabulates P(alive) over a frequency x recency grid for the
heat map :func:`loyaltymodels.plotting.plot_probability_alive_matrix`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_no_nan,
    check_positive,
)
from loyaltymodels.clv.prediction import customer_index
from loyaltymodels.clv.rfm_rules import check_customer_ids, purchase_days
from loyaltymodels.clv.rfm_sql import TIME_UNITS, resolve_period_ends
from loyaltymodels.summaries import (
    accepts_former_ci_prob_names,
    check_ci_prob,
    equal_tailed_interval,
)

__all__ = [
    "conditional_expectations",
    "customer_holdout",
    "holdout_accuracy",
    "probability_alive_grid",
    "tracking",
]

_MAX_ELEMENTS = 4_000_000  # draws x customers evaluated at once


@accepts_former_ci_prob_names
def customer_holdout(
    result: Any,
    data: pd.DataFrame,
    *,
    ci_prob: float = 0.95,
    max_draws: int | None = 500,
) -> pd.DataFrame:
    """Compare each customer's holdout purchases with the model's expectation.

    Parameters
    ----------
    result : TransactionResult
        A fitted BG/NBD, Pareto/NBD or BG/BB result.
    data : pandas.DataFrame
        A calibration/holdout summary from :func:`~loyaltymodels.clv.rfm.rfm_summary` with
        ``calibration_end`` (columns ``frequency_holdout`` and ``duration_holdout``).
    ci_prob : float, default 0.95
        Probability of the equal-tailed posterior interval; formerly ``interval`` (still
        accepted, with a FutureWarning).
    max_draws : int or None, default 500
        Posterior draws used (evenly thinned).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``frequency`` (calibration), ``actual`` (holdout
        purchases), ``expected``, ``sd``, ``lower``, ``upper``.
    """
    frame = _check_holdout_summary(data)
    parts = []
    for duration, rows in _by_duration(frame):
        table = result.expected_purchases(rows, t=duration, ci_prob=ci_prob, max_draws=max_draws)
        parts.append(table.set_axis(rows.index))
    predicted = pd.concat(parts).loc[frame.index]
    out = pd.DataFrame(
        {
            "frequency": frame["frequency"].to_numpy(),
            "actual": frame["frequency_holdout"].to_numpy(dtype=float),
            "expected": predicted["mean"].to_numpy(),
            "sd": predicted["sd"].to_numpy(),
            "lower": predicted["lower"].to_numpy(),
            "upper": predicted["upper"].to_numpy(),
        },
        index=customer_index(frame),
    )
    out.attrs.update({"ci_prob": check_ci_prob(ci_prob), "ci_kind": "eti"})
    return out


@accepts_former_ci_prob_names
def conditional_expectations(
    result: Any,
    data: pd.DataFrame,
    *,
    max_frequency: int = 7,
    ci_prob: float = 0.95,
    max_draws: int | None = 500,
) -> pd.DataFrame:
    r"""Mean holdout purchases by calibration frequency: actual vs model.

    For the customers with calibration frequency :math:`x` (the last group pools
    :math:`x \ge` ``max_frequency``), the model's value is the group mean of
    :math:`E[Y(t^*) \mid x_i, t_{x,i}, T_i]` over the holdout duration :math:`t^*`
    (Fader, Hardie & Lee 2005, figure 4). Its interval is taken from the posterior draws of
    the group mean itself.

    Parameters
    ----------
    result, data, ci_prob, max_draws
        As in :func:`customer_holdout`.
    max_frequency : int, default 7
        Frequencies from this value on form one group (labelled ``"7+"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``frequency`` (``"0"`` ... ``"7+"``): ``n_customers``, ``actual``,
        ``expected``, ``lower``, ``upper`` and ``error`` (expected - actual).
    """
    frame = _check_holdout_summary(data)
    if int(max_frequency) != max_frequency or max_frequency < 1:
        raise LoyaltyDataError(f"max_frequency must be a positive integer, got {max_frequency!r}.")
    group = np.minimum(frame["frequency"].to_numpy(dtype=np.int64), int(max_frequency))
    labels = [str(k) for k in range(int(max_frequency))] + [f"{int(max_frequency)}+"]
    n_groups = len(labels)
    counts = np.bincount(group, minlength=n_groups).astype(float)
    actual = np.bincount(
        group, weights=frame["frequency_holdout"].to_numpy(dtype=float), minlength=n_groups
    )
    sums = np.zeros((1, n_groups))
    for duration, rows in _by_duration(frame):
        position = frame.index.get_indexer(rows.index)
        sums = sums + _group_sums(result, rows, group[position], n_groups, duration, max_draws)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
        actual_mean = actual / counts
    interval = equal_tailed_interval(means, ci_prob)
    table = pd.DataFrame(
        {
            "n_customers": counts.astype(np.int64),
            "actual": actual_mean,
            "expected": means.mean(axis=0),
            "lower": interval.lower,
            "upper": interval.upper,
        },
        index=pd.Index(labels, name="frequency"),
    )
    table["error"] = table["expected"] - table["actual"]
    table = table.loc[table["n_customers"] > 0].copy()
    table.attrs.update({"ci_prob": interval.prob, "ci_kind": interval.kind})
    return table


@accepts_former_ci_prob_names
def tracking(
    result: Any,
    transactions: pd.DataFrame,
    *,
    customer_col: str,
    datetime_col: str,
    calibration_end: Any,
    observation_end: Any = None,
    time_unit: str = "W",
    ci_prob: float = 0.95,
    max_draws: int | None = 500,
) -> pd.DataFrame:
    r"""Repeat transactions of the cohort per period, actual vs model, cumulative and incremental.

    The cohort is every customer whose first purchase falls on or before ``calibration_end``
    (the customers of the calibration summary). Period *k* covers days
    :math:`[s + \lfloor (k-1)u \rfloor, s + \lfloor k u \rfloor - 1]` from the cohort's first
    purchase day *s* in units of *u* days, so with weeks and the CDNOW dates the calibration
    ends exactly with period 39. The model's cumulative repeat transactions at the end
    :math:`\tau_k` of period *k* are

    .. math:: \hat C_k = \sum_i E\left[X\left((\tau_k - b_i)/u\right)\right],

    with :math:`E[X(t)]` the expected repeat purchases of a new customer
    (``result.expected_purchases_new_customer``) and :math:`b_i` the first purchase day of
    customer *i* (Fader, Hardie & Lee 2005, figure 2). For models with covariates this is the
    baseline customer's curve.

    Parameters
    ----------
    result : TransactionResult
        A fitted BG/NBD or Pareto/NBD result, fitted in the unit ``time_unit``.
    transactions : pandas.DataFrame
        The transaction log the calibration summary was built from.
    customer_col, datetime_col : str
        Its customer and date columns.
    calibration_end : date-like
        The last day of calibration.
    observation_end : date-like, optional
        The last day tracked; default the last purchase day in the log.
    time_unit : {"W", "D", "M", "Y"}, default "W"
        The period length and the model's time unit.
    ci_prob, max_draws
        The interval probability and the posterior draws used, as in
        :func:`customer_holdout`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (1, 2, ...): ``period_end`` (date), ``holdout`` (bool),
        ``actual``, ``expected``, ``lower``, ``upper`` (repeat transactions in the period) and
        ``actual_cumulative``, ``expected_cumulative``, ``lower_cumulative``,
        ``upper_cumulative``.
    """
    if time_unit not in TIME_UNITS:
        raise LoyaltyDataError(f"time_unit must be one of {sorted(TIME_UNITS)}, got {time_unit!r}.")
    unit = TIME_UNITS[time_unit]
    prob = check_ci_prob(ci_prob)
    cohort = _Cohort.from_log(
        transactions, customer_col, datetime_col, calibration_end, observation_end
    )
    ends = cohort.period_ends(unit)
    cumulative = _expected_cumulative(result, cohort, ends, unit, max_draws)  # draws x periods
    incremental = np.diff(cumulative, axis=1, prepend=0.0)
    actual = cohort.repeat_purchases(ends)
    per_period = equal_tailed_interval(incremental, prob)
    to_date = equal_tailed_interval(cumulative, prob)
    table = pd.DataFrame(
        {
            "period_end": _EPOCH + pd.to_timedelta(ends, unit="D"),
            "holdout": ends > cohort.cal_day,
            "actual": actual,
            "expected": incremental.mean(axis=0),
            "lower": per_period.lower,
            "upper": per_period.upper,
            "actual_cumulative": np.cumsum(actual),
            "expected_cumulative": cumulative.mean(axis=0),
            "lower_cumulative": to_date.lower,
            "upper_cumulative": to_date.upper,
        },
        index=pd.RangeIndex(1, ends.size + 1, name="period"),
    )
    table.attrs["calibration_periods"] = int((~table["holdout"]).sum())
    table.attrs["n_customers"] = int(cohort.born_counts.sum())
    table.attrs.update({"ci_prob": prob, "ci_kind": "eti"})
    return table


_EPOCH = pd.Timestamp("1970-01-01")


@dataclass(frozen=True)
class _Cohort:
    """Purchase days of the customers born by the end of calibration (day numbers since 1970).

    ``days`` and ``birth`` hold one entry per customer and purchase day (the purchase day and
    the customer's first purchase day); ``births``/``born_counts`` the distinct birth days of
    the cohort and how many customers were born on each.
    """

    days: np.ndarray
    birth: np.ndarray
    births: np.ndarray
    born_counts: np.ndarray
    obs_day: int
    cal_day: int

    @classmethod
    def from_log(
        cls,
        transactions: pd.DataFrame,
        customer_col: str,
        datetime_col: str,
        calibration_end: Any,
        observation_end: Any,
    ) -> _Cohort:
        log = check_dataframe(transactions, name="transactions")
        check_columns(log, [customer_col, datetime_col], name="transactions")
        check_no_nan(log, [customer_col, datetime_col])
        check_customer_ids(log[customer_col], customer_col)
        day = purchase_days(log[datetime_col], datetime_col)
        if calibration_end is None:
            raise LoyaltyDataError(
                "calibration_end is required: it marks where the holdout begins."
            )
        obs, cal = resolve_period_ends(
            _EPOCH + pd.Timedelta(days=int(day.max())), observation_end, calibration_end
        )
        obs_day, cal_day = (obs - _EPOCH).days, (cal - _EPOCH).days
        occasions = (
            pd.DataFrame({"customer": log[customer_col].to_numpy(), "day": day})
            .loc[lambda f: f["day"] <= obs_day]
            .drop_duplicates()
        )
        birth = occasions.groupby("customer")["day"].transform("min").to_numpy()
        days = occasions["day"].to_numpy()
        cohort = birth <= cal_day
        days, birth = days[cohort], birth[cohort]
        births, born_counts = np.unique(birth[days == birth], return_counts=True)
        return cls(days, birth, births, born_counts, obs_day, cal_day)

    def period_ends(self, unit: float) -> np.ndarray:
        """Last day of each period, from the cohort's first purchase day."""
        start = int(self.birth.min())
        n_periods = int(np.ceil((self.obs_day - start + 1) / unit - 1e-9))
        return start + np.floor(np.arange(1, n_periods + 1) * unit + 1e-9).astype(np.int64) - 1

    def repeat_purchases(self, ends: np.ndarray) -> np.ndarray:
        """Repeat purchase days of the cohort per period."""
        repeat_days = self.days[self.days > self.birth]
        period_of = np.searchsorted(ends, repeat_days, side="left")
        return np.bincount(period_of, minlength=ends.size)[: ends.size].astype(float)


def _expected_cumulative(
    result: Any, cohort: _Cohort, ends: np.ndarray, unit: float, max_draws: int | None
) -> np.ndarray:
    """Draws x periods of the cohort's expected cumulative repeat purchases."""
    ages = ends[None, :] - cohort.births[:, None]  # days since birth at each period end
    unique_ages, where = np.unique(np.maximum(ages, 0), return_inverse=True)
    curve = np.asarray(
        result.expected_purchases_new_customer(
            unique_ages / unit, max_draws=max_draws, return_draws=True
        )
    )  # draws x unique ages
    weights = np.zeros((unique_ages.size, ends.size))
    np.add.at(
        weights,
        (where.reshape(ages.shape), np.broadcast_to(np.arange(ends.size), ages.shape)),
        np.broadcast_to(cohort.born_counts[:, None], ages.shape),
    )
    return curve @ weights


def holdout_accuracy(
    table: pd.DataFrame,
    *,
    actual: str = "actual",
    expected: str = "expected",
    lower: str = "lower",
    upper: str = "upper",
) -> pd.DataFrame:
    r"""Mean absolute error and interval coverage of a comparison table.

    .. math:: \text{MAE} = \frac{1}{n}\sum_j |\hat y_j - y_j|, \qquad
              \text{coverage} = \frac{1}{n}\sum_j 1[\ell_j \le y_j \le u_j]

    Parameters
    ----------
    table : pandas.DataFrame
        Any table of this module (select rows first, e.g. ``table[table["holdout"]]``).
    actual, expected, lower, upper : str
        Its columns (e.g. ``"actual_cumulative"`` for cumulative tracking).

    Returns
    -------
    pandas.DataFrame
        One row: ``n``, ``mae``, ``mean_actual``, ``relative_mae`` (MAE / mean |actual|),
        ``bias`` (mean expected - actual) and ``coverage``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"actual": [1.0, 3.0], "expected": [2.0, 3.0],
    ...                   "lower": [1.5, 2.0], "upper": [2.5, 4.0]})
    >>> holdout_accuracy(t)[["n", "mae", "coverage"]].to_dict("records")
    [{'n': 2, 'mae': 0.5, 'coverage': 0.5}]
    """
    check_columns(table, [actual, expected, lower, upper], name="table")
    if table.empty:
        raise LoyaltyDataError("table is empty; select at least one row to score.")
    y = table[actual].to_numpy(dtype=float)
    y_hat = table[expected].to_numpy(dtype=float)
    covered = (table[lower].to_numpy(dtype=float) <= y) & (y <= table[upper].to_numpy(dtype=float))
    error = np.abs(y_hat - y)
    scale = np.abs(y).mean()
    return pd.DataFrame(
        {
            "n": [len(y)],
            "mae": [error.mean()],
            "mean_actual": [y.mean()],
            "relative_mae": [error.mean() / scale if scale > 0 else np.nan],
            "bias": [(y_hat - y).mean()],
            "coverage": [covered.mean()],
        }
    )


def probability_alive_grid(
    result: Any,
    *,
    T: float,
    max_frequency: int | None = None,
    recency_step: float | None = None,
    max_draws: int | None = 500,
) -> pd.DataFrame:
    """Posterior mean P(alive) over a grid of frequency x recency, for one length T.

    Parameters
    ----------
    result : TransactionResult
        A fitted BG/NBD or Pareto/NBD result.
    T : float
        The customers' time since first purchase (e.g. the calibration length).
    max_frequency : int, optional
        The largest frequency shown; default the 99th percentile of the fitted data (>= 5).
    recency_step : float, optional
        Grid step of recency; default ``T / 40``.
    max_draws : int or None, default 500
        Posterior draws used.

    Returns
    -------
    pandas.DataFrame
        Rows ``frequency`` 0..max_frequency, columns ``recency`` from 0 to T; cells with
        frequency 0 and recency > 0 (impossible histories) are NaN.
    """
    if not np.isfinite(T) or T <= 0:
        raise LoyaltyDataError(f"T must be positive, got {T!r}.")
    if max_frequency is None:
        fitted = getattr(result, "data", None)
        top = 5 if fitted is None else int(np.quantile(fitted["frequency"], 0.99))
        max_frequency = max(top, 5)
    step = T / 40.0 if recency_step is None else float(recency_step)
    recency = np.unique(np.append(np.arange(0.0, T, step), T))
    frequency = np.arange(int(max_frequency) + 1)
    grid_x, grid_r = np.meshgrid(frequency, recency, indexing="ij")
    possible = ~((grid_x == 0) & (grid_r > 0))
    grid = pd.DataFrame(
        {
            "frequency": grid_x[possible],
            "recency": np.where(grid_x[possible] == 0, 0.0, grid_r[possible]),
            "T": T,
        }
    )
    alive = result.probability_alive(grid.reset_index(drop=True), max_draws=max_draws)
    values = np.full(grid_x.shape, np.nan)
    values[possible] = alive["mean"].to_numpy()
    return pd.DataFrame(
        values,
        index=pd.Index(frequency, name="frequency"),
        columns=pd.Index(recency, name="recency"),
    )


# ---------------------------------------------------------------------------- helpers


def _check_holdout_summary(data: Any) -> pd.DataFrame:
    frame = check_dataframe(data, name="data")
    check_columns(frame, ["frequency", "frequency_holdout", "duration_holdout"], name="data")
    check_no_nan(frame, ["frequency", "frequency_holdout", "duration_holdout"])
    check_positive(frame, ["duration_holdout"])
    return frame


def _by_duration(frame: pd.DataFrame) -> list[tuple[float, pd.DataFrame]]:
    """Split a summary by holdout duration (usually one value for everybody)."""
    durations = frame["duration_holdout"].to_numpy(dtype=float)
    return [(float(value), frame.loc[durations == value]) for value in np.unique(durations)]


def _group_sums(
    result: Any,
    rows: pd.DataFrame,
    group: np.ndarray,
    n_groups: int,
    t: float,
    max_draws: int | None,
) -> np.ndarray:
    """Per-draw sums of E[Y(t) | history] within each group, evaluated in bounded chunks."""
    n_draws = max(1, int(getattr(result, "n_draws", 1)))
    if max_draws is not None:
        n_draws = min(n_draws, int(max_draws))
    chunk = max(1, _MAX_ELEMENTS // n_draws)
    total: np.ndarray | None = None
    for start in range(0, len(rows), chunk):
        part = rows.iloc[start : start + chunk]
        draws = np.atleast_2d(
            np.asarray(result.expected_purchases(part, t=t, max_draws=max_draws, return_draws=True))
        )  # draws x customers
        indicator = np.zeros((len(part), n_groups))
        indicator[np.arange(len(part)), group[start : start + chunk]] = 1.0
        sums = draws @ indicator
        total = sums if total is None else total + sums
    if total is None:
        raise LoyaltyDataError("data has no rows.")
    return total
