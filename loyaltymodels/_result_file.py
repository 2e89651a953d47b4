"""The saved-result file: a zip of JSON, Parquet, ``.npy`` and netCDF that cannot run code.

Layout of the zip archive::

    manifest.json        format name, schema version, class, versions, configuration, seed
                         and the result's state as typed JSON
    tables/<k>.parquet   DataFrames, Series and Index objects (Parquet, pandas metadata)
    arrays/<k>.npy       NumPy arrays (read with ``allow_pickle=False``)
    trees/<k>.nc         ArviZ DataTrees (netCDF4 through h5netcdf)

The state is written generically: an object defined in ``loyaltymodels`` is stored as its class
name and its attributes; dicts, lists, tuples, sets, strings, numbers (floats bit-exactly, as
hexadecimal), NumPy scalars and arrays, pandas objects, timestamps and DataTrees as typed JSON
nodes that point into the archive where needed. Reading never imports anything outside
``loyaltymodels``, never unpickles, and builds objects without calling their code
(``object.__new__`` and the saved attributes).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import platform
import zipfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = [
    "FORMAT_NAME",
    "SCHEMA_VERSION",
    "dependency_versions",
    "read_result_file",
    "resolve_class",
    "write_result_file",
]

FORMAT_NAME = "loyaltymodels-result"
SCHEMA_VERSION = 1
_PACKAGE = "loyaltymodels"
_DEPENDENCIES = ("numpy", "pandas", "pyarrow", "scipy", "xarray", "arviz", "pymc", "h5netcdf")


def dependency_versions() -> dict[str, str]:
    """Return the versions of Python, loyaltymodels and the libraries that shape a result.

    Returns
    -------
    dict of str to str
        Package name to version (``"absent"`` when not installed).
    """
    versions = {"python": platform.python_version()}
    for name in (_PACKAGE, *_DEPENDENCIES):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "absent"
    from loyaltymodels import __version__

    versions[_PACKAGE] = __version__
    return versions


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def resolve_class(name: str) -> type:
    """Find a class defined in loyaltymodels from its ``"module:qualname"``.

    Parameters
    ----------
    name : str
        As written by the saver.

    Returns
    -------
    type
        The class.

    Raises
    ------
    LoyaltyDataError
        If the name does not point to a class defined inside loyaltymodels.
    """
    module_name, _, qualname = str(name).partition(":")
    if not (module_name == _PACKAGE or module_name.startswith(f"{_PACKAGE}.")) or not qualname:
        raise LoyaltyDataError(
            f"the file names the class {name!r}, which is not part of loyaltymodels; "
            "only results saved by loyaltymodels can be loaded."
        )
    try:
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as error:
        raise LoyaltyDataError(
            f"the file names the class {name!r}, which this version of loyaltymodels does not "
            "have; load it with the version that saved it."
        ) from error
    if not isinstance(target, type) or target.__module__ != module_name:
        raise LoyaltyDataError(f"the file names {name!r}, which is not a loyaltymodels class.")
    return target


# ---------------------------------------------------------------------------------- writing


class _Writer:
    """Encode a state tree as typed JSON, collecting binary members for the archive."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def _member(self, folder: str, suffix: str, payload: bytes) -> str:
        name = f"{folder}/{len(self.members)}.{suffix}"
        self.members[name] = payload
        return name

    def _parquet(self, frame: pd.DataFrame) -> str:
        buffer = io.BytesIO()
        frame.to_parquet(buffer, engine="pyarrow", index=True)
        return self._member("tables", "parquet", buffer.getvalue())

    def _array(self, array: np.ndarray) -> str:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return self._member("arrays", "npy", buffer.getvalue())

    def _index(self, index: pd.Index) -> dict[str, Any]:
        try:
            return {"t": "index", "file": self._parquet(pd.DataFrame(index=index))}
        except Exception:  # labels Parquet cannot hold (mixed objects): typed JSON instead
            return {
                "t": "index_values",
                "values": self.encode(list(index)),
                "names": self.encode(list(index.names)),
                "dtype": str(index.dtype),
                "multi": isinstance(index, pd.MultiIndex),
            }

    def _frame(self, frame: pd.DataFrame) -> dict[str, Any]:
        node: dict[str, Any] = {
            "t": "frame",
            "columns": self._index(frame.columns),
            "attrs": self.encode(dict(frame.attrs)),
        }
        positional = frame.copy(deep=False)
        positional.columns = [f"c{i}" for i in range(frame.shape[1])]
        positional.attrs = {}
        try:
            node["file"] = self._parquet(positional)
        except Exception:  # object columns Parquet cannot hold: one typed node per column
            node["index"] = self._index(frame.index)
            node["values"] = [
                {"dtype": str(frame.dtypes.iloc[i]), "data": self.encode(column.to_numpy())}
                for i, (_, column) in enumerate(frame.items())
            ]
        return node

    def _tree(self, tree: Any) -> dict[str, Any]:
        # netCDF holds numbers and strings; other object variables (e.g. a sampler's
        # per-draw messages, mostly None) are kept as typed JSON beside the file.
        tree = tree.copy()
        objects = []
        for node in tree.subtree:
            for name, variable in list(node.data_vars.items()):
                values = variable.values
                if values.dtype.hasobject and not all(isinstance(v, str) for v in values.flat):
                    objects.append(
                        {
                            "path": node.path,
                            "name": str(name),
                            "dims": list(variable.dims),
                            "values": self.encode(values),
                            "attrs": self.encode(dict(variable.attrs)),
                        }
                    )
                    tree[node.path] = node.to_dataset().drop_vars(name)
        buffer = io.BytesIO()
        tree.to_netcdf(buffer, engine="h5netcdf")
        file = self._member("trees", "nc", buffer.getvalue())
        return {"t": "datatree", "file": file, "objects": objects}

    def _ndarray(self, array: np.ndarray) -> dict[str, Any]:
        if array.dtype.hasobject:
            return {
                "t": "objarray",
                "shape": list(array.shape),
                "v": [self.encode(item) for item in array.ravel().tolist()],
            }
        return {"t": "ndarray", "file": self._array(array)}

    def _series(self, series: pd.Series) -> dict[str, Any]:
        return {
            "t": "series",
            "name": self.encode(series.name),
            "frame": self._frame(series.to_frame(name="values")),
        }

    def _object(self, value: Any) -> dict[str, Any]:
        """Encode a DataTree or a loyaltymodels object; refuse anything else."""
        cls = type(value)
        if cls.__name__ == "DataTree" and cls.__module__.startswith("xarray"):
            return self._tree(value)
        if cls.__module__.split(".")[0] == _PACKAGE and hasattr(value, "__dict__"):
            state = {name: self.encode(item) for name, item in vars(value).items()}
            return {"t": "object", "class": _class_name(cls), "state": state}
        raise TypeError(
            f"cannot save a value of type {cls.__module__}.{cls.__qualname__}; results hold "
            "tables, arrays, numbers, strings, containers of these and loyaltymodels objects."
        )

    def encode(self, value: Any) -> Any:
        """Return the typed-JSON node of ``value`` (binary parts go to :attr:`members`)."""
        if value is None or isinstance(value, str):
            return value
        for kinds, encoder in _ENCODERS:
            if isinstance(value, kinds):
                return encoder(self, value)
        return self._object(value)


