"""Fitted SEM results are read-only once built, and what they hand out cannot change them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.result_examples import EXAMPLES

SEM_KINDS = ["sem", "sem_effects", "sem_groups", "sem_ordinal", "sem_invariance"]


@pytest.fixture(scope="module", params=SEM_KINDS)
def result(request: pytest.FixtureRequest) -> object:
    return EXAMPLES[request.param]()


def test_assigning_or_deleting_an_attribute_is_refused(result: object) -> None:
    kind = type(result).__name__
    assert type(result).frozen
    with pytest.raises(AttributeError, match=rf"{kind}\.params cannot be set: .*read-only"):
        result.params = pd.DataFrame()  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match=rf"{kind}\.params cannot be deleted"):
        del result.params  # type: ignore[attr-defined]


def test_tables_and_arrays_handed_out_cannot_change_the_result(result: object) -> None:
    before = result.summary().copy()  # type: ignore[attr-defined]
    handed_out = result.summary()  # type: ignore[attr-defined]
    handed_out.iloc[:, 0] = np.nan
    handed_out["extra"] = 1
    pd.testing.assert_frame_equal(result.summary(), before)  # type: ignore[attr-defined]
    theta = getattr(result, "theta", None)
    if theta is not None:
        with pytest.raises(ValueError, match="read-only"):
            theta[0] = 99.0


def test_methods_still_work_on_a_read_only_fit() -> None:
    fit = EXAMPLES["sem"]()
    assert fit.reliability()["ave"].between(0, 1).all()
    assert list(fit.modification_indices().columns[:5]) == ["lval", "op", "rval", "group", "mi"]
    effects = fit.effects(bootstrap=0)
    assert type(effects).frozen and effects.n_resamples == 0
    groups = EXAMPLES["sem_groups"]()
    assert groups.score_tests()["x2"].ge(0).all()


def test_a_loaded_sem_result_is_read_only_too(tmp_path: Path) -> None:
    fit = EXAMPLES["sem_groups"]()
    fit.save(tmp_path / "groups.lmr")
    loaded = type(fit).load(tmp_path / "groups.lmr")
    assert loaded.to_markdown() == fit.to_markdown()
    with pytest.raises(AttributeError, match="read-only"):
        loaded.converged = False
