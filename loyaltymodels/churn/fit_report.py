"""What a churn result reports about its fit: the fit, its table, method, flags and summary."""

from __future__ import annotations

from typing import Any

import pandas as pd

from loyaltymodels._bayes_fit import Fit

__all__ = ["ChurnFitReport"]


class ChurnFitReport:
    """Mixed into the churn results: the fit of the likelihood-model core and what it reports.

    Attributes
    ----------
    fit : Fit
        The complete fit (labelled table, draws or mode, flags).
    params : pandas.DataFrame
        The parameter table of the fit.
    method : str
        The fitting method.
    flags : list of str
        Failed diagnostics (empty when none failed).
    """

    def __init__(self, fit: Fit) -> None:
        self.fit = fit
        self.params = fit.params
        self.method = fit.method
        self.flags = list(fit.flags)

    @property
    def idata(self) -> Any:
        """The ArviZ DataTree of the fit (posterior, sampler stats, configuration in attrs)."""
        return self.fit.idata

    def summary_attrs(self) -> dict[str, Any]:
        """Return the facts of the fit that :meth:`summary` records in the table's attrs.

        Returns
        -------
        dict
            ``method`` and, in subclasses, the data counts.
        """
        return {"method": self.method}

    def summary(self) -> pd.DataFrame:
        """Return the parameter table, with :meth:`summary_attrs` in its attrs.

        Returns
        -------
        pandas.DataFrame
            :attr:`params` (full precision).
        """
        table = self.params.copy()
        table.attrs.update(self.summary_attrs())
        return table
