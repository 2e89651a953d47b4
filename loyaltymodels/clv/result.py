"""Shared machinery of fitted CLV models: parameters, draws and chunked per-customer predictions.

Predictions are computed on the unique patterns of the data handed in, over the posterior draws
(evenly thinned to ``max_draws``), in chunks of patterns so that a chunk's (draws x patterns)
array stays small; only the per-pattern summaries (mean, sd and an equal-tailed interval) are
kept and mapped back to customers. The full (draws x customers) array is returned only on
request (``return_draws=True``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.patterns import compress_patterns
from loyaltymodels.clv.prediction import (
    Quantity,
    customer_index,
    predict,
    run_chunks,
    summary_frame,
)
from loyaltymodels.clv.summary_checks import WEIGHTS, count_customers
from loyaltymodels.summaries import summarise_draws as draw_summaries

if TYPE_CHECKING:
    from loyaltymodels._bayes_fit import BayesFit

__all__ = [
    "DEFAULT_MAX_DRAWS",
    "CLVResult",
    "PredictionFunction",
    "PredictionSettings",
    "customer_index",
    "run_chunks",
    "summarise_draws",
    "summary_frame",
    "thin_draws",
]

DEFAULT_MAX_DRAWS = 500
_PATTERN_COLUMNS = ("frequency", "recency", "T", "periods", "n", "monetary_value")
PredictionFunction = Callable[[dict[str, np.ndarray], dict[str, np.ndarray]], np.ndarray]


class PredictionSettings(TypedDict, total=False):
    """Keyword settings of the per-customer predictions (defaults of :meth:`CLVResult.predict`).

    Attributes
    ----------
    max_draws : int or None, default 500
        Use at most this many evenly thinned posterior draws; None uses all.
    ci_prob : float, default 0.95
        Probability of the equal-tailed interval (``lower``, ``upper``); formerly
        ``interval`` (still accepted, with a FutureWarning).
    return_draws : bool, default False
        Return the (draws x customers) array instead of the summary.
    n_jobs : int, default -1
        Threads evaluating chunks in parallel (-1: one per core).
    """

    max_draws: int | None
    ci_prob: float
    return_draws: bool
    n_jobs: int


def thin_draws(draws: dict[str, np.ndarray], max_draws: int | None) -> dict[str, np.ndarray]:
    """Keep at most ``max_draws`` evenly spaced draws of every variable.

    Parameters
    ----------
    draws : dict of str to numpy.ndarray
        Draws with the draw axis first.
    max_draws : int or None
        The most draws to keep; None keeps all.

    Returns
    -------
    dict of str to numpy.ndarray
        The thinned draws.

    Examples
    --------
    >>> import numpy as np
    >>> thin_draws({"r": np.arange(10.0)}, 4)["r"].tolist()
    [0.0, 3.0, 6.0, 9.0]
    """
    n_draws = len(next(iter(draws.values())))
    if max_draws is None or n_draws <= max_draws:
        return draws
    if max_draws < 1:
        raise LoyaltyDataError(f"max_draws must be a positive integer or None, got {max_draws}.")
    keep = np.unique(np.round(np.linspace(0, n_draws - 1, max_draws)).astype(int))
    return {name: values[keep] for name, values in draws.items()}


class CLVResult(Result, frozen=True):
    """A fitted CLV model: parameters, posterior and per-customer predictions.

    Attributes
    ----------
    method : str
        The fitting method.
    params : pandas.DataFrame
        One row per parameter: ``estimate``, ``sd``, ``hdi_lower``, ``hdi_upper`` (95 %),
        ``r_hat``, ``ess_bulk``, ``ess_tail``.
    idata : arviz DataTree
        The posterior with the configuration, seed and package version in its attributes.
    flags : list of str
        Failed diagnostics (also issued as warnings when fitting).
    log_likelihood : float
        The log-likelihood at the parameter estimates (posterior means for sampled fits).
    n_customers, n_patterns, n_excluded : int
        Customers in the data (the sum of ``weights`` when the data are weighted patterns),
        unique patterns fitted, customers the model excluded (counted, not silently dropped;
        e.g. customers without repeat purchases for Gamma-Gamma). A result rebuilt without
        its data is given ``n_customers`` by its constructor.
    data : pandas.DataFrame
        The fitted summary (the default ``data`` of the predictions).
    model : CLVModel
        The model (configuration) that was fitted.
    """

    model_name: str = ""
    parameter_names: tuple[str, ...] = ()
    fitted_data = ("data",)

    def __init__(
        self,
        *,
        fit: BayesFit,
        data: pd.DataFrame,
        config: dict[str, Any],
        model: Any,
        var_names: Sequence[str],
        n_patterns: int,
        n_excluded: float = 0,
        n_customers: float | None = None,
    ) -> None:
        self.method = fit.method
        self.params = fit.params
        self._fit = fit
        self.flags = list(fit.flags)
        self.max_logp = fit.max_logp
        self.config = dict(config)
        self.model = model
        self.data = data
        self.n_customers = count_customers(data) if n_customers is None else n_customers
        self.n_patterns = int(n_patterns)
        self.n_excluded = int(n_excluded) if float(n_excluded).is_integer() else n_excluded
        self._draws = {name: fit.draws(name) for name in var_names}
        self.log_likelihood = fit.log_likelihood

    @property
    def idata(self) -> Any:
        """The ArviZ DataTree of the fit (configuration, seed and version in ``attrs``).

        For fits with posterior draws it carries a ``log_likelihood`` group (variable
        ``purchases``, dimension ``pattern``: one value per unique customer pattern and draw)
        and the number of customers of each pattern in ``constant_data["pattern_weight"]``, so
        that :func:`arviz.loo` works; :func:`loyaltymodels.clv.loo` weights it by customer.
        """
        idata = self._fit.idata
        if self.n_draws > 1 and "log_likelihood" not in idata.children:
            import xarray as xr

            loglik, weights = self.model.pointwise_log_likelihood(self.data, self._draws)
            chains = int(idata["posterior"].sizes.get("chain", 1))
            shaped = loglik.reshape(chains, -1, loglik.shape[1])
            idata["log_likelihood"] = xr.Dataset(
                {"purchases": (("chain", "draw", "pattern"), shaped)}
            )
            idata["constant_data"] = xr.Dataset({"pattern_weight": (("pattern",), weights)})
            idata.attrs["log_likelihood"] = (
                "per unique pattern; each pattern stands for constant_data.pattern_weight "
                "customers (weight elpd_i by it, as loyaltymodels.clv.loo does)"
            )
        return idata

    def _without_fitted_data(self, name: str, value: Any) -> Any:
        """Keep the unique patterns of the fitted summary with their counts (``weights``).

        Predictions without new data then return one row per pattern (indexed ``pattern``)
        instead of one per customer.
        """
        columns = [c for c in value.columns if c in _PATTERN_COLUMNS]
        columns += [c for c in self.model.covariate_columns if c not in columns]
        counts = (
            value[WEIGHTS].to_numpy(dtype=float)
            if WEIGHTS in value.columns
            else np.ones(len(value))
        )
        patterns = compress_patterns(value, columns, counts)
        table = pd.DataFrame(patterns.values, columns=columns)
        table[WEIGHTS] = patterns.weights
        table.index = pd.RangeIndex(len(table), name="pattern")
        return table

    # ------------------------------------------------------------------ draws

    @property
    def n_draws(self) -> int:
        """The number of posterior draws (1 for a point fit)."""
        return len(next(iter(self._draws.values())))

    def posterior_draws(self, max_draws: int | None = None) -> dict[str, np.ndarray]:
        """Return the parameter draws (draw axis first), evenly thinned to ``max_draws``.

        Parameters
        ----------
        max_draws : int, optional
            The most draws to return; None returns all.

        Returns
        -------
        dict of str to numpy.ndarray
            One array per model variable.
        """
        return thin_draws(self._draws, max_draws)

    def point_estimates(self) -> dict[str, np.ndarray]:
        """Return the posterior mean of every variable (the mode for a point fit).

        Returns
        -------
        dict of str to numpy.ndarray
            One value per model variable.
        """
        return {name: values.mean(axis=0) for name, values in self._draws.items()}

    # ------------------------------------------------------------------ display

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__} ({self.model_name}, method={self.method!r}, "
            f"{self.n_customers} customers in {self.n_patterns} patterns, "
            f"log-likelihood {self.log_likelihood:.4f})\n{self.to_markdown()}"
        )

    # ------------------------------------------------------------------ predictions

    def prediction_data(self, data: pd.DataFrame | None = None) -> pd.DataFrame:
        """Return the summary predictions use: ``data`` validated like the fitted data.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            A summary like the fitted one; default the fitted data.

        Returns
        -------
        pandas.DataFrame
            The validated summary.
        """
        return self.data if data is None else self.model._validate(data)

    def _prepare(self, data: pd.DataFrame | None) -> pd.DataFrame:
        return self.prediction_data(data)

    def predict(
        self,
        quantity: Quantity | Callable[[pd.DataFrame], Quantity],
        data: pd.DataFrame | None = None,
        max_draws: int | None = DEFAULT_MAX_DRAWS,
        ci_prob: float = 0.95,
        return_draws: bool = False,
        n_jobs: int = -1,
        *,
        draws: dict[str, np.ndarray] | None = None,
    ) -> pd.DataFrame | np.ndarray:
        """Predict a quantity per customer with the engine (:func:`.prediction.predict`).

        Parameters
        ----------
        quantity : Quantity or callable
            What to predict (:mod:`loyaltymodels.clv.quantities`), or a function that makes it
            from the validated summary.
        data : pandas.DataFrame, optional
            A summary like the fitted one (validated by :meth:`prediction_data`); default the
            fitted data.
        max_draws, ci_prob, return_draws, n_jobs
            The :class:`PredictionSettings` of the prediction methods (e.g.
            ``probability_alive``): at most ``max_draws`` evenly thinned draws, the interval
            probability, the (draws x customers) array instead of the summary, and the threads.
        draws : dict of str to numpy.ndarray, optional
            The draws to use instead of the thinned posterior.

        Returns
        -------
        pandas.DataFrame or numpy.ndarray
            Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper``.
        """
        frame = self.prediction_data(data)
        chosen = self.posterior_draws(max_draws) if draws is None else draws
        spec = quantity if isinstance(quantity, Quantity) else quantity(frame)
        return predict(
            spec, frame, chosen, ci_prob=ci_prob, return_draws=return_draws, n_jobs=n_jobs
        )

    def _summarise(
        self,
        function: PredictionFunction,
        data: pd.DataFrame,
        columns: Sequence[str],
        *,
        draws: dict[str, np.ndarray],
        interval: float,
        return_draws: bool,
        n_jobs: int,
    ) -> Any:
        """Evaluate ``function`` per pattern chunk and summarise it per customer."""
        quantity = Quantity(tuple(columns), function)
        return self.predict(quantity, data, None, interval, return_draws, n_jobs, draws=draws)


def summarise_draws(values: np.ndarray, interval: float) -> np.ndarray:
    """Summarise draws (rows) per column: mean, sd and the equal-tailed interval.

    .. deprecated:: 0.2.0
        Use :func:`loyaltymodels.summaries.summarise_draws` (``.as_array()``); the sd is
        ArviZ's (``ddof=1``) there and here.

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(n_draws, n_columns)``.
    interval : float
        The interval probability.

    Returns
    -------
    numpy.ndarray
        Shape ``(4, n_columns)``: mean, sd, lower, upper.
    """
    warnings.warn(
        "loyaltymodels.clv.result.summarise_draws is deprecated; use "
        "loyaltymodels.summaries.summarise_draws(values, ci_prob).as_array().",
        FutureWarning,
        stacklevel=2,
    )
    return draw_summaries(values, interval).as_array()
