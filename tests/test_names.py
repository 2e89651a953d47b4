"""Honest names with their former names kept as the same objects, and one meaning of n_jobs."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

import loyaltymodels
from loyaltymodels import LoyaltyDataError
from loyaltymodels._pymc_fit import BayesFit, SamplerWarning
from loyaltymodels.clv.result import run_chunks
from loyaltymodels.datasets import load_political_democracy
from loyaltymodels.parallel import worker_count
from loyaltymodels.sem import SEM
from tests.sem.test_effects import PD_MODEL


def test_former_fit_names_are_the_same_objects():
    assert BayesFit is loyaltymodels.Fit
    assert SamplerWarning is loyaltymodels.FitWarning
    with warnings.catch_warnings():
        warnings.simplefilter("error", SamplerWarning)  # a filter on the former name still works
        with pytest.raises(loyaltymodels.FitWarning):
            warnings.warn("max R-hat 1.1", loyaltymodels.FitWarning, stacklevel=1)


def test_n_jobs_minus_one_is_all_cores_everywhere(monkeypatch):
    cores = os.cpu_count() or 1
    assert worker_count(-1) == cores
    assert worker_count(2) == 2
    for bad in (0, -2, 1.5, True, "4"):
        with pytest.raises(LoyaltyDataError, match="n_jobs"):
            worker_count(bad)  # type: ignore[arg-type]
    assert run_chunks(lambda start: start + 1, [0, 1, 2], -1) == [1, 2, 3]
    # SEM: n_jobs=-1 used to run one process; it now asks joblib for one worker per core
    import loyaltymodels.sem.bootstrap as sem_bootstrap

    asked: list[int] = []
    real_parallel = sem_bootstrap.Parallel

    def recording_parallel(*args, **kwargs):
        asked.append(kwargs["n_jobs"])
        return real_parallel(*args, **kwargs)

    monkeypatch.setattr(sem_bootstrap, "Parallel", recording_parallel)
    fit = SEM(PD_MODEL).fit(load_political_democracy())
    effects = fit.effects(bootstrap=10, ci="percentile", random_seed=1, n_jobs=-1, progress=False)
    assert np.isfinite(effects.params["ci_upper"]).all()
    if cores > 1:
        assert asked and asked[0] == min(cores, 10)
