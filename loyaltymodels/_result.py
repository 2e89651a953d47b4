"""The result contract shared by every fitted model.

A result holds full-precision numbers; only :meth:`Result.to_markdown` and
:meth:`Result._repr_html_` round. Results can be saved to and loaded from a file.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, Self

import pandas as pd

from loyaltymodels._tables import markdown_table

__all__ = ["Result"]


class Result:
    """Base class of fitted-model results.

    Subclasses set :attr:`params` (a tidy DataFrame, one row per parameter) and may override
    :meth:`summary` to add more than the parameter table.
    """

    params: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Return the result's main table (by default the parameter table).

        Returns
        -------
        pandas.DataFrame
            The table, at full precision.
        """
        return self.params

    def to_markdown(self, digits: int = 3) -> str:
        """Render :meth:`summary` as a Markdown table, rounded for display only.

        Parameters
        ----------
        digits : int, default 3
            Decimal places shown.

        Returns
        -------
        str
            The Markdown table.
        """
        return markdown_table(self.summary(), digits)

    def _repr_html_(self) -> str:
        return self.summary().to_html(float_format=lambda x: f"{x:.3f}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}\n{self.to_markdown()}"

    def save(self, path: str | Path) -> None:
        """Save the result to ``path`` (a pickle file).

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write.
        """
        from loyaltymodels import __version__

        payload = {"version": __version__, "class": type(self).__qualname__, "state": self}
        with Path(path).open("wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """Load a result written by :meth:`save`.

        Only load files you trust: the format is pickle.

        Parameters
        ----------
        path : str or pathlib.Path
            The file to read.

        Returns
        -------
        Result
            The saved result.
        """
        with Path(path).open("rb") as handle:
            payload: dict[str, Any] = pickle.load(handle)
        state = payload["state"]
        if not isinstance(state, cls):
            raise TypeError(f"{path} holds a {payload['class']}, not a {cls.__name__}.")
        return state
