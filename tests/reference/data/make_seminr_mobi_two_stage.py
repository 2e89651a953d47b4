"""Write seminr_mobi_two_stage.json: SEMinR's two-stage moderation and higher-order model.

seminr 0.2.1 on mobi, mode A, path weighting:

- ``moderation``: Loyalty ~ Image + Satisfaction + Image*Satisfaction with
  ``interaction_term(iv="Image", moderator="Satisfaction", method=two_stage)``;
- ``higher_order``: Perceived = higher_composite(Quality, Value) (two stage, correlation
  weights), Perceived ~ Image + Expectation, Satisfaction ~ Image + Perceived.

Run ``python tests/reference/data/make_seminr_mobi_two_stage.py`` in the dev environment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import seminr

HERE = Path(__file__).resolve().parent
MOBI = HERE.parents[2].parent / "shared" / "data" / "ecsi" / "mobi.csv"


def table(matrix) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(matrix.values, index=list(matrix.rows), columns=list(matrix.cols))
    return json.loads(frame.to_json(double_precision=15))


def main() -> None:
    data = pd.read_csv(MOBI)
    image = seminr.composite("Image", seminr.multi_items("IMAG", range(1, 6)))
    satisfaction = seminr.composite("Satisfaction", seminr.multi_items("CUSA", range(1, 4)))
    moderation = seminr.estimate_pls(
        data,
        seminr.constructs(
            image,
            satisfaction,
            seminr.composite("Loyalty", seminr.multi_items("CUSL", range(1, 4))),
            seminr.interaction_term("Image", "Satisfaction", method=seminr.two_stage),
        ),
        seminr.relationships(
            seminr.paths(["Image", "Satisfaction", "Image*Satisfaction"], "Loyalty")
        ),
    )
    higher = seminr.estimate_pls(
        data,
        seminr.constructs(
            image,
            seminr.composite("Expectation", seminr.multi_items("CUEX", range(1, 4))),
            seminr.composite("Quality", seminr.multi_items("PERQ", range(1, 8))),
            seminr.composite("Value", seminr.multi_items("PERV", range(1, 3))),
            seminr.higher_composite("Perceived", ["Quality", "Value"]),
            satisfaction,
        ),
        seminr.relationships(
            seminr.paths(["Image", "Expectation"], "Perceived"),
            seminr.paths(["Image", "Perceived"], "Satisfaction"),
        ),
    )
    out = {
        "source": f"seminr {seminr.__version__} estimate_pls, two-stage",
        "moderation": {
            "paths": table(moderation.path_coef),
            "r_squared": table(moderation.r_squared),
        },
        "higher_order": {
            "paths": table(higher.path_coef),
            "loadings": table(higher.outer_loadings),
            "r_squared": table(higher.r_squared),
        },
    }
    (HERE / "seminr_mobi_two_stage.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
