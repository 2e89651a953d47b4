"""The :meth:`modification_indices` method of fitted SEM results (one group or several)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels.sem.groups import SampleMoments
from loyaltymodels.sem.modification import modification_indices

__all__ = ["ModificationIndicesMethod"]


class ModificationIndicesMethod:
    """Modification indices of a fitted SEM, from the inputs each kind of result provides."""

    def modification_indices(self, min_mi: float = 0.0) -> pd.DataFrame:
        """Modification indices of every parameter the model leaves out or fixes.

        The score test of freeing each candidate (a loading of every factor on every item, a
        covariance of every pair of observed or latent variables, a regression between
        variables already in a regression), with the expected parameter change (lavaan's
        ``modindices``; formulas in :mod:`loyaltymodels.sem.modification`).

        Parameters
        ----------
        min_mi : float, default 0
            Only rows with ``mi >= min_mi`` (3.84 is the 5% critical value of one df).

        Returns
        -------
        pandas.DataFrame
            ``lval, op, rval, group, mi, epc, sepc_all``, largest ``mi`` first.
        """
        table, theta, moments, observed, latents = self._modification_inputs()
        return modification_indices(table, theta, moments, observed, latents, min_mi=min_mi)

    def _modification_inputs(
        self,
    ) -> tuple[pd.DataFrame, np.ndarray, SampleMoments, list[str], list[str]]:
        """Return the parameter table, estimates, sample moments, observed and latent names."""
        raise NotImplementedError
