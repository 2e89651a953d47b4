"""Saved results: a format that cannot run code, checked on load, bit-identical round trips."""

from __future__ import annotations

import json
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from loyaltymodels import LoyaltyDataError
from loyaltymodels._result import Result, ResultVersionWarning
from tests.result_examples import EXAMPLES


def _same_frame(left: pd.DataFrame, right: pd.DataFrame, where: str) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=True, check_freq=True)
    assert left.attrs == right.attrs, where
    for column in range(left.shape[1]):
        assert_identical(left.iloc[:, column].to_numpy(), right.iloc[:, column].to_numpy())


def _same_series(left: pd.Series, right: pd.Series, where: str) -> None:
    pd.testing.assert_series_equal(left, right, check_exact=True)


def _same_index(left: pd.Index, right: pd.Index, where: str) -> None:
    pd.testing.assert_index_equal(left, right, exact=True)


def _same_array(left: np.ndarray, right: np.ndarray, where: str) -> None:
    assert left.dtype == right.dtype and left.shape == right.shape, where
    if left.dtype.hasobject:
        _same_items(left.ravel(), right.ravel(), where)
    else:
        assert left.tobytes() == right.tobytes(), where


def _same_float(left: float, right: float, where: str) -> None:
    assert left.hex() == right.hex(), where


def _same_numpy_scalar(left: np.generic, right: np.generic, where: str) -> None:
    assert left.dtype == right.dtype and left.tobytes() == right.tobytes(), where


def _same_dict(left: dict[Any, Any], right: dict[Any, Any], where: str) -> None:
    assert list(left) == list(right), where
    for key in left:
        assert_identical(left[key], right[key], f"{where}[{key!r}]")


def _same_items(left: Any, right: Any, where: str) -> None:
    assert len(left) == len(right), where
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        assert_identical(a, b, f"{where}[{i}]")


def _same_tree(left: Any, right: Any, where: str) -> None:
    assert left.identical(right), where
    for node in left.subtree:
        for name, variable in node.variables.items():
            other = right[node.path].variables[name]
            assert variable.dtype == other.dtype, f"{where}{node.path}/{name}"
            assert np.asarray(variable).tobytes() == np.asarray(other).tobytes()


# The first row whose types match compares the values (float before np.generic, so that
# np.float64 is compared by its hexadecimal form).
_COMPARISONS: tuple[tuple[type | tuple[type, ...], Callable[[Any, Any, str], None]], ...] = (
    (pd.DataFrame, _same_frame),
    (pd.Series, _same_series),
    (pd.Index, _same_index),
    (np.ndarray, _same_array),
    (float, _same_float),
    (np.generic, _same_numpy_scalar),
    (dict, _same_dict),
    ((list, tuple), _same_items),
)


def assert_identical(left: Any, right: Any, where: str = "result") -> None:
    """Assert two saved states are the same value for value, bit for bit, type for type."""
    assert type(left) is type(right), f"{where}: {type(left)} != {type(right)}"
    for kinds, compare in _COMPARISONS:
        if isinstance(left, kinds):
            compare(left, right, where)
            return
    if type(left).__name__ == "DataTree":
        _same_tree(left, right, where)
    elif hasattr(left, "__dict__") and type(left).__module__.startswith("loyaltymodels"):
        assert_identical(vars(left), vars(right), where)
    elif left is pd.NA:
        assert right is pd.NA, where
    else:
        assert left == right, f"{where}: {left!r} != {right!r}"


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_result_type_round_trips_bit_identically(kind: str, tmp_path: Path) -> None:
    result = EXAMPLES[kind]()
    if hasattr(result, "_fit"):
        result.idata  # noqa: B018 - build the DataTree so that it is saved and compared
    path = tmp_path / f"{kind}.lmr"
    result.save(path, include_data=True)
    loaded = type(result).load(path)
    assert type(loaded) is type(result)
    assert_identical(vars(result), vars(loaded), kind)
    assert loaded.to_markdown() == result.to_markdown()


