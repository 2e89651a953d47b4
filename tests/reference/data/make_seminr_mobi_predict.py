"""Write seminr_mobi_predict.json: SEMinR's PLSpredict of the ECSI mobi model (mode A, path).

seminr 0.2.1 ``predict_pls`` with 10 folds and the row order injected as
``numpy.random.default_rng(7).permutation(250)``, the order ``pls_predict(..., folds=10,
repeats=1, random_seed=7)`` uses, for both techniques (direct and earliest antecedents):
out-of-sample RMSE and MAE of the PLS and LM predictions per endogenous indicator.
Run ``python tests/reference/data/make_seminr_mobi_predict.py`` in the dev environment.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import seminr
from seminr.predict.metrics import item_metrics
from seminr_ecsi import ecsi_measurement, ecsi_structure, mobi

HERE = Path(__file__).resolve().parent


def main() -> None:
    data = mobi()
    mm = ecsi_measurement()
    sm = ecsi_structure()
    model = seminr.estimate_pls(data, mm, sm)
    ordering = [int(i) for i in np.random.default_rng(7).permutation(len(data))]
    out: dict[str, object] = {"source": f"seminr {seminr.__version__} predict_pls, 10 folds"}
    for name, technique in (("direct", seminr.predict_DA), ("earliest", seminr.predict_EA)):
        prediction = seminr.predict_pls(model, technique=technique, no_folds=10, ordering=ordering)
        metrics = item_metrics(prediction)
        table = {}
        for label, matrix in (("pls", metrics.pls_out_of_sample), ("lm", metrics.lm_out_of_sample)):
            for j, item in enumerate(matrix.cols):
                row = table.setdefault(item, {})
                row[f"rmse_{label}"] = float(matrix.values[0, j])
                row[f"mae_{label}"] = float(matrix.values[1, j])
        out[name] = table
    (HERE / "seminr_mobi_predict.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
