r"""The experience-return model: what closing experience gaps returns, with its uncertainty.

:class:`ExperienceReturn` draws every link of the chain (satisfaction effects, baseline
retention, retention effect, margin) from its sampling or posterior distribution and evaluates
the chain of :mod:`loyaltymodels.returns.chain` draw by draw (Monte Carlo propagation of
uncertainty), in the spirit of the return-on-quality model of Rust, Zahorik & Keiningham
(1995). Each output is summarised by its plug-in value (the chain at the links' estimates),
Monte Carlo mean, median, standard deviation, equal-tailed interval and probability of being
positive; the probability that the ROI is positive is that of the net value.

References
----------
Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loyaltymodels.monte_carlo_model import MonteCarloModel
from loyaltymodels.returns.inputs import ReturnInputs
from loyaltymodels.returns.result import ExperienceReturnResult
from loyaltymodels.returns.summary import SUMMARY_COLUMNS, summarise_draws, summarise_return

__all__ = [
    "SUMMARY_COLUMNS",
    "ExperienceReturn",
    "ExperienceReturnResult",
    "summarise_draws",
    "summarise_return",
]


@dataclass(frozen=True)
class ExperienceReturn(MonteCarloModel):
    """The return on closing experience gaps (Rust, Zahorik & Keiningham 1995).

    The model stores its settings only; :meth:`fit` takes the validated inputs
    (:class:`~loyaltymodels.returns.ReturnInputs`) and returns an
    :class:`ExperienceReturnResult`. See :mod:`loyaltymodels.returns.chain` for the formulas.

    Parameters
    ----------
    draws : int, default 10000
        Monte Carlo draws of the links.
    ci_prob, confidence_level
        The interval probability (default 0.90) and its former name, as in
        :class:`~loyaltymodels.monte_carlo_model.MonteCarloModel`.

    References
    ----------
    Rust, R. T., Zahorik, A. J. & Keiningham, T. L. (1995). Return on Quality (ROQ): Making
    Service Quality Financially Accountable. *Journal of Marketing* 59(2), 58-70.

    Examples
    --------
    >>> from loyaltymodels.returns import ReturnInputs
    >>> inputs = ReturnInputs.from_values(
    ...     gap_change={"reliability": 0.8}, satisfaction_effect={"reliability": 0.5},
    ...     retention=0.8, retention_effect=0.5, customers=1000, margin=100,
    ...     discount_rate=0.0, horizon=1, investment=1000)
    >>> result = ExperienceReturn(draws=1000).fit(inputs, random_seed=1)
    >>> round(float(result.params.loc["value", "estimate"]), 6)  # 1000 x 100 x (r1 - 0.8)
    3009.410672
    """

    draws: int = 10_000

    def fit(
        self,
        inputs: ReturnInputs,
        *,
        random_seed: int | None = None,
        label: str = "plan",
    ) -> ExperienceReturnResult:
        """Draw the links and evaluate the plan's return.

        Parameters
        ----------
        inputs : ReturnInputs
            The validated inputs.
        random_seed : int, optional
            Seed of the numpy Generator used for the draws.
        label : str, default "plan"
            A name for the plan.

        Returns
        -------
        ExperienceReturnResult
            Every output of the chain with its Monte Carlo summary.
        """
        self.check_inputs(inputs, ReturnInputs, "ReturnInputs.from_values(...)")
        links = inputs.draw_links(int(self.draws), np.random.default_rng(random_seed))
        return ExperienceReturnResult(
            inputs=inputs, links=links, label=str(label), **self.run_record(random_seed)
        )
