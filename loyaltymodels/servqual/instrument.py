"""Survey instruments as data: items, dimensions and the response scale.

The SERVQUAL instrument of Parasuraman, Zeithaml & Berry (1988) ships as :data:`SERVQUAL`; any
other instrument (other items, dimensions or scale) is declared with :class:`Instrument` and then
works with the same scoring, tolerance, reliability, IPA and segment functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loyaltymodels._validation import (
    LoyaltyDataError,
    check_columns,
    check_dataframe,
    check_whole_scale,
)

__all__ = ["SERVQUAL", "Instrument"]


@dataclass(frozen=True)
class Instrument:
    """A multi-item instrument: which items measure which dimension, on which scale.

    Parameters
    ----------
    dimensions : mapping of str to sequence of str
        Dimension name -> the item column names that measure it, in order. Every item belongs
        to exactly one dimension.
    scale : tuple of int, default (1, 7)
        The lowest and highest answer of the Likert scale.
    labels : mapping of str to str, optional
        Short descriptions of the items (item -> text), used in tables and plots.
    name : str, default "custom instrument"
        A name used in messages and reports.

    Examples
    --------
    >>> short = Instrument({"speed": ["s1", "s2"], "care": ["c1", "c2", "c3"]}, scale=(1, 5))
    >>> short.items
    ('s1', 's2', 'c1', 'c2', 'c3')
    >>> short.dimension_of["c2"]
    'care'
    >>> short.midpoint
    3.0
    """

    dimensions: Mapping[str, Sequence[str]]
    scale: tuple[int, int] = (1, 7)
    labels: Mapping[str, str] = field(default_factory=dict)
    name: str = "custom instrument"

    def __post_init__(self) -> None:
        if not isinstance(self.dimensions, Mapping) or not self.dimensions:
            raise LoyaltyDataError(
                "dimensions must be a non-empty mapping of dimension name -> item columns, "
                "e.g. {'tangibles': ['q1', 'q2'], 'reliability': ['q3', 'q4']}."
            )
        frozen: dict[str, tuple[str, ...]] = {}
        seen: dict[str, str] = {}
        for dimension, items in self.dimensions.items():
            if isinstance(items, str) or len(items) == 0:
                raise LoyaltyDataError(
                    f"dimension '{dimension}' must list its item columns (a list of names), "
                    f"got {items!r}."
                )
            for item in items:
                if item in seen:
                    raise LoyaltyDataError(
                        f"item '{item}' is listed under both '{seen[item]}' and '{dimension}'; "
                        "each item must measure exactly one dimension."
                    )
                seen[item] = dimension
            frozen[str(dimension)] = tuple(str(item) for item in items)
        low, high = self.scale
        if int(low) != low or int(high) != high or not low < high:
            raise LoyaltyDataError(
                f"scale must be two whole numbers (lowest, highest) with lowest < highest, "
                f"got {self.scale!r}."
            )
        unknown = [item for item in self.labels if item not in seen]
        if unknown:
            raise LoyaltyDataError(
                f"labels name item(s) {unknown} that no dimension lists; "
                "label only the instrument's items."
            )
        object.__setattr__(self, "dimensions", frozen)
        object.__setattr__(self, "scale", (int(low), int(high)))
        object.__setattr__(self, "labels", dict(self.labels))

    @property
    def items(self) -> tuple[str, ...]:
        """All item columns, dimension by dimension."""
        return tuple(item for items in self.dimensions.values() for item in items)

    @property
    def dimension_names(self) -> tuple[str, ...]:
        """The dimension names in order."""
        return tuple(self.dimensions)

    @property
    def dimension_of(self) -> dict[str, str]:
        """Item -> the dimension it measures."""
        return {item: dim for dim, items in self.dimensions.items() for item in items}

    @property
    def midpoint(self) -> float:
        """The scale midpoint, (lowest + highest) / 2."""
        return (self.scale[0] + self.scale[1]) / 2.0

    def table(self) -> pd.DataFrame:
        """Return the instrument as a table: one row per item with its dimension and label.

        Returns
        -------
        pandas.DataFrame
            Indexed by item, columns ``dimension`` and ``label``.
        """
        rows = [
            {"item": item, "dimension": dim, "label": self.labels.get(item, item)}
            for dim, items in self.dimensions.items()
            for item in items
        ]
        return pd.DataFrame(rows).set_index("item")

    def dimension_means(self, item_scores: pd.DataFrame) -> pd.DataFrame:
        """Average item columns into one score per dimension and respondent.

        Parameters
        ----------
        item_scores : pandas.DataFrame
            One row per respondent with (at least) the instrument's item columns.

        Returns
        -------
        pandas.DataFrame
            Same index, one column per dimension: the mean of its items.
        """
        return pd.DataFrame(
            {dim: item_scores[list(items)].mean(axis=1) for dim, items in self.dimensions.items()},
            index=item_scores.index,
        )

    def sem_description(self) -> str:
        """Return the measurement model of the dimensions in lavaan-style syntax.

        Returns
        -------
        str
            One ``dimension =~ item + item ...`` line per dimension.

        Examples
        --------
        >>> print(Instrument({"a": ["x1", "x2"], "b": ["y1", "y2"]}).sem_description())
        a =~ x1 + x2
        b =~ y1 + y2
        """
        return "\n".join(f"{dim} =~ {' + '.join(items)}" for dim, items in self.dimensions.items())

    def check_responses(self, data: pd.DataFrame, *, name: str = "responses") -> pd.DataFrame:
        """Validate answers to the instrument and return its item columns as floats.

        Checks that ``data`` is a DataFrame with every item column, numeric, complete (no NaN),
        whole numbers, and inside the declared scale.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per respondent, one column per item (other columns are ignored).
        name : str
            The argument name used in error messages.

        Returns
        -------
        pandas.DataFrame
            The item columns in instrument order, as float.

        Raises
        ------
        LoyaltyDataError
            If a check fails; the message names the column, first rows and the fix.
        """
        check_dataframe(data, name=name)
        if len(data) < 2:
            raise LoyaltyDataError(
                f"{name} has one respondent; scores need at least two (a single answer has no "
                "standard error, interval or reliability)."
            )
        items = list(self.items)
        check_columns(data, items, name=name)
        low, high = self.scale
        check_whole_scale(data, items, low, high, what=f"the {low}-{high} scale of {self.name}")
        return data[items].astype(float)


_SERVQUAL_LABELS = {
    "q1": "modern equipment",
    "q2": "visually appealing facilities",
    "q3": "neat, well-dressed employees",
    "q4": "facilities fit the type of service",
    "q5": "does things by the time promised",
    "q6": "sympathetic and reassuring with problems",
    "q7": "dependable",
    "q8": "provides service at the promised time",
    "q9": "keeps accurate records",
    "q10": "tells exactly when service will be performed",
    "q11": "prompt service",
    "q12": "employees always willing to help",
    "q13": "employees never too busy to respond",
    "q14": "employees can be trusted",
    "q15": "customers feel safe in transactions",
    "q16": "polite employees",
    "q17": "employees supported to do their job well",
    "q18": "individual attention",
    "q19": "personal attention from employees",
    "q20": "employees know customers' needs",
    "q21": "customers' best interests at heart",
    "q22": "convenient operating hours",
}

SERVQUAL = Instrument(
    dimensions={
        "tangibles": ["q1", "q2", "q3", "q4"],
        "reliability": ["q5", "q6", "q7", "q8", "q9"],
        "responsiveness": ["q10", "q11", "q12", "q13"],
        "assurance": ["q14", "q15", "q16", "q17"],
        "empathy": ["q18", "q19", "q20", "q21", "q22"],
    },
    scale=(1, 7),
    labels=_SERVQUAL_LABELS,
    name="SERVQUAL (Parasuraman, Zeithaml & Berry 1988)",
)
"""The 22-item SERVQUAL instrument on a 7-point scale.

Items ``q1``-``q22`` in the published order: tangibles 1-4, reliability 5-9, responsiveness
10-13, assurance 14-17, empathy 18-22. The labels are short descriptions of the item content,
not the questionnaire wording.

Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a multiple-item scale for
measuring consumer perceptions of service quality. Journal of Retailing 64(1), 12-40.
"""
