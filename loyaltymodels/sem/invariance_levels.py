"""The levels of a measurement-invariance ladder: refusing a level the ladder does not know."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["check_level_names"]


def check_level_names(levels: Sequence[str], known: Mapping[str, object], kind: str = "") -> None:
    """Refuse ladder levels that are not among ``known``.

    Parameters
    ----------
    levels : sequence of str
        The levels asked for.
    known : mapping of str
        The ladder's levels (their names are the keys), in ladder order.
    kind : str, default ""
        Words naming the kind of items after "levels" in the message, e.g.
        ``" for ordinal items"``.

    Raises
    ------
    LoyaltyDataError
        Naming the unknown levels and the known ones.
    """
    unknown = [level for level in levels if level not in known]
    if unknown:
        raise LoyaltyDataError(
            f"unknown invariance levels {unknown}{kind}; choose from {list(known)}."
        )
