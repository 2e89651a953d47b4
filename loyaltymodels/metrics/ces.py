"""Customer Effort Score (CES) on its 5-point and 7-point versions.

CES 1.0 (Dixon, Freeman & Toman 2010) asks "How much effort did you personally have to put
forth to handle your request?" on a 5-point scale from 1 (very low effort) to 5 (very high
effort): lower is better. CES 2.0 (Dixon, Toman & DeLisi 2013) asks for agreement with "The
company made it easy for me to handle my issue" on a 7-point scale from 1 (strongly disagree)
to 7 (strongly agree): higher is better.

The score is the mean answer with a t interval, ``x̄ ± t_{n-1} s / sqrt(n)``; the share of
"easy" answers (1-2 on the 5-point version, 5-7 on the 7-point version) is reported with its
binomial (Wilson 1927) score interval.

References
----------
Dixon, M., Freeman, K. & Toman, N. (2010). Stop trying to delight your customers. Harvard
Business Review 88(7/8), 116-122.
Dixon, M., Toman, N. & DeLisi, R. (2013). The Effortless Experience. Portfolio/Penguin.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
Journal of the American Statistical Association 22(158), 209-212.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_scale_answers,
)
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob, wilson_interval

__all__ = ["ces"]

#: The answers counted as "easy" on each version of the scale.
EASY_ANSWERS = {5: (1, 2), 7: (5, 6, 7)}


@accepts_former_ci_prob_names
def ces(
    scores: Any,
    *,
    scale: Literal[5, 7] = 7,
    ci_prob: float = 0.95,
    missing: Literal["raise", "exclude"] = "raise",
) -> pd.DataFrame:
    """Compute the Customer Effort Score: mean answer and share of "easy" answers.

    ``ces = x̄`` with the t interval ``x̄ ± t_{n-1, 1-a/2} s / sqrt(n)`` (``s`` the sample
    standard deviation, ``n - 1`` denominator); ``easy_share`` is the share of answers 1-2 on the
    5-point CES 1.0 scale (low effort; Dixon, Freeman & Toman 2010) or 5-7 on the 7-point CES 2.0
    agreement scale (Dixon, Toman & DeLisi 2013), with the Wilson (1927) score interval.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers on the declared scale.
    scale : {5, 7}, default 7
        5 for CES 1.0 (1 = very low effort, lower is better), 7 for CES 2.0 (7 = strongly
        agree that it was easy, higher is better).
    ci_prob : float, default 0.95
        The intervals' confidence level.
    missing : {"raise", "exclude"}, default "raise"
        Missing answers raise, or are excluded and counted in ``n_missing``.

    Returns
    -------
    pandas.DataFrame
        One row with ``ces``, ``se``, ``lower``, ``upper``, ``easy_share``, ``easy_lower``,
        ``easy_upper``, ``n``, ``n_missing``, ``scale`` and ``higher_is_better``.

    Examples
    --------
    >>> row = ces([7, 6, 5, 3, 4], scale=7)
    >>> float(row["ces"].iloc[0]), float(row["easy_share"].iloc[0])
    (5.0, 0.6)
    """
    if scale not in EASY_ANSWERS:
        raise LoyaltyDataError(
            f"scale must be 5 (CES 1.0) or 7 (CES 2.0), got {scale!r}; declare the version used."
        )
    level = check_ci_prob(ci_prob)
    name = (
        str(scores.name) if isinstance(scores, pd.Series) and scores.name is not None else "scores"
    )
    series = scores.copy() if isinstance(scores, pd.Series) else pd.Series(np.asarray(scores))
    if series.empty:
        raise LoyaltyDataError(f"{name} is empty; pass at least one answer.")
    values, n_missing = check_scale_answers(
        series.rename(name), missing, 1, scale, what=f"the 1-{scale} CES scale"
    )
    n = values.size
    mean = float(values.mean())
    se = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
    t = float(stats.t.ppf(0.5 + level / 2.0, df=n - 1)) if n > 1 else np.nan
    easy = float(np.isin(values, EASY_ANSWERS[scale]).sum())
    easy_lower, easy_upper = (float(bound) for bound in wilson_interval(easy, n, level))
    return pd.DataFrame(
        {
            "ces": [mean],
            "se": [se],
            "lower": [mean - t * se],
            "upper": [mean + t * se],
            "easy_share": [easy / n],
            "easy_lower": [easy_lower],
            "easy_upper": [easy_upper],
            "n": [n],
            "n_missing": [n_missing],
            "scale": [scale],
            "higher_is_better": [scale == 7],
        },
        index=pd.Index([f"CES {'2.0' if scale == 7 else '1.0'}"], name="metric"),
    )
