"""Reliability of SERVQUAL scores: alpha per dimension and the reliability of difference scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loyaltymodels.sem import cronbach_alpha
from loyaltymodels.servqual.gaps import check_same_respondents
from loyaltymodels.servqual.instrument import SERVQUAL, Instrument
from loyaltymodels.servqual.table_result import TableResult
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = [
    "ReliabilityResult",
    "difference_score_reliability",
    "dimension_alphas",
    "gap_reliability",
]


def difference_score_reliability(
    reliability_e: float | np.ndarray,
    reliability_p: float | np.ndarray,
    sd_e: float | np.ndarray,
    sd_p: float | np.ndarray,
    correlation: float | np.ndarray,
) -> float | np.ndarray:
    r"""Reliability of a difference score D = P - E from that of its components.

    .. math::

        r_{DD} = \frac{\sigma_P^2 r_{PP} + \sigma_E^2 r_{EE} - 2 r_{PE}\sigma_P\sigma_E}
                      {\sigma_P^2 + \sigma_E^2 - 2 r_{PE}\sigma_P\sigma_E},

    with component reliabilities :math:`r_{PP}`, :math:`r_{EE}`, standard deviations
    :math:`\sigma_P`, :math:`\sigma_E` and correlation :math:`r_{PE}` of the component scores.
    The more the components correlate, the less reliable their difference (Peter, Churchill &
    Brown 1993, after Lord 1958).

    Worked case: :math:`\sigma_E = 1.2`, :math:`\sigma_P = 0.9`, :math:`r_{EE} = 0.85`,
    :math:`r_{PP} = 0.80`, :math:`r_{PE} = 0.4` give
    :math:`(0.648 + 1.224 - 0.864) / (0.81 + 1.44 - 0.864) = 1.008 / 1.386 = 8/11`.

    Parameters
    ----------
    reliability_e, reliability_p : float or array
        Reliability (e.g. Cronbach's alpha) of the expectation and perception scores.
    sd_e, sd_p : float or array
        Standard deviations of the expectation and perception scores.
    correlation : float or array
        Correlation between the expectation and perception scores.

    Returns
    -------
    float or numpy.ndarray
        The reliability of the difference score.

    References
    ----------
    Peter, J. P., Churchill, G. A. & Brown, T. J. (1993). Caution in the use of difference
    scores in consumer research. Journal of Consumer Research 19(4), 655-662.
    Lord, F. M. (1958). The utilization of unreliable difference scores. Journal of
    Educational Psychology 49(3), 150-152.

    Examples
    --------
    >>> round(difference_score_reliability(0.85, 0.80, 1.2, 0.9, 0.4), 6)
    0.727273
    """
    var_e = np.square(sd_e)
    var_p = np.square(sd_p)
    covariance = np.multiply(np.multiply(correlation, sd_e), sd_p)
    numerator = var_p * reliability_p + var_e * reliability_e - 2.0 * covariance
    denominator = var_p + var_e - 2.0 * covariance
    value = numerator / denominator
    return float(value) if np.ndim(value) == 0 else np.asarray(value)


@accepts_former_ci_prob_names
def dimension_alphas(
    responses: pd.DataFrame, *, instrument: Instrument = SERVQUAL, ci_prob: float = 0.95
) -> pd.DataFrame:
    """Cronbach's alpha with Feldt's interval for every dimension of an instrument.

    Uses :func:`loyaltymodels.sem.cronbach_alpha`; a dimension with one item has no alpha
    (NaN).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, one column per item (answers or item gaps).
    instrument : Instrument, default SERVQUAL
        Which items form which dimension.
    ci_prob : float, default 0.95
        Coverage of Feldt's interval.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``alpha``, ``lower``, ``upper``, ``n_items``, ``n``.

    References
    ----------
    Cronbach, L. J. (1951). Psychometrika 16(3), 297-334; Feldt, L. S., Woodruff, D. J. &
    Salih, F. A. (1987). Applied Psychological Measurement 11(1), 93-103.
    """
    confidence = check_ci_prob(ci_prob)
    rows = {}
    for dim, items in instrument.dimensions.items():
        if len(items) < 2:
            rows[dim] = pd.Series(
                {
                    "alpha": np.nan,
                    "lower": np.nan,
                    "upper": np.nan,
                    "n_items": 1.0,
                    "n": float(len(responses)),
                }
            )
        else:
            rows[dim] = cronbach_alpha(responses[list(items)], confidence=confidence)
    table = pd.DataFrame(rows).T
    table[["n_items", "n"]] = table[["n_items", "n"]].astype(np.int64)
    table.index.name = "dimension"
    return table


class ReliabilityResult(TableResult):
    """Reliability of expectation, perception and gap scores per dimension.

    Attributes
    ----------
    table : pandas.DataFrame
        Per dimension: ``alpha_expectation``, ``alpha_perception`` and ``alpha_gap`` (alpha of
        the item gaps) each with ``_lower``/``_upper``; ``sd_expectation``, ``sd_perception``
        and ``correlation_ep`` of the dimension scores; ``difference_reliability`` (Peter,
        Churchill & Brown 1993); ``n_items``; ``n``.
    confidence : float
        Coverage of the alpha intervals.
    """

    table: pd.DataFrame
    confidence: float


@accepts_former_ci_prob_names
def gap_reliability(
    expectations: pd.DataFrame,
    perceptions: pd.DataFrame,
    *,
    instrument: Instrument = SERVQUAL,
    ci_prob: float = 0.95,
) -> ReliabilityResult:
    r"""Alpha of expectations, perceptions and gaps per dimension, and difference-score reliability.

    For each dimension, the expectation and perception scores are the means of its items;
    :math:`r_{EE}` and :math:`r_{PP}` are their Cronbach's alphas, and the reliability of the
    gap score follows :func:`difference_score_reliability`. The alpha computed directly on the
    item gaps is reported beside it: Peter, Churchill & Brown (1993) show it overstates the
    reliability of a difference score.

    Parameters
    ----------
    expectations, perceptions : pandas.DataFrame
        One row per respondent (same index), one column per item.
    instrument : Instrument, default SERVQUAL
        The items, dimensions and scale.
    ci_prob : float, default 0.95
        Coverage of Feldt's interval for the alphas.

    Returns
    -------
    ReliabilityResult
        The per-dimension table.

    References
    ----------
    Peter, J. P., Churchill, G. A. & Brown, T. J. (1993). Caution in the use of difference
    scores in consumer research. Journal of Consumer Research 19(4), 655-662.
    """
    confidence = check_ci_prob(ci_prob)
    e_items = instrument.check_responses(expectations, name="expectations")
    p_items = instrument.check_responses(perceptions, name="perceptions")
    check_same_respondents(e_items, p_items)
    alphas = {
        "expectation": dimension_alphas(e_items, instrument=instrument, ci_prob=confidence),
        "perception": dimension_alphas(p_items, instrument=instrument, ci_prob=confidence),
        "gap": dimension_alphas(p_items - e_items, instrument=instrument, ci_prob=confidence),
    }
    table = pd.DataFrame(index=pd.Index(instrument.dimension_names, name="dimension"))
    for what, frame in alphas.items():
        table[f"alpha_{what}"] = frame["alpha"]
        table[f"alpha_{what}_lower"] = frame["lower"]
        table[f"alpha_{what}_upper"] = frame["upper"]
    e_dims = instrument.dimension_means(e_items)
    p_dims = instrument.dimension_means(p_items)
    table["sd_expectation"] = e_dims.std(ddof=1)
    table["sd_perception"] = p_dims.std(ddof=1)
    table["correlation_ep"] = e_dims.corrwith(p_dims)
    table["difference_reliability"] = difference_score_reliability(
        table["alpha_expectation"].to_numpy(),
        table["alpha_perception"].to_numpy(),
        table["sd_expectation"].to_numpy(),
        table["sd_perception"].to_numpy(),
        table["correlation_ep"].to_numpy(),
    )
    table["n_items"] = [len(i) for i in instrument.dimensions.values()]
    table["n"] = len(e_items)
    return ReliabilityResult(table=table, confidence=confidence)
