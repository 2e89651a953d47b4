"""Model templates: the three-dimension loyalty model and the ECSI satisfaction model.

Both build a lavaan-style description from a mapping construct -> item columns, so item names
stay data and never live in code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["ECSI_PATHS", "LOYALTY_DIMENSIONS", "ecsi_model", "loyalty_model"]

LOYALTY_DIMENSIONS = ("value", "emotion", "relationship")

# European Customer Satisfaction Index inner model (Tenenhaus, Esposito Vinzi, Chatelin &
# Lauro 2005, "PLS path modeling", Computational Statistics & Data Analysis 48(1), 159-205).
ECSI_PATHS: dict[str, tuple[str, ...]] = {
    "expectation": ("image",),
    "quality": ("expectation",),
    "value": ("expectation", "quality"),
    "satisfaction": ("image", "expectation", "quality", "value"),
    "complaints": ("satisfaction",),
    "loyalty": ("image", "satisfaction", "complaints"),
}
ECSI_CONSTRUCTS = (
    "image",
    "expectation",
    "quality",
    "value",
    "satisfaction",
    "complaints",
    "loyalty",
)


def _measurement(items: Mapping[str, Sequence[str]], constructs: Sequence[str]) -> list[str]:
    lines = []
    for construct in constructs:
        columns = list(items[construct])
        if not columns:
            raise LoyaltyDataError(f"construct '{construct}' has no items; list its columns.")
        bad = [c for c in columns if not isinstance(c, str) or not c.isidentifier()]
        if bad:
            raise LoyaltyDataError(
                f"item names {bad} of '{construct}' are not valid variable names; rename the "
                "columns to letters, digits and underscores."
            )
        lines.append(f"{construct} =~ " + " + ".join(columns))
    return lines


def _require(items: Mapping[str, Sequence[str]], constructs: Sequence[str]) -> None:
    missing = [c for c in constructs if c not in items]
    if missing:
        raise LoyaltyDataError(
            f"the item mapping lacks construct(s) {missing}; it has {list(items)}. "
            "Map every construct to its item columns, e.g. {'value': ['v1', 'v2', 'v3'], ...}."
        )


def loyalty_model(items: Mapping[str, Sequence[str]], *, satisfaction: bool | None = None) -> str:
    """Build the description of the three-dimension loyalty model.

    Value, emotion and relationship are correlated latent factors that explain loyalty. With
    a ``"satisfaction"`` construct, the three dimensions also act through satisfaction
    (partial mediation: dimension -> satisfaction -> loyalty plus the direct paths).

    Parameters
    ----------
    items : mapping of str to sequence of str
        Item columns of ``"value"``, ``"emotion"``, ``"relationship"``, ``"loyalty"`` and
        optionally ``"satisfaction"``.
    satisfaction : bool, optional
        Include the satisfaction mediator; default: when ``items`` has it.

    Returns
    -------
    str
        The lavaan-style description, for :class:`~loyaltymodels.sem.SEM`.

    Examples
    --------
    >>> print(loyalty_model({"value": ["v1", "v2"], "emotion": ["e1", "e2"],
    ...                      "relationship": ["r1", "r2"], "loyalty": ["l1", "l2"]}))
    value =~ v1 + v2
    emotion =~ e1 + e2
    relationship =~ r1 + r2
    loyalty =~ l1 + l2
    loyalty ~ value + emotion + relationship
    """
    use_satisfaction = "satisfaction" in items if satisfaction is None else satisfaction
    constructs = [*LOYALTY_DIMENSIONS, *(["satisfaction"] if use_satisfaction else []), "loyalty"]
    _require(items, constructs)
    lines = _measurement(items, constructs)
    drivers = " + ".join(LOYALTY_DIMENSIONS)
    if use_satisfaction:
        lines.append(f"satisfaction ~ {drivers}")
        lines.append(f"loyalty ~ {drivers} + satisfaction")
    else:
        lines.append(f"loyalty ~ {drivers}")
    return "\n".join(lines)


def ecsi_model(items: Mapping[str, Sequence[str]]) -> str:
    """Build the description of the European Customer Satisfaction Index (ECSI) model.

    Seven constructs: image, expectation, (perceived) quality, (perceived) value,
    satisfaction, complaints and loyalty, with the inner model of Tenenhaus et al. (2005):
    expectation ~ image; quality ~ expectation; value ~ expectation + quality;
    satisfaction ~ image + expectation + quality + value; complaints ~ satisfaction;
    loyalty ~ image + satisfaction + complaints.

    Parameters
    ----------
    items : mapping of str to sequence of str
        Item columns of each of the seven constructs.

    Returns
    -------
    str
        The lavaan-style description.

    References
    ----------
    Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. & Lauro, C. (2005). PLS path modeling.
    Computational Statistics & Data Analysis 48(1), 159-205.

    Examples
    --------
    >>> spec = ecsi_model({c: [f"{c[:3]}{k}" for k in (1, 2, 3)] for c in ECSI_CONSTRUCTS})
    >>> spec.splitlines()[-1]
    'loyalty ~ image + satisfaction + complaints'
    """
    _require(items, ECSI_CONSTRUCTS)
    lines = _measurement(items, ECSI_CONSTRUCTS)
    lines += [f"{outcome} ~ " + " + ".join(causes) for outcome, causes in ECSI_PATHS.items()]
    return "\n".join(lines)
