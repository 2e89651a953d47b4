r"""Summaries of draws and intervals: one sd convention, one probability name, labelled kinds.

Every summary of posterior, Monte Carlo or bootstrap draws in the package is made here:

* the standard deviation of draws is the sample sd with ``ddof=1``, as ArviZ's ``summary``
  reports it, :math:`s = \sqrt{\sum_d (x_d - \bar x)^2 / (D - 1)}`;
* an interval is an :class:`Interval` that records its bounds, its probability ``ci_prob``
  and its kind: ``"hdi"`` (highest density), ``"eti"`` (equal-tailed), ``"wald"``
  (estimate :math:`\pm z_{1-\alpha/2}` SE), ``"percentile"`` or ``"bca"`` (bootstrap);
* the interval probability is called ``ci_prob`` (ArviZ 1.x's name) everywhere. The names used
  before (``interval``, ``confidence_level``, ``level``, ``confidence``) are accepted for one
  release with a :class:`FutureWarning` (:func:`resolve_ci_prob`).

References
----------
Hyndman, R. J. (1996). Computing and graphing highest density regions. *The American
Statistician* 50(2), 120-126.
Efron, B. (1987). Better bootstrap confidence intervals. *JASA* 82(397), 171-185.
Kumar, R., Carroll, C., Hartikainen, A. & Martin, O. (2019). ArviZ a unified library for
exploratory analysis of Bayesian models in Python. *JOSS* 4(33), 1143.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import special

from loyaltymodels._validation import LoyaltyDataError, check_monte_carlo_settings

__all__ = [
    "DEPRECATED_CI_PROB_NAMES",
    "DrawSummary",
    "Interval",
    "IntervalKind",
    "accepts_former_ci_prob_names",
    "bca_interval",
    "check_ci_prob",
    "ci_prob_under_former_name",
    "draw_sd",
    "equal_tailed_interval",
    "hdi_interval",
    "percentile_interval",
    "resolve_ci_prob",
    "resolve_field_ci_prob",
    "resolve_monte_carlo_settings",
    "summarise_draws",
    "wald_interval",
    "wilson_interval",
]

IntervalKind = Literal["hdi", "eti", "wald", "wilson", "percentile", "bca"]

#: The names the interval probability had before ``ci_prob``.
DEPRECATED_CI_PROB_NAMES = ("interval", "confidence_level", "level", "confidence")


@dataclass(frozen=True)
class Interval:
    """An interval with its probability and the way it was made.

    Attributes
    ----------
    lower, upper : numpy.ndarray or float
        The bounds (same shape).
    prob : float
        The interval probability (``ci_prob``).
    kind : {"hdi", "eti", "wald", "wilson", "percentile", "bca"}
        Highest density, equal-tailed, Wald, Wilson score, bootstrap percentile or bootstrap
        BCa.

    An interval unpacks as ``lower, upper = interval``.
    """

    lower: Any
    upper: Any
    prob: float
    kind: IntervalKind

    def __iter__(self) -> Iterator[Any]:
        return iter((self.lower, self.upper))

    def as_dict(self) -> dict[str, Any]:
        """Return ``{"lower": ..., "upper": ...}`` for building tables.

        Returns
        -------
        dict
            The two bounds.
        """
        return {"lower": self.lower, "upper": self.upper}


@dataclass(frozen=True)
class DrawSummary:
    """Mean, sd (ArviZ's, ``ddof=1``) and an interval of draws.

    Attributes
    ----------
    mean : numpy.ndarray
        Mean over the draws.
    sd : numpy.ndarray
        Sample sd with ``ddof=1`` (0 for a single draw).
    interval : Interval
        The interval with its probability and kind.
    """

    mean: Any
    sd: Any
    interval: Interval

    def as_dict(self) -> dict[str, Any]:
        """Return ``mean``, ``sd``, ``lower`` and ``upper``.

        Returns
        -------
        dict
            The four summaries.
        """
        return {"mean": self.mean, "sd": self.sd, **self.interval.as_dict()}

    def as_array(self) -> np.ndarray:
        """Stack mean, sd, lower and upper as rows.

        Returns
        -------
        numpy.ndarray
            Shape ``(4, ...)``.
        """
        return np.stack([self.mean, self.sd, self.interval.lower, self.interval.upper])


def check_ci_prob(ci_prob: float, name: str = "ci_prob") -> float:
    """Check an interval probability: a number strictly between 0 and 1.

    Parameters
    ----------
    ci_prob : float
        The interval probability.
    name : str, default "ci_prob"
        The argument name used in the message.

    Returns
    -------
    float
        ``ci_prob`` as a float.

    Raises
    ------
    LoyaltyDataError
        When it is not a finite number in (0, 1).
    """
    try:
        value = float(ci_prob)
    except (TypeError, ValueError):
        value = np.nan
    if not (np.isfinite(value) and 0.0 < value < 1.0):
        raise LoyaltyDataError(
            f"{name} must lie strictly between 0 and 1, got {ci_prob!r}; use e.g. 0.95."
        )
    return value


def resolve_ci_prob(ci_prob: float | None, default: float, **old_names: float | None) -> float:
    """Return the interval probability, accepting a former argument name with a warning.

    Parameters
    ----------
    ci_prob : float or None
        The value passed as ``ci_prob`` (None when not passed).
    default : float
        The value when neither name is passed.
    **old_names : float or None
        The values passed under former names (``interval``, ``confidence_level``, ``level``,
        ``confidence``); None when not passed.

    Returns
    -------
    float
        The checked probability.

    Raises
    ------
    LoyaltyDataError
        When both names are passed, or the value is not in (0, 1).

    Warns
    -----
    FutureWarning
        When a former name is used; it will be removed in the next release.

    Examples
    --------
    >>> resolve_ci_prob(None, 0.95)
    0.95
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     resolve_ci_prob(None, 0.95, level=0.9)
    0.9
    """
    passed = {name: value for name, value in old_names.items() if value is not None}
    if len(passed) > 1 or (passed and ci_prob is not None):
        names = ", ".join(["ci_prob", *passed] if ci_prob is not None else passed)
        raise LoyaltyDataError(f"pass the interval probability once, as ci_prob; got {names}.")
    if passed:
        (name, value), *_ = passed.items()
        warnings.warn(
            f"the argument {name!r} is renamed 'ci_prob'; {name!r} will be removed in the next "
            "release.",
            FutureWarning,
            stacklevel=3,
        )
        return check_ci_prob(value, name)
    return check_ci_prob(default if ci_prob is None else ci_prob)


def resolve_field_ci_prob(ci_prob: float, default: float, **old_names: float | None) -> float:
    """Return the interval probability of a settings field that also takes a former name.

    For dataclass settings such as ``ExperienceReturn(ci_prob=0.9)``, where the field always
    has a value: a value equal to ``default`` counts as not passed, so a former name alone is
    accepted (with a warning) and both names together are refused (see
    :func:`resolve_ci_prob`).

    Parameters
    ----------
    ci_prob : float
        The field's value.
    default : float
        The field's default.
    **old_names : float or None
        The values passed under former names; None when not passed.

    Returns
    -------
    float
        The checked probability.

    Examples
    --------
    >>> resolve_field_ci_prob(0.8, 0.9, confidence_level=None)
    0.8
    """
    return resolve_ci_prob(None if ci_prob == default else ci_prob, default, **old_names)


def resolve_monte_carlo_settings(
    settings: Any, default: float, confidence_level: float | None
) -> None:
    """Settle ``ci_prob`` of Monte Carlo settings (a dataclass) and check it with ``draws``.

    Called from the ``__post_init__`` of a settings dataclass with the fields ``draws`` and
    ``ci_prob`` (default ``default``) and the init-only former name ``confidence_level``: the
    former name is accepted with a :class:`FutureWarning` (see :func:`resolve_field_ci_prob`),
    then ``draws`` (an integer >= 100) and ``ci_prob`` (in (0, 1)) are checked.

    Parameters
    ----------
    settings : object
        The dataclass instance (frozen or not).
    default : float
        The default of its ``ci_prob`` field.
    confidence_level : float or None
        The value passed under the former name (None when not passed).
    """
    ci_prob = resolve_field_ci_prob(settings.ci_prob, default, confidence_level=confidence_level)
    object.__setattr__(settings, "ci_prob", ci_prob)
    check_monte_carlo_settings(settings.draws, ci_prob)


def ci_prob_under_former_name(former: str) -> property:
    """Return a read-only property ``former`` that gives ``ci_prob`` with a warning.

    Parameters
    ----------
    former : str
        The former attribute name (e.g. ``"confidence_level"``).

    Returns
    -------
    property
        Reads ``self.ci_prob`` after a :class:`FutureWarning`.
    """

    def former_name(self: Any) -> float:
        warnings.warn(
            f"{former} is renamed ci_prob; {former} will be removed in the next release.",
            FutureWarning,
            stacklevel=2,
        )
        return float(self.ci_prob)

    return property(
        former_name,
        doc=f"The interval probability under its former name ``{former}`` (use ``ci_prob``).",
    )


def accepts_former_ci_prob_names[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Let a function whose argument is ``ci_prob`` also take a former name, with a warning.

    Parameters
    ----------
    function : callable
        A function with a keyword argument ``ci_prob``.

    Returns
    -------
    callable
        The same function; a keyword among :data:`DEPRECATED_CI_PROB_NAMES` is passed on as
        ``ci_prob`` after a :class:`FutureWarning` (see :func:`resolve_ci_prob`), unless the
        function has an argument of that name itself (``level="item"`` stays its own).

    Examples
    --------
    >>> @accepts_former_ci_prob_names
    ... def width(*, ci_prob=0.95):
    ...     return ci_prob
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     width(confidence_level=0.9)
    0.9
    """
    own = set(inspect.signature(function).parameters)
    names = [name for name in DEPRECATED_CI_PROB_NAMES if name not in own]

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        former = {name: kwargs.pop(name) for name in names if name in kwargs}
        if former:
            given = kwargs.pop("ci_prob", None)
            kwargs["ci_prob"] = resolve_ci_prob(given, 0.95, **former)  # type: ignore[arg-type]
        return function(*args, **kwargs)

    return wrapper


def draw_sd(draws: np.ndarray, axis: int = 0) -> np.ndarray:
    r"""Sample sd of draws with ``ddof=1`` (ArviZ's convention); 0 for a single draw.

    .. math:: s = \sqrt{\frac{1}{D - 1}\sum_{d=1}^{D} (x_d - \bar x)^2}

    Parameters
    ----------
    draws : numpy.ndarray
        The draws.
    axis : int, default 0
        The draw axis.

    Returns
    -------
    numpy.ndarray
        The sd over ``axis``.

    Examples
    --------
    >>> round(float(draw_sd(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))), 3)
    1.581
    """
    draws = np.asarray(draws, dtype=float)
    if draws.shape[axis] < 2:
        return np.zeros(np.delete(draws.shape, axis))
    return draws.std(axis=axis, ddof=1)


def equal_tailed_interval(
    draws: np.ndarray, ci_prob: float, axis: int = 0, *, method: str = "linear"
) -> Interval:
    r"""Equal-tailed interval: the :math:`(1 \mp p)/2` quantiles of the draws.

    With ``method="linear"`` the quantiles are interpolated as :func:`numpy.quantile` (and
    ArviZ's ``eti``) does, found by partial sorting, which is linear in the number of draws.
    Other methods are passed to :func:`numpy.quantile` (``"inverted_cdf"`` for draws that may
    be infinite).

    Parameters
    ----------
    draws : numpy.ndarray
        The draws.
    ci_prob : float
        The interval probability.
    axis : int, default 0
        The draw axis.
    method : str, default "linear"
        The quantile method.

    Returns
    -------
    Interval
        Kind ``"eti"``.

    Examples
    --------
    >>> interval = equal_tailed_interval(np.arange(11.0), 0.8)
    >>> round(float(interval.lower), 6), round(float(interval.upper), 6), interval.kind
    (1.0, 9.0, 'eti')
    """
    prob = check_ci_prob(ci_prob)
    values = np.moveaxis(np.asarray(draws, dtype=float), axis, 0)
    tail = (1.0 - prob) / 2.0
    if method != "linear":
        lower, upper = np.quantile(values, [tail, 1.0 - tail], axis=0, method=method)  # type: ignore[call-overload]
        return Interval(lower, upper, prob, "eti")
    n_draws = values.shape[0]
    positions = np.array([tail, 1.0 - tail]) * (n_draws - 1)
    below = np.floor(positions).astype(int)
    above = np.minimum(below + 1, n_draws - 1)
    ordered = np.partition(values, np.unique(np.concatenate([below, above])), axis=0)
    fraction = (positions - below).reshape((2,) + (1,) * (values.ndim - 1))
    bounds = ordered[below] * (1.0 - fraction) + ordered[above] * fraction
    return Interval(bounds[0], bounds[1], prob, "eti")


def hdi_interval(draws: np.ndarray, ci_prob: float, axis: int = 0) -> Interval:
    r"""Highest-density interval: the narrowest interval holding ``ci_prob`` of the draws.

    Among the sorted draws :math:`x_{(1)} \le \dots \le x_{(D)}` with
    :math:`k = \lfloor p D \rfloor`, the interval is :math:`[x_{(i)}, x_{(i+k)}]` for the
    :math:`i` that minimises its width (Hyndman 1996; ArviZ's ``hdi`` for unimodal draws).

    Parameters
    ----------
    draws : numpy.ndarray
        The draws, in any order (they are sorted along ``axis``).
    ci_prob : float
        Share of the draws inside the interval.
    axis : int, default 0
        The draw axis.

    Returns
    -------
    Interval
        Kind ``"hdi"``.
    """
    prob = check_ci_prob(ci_prob)
    ordered = np.sort(np.moveaxis(np.asarray(draws, dtype=float), axis, 0), axis=0)
    n_draws = ordered.shape[0]
    span = min(int(np.floor(prob * n_draws)), n_draws - 1)
    widths = ordered[span:] - ordered[: n_draws - span]
    start = np.argmin(widths, axis=0)[None]
    lower = np.take_along_axis(ordered, start, axis=0)[0]
    upper = np.take_along_axis(ordered, start + span, axis=0)[0]
    return Interval(lower, upper, prob, "hdi")


def wald_interval(estimate: Any, se: Any, ci_prob: float) -> Interval:
    r"""Wald interval :math:`\hat\theta \pm z_{(1+p)/2}\,\mathrm{SE}`.

    Parameters
    ----------
    estimate : array_like
        Point estimates.
    se : array_like
        Standard errors.
    ci_prob : float
        The interval probability.

    Returns
    -------
    Interval
        Kind ``"wald"``.

    Examples
    --------
    >>> wald_interval(0.0, 1.0, 0.95).upper.round(3)
    np.float64(1.96)
    """
    prob = check_ci_prob(ci_prob)
    z = special.ndtri(0.5 + prob / 2.0)
    centre, half = np.asarray(estimate, dtype=float), z * np.asarray(se, dtype=float)
    return Interval(centre - half, centre + half, prob, "wald")


def wilson_interval(successes: Any, trials: Any, ci_prob: float) -> Interval:
    r"""Wilson score interval of a binomial proportion.

    :math:`\frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}`
    with :math:`z` the :math:`(1 + p)/2` normal quantile (Wilson 1927).

    Parameters
    ----------
    successes, trials : numpy.ndarray or float
        Counts (``trials`` > 0).
    ci_prob : float
        The interval probability.

    Returns
    -------
    Interval
        Kind ``"wilson"``; unpacks as ``lower, upper``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association* 22(158), 209-212.

    Examples
    --------
    >>> lower, upper = wilson_interval(3, 5, 0.95)
    >>> round(float(lower), 4), round(float(upper), 4)
    (0.2307, 0.8824)
    """
    z = special.ndtri(0.5 + ci_prob / 2.0)
    n = np.asarray(trials, dtype=float)
    p = np.asarray(successes, dtype=float) / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return Interval(centre - half, centre + half, float(ci_prob), "wilson")


def percentile_interval(draws: np.ndarray, ci_prob: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval along axis 0.

    Parameters
    ----------
    draws : numpy.ndarray
        Bootstrap replicates (resample first).
    ci_prob : float
        Coverage.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper bounds (the equal-tailed quantiles of the replicates).
    """
    tail = (1.0 - ci_prob) / 2.0
    return np.quantile(draws, tail, axis=0), np.quantile(draws, 1.0 - tail, axis=0)


def bca_interval(
    draws: np.ndarray, estimate: np.ndarray, jackknife: np.ndarray, ci_prob: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""Bias-corrected and accelerated bootstrap interval (Efron 1987).

    .. math::

        z_0 = \Phi^{-1}\bigl(\#\{\hat\theta^*_b < \hat\theta\}/B\bigr), \qquad
        a = \frac{\sum_i (\bar\theta_{(\cdot)} - \hat\theta_{(i)})^3}
                 {6\,[\sum_i (\bar\theta_{(\cdot)} - \hat\theta_{(i)})^2]^{3/2}},

    and the bounds are the bootstrap quantiles at
    :math:`\Phi\bigl(z_0 + (z_0 + z_\alpha)/(1 - a(z_0 + z_\alpha))\bigr)`.

    Parameters
    ----------
    draws : numpy.ndarray
        Bootstrap replicates, shape (B, ...).
    estimate : numpy.ndarray
        Full-sample estimates, shape (...).
    jackknife : numpy.ndarray
        Leave-one-out estimates, shape (n, ...).
    ci_prob : float
        Coverage.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper bounds (NaN where the replicates are degenerate).

    References
    ----------
    Efron, B. (1987). Better bootstrap confidence intervals. JASA 82(397), 171-185.
    """
    share = (draws < estimate).mean(axis=0) + 0.5 * (draws == estimate).mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z0 = special.ndtri(share)
        centred = jackknife.mean(axis=0) - jackknife
        accel = (centred**3).sum(axis=0) / (6.0 * ((centred**2).sum(axis=0)) ** 1.5)
        accel = np.nan_to_num(accel)
        tail = (1.0 - ci_prob) / 2.0
        bounds = []
        for z_alpha in (special.ndtri(tail), special.ndtri(1.0 - tail)):
            adjusted = special.ndtr(z0 + (z0 + z_alpha) / (1.0 - accel * (z0 + z_alpha)))
            flat_draws = draws.reshape(draws.shape[0], -1)
            flat_q = np.atleast_1d(adjusted).ravel()
            values = np.array(
                [
                    np.quantile(flat_draws[:, k], q) if np.isfinite(q) else np.nan
                    for k, q in enumerate(flat_q)
                ]
            )
            bounds.append(values.reshape(np.shape(estimate)))
    return bounds[0], bounds[1]


def summarise_draws(
    draws: np.ndarray,
    ci_prob: float = 0.95,
    *,
    ci_kind: Literal["eti", "hdi"] = "eti",
    axis: int = 0,
) -> DrawSummary:
    """Mean, sd (``ddof=1``, as ArviZ) and an equal-tailed or highest-density interval.

    Parameters
    ----------
    draws : numpy.ndarray
        The draws.
    ci_prob : float, default 0.95
        The interval probability.
    ci_kind : {"eti", "hdi"}, default "eti"
        Equal-tailed or highest-density interval.
    axis : int, default 0
        The draw axis.

    Returns
    -------
    DrawSummary
        Mean, sd and the interval over ``axis``.

    Examples
    --------
    >>> summary = summarise_draws(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), ci_prob=0.5)
    >>> float(summary.mean), round(float(summary.sd), 3), summary.interval.kind
    (3.0, 1.581, 'eti')
    """
    values = np.asarray(draws, dtype=float)
    if ci_kind == "eti":
        interval = equal_tailed_interval(values, ci_prob, axis)
    elif ci_kind == "hdi":
        interval = hdi_interval(values, ci_prob, axis)
    else:
        raise LoyaltyDataError(f"ci_kind must be 'eti' or 'hdi', got {ci_kind!r}.")
    return DrawSummary(values.mean(axis=axis), draw_sd(values, axis), interval)
