"""``PLS(description).fit(data)``: partial least squares path modelling (PLS-SEM, PLSc)."""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.pls.algorithm import SCHEMES, PLSLayout
from loyaltymodels.pls.data import prepare_indicator_data
from loyaltymodels.pls.estimates import run_pls
from loyaltymodels.pls.result import PLSConvergenceWarning, PLSResult
from loyaltymodels.pls.syntax import parse_pls_description
from loyaltymodels.pls.two_stage import derived_columns, stage_descriptions

__all__ = ["PLS"]


class PLS:
    """A PLS path model: reflective (mode A) and composite (mode B) constructs and paths.

    Parameters
    ----------
    description : str
        lavaan-style syntax: ``construct =~ items`` (reflective, mode A correlation weights),
        ``construct <~ items`` (composite, mode B regression weights), ``outcome ~ causes``;
        ``higher =~ construct1 + construct2`` declares a higher-order construct and a path term
        ``a:b`` an interaction, both estimated in two stages (:mod:`loyaltymodels.pls.two_stage`).
    scheme : {"path", "factorial", "centroid"}, default "path"
        Inner weighting scheme (path weighting is SmartPLS's and SEMinR's default).
    consistent : bool, default False
        Consistent PLS (PLSc; Dijkstra & Henseler 2015): reflective constructs are corrected
        for measurement error with rho_A, so paths estimate common-factor relations.
    missing : {"listwise", "mean"}, default "listwise"
        Drop incomplete rows (counted on the result) or replace missing values by the mean.
    tol : float, default 1e-7
        Convergence tolerance: the largest absolute change of an outer weight.
    max_iter : int, default 300
        Iteration limit; a fit that reaches it is flagged (``converged`` False) and warns.

    Examples
    --------
    >>> from loyaltymodels.pls import PLS, load_mobi
    >>> result = PLS('''
    ...     Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
    ...     Satisfaction =~ CUSA1 + CUSA2 + CUSA3
    ...     Loyalty =~ CUSL1 + CUSL2 + CUSL3
    ...     Satisfaction ~ Image
    ...     Loyalty ~ Image + Satisfaction
    ... ''').fit(load_mobi())
    >>> round(float(result.r2["Loyalty"]), 3)
    0.454
    """

    def __init__(
        self,
        description: str,
        *,
        scheme: str = "path",
        consistent: bool = False,
        missing: str = "listwise",
        tol: float = 1e-7,
        max_iter: int = 300,
    ) -> None:
        if scheme not in SCHEMES:
            raise LoyaltyDataError(f"scheme must be one of {SCHEMES}, got {scheme!r}.")
        if not (np.isfinite(tol) and tol > 0) or int(max_iter) < 1:
            raise LoyaltyDataError(
                f"tol must be positive and max_iter at least 1, got {tol!r} and {max_iter!r}."
            )
        self.description = description
        self.spec = parse_pls_description(description)
        self.scheme = scheme
        self.consistent = bool(consistent)
        self.missing = missing
        self.tol = float(tol)
        self.max_iter = int(max_iter)

    def settings(self) -> dict[str, Any]:
        """Return the estimation settings, as stored on results.

        Returns
        -------
        dict
            ``scheme``, ``consistent``, ``missing``, ``tol``, ``max_iter``.
        """
        return {
            "scheme": self.scheme,
            "consistent": self.consistent,
            "missing": self.missing,
            "tol": self.tol,
            "max_iter": self.max_iter,
        }

    def fit(self, data: pd.DataFrame) -> PLSResult:
        """Estimate the model on ``data``.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per respondent with every indicator column of the description.

        Returns
        -------
        PLSResult
            Weights, loadings, paths, R^2, effects, scores and the assessment tables.
        """
        if self.spec.two_stage:
            return self._fit_two_stage(data)
        prepared = prepare_indicator_data(data, self.spec, missing=self.missing)
        layout = PLSLayout.from_spec(self.spec)
        estimates = run_pls(
            prepared.corr[None],
            layout,
            scheme=self.scheme,
            consistent=self.consistent,
            tol=self.tol,
            max_iter=self.max_iter,
        )
        single = {name: array[0] for name, array in estimates.items()}
        if not bool(single["converged"]):
            warnings.warn(
                f"the PLS weights did not converge in {self.max_iter} iterations (tolerance "
                f"{self.tol:g}); the estimates are not a fixed point. Raise max_iter or check "
                "the model for constructs with unrelated indicators.",
                PLSConvergenceWarning,
                stacklevel=2,
            )
        return PLSResult.from_estimates(
            description=self.description,
            spec=self.spec,
            settings=self.settings(),
            prepared=prepared,
            estimates=single,
        )

    def _stage(self, description: str) -> PLS:
        return PLS(description, **self.settings())

    def _fit_two_stage(self, data: pd.DataFrame) -> PLSResult:
        first_description, second_description = stage_descriptions(self.spec)
        first = self._stage(first_description).fit(data)
        derived = derived_columns(self.spec, first.scores)
        clash = [c for c in derived.columns if c in first.data.columns]
        if clash:
            raise LoyaltyDataError(
                f"the score columns {clash} of the two-stage approach clash with indicator "
                "columns of the same name; rename those indicators."
            )
        second = self._stage(second_description).fit(pd.concat([first.data, derived], axis=1))
        return dataclasses.replace(
            second,
            first_stage=first,
            n_excluded=first.n_excluded,
            n_imputed=first.n_imputed,
        )
