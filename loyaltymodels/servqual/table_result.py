"""Results whose parameter table is one of the tables they hold."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, dataclass_transform

import pandas as pd

from loyaltymodels._result import Result

__all__ = ["TableResult"]


@dataclass_transform()
class TableResult(Result, frozen=True):
    """A read-only result dataclass whose :attr:`params` is the table named by :attr:`params_table`.

    A subclass declares its fields like a dataclass and becomes one (keeping the result's
    ``repr``); it names its parameter table with ``params_table`` (default ``"table"``).
    """

    params_table: ClassVar[str] = "table"
    """Name of the attribute :attr:`params` returns."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(repr=False)(cls)

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """The result's parameter table (the attribute named by :attr:`params_table`)."""
        table: pd.DataFrame = getattr(self, type(self).params_table)
        return table
