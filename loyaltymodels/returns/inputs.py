r"""Inputs of the experience-return model: the plan, the links of the chain and the economics.

The chain runs from a change in service-quality gaps to money (Rust, Zahorik & Keiningham
1995):

=====================  ==========================================================================
input                  meaning
=====================  ==========================================================================
gap_change             gap points closed per dimension (a gap from -1.2 to -0.4 is +0.8)
satisfaction_effect    per dimension, satisfaction points per gap point (:math:`\beta_d`)
retention              per-period retention at baseline (:math:`r_0`)
retention_effect       change in the log-odds of retention per satisfaction point (:math:`\gamma`)
customers              customers the plan reaches (:math:`N`)
margin                 margin per customer and period (:math:`m`)
discount_rate          discount rate per period (:math:`d`)
horizon                periods counted (:math:`H`, an integer or infinity)
investment             one-off cost of the plan, paid now (:math:`I`)
cost_per_period        running cost of the plan per period (:math:`c`)
=====================  ==========================================================================

Every link of the chain is uncertain and is given in one of three ways:

* a number: known exactly (no uncertainty);
* a pair ``(estimate, se)``: a normal sampling distribution, e.g. a path coefficient and its
  standard error (:func:`~loyaltymodels.returns.satisfaction_effects_from_sem`), optionally with
  the joint covariance of the satisfaction effects;
* a NumPy array of draws, e.g. posterior draws of a Bayesian fit
  (:func:`~loyaltymodels.returns.retention_effect_from_hazard`). Arrays of draws must all have
  the same length and are resampled with one common index, which keeps draws that came from one
  posterior together (their correlation is preserved).

The baseline retention may also come from counts, ``retention_counts=(retained, at_risk)``
(customer-periods retained out of customer-periods at risk), with the conjugate posterior
:math:`r_0 \sim \mathrm{Beta}(a + k, a + n - k)` (Gelman et al. 2013, section 2.4).

References
----------
Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.
Gelman, A. et al. (2013). *Bayesian Data Analysis*, 3rd ed. CRC Press.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["Link", "PlanCosts", "ReturnInputs"]


class PlanCosts(TypedDict, total=False):
    """The costs of an improvement plan, each optional (not given: those of the inputs)."""

    investment: float | None
    """The one-off investment at the start."""
    cost_per_period: float | None
    """The running cost in each period of the horizon."""


#: Names of the uncertain links, in the order they are drawn.
LINK_NAMES = ("satisfaction_effect", "retention", "retention_effect", "margin")

LinkValue = float | tuple[float, float] | np.ndarray
Links = dict[str, np.ndarray]


@dataclass(frozen=True)
class Link:
    """One uncertain input: a fixed value, a normal (estimate, se), draws or a Beta posterior.

    Attributes
    ----------
    estimate : float
        The plug-in value (the estimate, the mean of the draws or the observed share).
    se : float
        Standard deviation of the normal sampling distribution (0 = known exactly).
    draws : numpy.ndarray or None
        Draws given by the user (resampled with the common index).
    beta : tuple of float or None
        Parameters ``(a, b)`` of a Beta posterior.
    """

    estimate: float
    se: float = 0.0
    draws: np.ndarray | None = None
    beta: tuple[float, float] | None = None

    def sample(self, size: int, rng: np.random.Generator, index: np.ndarray | None) -> np.ndarray:
        """Draw ``size`` values (``index`` picks the rows of given draws).

        Parameters
        ----------
        size : int
            Number of draws.
        rng : numpy.random.Generator
            The random source.
        index : numpy.ndarray or None
            Positions of given draws to use (the common index).

        Returns
        -------
        numpy.ndarray
            Shape ``(size,)``.
        """
        if self.draws is not None:
            positions = np.arange(size) if index is None else index
            return np.asarray(self.draws[positions], dtype=float)
        if self.beta is not None:
            return rng.beta(self.beta[0], self.beta[1], size=size)
        if self.se > 0:
            return rng.normal(self.estimate, self.se, size=size)
        return np.full(size, self.estimate)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _parse_link(name: str, value: Any, *, allow_normal: bool = True) -> Link:
    """Turn a number, an (estimate, se) pair or an array of draws into a :class:`Link`."""
    if _is_number(value):
        number = float(value)
        if not math.isfinite(number):
            raise LoyaltyDataError(f"{name} must be a finite number, got {value!r}.")
        return Link(estimate=number)
    if isinstance(value, np.ndarray | pd.Series):
        draws = np.asarray(value, dtype=float)
        if draws.ndim != 1 or draws.size < 2:
            raise LoyaltyDataError(
                f"{name} draws must be a one-dimensional array of at least 2 values, got shape "
                f"{draws.shape}; pass the draws of one parameter (chains flattened)."
            )
        bad = np.flatnonzero(~np.isfinite(draws))
        if bad.size:
            raise LoyaltyDataError(
                f"{name} draws are not finite at positions {bad[:5].tolist()}; drop or fix them."
            )
        return Link(estimate=float(draws.mean()), draws=draws)
    if isinstance(value, tuple | list) and len(value) == 2 and all(map(_is_number, value)):
        if not allow_normal:
            raise LoyaltyDataError(
                f"{name} takes a single value or an array of draws, not {value!r}"
                + (
                    "; for counts use retention_counts=(retained, at_risk)."
                    if name == "retention"
                    else "."
                )
            )
        estimate, se = float(value[0]), float(value[1])
        if not (math.isfinite(estimate) and math.isfinite(se)):
            raise LoyaltyDataError(f"{name} (estimate, se) must be finite, got {value!r}.")
        if se < 0:
            raise LoyaltyDataError(
                f"{name} has a negative standard error ({se!r}); give se >= 0 (0 = known exactly)."
            )
        return Link(estimate=estimate, se=se)
    raise LoyaltyDataError(
        f"{name} must be a number, a pair (estimate, se) or a NumPy array of draws, got "
        f"{type(value).__name__} {value!r}."
    )


def _finite_number(name: str, value: Any) -> float:
    if not _is_number(value) or not math.isfinite(float(value)):
        raise LoyaltyDataError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


def _check_retention(link: Link, name: str = "retention") -> None:
    values = link.draws if link.draws is not None else np.array([link.estimate])
    outside = np.flatnonzero((values <= 0) | (values >= 1))
    if outside.size:
        raise LoyaltyDataError(
            f"{name} must lie strictly between 0 and 1 (a per-period retention rate), got "
            f"{values[outside[:5]].tolist()}; give it as a share, e.g. 0.8 for 80%."
        )


def _retention_from_counts(counts: Any, prior: float) -> Link:
    if not (isinstance(counts, tuple | list) and len(counts) == 2):
        raise LoyaltyDataError(
            f"retention_counts must be a pair (retained, at_risk), got {counts!r}."
        )
    retained, at_risk = (_finite_number("retention_counts", c) for c in counts)
    if retained != round(retained) or at_risk != round(at_risk):
        raise LoyaltyDataError(
            f"retention_counts must be whole numbers (customer-periods), got {counts!r}."
        )
    if retained < 0 or at_risk <= 0 or retained > at_risk:
        raise LoyaltyDataError(
            f"retention_counts (retained, at_risk) = {counts!r} needs 0 <= retained <= at_risk "
            "and at_risk > 0; count the customer-periods at risk and those retained."
        )
    if not math.isfinite(prior) or prior <= 0:
        raise LoyaltyDataError(f"prior must be a positive pseudo-count, got {prior!r}.")
    share = retained / at_risk
    if share in (0.0, 1.0):
        raise LoyaltyDataError(
            f"retention_counts {counts!r} give a retention of {share:g}; the chain needs a "
            "rate strictly between 0 and 1 (some customers retained, some lost)."
        )
    return Link(estimate=share, beta=(prior + retained, prior + at_risk - retained))


def _check_gap_change(gap_change: Any, dimensions: list[str]) -> pd.Series:
    if not isinstance(gap_change, Mapping | pd.Series) or len(gap_change) == 0:
        raise LoyaltyDataError(
            "gap_change must be a non-empty mapping dimension -> points of gap closed, e.g. "
            "{'reliability': 0.8}."
        )
    unknown = [d for d in gap_change if d not in dimensions]
    if unknown:
        raise LoyaltyDataError(
            f"gap_change names unknown dimension(s) {unknown}; satisfaction_effect has "
            f"{dimensions}. Give the effect of every dimension the plan changes."
        )
    values = {}
    for dimension in dimensions:
        values[dimension] = _finite_number(
            f"gap_change['{dimension}']", gap_change.get(dimension, 0.0)
        )
    return pd.Series(values, name="gap_change", dtype=float).rename_axis("dimension")


def _check_horizon(horizon: Any) -> float:
    if _is_number(horizon) and float(horizon) == math.inf:
        return math.inf
    if not _is_number(horizon) or float(horizon) != round(float(horizon)) or horizon < 1:
        raise LoyaltyDataError(
            f"horizon must be a whole number of periods >= 1 or math.inf, got {horizon!r}."
        )
    return float(horizon)


def _check_covariance(covariance: Any, effects: dict[str, Link]) -> pd.DataFrame | None:
    if covariance is None:
        return None
    if not isinstance(covariance, pd.DataFrame):
        raise LoyaltyDataError(
            "satisfaction_effect_cov must be a pandas DataFrame indexed by dimension on both "
            f"axes, got {type(covariance).__name__}."
        )
    names = list(covariance.index)
    if list(covariance.columns) != names or len(set(names)) != len(names):
        raise LoyaltyDataError(
            "satisfaction_effect_cov must have the same dimensions, in the same order, as "
            f"rows and columns; got rows {names} and columns {list(covariance.columns)}."
        )
    unknown = [n for n in names if n not in effects]
    if unknown:
        raise LoyaltyDataError(
            f"satisfaction_effect_cov names unknown dimension(s) {unknown}; satisfaction_effect "
            f"has {list(effects)}."
        )
    drawn = [n for n in names if effects[n].draws is not None]
    if drawn:
        raise LoyaltyDataError(
            f"satisfaction_effect of {drawn} is given as draws, which carry their own "
            "correlation; give (estimate, se) pairs for the dimensions in the covariance."
        )
    matrix = covariance.to_numpy(dtype=float)
    if not np.all(np.isfinite(matrix)) or not np.allclose(matrix, matrix.T, atol=1e-12):
        raise LoyaltyDataError("satisfaction_effect_cov must be finite and symmetric.")
    eigenvalues = np.linalg.eigvalsh(matrix)
    if eigenvalues.min() < -1e-10 * max(1.0, float(np.abs(eigenvalues).max())):
        raise LoyaltyDataError(
            "satisfaction_effect_cov is not positive semi-definite; give a covariance matrix "
            "(e.g. the block of the estimates' covariance from the fit)."
        )
    se = np.array([effects[n].se for n in names])
    if not np.allclose(np.sqrt(np.clip(np.diag(matrix), 0, None)), se, rtol=1e-6, atol=1e-12):
        raise LoyaltyDataError(
            "the square roots of the diagonal of satisfaction_effect_cov must equal the "
            f"standard errors given in satisfaction_effect ({dict(zip(names, se, strict=True))})."
        )
    return covariance.astype(float)


@dataclass(frozen=True)
class ReturnInputs:
    r"""Validated inputs of the experience-return model.

    Build them with :meth:`from_values`; :meth:`with_plan` gives the same links and economics
    with another improvement plan.

    Attributes
    ----------
    gap_change : pandas.Series
        Points of gap closed per dimension (0 for dimensions the plan leaves alone).
    satisfaction_effect : dict of str to Link
        :math:`\beta_d` per dimension.
    satisfaction_effect_cov : pandas.DataFrame or None
        Joint covariance of (some of) the :math:`\beta_d` given as (estimate, se).
    retention, retention_effect, margin : Link
        :math:`r_0`, :math:`\gamma` and :math:`m`.
    customers, discount_rate, horizon, investment, cost_per_period : float
        :math:`N, d, H, I, c` (``horizon`` may be ``math.inf``).
    """

    gap_change: pd.Series
    satisfaction_effect: dict[str, Link]
    satisfaction_effect_cov: pd.DataFrame | None
    retention: Link
    retention_effect: Link
    margin: Link
    customers: float
    discount_rate: float
    horizon: float
    investment: float
    cost_per_period: float

    @property
    def dimensions(self) -> list[str]:
        """The experience dimensions, in order."""
        return list(self.satisfaction_effect)

    @classmethod
    def from_values(
        cls,
        *,
        gap_change: Mapping[str, float],
        satisfaction_effect: Mapping[str, LinkValue],
        retention_effect: LinkValue,
        customers: float,
        margin: LinkValue,
        discount_rate: float,
        horizon: float,
        investment: float,
        retention: float | np.ndarray | None = None,
        retention_counts: tuple[int, int] | None = None,
        cost_per_period: float = 0.0,
        satisfaction_effect_cov: pd.DataFrame | None = None,
        prior: float = 1.0,
    ) -> ReturnInputs:
        """Validate the plan, the links and the economics.

        Parameters
        ----------
        gap_change : mapping of str to float
            Points of gap closed per dimension (dimensions not named: 0).
        satisfaction_effect : mapping of str to number, (estimate, se) or draws
            Satisfaction points per gap point, per dimension (e.g. SEM path coefficients).
        retention_effect : number, (estimate, se) or draws
            Change in the log-odds of per-period retention per satisfaction point. A churn
            model's logit coefficient has the opposite sign: use
            :func:`~loyaltymodels.returns.retention_effect_from_hazard`, which flips it.
        customers : float
            Customers reached by the plan (>= 0).
        margin : number, (estimate, se) or draws
            Margin per customer and period (see :func:`~loyaltymodels.returns.margin_from_clv`
            to convert a customer lifetime value).
        discount_rate : float
            Discount rate per period (> -1; an infinite horizon needs >= 0).
        horizon : int or math.inf
            Periods over which the extra retention is counted.
        investment : float
            One-off cost of the plan (>= 0), paid at time 0.
        retention : float or draws, optional
            Per-period retention at baseline, strictly between 0 and 1.
        retention_counts : (int, int), optional
            Instead of ``retention``: customer-periods retained and at risk (Beta posterior).
        cost_per_period : float, default 0
            Running cost per period over the horizon (>= 0), paid at the end of each period.
        satisfaction_effect_cov : pandas.DataFrame, optional
            Joint covariance of the satisfaction effects given as (estimate, se) (see
            :func:`~loyaltymodels.returns.satisfaction_effect_covariance_from_sem`).
        prior : float, default 1.0
            Beta prior pseudo-count for ``retention_counts`` (1 = uniform).

        Returns
        -------
        ReturnInputs
            The validated inputs.

        Examples
        --------
        >>> inputs = ReturnInputs.from_values(
        ...     gap_change={"reliability": 0.8},
        ...     satisfaction_effect={"reliability": (0.5, 0.1), "empathy": (0.2, 0.05)},
        ...     retention=0.8, retention_effect=(0.5, 0.1), customers=1000, margin=100,
        ...     discount_rate=0.1, horizon=5, investment=20_000)
        >>> inputs.gap_change.to_dict()
        {'reliability': 0.8, 'empathy': 0.0}
        """
        if not isinstance(satisfaction_effect, Mapping) or len(satisfaction_effect) == 0:
            raise LoyaltyDataError(
                "satisfaction_effect must be a non-empty mapping dimension -> effect, e.g. "
                "{'reliability': (0.45, 0.06)}."
            )
        effects = {
            str(d): _parse_link(f"satisfaction_effect['{d}']", v)
            for d, v in satisfaction_effect.items()
        }
        if (retention is None) == (retention_counts is None):
            raise LoyaltyDataError(
                "give the baseline retention once: retention= (a rate or draws) or "
                "retention_counts=(retained, at_risk)."
            )
        if retention is not None:
            retention_link = _parse_link("retention", retention, allow_normal=False)
            _check_retention(retention_link)
        else:
            retention_link = _retention_from_counts(retention_counts, float(prior))
        effect_link = _parse_link("retention_effect", retention_effect)
        margin_link = _parse_link("margin", margin)
        number = _finite_number
        customers_value = number("customers", customers)
        if customers_value < 0:
            raise LoyaltyDataError(f"customers must be >= 0, got {customers!r}.")
        inputs = cls(
            gap_change=_check_gap_change(gap_change, list(effects)),
            satisfaction_effect=effects,
            satisfaction_effect_cov=_check_covariance(satisfaction_effect_cov, effects),
            retention=retention_link,
            retention_effect=effect_link,
            margin=margin_link,
            customers=customers_value,
            discount_rate=number("discount_rate", discount_rate),
            horizon=_check_horizon(horizon),
            investment=number("investment", investment),
            cost_per_period=number("cost_per_period", cost_per_period),
        )
        inputs._check_economics()
        inputs._check_draw_lengths()
        return inputs

    def _check_economics(self) -> None:
        d = self.discount_rate
        if d <= -1:
            raise LoyaltyDataError(
                f"discount_rate must be > -1 (a rate per period, e.g. 0.1 for 10%), got {d!r}."
            )
        for name in ("investment", "cost_per_period"):
            if getattr(self, name) < 0:
                raise LoyaltyDataError(f"{name} must be >= 0, got {getattr(self, name)!r}.")
        if self.investment == 0 and self.cost_per_period == 0:
            raise LoyaltyDataError(
                "investment and cost_per_period are both 0: the return on the plan needs its "
                "cost; give the one-off investment and/or the running cost per period."
            )
        if math.isinf(self.horizon):
            if d < 0:
                raise LoyaltyDataError(
                    "an infinite horizon needs discount_rate >= 0 (otherwise the present value "
                    "diverges); give a finite horizon or a non-negative rate."
                )
            if d == 0 and self.cost_per_period > 0:
                raise LoyaltyDataError(
                    "an infinite horizon with discount_rate 0 makes the running cost infinite; "
                    "give a positive discount rate or a finite horizon."
                )

    def _check_draw_lengths(self) -> None:
        lengths = {name: link.draws.size for name, link in self._links() if link.draws is not None}
        if len(set(lengths.values())) > 1:
            raise LoyaltyDataError(
                f"arrays of draws must all have the same length (draws of one posterior, "
                f"resampled together), got {lengths}."
            )

    def _links(self) -> list[tuple[str, Link]]:
        items = [(f"satisfaction_effect['{d}']", v) for d, v in self.satisfaction_effect.items()]
        return [
            *items,
            ("retention", self.retention),
            ("retention_effect", self.retention_effect),
            ("margin", self.margin),
        ]

    def with_plan(
        self, gap_change: Mapping[str, float], **costs: Unpack[PlanCosts]
    ) -> ReturnInputs:
        """Return the same links and economics with another plan.

        Parameters
        ----------
        gap_change : mapping of str to float
            The plan's gap changes (dimensions not named: 0).
        **costs
            ``investment`` and ``cost_per_period`` (keywords, see :class:`PlanCosts`): the
            plan's costs (default or None: those of these inputs).

        Returns
        -------
        ReturnInputs
            The validated inputs of the other plan.
        """
        investment = costs.get("investment")
        cost_per_period = costs.get("cost_per_period")
        other = replace(
            self,
            gap_change=_check_gap_change(gap_change, self.dimensions),
            investment=self.investment
            if investment is None
            else _finite_number("investment", investment),
            cost_per_period=self.cost_per_period
            if cost_per_period is None
            else _finite_number("cost_per_period", cost_per_period),
        )
        other._check_economics()
        return other

    def economics(self) -> dict[str, float]:
        """Return the economics of the plan, the keywords of :func:`.chain.experience_return`.

        Returns
        -------
        dict of str to float
            ``customers``, ``discount_rate``, ``horizon``, ``investment`` and
            ``cost_per_period``.
        """
        names = ("customers", "discount_rate", "horizon", "investment", "cost_per_period")
        return {name: getattr(self, name) for name in names}

    def point_links(self) -> Links:
        """Return the plug-in value of every link, as arrays with one "draw".

        Returns
        -------
        dict of str to numpy.ndarray
            ``satisfaction_effect`` of shape (1, n_dimensions); ``retention``,
            ``retention_effect`` and ``margin`` of shape (1,).
        """
        beta = np.array([[link.estimate for link in self.satisfaction_effect.values()]])
        return {
            "satisfaction_effect": beta,
            "retention": np.array([self.retention.estimate]),
            "retention_effect": np.array([self.retention_effect.estimate]),
            "margin": np.array([self.margin.estimate]),
        }

    def draw_links(self, draws: int, rng: np.random.Generator) -> Links:
        """Draw every link from its sampling or posterior distribution.

        Given draws are used in order when there are exactly ``draws`` of them, and otherwise
        resampled with replacement with one index common to all of them.

        Parameters
        ----------
        draws : int
            Monte Carlo draws.
        rng : numpy.random.Generator
            The random source.

        Returns
        -------
        dict of str to numpy.ndarray
            As :meth:`point_links`, with ``draws`` rows.
        """
        lengths = [link.draws.size for _, link in self._links() if link.draws is not None]
        index = None
        if lengths and lengths[0] != draws:
            index = rng.integers(0, lengths[0], size=draws)
        dims = self.dimensions
        beta = np.empty((draws, len(dims)))
        joint: list[str] = []
        if self.satisfaction_effect_cov is not None:
            joint = list(self.satisfaction_effect_cov.index)
            mean = np.array([self.satisfaction_effect[d].estimate for d in joint])
            sample = rng.multivariate_normal(
                mean, self.satisfaction_effect_cov.to_numpy(), size=draws, method="eigh"
            )
            for k, d in enumerate(joint):
                beta[:, dims.index(d)] = sample[:, k]
        for k, d in enumerate(dims):
            if d not in joint:
                beta[:, k] = self.satisfaction_effect[d].sample(draws, rng, index)
        return {
            "satisfaction_effect": beta,
            "retention": self.retention.sample(draws, rng, index),
            "retention_effect": self.retention_effect.sample(draws, rng, index),
            "margin": self.margin.sample(draws, rng, index),
        }
