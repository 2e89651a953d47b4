from __future__ import annotations

import pytest

from loyaltymodels.pls import MOBI_ITEMS, load_mobi
from loyaltymodels.sem import ecsi_model


@pytest.fixture(scope="session")
def mobi():
    return load_mobi()


@pytest.fixture(scope="session")
def ecsi_description():
    return ecsi_model(MOBI_ITEMS)
