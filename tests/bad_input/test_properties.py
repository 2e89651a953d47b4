"""Property-based tests of NPS and SERVQUAL scoring on random (valid and invalid) answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loyaltymodels import LoyaltyDataError
from loyaltymodels.metrics import nps, nps_from_counts
from loyaltymodels.servqual import SERVQUAL, score

answers = st.lists(st.integers(0, 10), min_size=1, max_size=200)


@settings(max_examples=40, deadline=None)
@given(answers, st.randoms(use_true_random=False))
def test_nps_is_the_share_of_promoters_minus_detractors(values, random) -> None:
    result = nps(values)
    n = len(values)
    promoters = sum(v >= 9 for v in values)
    detractors = sum(v <= 6 for v in values)
    assert result.nps == pytest.approx(100.0 * (promoters - detractors) / n, abs=1e-12)
    # the adjusted interval is centred on the adjusted estimate, not on the raw NPS
    assert -100.0 <= result.lower <= result.upper <= 100.0
    counted = nps_from_counts(
        promoters=promoters, passives=n - promoters - detractors, detractors=detractors
    )
    assert counted.nps == pytest.approx(result.nps, abs=1e-12)
    shuffled = list(values)
    random.shuffle(shuffled)
    assert nps(shuffled).nps == pytest.approx(result.nps, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(answers, st.integers(0, 199), st.sampled_from([11, -1, 2.5, float("inf"), float("nan")]))
def test_nps_refuses_any_answer_off_the_scale_and_names_its_row(values, where, bad) -> None:
    spoiled = [float(v) for v in values]
    row = where % len(spoiled)
    spoiled[row] = bad
    with pytest.raises(LoyaltyDataError, match=rf"row {row}\b"):
        nps(spoiled)


def _survey(seed: int, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    items = list(SERVQUAL.items)
    expectations = pd.DataFrame(rng.integers(2, 7, size=(n, len(items))), columns=items)
    perceptions = pd.DataFrame(rng.integers(2, 7, size=(n, len(items))), columns=items)
    return expectations, perceptions


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 60))
def test_servqual_gaps_are_perception_minus_expectation(seed, n) -> None:
    expectations, perceptions = _survey(seed, n)
    gaps = score(expectations, perceptions)
    expected = (perceptions - expectations).mean()
    np.testing.assert_allclose(gaps.items["estimate"].loc[expected.index], expected, atol=1e-12)
    # the same shift of both scales leaves every gap unchanged
    shifted = score(expectations + 1, perceptions + 1)
    np.testing.assert_allclose(
        shifted.dimensions["estimate"], gaps.dimensions["estimate"], atol=1e-12
    )
    # swapping expectations and perceptions negates every gap
    swapped = score(perceptions, expectations)
    np.testing.assert_allclose(
        swapped.dimensions["estimate"], -gaps.dimensions["estimate"], atol=1e-12
    )


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 30), st.integers(0, 10_000), st.integers(0, 21))
def test_servqual_refuses_an_answer_off_the_scale_naming_item_and_row(seed, n, where, item) -> None:
    expectations, perceptions = _survey(seed, n)
    row = where % n
    column = perceptions.columns[item]
    perceptions = perceptions.astype(float)
    perceptions.loc[row, column] = 8.0
    with pytest.raises(LoyaltyDataError, match=rf"'{column}'.*row {row}\b"):
        score(expectations, perceptions)
