"""The result of a discrete-time hazard fit: effects, churn probabilities and survival curves."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._bayes_fit import Fit
from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.churn.aggregation import count_patterns
from loyaltymodels.churn.fit_report import ChurnFitReport
from loyaltymodels.churn.hazard_likelihood import hazard_linear_predictor, log_hazard_terms
from loyaltymodels.churn.panel_data import check_covariate_rows, check_panel
from loyaltymodels.likelihood.backend import NUMPY
from loyaltymodels.summaries import (
    check_ci_prob,
    equal_tailed_interval,
    summarise_draws,
    wald_interval,
)

__all__ = ["HazardChurnResult", "HazardSpec"]

_LABEL = re.compile(r"^(?P<name>[A-Za-z_]+)(\[(?P<index>\d+)\])?$")
_MAX_CELLS = 20_000_000


@dataclass
class HazardSpec:
    """What a hazard fit needs to predict: column names, periods, segments, covariate means."""

    link: str
    period: str
    covariates: list[str]
    segment: str | None
    customer: str
    periods: np.ndarray
    segments: list[str] = field(default_factory=list)
    center: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def from_panel(
        cls,
        panel: pd.DataFrame,
        link: str,
        *,
        period: str,
        covariates: list[str],
        segment: str | None,
        customer: str,
    ) -> HazardSpec:
        """Build the specification of a checked panel: its periods, segments and covariate means.

        Parameters
        ----------
        panel : pandas.DataFrame
            The checked customer-period panel.
        link : str
            The link function.
        period, segment, customer : str
            The period, segment (optional) and customer id columns.
        covariates : list of str
            The covariate columns.

        Returns
        -------
        HazardSpec
            The sorted periods, the sorted segment names (as strings) and the covariate means.
        """
        periods = np.sort(panel[period].unique()).astype("int64")
        segments = sorted(str(s) for s in pd.unique(panel[segment].astype(str))) if segment else []
        center = panel[covariates].to_numpy(dtype=float).mean(axis=0) if covariates else np.zeros(0)
        return cls(link, period, covariates, segment, customer, periods, segments, center)

    def profile_values(
        self, profile: Mapping[str, float] | None, *, model: str = "the model"
    ) -> dict[str, float]:
        """Return the covariate values of a profile: those given, the others at their means.

        Parameters
        ----------
        profile : mapping of str to float, optional
            Covariate values, e.g. ``{"satisfaction": 7.0}``.
        model : str, default "the model"
            How messages name the fitted model.

        Returns
        -------
        dict of str to float
            One value per covariate, in the model's order.

        Raises
        ------
        LoyaltyDataError
            If the profile names a covariate the model does not have.
        """
        values = dict(zip(self.covariates, self.center.tolist(), strict=True))
        unknown = [name for name in (profile or {}) if name not in values]
        if unknown:
            raise LoyaltyDataError(
                f"profile names unknown covariates {unknown}; {model} has {self.covariates}."
            )
        values.update({name: float(value) for name, value in (profile or {}).items()})
        return values


class HazardChurnResult(ChurnFitReport, Result, frozen=True):
    """A fitted discrete-time hazard model.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per parameter: ``baseline[t]`` (the linear predictor at zero covariates in
        period ``t``; with segments, for the average segment), one row per covariate (its
        coefficient), and with segments ``sigma_segment`` and ``segment[s]`` (each segment's
        deviation from the average segment; they sum to zero). Columns ``estimate``, ``sd``,
        the 95% interval (``hdi_lower``, ``hdi_upper`` for sampled fits, ``wald_lower``,
        ``wald_upper`` for ``"map"``/``"mle"``), ``r_hat``, ``ess_bulk``, ``ess_tail``.
    method : str
        The fitting method.
    n_rows, n_patterns, n_customers, n_churned : int
        Customer-periods in the panel, distinct (period, covariates, segment) patterns the
        likelihood was evaluated on, customers and churns.
    flags : list of str
        Failed diagnostics.
    """

    def __init__(
        self,
        fit: Fit,
        spec: HazardSpec,
        *,
        n_rows: int,
        n_patterns: int,
        n_customers: int,
        n_churned: int,
    ) -> None:
        super().__init__(fit)
        self.spec = spec
        self.n_rows = n_rows
        self.n_patterns = n_patterns
        self.n_customers = n_customers
        self.n_churned = n_churned

    @classmethod
    def from_fit(cls, fit: Fit, spec: HazardSpec, **counts: int) -> HazardChurnResult:
        """Build the result from the complete fit of the likelihood-model core.

        Parameters
        ----------
        fit : Fit
            The fit (labelled table and flags).
        spec : HazardSpec
            The specification the model was built from.
        **counts : int
            ``n_rows``, ``n_patterns``, ``n_customers`` and ``n_churned``.

        Returns
        -------
        HazardChurnResult
            The result.
        """
        return cls(fit, spec, **counts)

    @property
    def measure(self) -> str:
        """``"odds_ratio"`` for the logit link, ``"hazard_ratio"`` for the cloglog link."""
        return "odds_ratio" if self.spec.link == "logit" else "hazard_ratio"

    def effects(
        self, per: Mapping[str, float] | None = None, *, ci_prob: float = 0.95
    ) -> pd.DataFrame:
        """Covariate effects as odds ratios (logit) or hazard ratios (cloglog) with intervals.

        Parameters
        ----------
        per : mapping, optional
            Change of each covariate the ratio refers to (default 1 unit), e.g.
            ``{"satisfaction": 2}``.
        ci_prob : float, default 0.95
            The interval probability.

        Returns
        -------
        pandas.DataFrame
            Indexed by covariate: ``coefficient`` and its interval ``lower``/``upper``,
            ``ratio`` = exp(per x coefficient) with ``ratio_lower``/``ratio_upper``, ``per``
            and ``measure``. Intervals are equal-tailed posterior intervals, or Wald
            intervals for ``"map"``/``"mle"``.
        """
        if not self.spec.covariates:
            raise LoyaltyDataError(
                "the model has no covariates, so there are no effects to report."
            )
        per = dict(per or {})
        unknown = [name for name in per if name not in self.spec.covariates]
        if unknown:
            raise LoyaltyDataError(
                f"per names unknown covariates {unknown}; the model has {self.spec.covariates}."
            )
        names = self.spec.covariates
        if self.fit.n_draws == 1:
            table = self.params.loc[names]
            estimate = table["estimate"].to_numpy()
            interval = wald_interval(estimate, table["sd"].to_numpy(), check_ci_prob(ci_prob))
        else:
            draws = self.fit.draws("coef")
            estimate = draws.mean(axis=0)
            interval = equal_tailed_interval(draws, check_ci_prob(ci_prob))
        lower, upper = np.asarray(interval.lower), np.asarray(interval.upper)
        scale = np.array([float(per.get(name, 1.0)) for name in names])
        frame = pd.DataFrame(
            {
                "coefficient": estimate,
                "lower": lower,
                "upper": upper,
                "ratio": np.exp(scale * estimate),
                "ratio_lower": np.exp(np.minimum(scale * lower, scale * upper)),
                "ratio_upper": np.exp(np.maximum(scale * lower, scale * upper)),
                "per": scale,
                "measure": self.measure,
            },
            index=pd.Index(names, name="covariate"),
        )
        return frame

    def summary_attrs(self) -> dict[str, Any]:
        """Return the method, the link and the data counts (the attrs of :meth:`summary`).

        Returns
        -------
        dict
            ``method``, ``link``, ``n_rows``, ``n_patterns``, ``n_customers``, ``n_churned``.
        """
        return {
            "method": self.method,
            "link": self.spec.link,
            "n_rows": self.n_rows,
            "n_patterns": self.n_patterns,
            "n_customers": self.n_customers,
            "n_churned": self.n_churned,
        }

    # ------------------------------------------------------------------ linear predictor

    def _eta(self, patterns: pd.DataFrame) -> np.ndarray:
        """Draws of the linear predictor for rows of covariate patterns: (n_draws, n_rows)."""
        spec = self.spec
        period_values = patterns[spec.period].to_numpy("int64")
        position = np.searchsorted(spec.periods, period_values)
        inside = (position < len(spec.periods)) & (
            spec.periods[np.minimum(position, len(spec.periods) - 1)] == period_values
        )
        if not inside.all():
            bad = sorted(set(period_values[~inside].tolist()))
            raise LoyaltyDataError(
                f"column '{spec.period}' has periods {bad} that the model was not fitted on "
                f"(it has a baseline for {spec.periods.tolist()}); the baseline cannot be "
                "extrapolated."
            )
        values: dict[str, Any] = {"period_index": position}
        draws = {"baseline": self.fit.draws("baseline")}
        if spec.covariates:
            values["covariates"] = patterns[spec.covariates].to_numpy(dtype=float)
            draws["coef"] = self.fit.draws("coef")
        if spec.segment:
            labels = patterns[spec.segment].astype(str)
            codes = pd.Categorical(labels, categories=spec.segments).codes
            if (codes < 0).any():
                unknown = sorted(set(labels[codes < 0]))
                raise LoyaltyDataError(
                    f"column '{spec.segment}' has segments {unknown} the model was not fitted on; "
                    f"known segments are {spec.segments}."
                )
            values["segment_index"] = codes
            draws["segment_effect"] = self.fit.draws("segment_effect")
        return np.asarray(hazard_linear_predictor(values, draws, NUMPY))

    def _hazard(self, patterns: pd.DataFrame) -> np.ndarray:
        log_h, _ = log_hazard_terms(self._eta(patterns), self.spec.link)
        hazard: np.ndarray = np.exp(log_h)
        return hazard

    def _log_survive(self, patterns: pd.DataFrame) -> np.ndarray:
        _, log_survive = log_hazard_terms(self._eta(patterns), self.spec.link)
        return np.asarray(log_survive)

    def _keys(self) -> list[str]:
        spec = self.spec
        return [spec.period, *spec.covariates] + ([spec.segment] if spec.segment else [])

    # ------------------------------------------------------------------ predictions

    def predict_churn(self, data: pd.DataFrame, *, ci_prob: float = 0.95) -> pd.DataFrame:
        """Posterior churn probability of each customer-period row.

        Computed once per distinct (period, covariates, segment) pattern, in chunks, so memory
        stays bounded for millions of rows.

        Parameters
        ----------
        data : pandas.DataFrame
            Rows with the period, covariate and segment columns used in the fit.
        ci_prob : float, default 0.95
            Probability of the equal-tailed posterior interval.

        Returns
        -------
        pandas.DataFrame
            Indexed like ``data``: ``mean``, ``sd`` and the interval ``lower``, ``upper``
            of :math:`h_{it}`.
        """
        spec = self.spec
        check_covariate_rows(
            data, period=spec.period, covariates=spec.covariates, segment=spec.segment
        )
        counted = count_patterns(data, self._keys())
        patterns = counted.patterns
        chunk = max(1, _MAX_CELLS // self.fit.n_draws)
        summaries = {key: np.empty(len(patterns)) for key in ("mean", "sd", "lower", "upper")}
        for start in range(0, len(patterns), chunk):
            block = patterns.iloc[start : start + chunk]
            for key, value in (
                summarise_draws(self._hazard(block), check_ci_prob(ci_prob)).as_dict().items()
            ):
                summaries[key][start : start + chunk] = value
        return pd.DataFrame(
            {key: value[counted.row_pattern] for key, value in summaries.items()}, index=data.index
        )

    def survival(self, data: pd.DataFrame, *, ci_prob: float = 0.95) -> pd.DataFrame:
        r"""Posterior survival curve of each customer along their covariate path.

        :math:`S_i(t) = \prod_{k \le t} (1 - h_{ik})`, the probability that customer ``i``
        is still active at the end of period ``t``, from their first row onwards.

        Parameters
        ----------
        data : pandas.DataFrame
            Customer-period rows (consecutive periods per customer) with the customer,
            period, covariate and segment columns; a churn column is not needed, so future
            periods with assumed covariates can be projected.
        ci_prob : float, default 0.95
            Probability of the equal-tailed posterior interval.

        Returns
        -------
        pandas.DataFrame
            One row per input row, sorted by customer and period: the customer and period
            columns, ``mean``, ``sd``, ``lower``, ``upper``.
        """
        spec = self.spec
        panel = check_panel(
            data,
            customer=spec.customer,
            period=spec.period,
            churned=None,
            covariates=spec.covariates,
            segment=spec.segment,
        )
        counted = count_patterns(panel, self._keys())
        ids = panel[spec.customer].to_numpy()
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        bounds = np.r_[starts, len(panel)]
        chunk_rows = max(1, _MAX_CELLS // self.fit.n_draws)
        out = {key: np.empty(len(panel)) for key in ("mean", "sd", "lower", "upper")}
        first = 0
        while first < len(starts):
            last = int(np.searchsorted(bounds, bounds[first] + chunk_rows, side="right")) - 1
            last = max(last, first + 1)
            row_lo, row_hi = int(bounds[first]), int(bounds[last])
            rows = counted.row_pattern[row_lo:row_hi]
            unique, inverse = np.unique(rows, return_inverse=True)
            log_survive = self._log_survive(counted.patterns.iloc[unique])[:, inverse]
            cumulative = np.cumsum(log_survive, axis=1)
            block_starts = bounds[first:last] - row_lo
            offset = np.concatenate([np.zeros((cumulative.shape[0], 1)), cumulative], axis=1)
            lengths = np.diff(bounds[first : last + 1])
            before = np.repeat(offset[:, block_starts], lengths, axis=1)
            for key, value in (
                summarise_draws(np.exp(cumulative - before), ci_prob).as_dict().items()
            ):
                out[key][row_lo:row_hi] = value
            first = last
        frame = panel[[spec.customer, spec.period]].copy()
        for key, value in out.items():
            frame[key] = value
        return frame

    def segment_survival(
        self,
        profile: Mapping[str, float] | None = None,
        *,
        segments: list[str] | None = None,
        ci_prob: float = 0.95,
    ) -> pd.DataFrame:
        """Survival and hazard curves per segment for a covariate profile, over the fitted periods.

        Parameters
        ----------
        profile : mapping, optional
            Covariate values held in every period; covariates not named are held at their
            panel means.
        segments : list of str, optional
            Segments to show (all by default; ``["all"]`` without segment effects).
        ci_prob : float, default 0.95
            Probability of the equal-tailed posterior interval.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``period``: ``segment``, ``hazard`` (posterior mean), and the survival
            probability at the end of the period: ``mean``, ``sd``, ``lower``, ``upper``.
        """
        spec = self.spec
        values = spec.profile_values(profile)
        names = segments or (spec.segments if spec.segment else ["all"])
        frames = []
        for name in names:
            rows = pd.DataFrame({spec.period: spec.periods})
            for covariate, value in values.items():
                rows[covariate] = value
            if spec.segment:
                rows[spec.segment] = name
            hazard = self._hazard(rows)
            curve = np.exp(np.cumsum(np.log1p(-hazard), axis=1))
            frame = pd.DataFrame(
                {
                    "segment": name,
                    "hazard": hazard.mean(axis=0),
                    **summarise_draws(curve, check_ci_prob(ci_prob)).as_dict(),
                },
                index=pd.Index(spec.periods, name="period"),
            )
            frames.append(frame)
        return pd.concat(frames)
