r"""Two-sample comparison of Net Promoter Scores.

The two samples are independent trinomials, so the variance of the difference is the sum of
the two trinomial variances (Rocks 2016):

.. math::

    \\operatorname{Var}(\\widehat{NPS}_A - \\widehat{NPS}_B)
    = \\frac{p_{P,A} + p_{D,A} - (p_{P,A} - p_{D,A})^2}{n_A}
    + \\frac{p_{P,B} + p_{D,B} - (p_{P,B} - p_{D,B})^2}{n_B}.

References
----------
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American Statistician
70(4), 365-372.
"""

from __future__ import annotations

from typing import Any, Unpack

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels.metrics.nps import (
    ADJUSTED_PSEUDO_COUNTS,
    NPSOptions,
    nps,
)
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["nps_difference"]


@accepts_former_ci_prob_names
def nps_difference(scores_a: Any, scores_b: Any, **options: Unpack[NPSOptions]) -> pd.DataFrame:
    """Test whether two independent samples have the same Net Promoter Score.

    The z statistic is ``(NPS_A - NPS_B) / sqrt(SE_A^2 + SE_B^2)`` with the trinomial standard
    errors (Rocks 2016), and the p-value is two-sided from the standard normal. The interval of
    the difference is Wald (``diff ± z SE``) or adjusted Wald: both samples' counts get the
    pseudo-counts 3/4, 3/2, 3/4 (promoters, passives, detractors) before the difference and its
    standard error are computed (Rocks 2016; the two-sample analogue of Agresti & Caffo 2000).

    Parameters
    ----------
    scores_a, scores_b : array-like or pandas.Series
        The two samples' 0-10 answers.
    **options
        ``method`` ({"adjusted", "wald"}, default "adjusted": the interval of the difference),
        ``ci_prob`` and ``missing``, as in :func:`~loyaltymodels.metrics.nps`.

    Returns
    -------
    pandas.DataFrame
        One row with ``nps_a``, ``nps_b``, ``difference`` (points), ``se``, ``z``, ``p_value``,
        ``lower``, ``upper``, ``n_a``, ``n_b``.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American
    Statistician 70(4), 365-372.
    Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals for proportions
    and differences of proportions result from adding two successes and two failures. The
    American Statistician 54(4), 280-288.

    Examples
    --------
    >>> row = nps_difference([10] * 6 + [5] * 4, [10] * 3 + [5] * 7, method="wald")
    >>> round(float(row["difference"].iloc[0]), 6)
    60.0
    """
    if "ci_prob" in options:
        check_ci_prob(options["ci_prob"])  # before the answers, as the first check
    first = nps(scores_a, **options)
    second = nps(scores_b, **options)
    method, level = first.method, first.confidence_level
    difference = first.nps - second.nps
    se = float(np.hypot(first.se, second.se))
    z_stat = difference / se if se > 0 else np.nan
    p_value = float(2.0 * stats.norm.sf(abs(z_stat))) if se > 0 else np.nan
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    if method == "adjusted":
        centre, spread = _adjusted_difference(first, second)
    else:
        centre, spread = difference, se
    return pd.DataFrame(
        {
            "nps_a": [first.nps],
            "nps_b": [second.nps],
            "difference": [difference],
            "se": [se],
            "z": [z_stat],
            "p_value": [p_value],
            "lower": [max(centre - z * spread, -200.0)],
            "upper": [min(centre + z * spread, 200.0)],
            "n_a": [first.n],
            "n_b": [second.n],
        },
        index=pd.Index([method], name="interval"),
    )


def _adjusted_difference(first: Any, second: Any) -> tuple[float, float]:
    centres, variances = [], []
    for sample in (first, second):
        promoters = sample.promoters + ADJUSTED_PSEUDO_COUNTS["promoters"]
        detractors = sample.detractors + ADJUSTED_PSEUDO_COUNTS["detractors"]
        n = sample.n + sum(ADJUSTED_PSEUDO_COUNTS.values())
        score = (promoters - detractors) / n
        centres.append(score)
        variances.append((promoters / n + detractors / n - score**2) / n)
    return 100.0 * (centres[0] - centres[1]), 100.0 * float(np.sqrt(sum(variances)))
