"""Write seminr_mobi_pls.json: the SEMinR Python port's PLS estimates of the ECSI mobi model.

Run with the dev environment (``pip install seminr``; this file was made with seminr 0.2.1):
``python tests/reference/data/make_seminr_mobi_pls.py``. Mode A everywhere, path weighting,
SEMinR's defaults (max_it 300, stop criterion 7); the ``plsc`` block declares every construct
``reflective`` (SEMinR then applies consistent PLS, Dijkstra & Henseler 2015).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import seminr

HERE = Path(__file__).resolve().parent
MOBI = HERE.parents[2].parent / "shared" / "data" / "ecsi" / "mobi.csv"


def named(matrix: seminr.NamedMatrix) -> dict[str, dict[str, float]]:  # type: ignore[name-defined]
    frame = pd.DataFrame(matrix.values, index=list(matrix.rows), columns=list(matrix.cols))
    return json.loads(frame.to_json())


def main() -> None:
    data = pd.read_csv(MOBI)
    def measurement(kind):  # type: ignore[no-untyped-def]
        return seminr.constructs(
            kind("Image", seminr.multi_items("IMAG", range(1, 6))),
            kind("Expectation", seminr.multi_items("CUEX", range(1, 4))),
            kind("Quality", seminr.multi_items("PERQ", range(1, 8))),
            kind("Value", seminr.multi_items("PERV", range(1, 3))),
            kind("Satisfaction", seminr.multi_items("CUSA", range(1, 4))),
            kind("Complaints", seminr.single_item("CUSCO")),
            kind("Loyalty", seminr.multi_items("CUSL", range(1, 4))),
        )

    mm = measurement(seminr.composite)
    sm = seminr.relationships(
        seminr.paths("Image", ["Expectation", "Satisfaction", "Loyalty"]),
        seminr.paths("Expectation", ["Quality", "Value", "Satisfaction"]),
        seminr.paths("Quality", ["Value", "Satisfaction"]),
        seminr.paths("Value", ["Satisfaction"]),
        seminr.paths("Satisfaction", ["Complaints", "Loyalty"]),
        seminr.paths("Complaints", "Loyalty"),
    )
    model = seminr.estimate_pls(data, mm, sm)
    reliability = seminr.reliability_table(model)
    out = {
        "source": f"seminr {seminr.__version__} (Python port of SEMinR), estimate_pls defaults",
        "weights": named(model.outer_weights),
        "loadings": named(model.outer_loadings),
        "paths": named(model.path_coef),
        "r_squared": named(model.r_squared),
        "reliability": {
            name: dict(zip(["alpha", "rho_a", "rho_c", "ave"], row.tolist(), strict=True))
            for name, row in zip(reliability.rows, reliability.values, strict=True)
        },
        "htmt": named(seminr.htmt(model)),
    }
    plsc = seminr.estimate_pls(data, measurement(seminr.reflective), sm)
    out["plsc"] = {
        "loadings": named(plsc.outer_loadings),
        "paths": named(plsc.path_coef),
        "r_squared": named(plsc.r_squared),
    }
    (HERE / "seminr_mobi_pls.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