def _items(tag: str, order: Callable[[Any], Any] = list) -> Callable[[_Writer, Any], Any]:
    """Return the encoder of a container: its items, in ``order(container)``, one by one."""
    return lambda writer, value: {"t": tag, "v": [writer.encode(item) for item in order(value)]}


def _scalar(tag: str, convert: Callable[[Any], Any]) -> Callable[[_Writer, Any], Any]:
    """Return the encoder of a scalar written as ``convert(value)``."""
    return lambda writer, value: {"t": tag, "v": convert(value)}


def _sorted_by_repr(items: Any) -> list[Any]:
    return sorted(items, key=repr)


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


# The first row whose types match encodes the value, so subclasses come before their bases
# (bool before int, NumPy scalars before float, Timestamp before datetime before date).
_ENCODERS: tuple[tuple[type | tuple[type, ...], Callable[[_Writer, Any], Any]], ...] = (
    (bool, lambda writer, value: value),
    (np.bool_, _scalar("npbool", bool)),
    (np.generic, lambda writer, value: {"t": "npscalar", "file": writer._array(np.asarray(value))}),
    (int, _scalar("int", str)),
    (float, _scalar("float", float.hex)),
    (complex, _scalar("complex", lambda value: [value.real.hex(), value.imag.hex()])),
    (list, _items("list")),
    (tuple, _items("tuple")),
    (set, _items("set", _sorted_by_repr)),
    (frozenset, _items("frozenset", _sorted_by_repr)),
    (
        dict,
        lambda writer, value: {
            "t": "dict",
            "v": [[writer.encode(k), writer.encode(v)] for k, v in value.items()],
        },
    ),
    (np.ndarray, _Writer._ndarray),
    (pd.DataFrame, _Writer._frame),
    (pd.Series, _Writer._series),
    (pd.Index, _Writer._index),
    (
        pd.Timestamp,
        lambda writer, value: {"t": "timestamp", "v": value.isoformat(), "tz": str(value.tz)},
    ),
    (pd.Timedelta, _scalar("timedelta", lambda value: str(value.value))),
    (dt.datetime, _scalar("datetime", _isoformat)),
    (dt.date, _scalar("date", _isoformat)),
    (Path, _scalar("path", str)),
)


