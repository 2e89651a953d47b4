"""The outcome of a Bayesian or likelihood fit, shared by every fitting path.

Kept free of PyMC and ArviZ imports: a point fit by plain NumPy (see :mod:`loyaltymodels._optimise`)
builds its ArviZ DataTree only when ``.idata`` is first read.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "INTERVAL_PROB",
    "BayesFit",
    "Fit",
    "FitWarning",
    "SamplerWarning",
    "fit_attributes",
    "fit_configuration",
    "interval_columns",
    "parameter_labels",
]

INTERVAL_PROB = 0.95


class FitWarning(UserWarning):
    """A fit's diagnostics failed (divergences, R-hat, ESS, or a non-converged optimiser).

    ``SamplerWarning`` is the former name of this class (the same object), kept for one release.
    """


class Fit:
    """The outcome of a fit: parameter table, draws (or the mode) and failed diagnostics.

    One class for every fitting method (NUTS, ADVI, Laplace, MAP, MLE with or without PyMC,
    fixed parameters). ``BayesFit`` is the former name of this class (the same object), kept
    for one release.

    Parameters
    ----------
    method : str
        The fitting method.
    params : pandas.DataFrame
        One row per scalar parameter (``"beta[0]"`` for vector elements) with ``estimate``,
        ``sd``, the 95 % interval, ``r_hat``, ``ess_bulk``, ``ess_tail``. Sampled fits have
        the highest-density interval ``hdi_lower``, ``hdi_upper``; for ``"map"``/``"mle"`` the
        sd is the Hessian standard error and the interval the Wald one, ``wald_lower``,
        ``wald_upper`` (R-hat and ESS NaN). ``params.attrs`` record ``ci_prob`` and
        ``ci_kind``; :func:`interval_columns` names the two columns of any table.
    idata : arviz DataTree, optional
        The posterior (for ``"map"``/``"mle"``: one chain with one draw, the mode).
    max_logp : float
        For ``"map"``/``"mle"``/``"laplace"``: the maximised log density (the log-likelihood
        when the priors are flat). NaN otherwise.
    flags : list of str, optional
        The diagnostics that failed; empty when none did.
    posterior : dict of str to numpy.ndarray, optional
        Instead of ``idata``: the draws shaped ``(chain, draw, *shape)``; the DataTree is built
        from them (with ``attrs``) when :attr:`idata` is first read.
    attrs : dict, optional
        Attributes of the DataTree built from ``posterior``.
    log_likelihood : float, optional
        The log-likelihood at the parameter estimates (the mode of a point fit, the posterior
        means of a sampled one), when the model computed it. NaN otherwise.
    """

    def __init__(
        self,
        method: str,
        params: pd.DataFrame,
        idata: Any = None,
        max_logp: float = float("nan"),
        flags: list[str] | None = None,
        *,
        posterior: dict[str, np.ndarray] | None = None,
        attrs: dict[str, str] | None = None,
        log_likelihood: float = float("nan"),
    ) -> None:
        if idata is None and posterior is None:
            raise ValueError("Fit needs idata or posterior draws.")
        self.method = method
        self.params = params
        self.max_logp = max_logp
        self.flags = list(flags or [])
        self._idata = idata
        self._posterior = posterior
        self._attrs = dict(attrs or {})
        self.log_likelihood = float(log_likelihood)

    def completed(self, params: pd.DataFrame, flags: list[str], log_likelihood: float) -> Fit:
        """Return this fit with its final parameter table, flags and log-likelihood.

        The draws (or the DataTree) are shared, not copied.

        Parameters
        ----------
        params : pandas.DataFrame
            The labelled parameter table.
        flags : list of str
            Every failed diagnostic.
        log_likelihood : float
            The log-likelihood at the estimates.

        Returns
        -------
        Fit
            A new fit.
        """
        fit = Fit(
            self.method,
            params,
            self._idata,
            self.max_logp,
            flags,
            posterior=self._posterior,
            attrs=self._attrs,
            log_likelihood=log_likelihood,
        )
        return fit

    @property
    def idata(self) -> Any:
        """The ArviZ DataTree of the fit, with configuration, seed and version in ``attrs``."""
        if self._idata is None:
            import arviz as az

            self._idata = az.from_dict({"posterior": self._posterior})
            self._idata.attrs.update(self._attrs)
        return self._idata

    def draws(self, name: str) -> np.ndarray:
        """Return the draws of ``name`` with chains flattened: shape ``(n_draws, *shape)``.

        Parameters
        ----------
        name : str
            A variable of the posterior.

        Returns
        -------
        numpy.ndarray
            The draws; for a point fit a single draw (the mode).
        """
        if self._posterior is not None:
            values = np.asarray(self._posterior[name])
        else:
            values = np.asarray(self.idata["posterior"][name].values)
        return values.reshape(-1, *values.shape[2:])

    @property
    def n_draws(self) -> int:
        """The number of posterior draws (1 for a point fit)."""
        if self._posterior is not None:
            first = np.asarray(next(iter(self._posterior.values())))
            return int(first.shape[0] * first.shape[1])
        posterior = self.idata["posterior"]
        return int(posterior.sizes["chain"] * posterior.sizes["draw"])


#: Former names, the same objects (isinstance checks and warning filters keep working).
BayesFit = Fit
SamplerWarning = FitWarning


def fit_attributes(
    method: str, random_seed: int | None, seed: int | None, config: dict[str, Any] | None
) -> dict[str, str]:
    """Return the DataTree attributes recorded with every fit.

    Parameters
    ----------
    method : str
        The fitting method.
    random_seed : int or None
        The seed the user gave.
    seed : int or None
        The seed actually used (drawn from fresh entropy when ``random_seed`` is None); None
        when nothing random was done (fixed parameters).
    config : dict, optional
        The model configuration.

    Returns
    -------
    dict of str to str
        Package version, method, seeds, ``config`` (the whole configuration as typed JSON:
        read it back with :func:`fit_configuration`) and, for reading by eye, one
        ``config_<key>`` entry per setting as text.
    """
    from loyaltymodels import __version__

    config = dict(config or {})
    return {
        "loyaltymodels_version": __version__,
        "method": method,
        "random_seed": "None" if random_seed is None else str(random_seed),
        "sampler_seed": "None" if seed is None else str(seed),
        "config": json.dumps(config, default=_json_default, sort_keys=True),
        **{f"config_{key}": str(value) for key, value in config.items()},
    }


def _json_default(value: Any) -> Any:
    """JSON form of the NumPy and tuple values found in model configurations."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"configuration value {value!r} is not JSON serialisable")


