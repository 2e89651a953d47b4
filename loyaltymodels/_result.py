"""The result contract shared by every fitted model.

A result holds full-precision numbers; only :meth:`Result.to_markdown` and
:meth:`Result._repr_html_` round. Results are saved to a file that cannot run code when loaded
(see :mod:`loyaltymodels._result_file`) and load back bit-identically.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, ClassVar, Self

import pandas as pd

from loyaltymodels._read_only import READ_ONLY_FLAG, ReadOnlyOnceBuilt, read_only_view
from loyaltymodels._tables import markdown_table
from loyaltymodels._validation import LoyaltyDataError

__all__ = ["Result", "ResultVersionWarning"]

_RESULT_CLASSES: dict[str, type] = {}


class Result(metaclass=ReadOnlyOnceBuilt):
    """Base class of fitted-model results.

    Subclasses set :attr:`params` (a tidy DataFrame, one row per parameter) and may override
    :meth:`summary` to add more than the parameter table.

    A subclass declared with ``frozen=True`` (``class MyResult(Result, frozen=True)``) is
    read-only once built: its constructor (``__init__`` and ``__post_init__``) sets every
    attribute, after which assigning or deleting one raises :class:`AttributeError`, and the
    tables and arrays it returns are copies (pandas copy-on-write) or read-only views, so a
    caller cannot change the result through them. ``functools.cached_property`` keeps
    working, and :meth:`load` returns a read-only result too.
    """

    params: pd.DataFrame
    fitted_data: ClassVar[tuple[str, ...]] = ()
    """Attributes holding the data the model was fitted on (left out by :meth:`save`)."""
    frozen: ClassVar[bool] = False
    """Whether results of this class are read-only once built (set by the class keyword)."""
    summary_table: ClassVar[str] = "params"
    """Name of the attribute :meth:`summary` returns (the parameter table unless set)."""

    def __init_subclass__(cls, frozen: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _RESULT_CLASSES[f"{cls.__module__}:{cls.__qualname__}"] = cls
        if frozen is not None:
            cls.frozen = frozen

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get(READ_ONLY_FLAG):
            raise AttributeError(_read_only_message(self, name, "set"))
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self.__dict__.get(READ_ONLY_FLAG):
            raise AttributeError(_read_only_message(self, name, "deleted"))
        object.__delattr__(self, name)

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name.startswith("_"):
            return value
        state = object.__getattribute__(self, "__dict__")
        if state.get(READ_ONLY_FLAG) and name in state:
            return read_only_view(value)
        return value

    def summary(self) -> pd.DataFrame:
        """Return the result's main table (by default the parameter table).

        Returns
        -------
        pandas.DataFrame
            The attribute named by :attr:`summary_table`, at full precision.
        """
        table: pd.DataFrame = getattr(self, type(self).summary_table)
        return table

    def to_markdown(self, digits: int = 3) -> str:
        """Render the result's report as Markdown, rounded for display only.

        The report is :meth:`summary` as a Markdown table unless the result says more (a fitted
        SEM, for example, starts with its data, test and fit indices). Every flag of the result
        (``result.flags``: failed diagnostics, degenerate data) follows as a ``warning:`` line.

        Parameters
        ----------
        digits : int, default 3
            Decimal places shown.

        Returns
        -------
        str
            The Markdown text.
        """
        flags = getattr(self, "flags", None) or []
        return self._markdown_report(digits) + "".join(f"\n\nwarning: {flag}" for flag in flags)

    def _markdown_report(self, digits: int) -> str:
        """Return the Markdown report before the flags (by default the :meth:`summary` table).

        A subclass with a fuller report (a header, several tables) overrides this.
        """
        return markdown_table(self.summary(), digits)

    def _repr_html_(self) -> str:
        return self.summary().to_html(float_format=lambda x: f"{x:.3f}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}\n{self.to_markdown()}"

    def save(self, path: str | Path, *, include_data: bool = False) -> None:
        """Save the result to ``path``: a zip of JSON, Parquet, ``.npy`` and netCDF files.

        The file records the class, the configuration and seed, the versions of loyaltymodels
        and its dependencies and a schema version; it cannot run code when loaded. The data
        the model was fitted on is left out unless ``include_data=True``: what the result's
        methods need stays (for the CLV models, the unique patterns with their counts and the
        fitted draws), so predictions without new data return one row per pattern.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write (conventionally ``*.lmr``, any name works).
        include_data : bool, default False
            Also store the full fitted data (see :attr:`fitted_data`).
        """
        from loyaltymodels._result_file import write_result_file

        state = dict(vars(self))
        state.pop(READ_ONLY_FLAG, None)
        if not include_data:
            for name in self.fitted_data:
                if name in state:
                    state[name] = self._without_fitted_data(name, state[name])
        write_result_file(path, self, state)

    def _without_fitted_data(self, name: str, value: Any) -> Any:
        """Return what to save in place of the fitted-data attribute ``name`` (default: None)."""
        return None

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """Load a result written by :meth:`save`.

        The file's schema and class are checked before anything else is read: only result
        classes of loyaltymodels (and subclasses of the class ``load`` is called on) are
        built, and no code stored in the file is ever run. A file saved by another version of
        loyaltymodels loads with a :class:`ResultVersionWarning`.

        Parameters
        ----------
        path : str or pathlib.Path
            The file to read.

        Returns
        -------
        Result
            The saved result, bit-identical to the one saved.

        Raises
        ------
        LoyaltyDataError
            If the file is missing, is not a saved result, has an unknown schema, or holds a
            class that is not a loyaltymodels result of the requested kind.
        """
        from loyaltymodels import __version__
        from loyaltymodels._result_file import read_result_file, resolve_class

        def check_class(name: str) -> type:
            found = resolve_class(name)
            if _RESULT_CLASSES.get(name) is not found:
                raise LoyaltyDataError(
                    f"{path} holds {name!r}, which is not a loyaltymodels result class."
                )
            if not issubclass(found, cls):
                raise LoyaltyDataError(
                    f"{path} holds a {found.__name__}, not a {cls.__name__}; load it with "
                    f"{found.__name__}.load."
                )
            return found

        found, state, manifest = read_result_file(path, check_class)
        saved = manifest.get("versions", {}).get("loyaltymodels")
        if saved != __version__:
            warnings.warn(
                f"{path} was saved by loyaltymodels {saved}; this is {__version__}. The numbers "
                "are those saved; methods of this version run on them.",
                ResultVersionWarning,
                stacklevel=2,
            )
        result: Self = object.__new__(found)
        result.__dict__.update(state)
        if found.frozen:
            result.__dict__[READ_ONLY_FLAG] = True
        return result


def _read_only_message(result: Result, name: str, action: str) -> str:
    kind = type(result).__name__
    return (
        f"{kind}.{name} cannot be {action}: results are read-only once built. Build a new "
        f"result instead (for example dataclasses.replace(result, {name}=...) or fit again)."
    )


class ResultVersionWarning(UserWarning):
    """A saved result was written by another version of loyaltymodels."""
