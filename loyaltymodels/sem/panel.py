r"""Cross-lagged panel models: the classic CLPM and the random-intercept CLPM.

For constructs measured at waves :math:`t = 1..T` (one score per construct and wave), the
cross-lagged panel model (CLPM) regresses every construct at wave t on every construct at wave
t-1 (autoregressive and cross-lagged paths) and lets the wave-t residuals covary. The
random-intercept CLPM (Hamaker, Kuiper & Grasman 2015, Psychological Methods 20(1)) separates
stable between-person differences, a random intercept per construct with loadings fixed to 1,
from within-person deviations :math:`w_{x,t}` (one latent per score, its loading fixed to 1 and
the score's residual variance to 0); the lagged paths are among the within components, so
they describe how a customer's change in a driver precedes their change in loyalty. The random
intercepts covary with each other and not with the first-wave within components.

With ``equal_paths=True`` the lagged paths (and residual covariances) are held equal over
waves by shared labels, the panel version of invariance over time; comparing the fit with and
without it is a likelihood-ratio test of stationarity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["cross_lagged_panel"]


def cross_lagged_panel(
    scores: Mapping[str, Sequence[str]],
    *,
    random_intercepts: bool = False,
    equal_paths: bool = False,
) -> str:
    """Write the lavaan syntax of a (random-intercept) cross-lagged panel model.

    Parameters
    ----------
    scores : mapping of str to sequence of str
        Construct -> its score columns, one per wave in wave order (all constructs with the
        same number of waves, at least two).
    random_intercepts : bool, default False
        The RI-CLPM of Hamaker, Kuiper & Grasman (2015) instead of the classic CLPM.
    equal_paths : bool, default False
        Hold every lagged path and the within-wave residual covariances equal over waves.

    Returns
    -------
    str
        The model description; lagged paths carry labels ``<outcome>_<predictor>_<t>``
        (``<outcome>_<predictor>`` with ``equal_paths``).

    Examples
    --------
    >>> print(cross_lagged_panel({"value": ["v1", "v2"], "loyalty": ["l1", "l2"]}))
    v2 ~ value_value_2*v1 + value_loyalty_2*l1
    l2 ~ loyalty_value_2*v1 + loyalty_loyalty_2*l1
    v2 ~~ l2
    """
    names = list(scores)
    n_waves = _wave_count(scores)
    if random_intercepts:
        unit = {name: [f"w_{c}" for c in scores[name]] for name in names}
        lines = _random_intercept_lines(scores, unit)
    else:
        unit = {name: list(scores[name]) for name in names}
        lines = []
    for t in range(1, n_waves):
        lines.extend(_lagged_lines(unit, t, equal_paths))
    return "\n".join(lines)


def _wave_count(scores: Mapping[str, Sequence[str]]) -> int:
    """Return the number of waves, checked to be the same (>= 2) for every construct."""
    if len(scores) < 1:
        raise LoyaltyDataError("cross_lagged_panel needs at least one construct.")
    waves = {len(columns) for columns in scores.values()}
    if len(waves) != 1 or min(waves) < 2:
        raise LoyaltyDataError(
            f"every construct needs the same number (>= 2) of wave columns, got "
            f"{ {name: len(columns) for name, columns in scores.items()} }."
        )
    return waves.pop()


def _random_intercept_lines(
    scores: Mapping[str, Sequence[str]], unit: Mapping[str, list[str]]
) -> list[str]:
    """Random intercepts, within components and the intercepts' covariances (RI-CLPM).

    The intercepts are uncorrelated with the first-wave within components (Hamaker, Kuiper &
    Grasman 2015).
    """
    names = list(scores)
    lines = [f"ri_{name} =~ " + " + ".join(f"1*{c}" for c in scores[name]) for name in names]
    for name in names:
        for column, within in zip(scores[name], unit[name], strict=True):
            lines.append(f"{within} =~ 1*{column}")
            lines.append(f"{column} ~~ 0*{column}")
    lines.extend(f"ri_{name} ~~ 0*{unit[other][0]}" for name in names for other in names)
    return lines


def _lagged_lines(unit: Mapping[str, list[str]], t: int, equal_paths: bool) -> list[str]:
    """Lagged paths into wave ``t + 1`` from wave ``t`` (1-based), and its residual covariances."""
    names = list(unit)
    lines = []
    for outcome in names:
        terms = []
        for predictor in names:
            label = f"{outcome}_{predictor}" + ("" if equal_paths else f"_{t + 1}")
            terms.append(f"{label}*{unit[predictor][t - 1]}")
        lines.append(f"{unit[outcome][t]} ~ " + " + ".join(terms))
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            label = f"cov_{a}_{b}*" if equal_paths else ""
            lines.append(f"{unit[a][t]} ~~ {label}{unit[b][t]}")
    return lines
