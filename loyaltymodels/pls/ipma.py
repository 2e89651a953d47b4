r"""Importance-performance map analysis (IPMA) of a PLS path model.

Ringle & Sarstedt (2016): indicators are rescaled to 0-100 with the scale's lowest and highest
possible values, :math:`\tilde x = 100 (x - \text{low}) / (\text{high} - \text{low})`; each
construct's outer weights are unstandardized (:math:`w_i / s_i`) and rescaled to sum to one,
:math:`\tilde w_i = (w_i / s_i) / \sum_l (w_l / s_l)`, giving 0-100 construct scores
:math:`\tilde Y = \sum_i \tilde w_i \tilde x_i`.

- Performance of a construct: the mean of :math:`\tilde Y`.
- Importance for the target: the unstandardized total effect of the construct on the target,
  from OLS path coefficients of the rescaled scores (one point more performance of the
  construct moves the target's performance by that much).

At indicator level the performance is the mean of :math:`\tilde x_i` and the importance
:math:`\tilde w_i` times its construct's importance. IPMA needs indicators coded in the same
direction and positive weights; constructs with a negative rescaled weight are listed in
``negative_weights``.

References
----------
Ringle, C. M. & Sarstedt, M. (2016). Gain more insight from your PLS-SEM results: the
importance-performance map analysis. Industrial Management & Data Systems 116(9), 1865-1886.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, check_in_range
from loyaltymodels.pls.estimates import total_effects

if TYPE_CHECKING:
    from loyaltymodels.pls.result import PLSResult


__all__ = ["IPMAResult", "ipma"]


@dataclass(repr=False)
class IPMAResult(Result, frozen=True):
    """Importance-performance map for one target construct.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per construct with an effect on the target: ``importance`` (unstandardized
        total effect) and ``performance`` (0-100); the target's own performance is in
        ``target_performance``.
    indicators : pandas.DataFrame
        One row per indicator of those constructs: ``construct``, ``rescaled_weight``,
        ``importance``, ``performance``.
    target : str
        The target construct.
    target_performance : float
        Its mean rescaled score.
    scale : tuple of float
        The indicator scale used for rescaling.
    negative_weights : list of str
        Constructs with a negative rescaled weight (IPMA's assumptions are then violated).
    """

    params: pd.DataFrame
    indicators: pd.DataFrame
    target: str
    target_performance: float
    scale: tuple[float, float]
    negative_weights: list[str]


def ipma(result: PLSResult, *, target: str, scale: tuple[float, float]) -> IPMAResult:
    """Importance-performance map of ``target``.

    Parameters
    ----------
    result : PLSResult
        The fitted model (its data are reused).
    target : str
        An endogenous construct.
    scale : tuple of float
        ``(low, high)``: the lowest and highest possible indicator values (e.g. ``(1, 10)``).

    Returns
    -------
    IPMAResult
        Importance and performance of every construct and indicator that affects ``target``.
    """
    if result.first_stage is not None:
        raise LoyaltyDataError(
            "IPMA is not available for models with higher-order constructs or interaction "
            "terms (their indicators are stage-1 scores); fit the model without them."
        )
    spec = result.spec
    if target not in spec.endogenous:
        raise LoyaltyDataError(
            f"target '{target}' is not an endogenous construct of the model; choose one of "
            f"{spec.endogenous}."
        )
    try:
        low, high = (float(v) for v in scale)
    except (TypeError, ValueError) as error:
        raise LoyaltyDataError(f"scale must be (low, high), got {scale!r}.") from error
    if not high > low:
        raise LoyaltyDataError(f"scale must be (low, high) with high > low, got {scale!r}.")
    data = result.data
    check_in_range(data, spec.indicators, low, high, what="the declared scale")
    rescaled = (data.to_numpy(dtype=float) - low) / (high - low) * 100.0
    raw = result.weights.to_numpy() / data.std(ddof=1).to_numpy()[:, None]
    weights = raw / raw.sum(axis=0, keepdims=True)
    scores = rescaled @ weights
    names = spec.constructs
    paths = np.zeros((len(names), len(names)))
    for j, outcome in enumerate(names):
        causes = [names.index(c) for c in spec.antecedents(outcome)]
        if causes:
            design = np.column_stack([np.ones(len(scores)), scores[:, causes]])
            beta, *_ = np.linalg.lstsq(design, scores[:, j], rcond=None)
            paths[causes, j] = beta[1:]
    t = names.index(target)
    total = total_effects(paths[None])[0][:, t]
    drivers = [j for j in range(len(names)) if total[j] != 0.0]
    performance = scores.mean(axis=0)
    table = pd.DataFrame(
        {"importance": total[drivers], "performance": performance[drivers]},
        index=pd.Index([names[j] for j in drivers], name="construct"),
    )
    rows = []
    for j in drivers:
        for item in spec.blocks[names[j]]:
            i = spec.indicators.index(item)
            rows.append(
                (item, names[j], weights[i, j], weights[i, j] * total[j], rescaled[:, i].mean())
            )
    indicators = pd.DataFrame(
        rows, columns=["indicator", "construct", "rescaled_weight", "importance", "performance"]
    ).set_index("indicator")
    negative = [names[j] for j in range(len(names)) if (weights[:, j] < 0).any()]
    return IPMAResult(
        params=table,
        indicators=indicators,
        target=target,
        target_performance=float(performance[t]),
        scale=(low, high),
        negative_weights=negative,
    )
