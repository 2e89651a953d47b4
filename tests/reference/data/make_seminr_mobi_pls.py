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
from seminr_ecsi import ecsi_measurement, ecsi_structure, mobi

HERE = Path(__file__).resolve().parent


def named(matrix: seminr.NamedMatrix) -> dict[str, dict[str, float]]:  # type: ignore[name-defined]
    frame = pd.DataFrame(matrix.values, index=list(matrix.rows), columns=list(matrix.cols))
    return json.loads(frame.to_json())


def main() -> None:
    data = mobi()
    mm = ecsi_measurement()
    sm = ecsi_structure()
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
    plsc = seminr.estimate_pls(data, ecsi_measurement(seminr.reflective), sm)
    out["plsc"] = {
        "loadings": named(plsc.outer_loadings),
        "paths": named(plsc.path_coef),
        "r_squared": named(plsc.r_squared),
    }
    (HERE / "seminr_mobi_pls.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
