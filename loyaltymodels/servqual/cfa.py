"""Confirmatory factor analysis of an instrument's dimension structure (through the SEM module)."""

from __future__ import annotations

import pandas as pd

from loyaltymodels.sem import SEM, SEMResult
from loyaltymodels.servqual.gaps import GapResult
from loyaltymodels.servqual.instrument import SERVQUAL, Instrument

__all__ = ["dimension_cfa"]


def dimension_cfa(
    data: pd.DataFrame | GapResult, *, instrument: Instrument = SERVQUAL
) -> SEMResult:
    r"""Fit the instrument's dimensions as a correlated-factor CFA by maximum likelihood.

    Every dimension is a latent factor measured by its items (first loading fixed to one,
    factors free to correlate):

    .. math::

        x_{j} = \lambda_j \xi_{d(j)} + \delta_j, \qquad
        \Sigma = \Lambda \Phi \Lambda^\top + \Theta,

    fitted by :class:`loyaltymodels.sem.SEM`, whose result carries the fit indices (chi-square,
    CFI, TLI, RMSEA with its interval, SRMR, ...) and standardized loadings. Parasuraman,
    Zeithaml & Berry (1988) derived the five-dimension structure; its confirmatory test on gap
    scores or on perceptions is the usual check of dimensionality.

    Parameters
    ----------
    data : pandas.DataFrame or GapResult
        Answers to the items (e.g. perceptions for a SERVPERF structure; checked against the
        instrument's scale), or a :class:`GapResult` whose item scores (the gaps P - E for
        SERVQUAL) are analysed.
    instrument : Instrument, default SERVQUAL
        The dimensions and items (ignored when ``data`` is a GapResult, which carries its own).

    Returns
    -------
    loyaltymodels.sem.SEMResult
        ``.fit_indices``, ``.params`` (with ``std_all``), ``.reliability()``, ``.latent_corr``.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). Journal of Retailing 64(1), 12-40.
    Bollen, K. A. (1989). Structural Equations with Latent Variables. Wiley, ch. 7.

    Examples
    --------
    >>> from loyaltymodels.datasets import simulate_servqual_survey
    >>> survey = simulate_servqual_survey(300, random_seed=7)
    >>> cfa = dimension_cfa(survey.perceptions)
    >>> int(cfa.fit_indices["df"])
    199
    """
    if isinstance(data, GapResult):
        instrument = data.instrument
        items = data.item_scores
    else:
        items = instrument.check_responses(data, name="data")
    return SEM(instrument.sem_description()).fit(items)