def write_result_file(path: str | Path, result: Any, state: dict[str, Any]) -> None:
    """Write ``result`` (whose attributes are ``state``) to the zip file ``path``.

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write.
    result : Result
        The result (for its class, configuration and seed).
    state : dict
        The attributes to save.
    """
    writer = _Writer()
    config = state.get("config", getattr(state.get("model"), "__dict__", None))
    manifest = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "class": _class_name(type(result)),
        "versions": dependency_versions(),
        "configuration": writer.encode(config) if isinstance(config, dict) else None,
        "seed": writer.encode(_find_seed(state)),
        "state": {name: writer.encode(value) for name, value in state.items()},
    }
    target = Path(path)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, allow_nan=False))
        for name, payload in writer.members.items():
            archive.writestr(name, payload)


def _find_seed(state: dict[str, Any]) -> Any:
    for name in ("random_seed", "seed"):
        if isinstance(state.get(name), int):
            return state[name]
    config = state.get("config")
    if isinstance(config, dict) and "random_seed" in config:
        return config["random_seed"]
    fit = state.get("_fit") or state.get("fit")
    attrs = getattr(fit, "_attrs", None)
    return attrs.get("random_seed") if isinstance(attrs, dict) else None


# ---------------------------------------------------------------------------------- reading


class _Reader:
    """Decode typed JSON nodes, reading binary members from the archive."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive = archive
        self.source = source

    def _bytes(self, name: Any) -> io.BytesIO:
        if not isinstance(name, str) or name not in self.archive.namelist():
            raise LoyaltyDataError(f"{self.source} is damaged: member {name!r} is missing.")
        return io.BytesIO(self.archive.read(name))

    def _parquet(self, name: Any) -> pd.DataFrame:
        return pd.read_parquet(self._bytes(name), engine="pyarrow")

    def _index(self, node: dict[str, Any]) -> pd.Index:
        if node["t"] == "index":
            stored: pd.Index = self._parquet(node["file"]).index
            return stored
        values = self.decode(node["values"])
        names = self.decode(node["names"])
        if node["multi"]:
            return pd.MultiIndex.from_tuples(values, names=names)
        flat: pd.Index = pd.Index(values, dtype=node["dtype"], name=names[0])
        return flat

    def _frame(self, node: dict[str, Any]) -> pd.DataFrame:
        if "file" in node:
            frame = self._parquet(node["file"])
        else:
            columns = {
                f"c{i}": pd.Series(self.decode(item["data"]), dtype=item["dtype"])
                for i, item in enumerate(node["values"])
            }
            index = self._index(node["index"])
            frame = pd.DataFrame({k: v.to_numpy() for k, v in columns.items()}, index=index)
            frame = frame.astype({k: v.dtype for k, v in columns.items()})
        frame.columns = self._index(node["columns"])
        frame.attrs = self.decode(node["attrs"])
        return frame

    def _tree(self, node: dict[str, Any]) -> Any:
        import xarray as xr

        with xr.open_datatree(self._bytes(node["file"]), engine="h5netcdf") as opened:
            tree = opened.load().copy()
        for item in node.get("objects", []):
            dataset = tree[item["path"]].to_dataset()
            dataset[item["name"]] = xr.Variable(
                item["dims"], self.decode(item["values"]), attrs=self.decode(item["attrs"])
            )
            tree[item["path"]] = dataset
        return tree

    def _object(self, node: dict[str, Any]) -> Any:
        cls = resolve_class(node["class"])
        instance: Any = object.__new__(cls)
        instance.__dict__.update(
            {str(name): self.decode(item) for name, item in node["state"].items()}
        )
        return instance

    def _npscalar(self, node: dict[str, Any]) -> Any:
        return np.load(self._bytes(node["file"]), allow_pickle=False)[()]

    def _objarray(self, node: dict[str, Any]) -> np.ndarray:
        items = [self.decode(item) for item in node["v"]]
        array = np.empty(len(items), dtype=object)
        array[:] = items
        return array.reshape(node["shape"])

    def _series(self, node: dict[str, Any]) -> pd.Series:
        series = self._frame(node["frame"]).iloc[:, 0]
        series.name = self.decode(node["name"])
        return series

    def decode(self, node: Any) -> Any:
        """Return the value a typed-JSON node stands for."""
        if node is None or isinstance(node, (str, bool)):
            return node
        if not isinstance(node, dict) or node.get("t") not in _DECODERS:
            raise LoyaltyDataError(f"{self.source} is damaged: unknown entry {str(node)[:80]}.")
        return _DECODERS[node["t"]](self, node)


def _sequence(kind: Callable[[list[Any]], Any]) -> Callable[[_Reader, dict[str, Any]], Any]:
    return lambda reader, node: kind([reader.decode(item) for item in node["v"]])


_DECODERS: dict[str, Callable[[_Reader, dict[str, Any]], Any]] = {
    "npbool": lambda reader, node: np.bool_(node["v"]),
    "npscalar": _Reader._npscalar,
    "int": lambda reader, node: int(node["v"]),
    "float": lambda reader, node: float.fromhex(node["v"]),
    "complex": lambda reader, node: complex(*(float.fromhex(x) for x in node["v"])),
    "list": _sequence(list),
    "tuple": _sequence(tuple),
    "set": _sequence(set),
    "frozenset": _sequence(frozenset),
    "dict": lambda reader, node: {reader.decode(k): reader.decode(v) for k, v in node["v"]},
    "ndarray": lambda reader, node: np.load(reader._bytes(node["file"]), allow_pickle=False),
    "objarray": _Reader._objarray,
    "frame": _Reader._frame,
    "series": _Reader._series,
    "index": _Reader._index,
    "index_values": _Reader._index,
    "timestamp": lambda reader, node: (
        pd.Timestamp(node["v"]).tz_convert(node["tz"])
        if node["tz"] != "None"
        else pd.Timestamp(node["v"])
    ),
    "timedelta": lambda reader, node: pd.Timedelta(int(node["v"])),
    "datetime": lambda reader, node: dt.datetime.fromisoformat(node["v"]),
    "date": lambda reader, node: dt.date.fromisoformat(node["v"]),
    "path": lambda reader, node: Path(node["v"]),
    "datatree": _Reader._tree,
    "object": _Reader._object,
}


def read_result_file(
    path: str | Path, check_class: Callable[[str], Any]
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """Read a file written by :func:`write_result_file`.

    The manifest is checked (format, schema, class) before any table or array is read.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    check_class : callable
        Called with the saved ``"module:qualname"``; returns the class to build or raises
        :class:`LoyaltyDataError`.

    Returns
    -------
    cls : type
        What ``check_class`` returned.
    state : dict
        The decoded attributes.
    manifest : dict
        The manifest (versions, schema, configuration and seed as typed JSON).

    Raises
    ------
    LoyaltyDataError
        If the file is missing, not a loyaltymodels result file, or of an unknown schema.
    """
    source = str(path)
    target = Path(path)
    if not target.is_file():
        raise LoyaltyDataError(f"{source} is not a file; pass the path of a saved result.")
    if not zipfile.is_zipfile(target):
        raise LoyaltyDataError(
            f"{source} is not a saved loyaltymodels result (not a zip archive); results are "
            "saved with result.save(path). Files from older versions (pickle) are not read "
            "because loading them could run code."
        )
    with zipfile.ZipFile(target) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError) as error:
            raise LoyaltyDataError(
                f"{source} is not a saved loyaltymodels result (no readable manifest.json)."
            ) from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise LoyaltyDataError(f"{source} is not a saved loyaltymodels result.")
        schema = manifest.get("schema_version")
        if schema != SCHEMA_VERSION:
            raise LoyaltyDataError(
                f"{source} uses result-file schema {schema!r}; this version of loyaltymodels "
                f"reads schema {SCHEMA_VERSION}. Load it with the version that saved it."
            )
        cls = check_class(str(manifest.get("class")))
        nodes = manifest.get("state")
        if not isinstance(nodes, dict):
            raise LoyaltyDataError(f"{source} is damaged: it holds no result state.")
        reader = _Reader(archive, source)
        try:
            state = {str(name): reader.decode(node) for name, node in nodes.items()}
        except LoyaltyDataError:
            raise
        except (KeyError, TypeError, ValueError, OSError) as error:
            raise LoyaltyDataError(f"{source} is damaged: {error}.") from error
    return cls, state, manifest