def fit_configuration(attrs: dict[str, Any]) -> dict[str, Any]:
    """Return the model configuration recorded in a fit's DataTree attributes, with its types.

    Parameters
    ----------
    attrs : dict
        ``result.idata.attrs``.

    Returns
    -------
    dict
        The configuration (numbers, booleans, lists and dicts as they were given; tuples
        become lists). Empty when none was recorded.

    Examples
    --------
    >>> attrs = fit_attributes("mle", 1, 1, {"pooled": False, "cohorts": ["a", "b"]})
    >>> fit_configuration(attrs)
    {'cohorts': ['a', 'b'], 'pooled': False}
    """
    text = attrs.get("config")
    return dict(json.loads(text)) if text else {}


def parameter_labels(var_names: list[str], values: list[np.ndarray]) -> list[str]:
    """Label scalar parameters by name and vector elements as ``name[i]``.

    Parameters
    ----------
    var_names : list of str
        The variables.
    values : list of numpy.ndarray
        One value per variable (its shape decides the labels).

    Returns
    -------
    list of str
        One label per scalar element.

    Examples
    --------
    >>> import numpy as np
    >>> parameter_labels(["r", "beta"], [np.array(1.0), np.zeros(2)])
    ['r', 'beta[0]', 'beta[1]']
    """
    labels: list[str] = []
    for name, value in zip(var_names, values, strict=True):
        if np.ndim(value) == 0:
            labels.append(name)
        else:
            labels.extend(
                f"{name}[{','.join(str(i) for i in index)}]"
                for index in np.ndindex(np.shape(value))
            )
    return labels


def interval_columns(params: pd.DataFrame) -> tuple[str, str]:
    """Return the names of the interval columns of a parameter table.

    Sampled fits report the highest-density interval (``hdi_lower``, ``hdi_upper``), point fits
    the Wald interval (``wald_lower``, ``wald_upper``); ``params.attrs["ci_kind"]`` says which.

    Parameters
    ----------
    params : pandas.DataFrame
        A fit's parameter table.

    Returns
    -------
    (str, str)
        The lower and upper column.

    Examples
    --------
    >>> table = pd.DataFrame({"estimate": [1.0], "wald_lower": [0.5], "wald_upper": [1.5]})
    >>> interval_columns(table)
    ('wald_lower', 'wald_upper')
    """
    kind = params.attrs.get("ci_kind") or ("wald" if "wald_lower" in params.columns else "hdi")
    return f"{kind}_lower", f"{kind}_upper"
