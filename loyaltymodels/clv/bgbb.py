"""The BG/BB model for discrete opportunities (Fader, Hardie & Shang 2010) and its result."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.clv.closed_form_predictions import ClosedFormPredictions
from loyaltymodels.clv.expectations.bgbb import BGBB_CLOSED_FORMS
from loyaltymodels.clv.likelihoods.bgbb import bgbb_loglik
from loyaltymodels.clv.model_base import CLVModel
from loyaltymodels.clv.priors import SHAPE_PRIOR, PriorSpec
from loyaltymodels.clv.summary_checks import validate_summary
from loyaltymodels.clv.transaction_result import TransactionResult

__all__ = ["BetaGeoBetaBinom", "BetaGeoBetaBinomResult"]

Arrays = dict[str, np.ndarray]


MAX_OPPORTUNITIES = 10_000
"""The most purchase opportunities (``periods``/``T``) BG/BB accepts per customer."""


def _time_column(data: pd.DataFrame) -> str:
    return "T" if "T" in data.columns or "periods" not in data.columns else "periods"


class BetaGeoBetaBinomResult(ClosedFormPredictions, TransactionResult):
    """A fitted BG/BB model; horizons ``t`` count future opportunities.

    Provides :meth:`probability_alive` (alive at the next opportunity),
    :meth:`expected_purchases`, :meth:`purchase_probability` (exactly ``n`` transactions in
    the next ``t`` opportunities; ``t`` must be a whole number),
    :meth:`expected_purchases_new_customer` and :meth:`customer_lifetime_value` (use
    ``time_unit=1`` for one discounting period per opportunity); closed forms in
    :mod:`loyaltymodels.clv.expectations.bgbb`. See :class:`BetaGeoBetaBinom` for an example.
    """

    model_name = "BG/BB"
    parameter_names = ("alpha", "beta", "gamma", "delta")
    closed_forms = BGBB_CLOSED_FORMS

    def _pattern_columns(self, data: pd.DataFrame) -> list[str]:
        return ["frequency", "recency", _time_column(data)]


class BetaGeoBetaBinom(CLVModel[BetaGeoBetaBinomResult]):
    r"""The BG/BB model (Fader, Hardie & Shang 2010, Marketing Science 29(6)).

    At each of n discrete opportunities an active customer transacts with probability
    :math:`p \sim \text{Beta}(\alpha, \beta)` and, before the next one, drops out with
    probability :math:`\theta \sim \text{Beta}(\gamma, \delta)`. The data are
    ``frequency`` (x, repeat transactions), ``recency`` (t_x, the opportunity of the last one)
    and ``T`` or ``periods`` (n), optionally ``weights`` (customers sharing the row).

    Parameters
    ----------
    priors : dict, optional
        Priors for ``alpha``, ``beta``, ``gamma``, ``delta``.

    Examples
    --------
    >>> from loyaltymodels.clv import BetaGeoBetaBinom
    >>> from loyaltymodels.datasets import load_donations
    >>> published = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    >>> result = BetaGeoBetaBinom().with_parameters(load_donations(), published)
    >>> round(result.log_likelihood, 1)
    -33225.6
    >>> no_gift = result.purchase_probability(n=0, t=5)  # no gift in the next 5 opportunities
    >>> no_gift["mean"].round(3).head(3).tolist()
    [0.952, 0.953, 0.829]
    """

    name = "BetaGeoBetaBinom"
    default_priors: ClassVar[dict[str, PriorSpec]] = {
        "alpha": SHAPE_PRIOR,
        "beta": SHAPE_PRIOR,
        "gamma": SHAPE_PRIOR,
        "delta": SHAPE_PRIOR,
    }
    result_class = BetaGeoBetaBinomResult

    def _validate(self, data: Any) -> pd.DataFrame:
        if isinstance(data, pd.DataFrame):
            column = _time_column(data)
            checked = validate_summary(data, time_column=column, discrete=True)
            periods = checked[column].to_numpy(dtype=float)
            too_many = periods > MAX_OPPORTUNITIES
            if too_many.any():
                raise LoyaltyDataError(
                    f"column '{column}' counts more than {MAX_OPPORTUNITIES:,} opportunities at "
                    f"{describe_rows(checked.index[too_many])} (up to {periods.max():,.0f}); the "
                    "BG/BB likelihood sums over every opportunity, and with this many the "
                    "process is continuous: fit BetaGeo or ParetoNBD on (frequency, recency, T)."
                )
            return checked
        return validate_summary(data, discrete=True)

    def _pattern_columns(self) -> list[str]:
        return ["frequency", "recency", "n"]

    def _compress(self, data: pd.DataFrame) -> Any:
        frame = data.assign(n=data[_time_column(data)])
        return super()._compress(frame)

    def loglik(self, values: dict[str, Any], params: dict[str, Any], xp: Any) -> Any:
        """Return the log-likelihood of each pattern (NumPy or PyTensor)."""
        periods = values["n"]
        max_periods = int(np.max(getattr(periods, "data", periods)))
        return bgbb_loglik(
            values["frequency"],
            values["recency"],
            values["n"],
            params["alpha"],
            params["beta"],
            params["gamma"],
            params["delta"],
            max_periods=max_periods,
            xp=xp,
        )