def test_every_concrete_result_class_has_an_example() -> None:
    """A new result class must join EXAMPLES, so its round trip is tested."""
    import importlib
    import pkgutil

    import loyaltymodels

    for module in pkgutil.walk_packages(loyaltymodels.__path__, "loyaltymodels."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    # bases that are never returned themselves
    abstract = {"CLVResult", "TableResult", "TransactionResult"}
    package = [cls for cls in subclasses(Result) if cls.__module__.startswith("loyaltymodels.")]
    classes = {cls.__name__ for cls in package} - abstract
    covered = {type(EXAMPLES[kind]()).__name__ for kind in EXAMPLES}
    assert classes <= covered, f"no round-trip example for {sorted(classes - covered)}"


def test_clv_result_without_data_keeps_patterns_and_predicts(tmp_path: Path) -> None:
    result = EXAMPLES["bgnbd_mle"]()
    result.save(tmp_path / "with.lmr", include_data=True)
    result.save(tmp_path / "without.lmr")
    loaded = type(result).load(tmp_path / "without.lmr")
    assert "customer_id" not in loaded.data.columns
    assert loaded.data["weights"].sum() == len(result.data)
    assert len(loaded.data) < len(result.data)
    by_pattern = loaded.probability_alive()
    by_customer = result.probability_alive()
    first = result.data.iloc[[0]]
    row = loaded.data[
        (loaded.data["frequency"] == first["frequency"].iloc[0])
        & (loaded.data["recency"] == first["recency"].iloc[0])
        & (loaded.data["T"] == first["T"].iloc[0])
    ]
    assert by_pattern.loc[row.index[0], "mean"] == by_customer["mean"].iloc[0]
    assert (tmp_path / "without.lmr").stat().st_size < (tmp_path / "with.lmr").stat().st_size


class _RunsCode:
    """Unpickling this runs a shell command that creates a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        import os

        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_file_is_refused_without_running_code(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    path = tmp_path / "result.pkl"
    payload = {"version": "0", "class": "SEMResult", "state": _RunsCode(marker)}
    path.write_bytes(pickle.dumps(payload))
    from loyaltymodels.sem.result import SEMResult

    with pytest.raises(LoyaltyDataError, match="not a zip archive"):
        SEMResult.load(path)
    assert not marker.exists()


def _rewrite_manifest(source: Path, target: Path, change: Any) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            new.writestr(name, data)


def test_a_crafted_archive_cannot_reach_code_outside_the_package(tmp_path: Path) -> None:
    """A manifest naming os.system (as class or nested object) or a pickled array is refused."""
    marker = tmp_path / "owned"
    saved = tmp_path / "nps.lmr"
    EXAMPLES["nps"]().save(saved)

    def as_class(manifest: dict) -> None:
        manifest["class"] = "os:system"

    def nested(manifest: dict) -> None:
        manifest["state"]["method"] = {"t": "object", "class": "subprocess:Popen", "state": {}}

    for change in (as_class, nested):
        crafted = tmp_path / f"{change.__name__}.lmr"
        _rewrite_manifest(saved, crafted, change)
        with pytest.raises(LoyaltyDataError, match="not part of loyaltymodels"):
            Result.load(crafted)

    pickled = tmp_path / "pickled.lmr"

    def object_array(manifest: dict) -> None:
        manifest["state"]["method"] = {"t": "ndarray", "file": "arrays/evil.npy"}

    _rewrite_manifest(saved, pickled, object_array)
    with zipfile.ZipFile(pickled, "a") as archive:
        evil = np.empty(1, dtype=object)
        evil[0] = _RunsCode(marker)
        buffer = __import__("io").BytesIO()
        np.save(buffer, evil, allow_pickle=True)
        archive.writestr("arrays/evil.npy", buffer.getvalue())
    with pytest.raises(LoyaltyDataError, match="damaged"):
        Result.load(pickled)
    assert not marker.exists()


def test_load_refuses_text_files_other_classes_and_unknown_schemas(tmp_path: Path) -> None:
    from loyaltymodels.sem.result import SEMResult

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(LoyaltyDataError, match="not a zip archive"):
        SEMResult.load(text)
    with pytest.raises(LoyaltyDataError, match="not a file"):
        SEMResult.load(tmp_path / "missing.lmr")
    saved = tmp_path / "nps.lmr"
    EXAMPLES["nps"]().save(saved)
    with pytest.raises(LoyaltyDataError, match="not a SEMResult"):
        SEMResult.load(saved)

    def newer(manifest: dict) -> None:
        manifest["schema_version"] = 99

    future = tmp_path / "future.lmr"
    _rewrite_manifest(saved, future, newer)
    with pytest.raises(LoyaltyDataError, match="schema 99"):
        Result.load(future)

    def not_a_result(manifest: dict) -> None:
        manifest["class"] = "loyaltymodels.damage.inputs:DamageInputs"

    other = tmp_path / "inputs.lmr"
    _rewrite_manifest(saved, other, not_a_result)
    with pytest.raises(LoyaltyDataError, match="not a loyaltymodels result class"):
        Result.load(other)


def test_load_warns_when_another_version_saved_the_file(tmp_path: Path) -> None:
    saved = tmp_path / "nps.lmr"
    EXAMPLES["nps"]().save(saved)

    def older(manifest: dict) -> None:
        manifest["versions"]["loyaltymodels"] = "0.0.1"

    old = tmp_path / "old.lmr"
    _rewrite_manifest(saved, old, older)
    with pytest.warns(ResultVersionWarning, match="0.0.1"):
        loaded = Result.load(old)
    assert loaded.nps == EXAMPLES["nps"]().nps


def test_manifest_records_class_versions_configuration_and_seed(tmp_path: Path) -> None:
    saved = tmp_path / "bgnbd.lmr"
    EXAMPLES["bgnbd_mle"]().save(saved)
    with zipfile.ZipFile(saved) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
    assert manifest["class"] == "loyaltymodels.clv.bgnbd:BetaGeoResult"
    assert manifest["schema_version"] == 1
    assert {"loyaltymodels", "numpy", "pandas", "arviz", "python"} <= set(manifest["versions"])
    assert manifest["configuration"] is not None
    assert manifest["seed"] is not None
    assert any(name.endswith(".parquet") for name in names)
    assert any(name.endswith(".npy") for name in names)
