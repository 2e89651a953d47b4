"""Zone of tolerance: measures of service adequacy (MSA) and superiority (MSS)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError, describe_rows
from loyaltymodels.servqual._intervals import mean_table
from loyaltymodels.servqual.instrument import SERVQUAL, Instrument
from loyaltymodels.summaries import accepts_former_ci_prob_names, check_ci_prob

__all__ = ["ToleranceResult", "zone_of_tolerance"]

ZONES = ("below", "within", "above", "inverted")


@dataclass(repr=False)
class ToleranceResult(Result, frozen=True):
    """Zone-of-tolerance scores per item and dimension, from :func:`zone_of_tolerance`.

    Attributes
    ----------
    items, dimensions : pandas.DataFrame
        Per item (with its ``dimension``) or per dimension: mean ``adequate``, ``desired`` and
        ``perceived`` service, ``zone_width`` (desired - adequate), ``msa`` and ``mss`` with
        ``*_se``, ``*_lower``, ``*_upper``; ``position`` of the mean perception (below, within
        or above the mean zone); the respondents' shares ``share_below``, ``share_within``,
        ``share_above`` among those with a proper zone; ``n_inverted`` (respondents whose
        adequate level exceeds their desired level, counted apart from the shares) and ``n``.
    respondent_zones : pandas.DataFrame
        Per respondent and item: ``below``, ``within``, ``above`` or ``inverted``.
    n_inverted : int
        Respondent-item answers with adequate > desired (kept in the MSA and MSS means).
    confidence : float
        Coverage of the intervals.
    """

    instrument: Instrument
    summary_table: ClassVar[str] = "dimensions"
    items: pd.DataFrame
    dimensions: pd.DataFrame
    respondent_zones: pd.DataFrame
    n_inverted: int
    confidence: float

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """Tidy MSA and MSS per item and dimension: ``level``, ``name``, ``measure``, ..."""
        frames = []
        for level, table in (("item", self.items), ("dimension", self.dimensions)):
            for measure in ("msa", "mss"):
                frames.append(
                    pd.DataFrame(
                        {
                            "level": level,
                            "name": table.index,
                            "measure": measure,
                            "estimate": table[measure].to_numpy(),
                            "se": table[f"{measure}_se"].to_numpy(),
                            "lower": table[f"{measure}_lower"].to_numpy(),
                            "upper": table[f"{measure}_upper"].to_numpy(),
                            "n": table["n"].to_numpy(),
                        }
                    )
                )
        return pd.concat(frames, ignore_index=True)


@accepts_former_ci_prob_names
def zone_of_tolerance(
    adequate: pd.DataFrame,
    desired: pd.DataFrame,
    perceived: pd.DataFrame,
    *,
    instrument: Instrument = SERVQUAL,
    ci_prob: float = 0.95,
) -> ToleranceResult:
    r"""Zone of tolerance from the three-column format (adequate, desired, perceived service).

    For respondent :math:`i` and item :math:`j`, with adequate :math:`A_{ij}`, desired
    :math:`D_{ij}` and perceived :math:`P_{ij}` service,

    .. math::

        \mathrm{MSA}_{ij} = P_{ij} - A_{ij}, \qquad \mathrm{MSS}_{ij} = P_{ij} - D_{ij},

    and the answer lies *below* the zone if :math:`P < A`, *above* it if :math:`P > D`, and
    *within* it otherwise. Dimension scores average the items of the dimension first.
    Answers with :math:`A > D` have no proper zone: they are classed ``inverted``, counted
    (``n_inverted``) and left out of the below/within/above shares, but kept in the MSA and MSS
    means, which do not depend on the zone.

    Parameters
    ----------
    adequate, desired, perceived : pandas.DataFrame
        One row per respondent (same index in all three), one column per item.
    instrument : Instrument, default SERVQUAL
        The items, dimensions and scale.
    ci_prob : float, default 0.95
        Coverage of the Student-t intervals of the mean MSA and MSS.

    Returns
    -------
    ToleranceResult
        The per-item and per-dimension tables and the respondent-level zones.

    Warns
    -----
    UserWarning
        When some answers have adequate > desired.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1994). Alternative scales for measuring
    service quality: a comparative assessment based on psychometric and diagnostic criteria.
    Journal of Retailing 70(3), 201-230.
    Zeithaml, V. A., Berry, L. L. & Parasuraman, A. (1993). The nature and determinants of
    customer expectations of service. Journal of the Academy of Marketing Science 21(1), 1-12.

    Examples
    --------
    >>> import pandas as pd
    >>> from loyaltymodels.servqual import Instrument, zone_of_tolerance
    >>> one = Instrument({"speed": ["s1"]}, scale=(1, 9))
    >>> a = pd.DataFrame({"s1": [4, 5, 3]})
    >>> d = pd.DataFrame({"s1": [7, 8, 6]})
    >>> p = pd.DataFrame({"s1": [3, 6, 8]})
    >>> zot = zone_of_tolerance(a, d, p, instrument=one)
    >>> zot.items.loc["s1", ["msa", "mss"]].round(3).tolist()
    [1.667, -1.333]
    >>> zot.respondent_zones["s1"].tolist()
    ['below', 'within', 'above']
    """
    confidence = check_ci_prob(ci_prob)
    a_items = instrument.check_responses(adequate, name="adequate")
    d_items = instrument.check_responses(desired, name="desired")
    p_items = instrument.check_responses(perceived, name="perceived")
    for name, frame in (("desired", d_items), ("perceived", p_items)):
        if len(frame) != len(a_items) or not frame.index.equals(a_items.index):
            raise LoyaltyDataError(
                f"{name} has {len(frame)} rows indexed differently from the {len(a_items)} rows "
                "of adequate; give all three one row per respondent with the same index."
            )
    codes = _zone_codes(a_items, d_items, p_items)
    items = _zone_table(a_items, d_items, p_items, confidence, codes)
    items.insert(0, "dimension", [instrument.dimension_of[i] for i in items.index])
    items.index.name = "item"

    by_dimension = instrument.dimension_means
    dimensions = _zone_table(
        by_dimension(a_items), by_dimension(d_items), by_dimension(p_items), confidence
    )
    dimensions.index.name = "dimension"
    zones = _zone_frame(codes, a_items)
    inverted = codes == ZONES.index("inverted")
    n_inverted = int(inverted.sum())
    if n_inverted:
        rows = zones.index[inverted.any(axis=1)]
        warnings.warn(
            f"{n_inverted} answers rate adequate service above desired service (at "
            f"{describe_rows(rows)}); they are classed 'inverted' and counted apart from the "
            "below/within/above shares.",
            UserWarning,
            stacklevel=2,
        )
    return ToleranceResult(
        instrument=instrument,
        items=items,
        dimensions=dimensions,
        respondent_zones=zones,
        n_inverted=n_inverted,
        confidence=confidence,
    )


def _zone_codes(a: pd.DataFrame, d: pd.DataFrame, p: pd.DataFrame) -> npt.NDArray[np.int8]:
    """Index into ZONES per answer: 0 below, 1 within, 2 above, 3 inverted."""
    av, dv, pv = (f.to_numpy(dtype=float) for f in (a, d, p))
    # With A <= D: P < A gives 0, A <= P <= D gives 1, P > D gives 2.
    codes = (pv >= av).astype(np.int8) + (pv > dv).astype(np.int8)
    codes[av > dv] = 3
    return codes


def _zone_frame(codes: npt.NDArray[np.int8], like: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            column: pd.Categorical.from_codes(codes[:, k], categories=pd.Index(ZONES))
            for k, column in enumerate(like.columns)
        },
        index=like.index,
    )


def _zone_table(
    a: pd.DataFrame,
    d: pd.DataFrame,
    p: pd.DataFrame,
    confidence: float,
    codes: npt.NDArray[np.int8] | None = None,
) -> pd.DataFrame:
    msa = mean_table(p - a, confidence)
    mss = mean_table(p - d, confidence)
    if codes is None:
        codes = _zone_codes(a, d, p)
    counts = np.stack([(codes == k).sum(axis=0) for k in range(len(ZONES))])
    proper = counts[:3].sum(axis=0)
    table = pd.DataFrame(
        {
            "adequate": a.mean(axis=0),
            "desired": d.mean(axis=0),
            "perceived": p.mean(axis=0),
        }
    )
    table["zone_width"] = table["desired"] - table["adequate"]
    for name, stats in (("msa", msa), ("mss", mss)):
        table[name] = stats["estimate"]
        table[f"{name}_se"] = stats["se"]
        table[f"{name}_lower"] = stats["lower"]
        table[f"{name}_upper"] = stats["upper"]
    table["position"] = np.where(
        table["zone_width"] < 0,
        "inverted",
        np.where(table["msa"] < 0, "below", np.where(table["mss"] > 0, "above", "within")),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, zone in enumerate(ZONES[:3]):
            table[f"share_{zone}"] = counts[k] / proper
    table["n_inverted"] = counts[3]
    table["n"] = len(a)
    return table
