r"""The ``loyaltymodels drivers`` command: key-driver analysis of a touchpoint survey file.

::

    loyaltymodels drivers survey.csv --outcome overall --out results/drivers
    loyaltymodels drivers survey.csv --outcome overall --drivers wait,room,staff \\
        --bootstrap 1000 --seed 1 --scale 1,10 --not-experienced indicator --out results/drivers

Writes ``drivers.csv`` (importance per touchpoint, full precision), ``differences.csv`` (pairwise
tests, with ``--bootstrap``), ``excluded.csv`` (respondents left out and why), a bar chart and
``report.md`` to ``--out``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the ``drivers`` command.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
    parser.add_argument("survey", help="CSV/Parquet, one row per respondent, one column per rating")
    parser.add_argument("--outcome", required=True, help="the outcome column")
    parser.add_argument(
        "--drivers",
        default=None,
        help="comma-separated rating columns (default: every other numeric column)",
    )
    parser.add_argument("--method", choices=["shapley", "relative_weights"], default="shapley")
    parser.add_argument("--family", choices=["linear", "logistic"], default="linear")
    parser.add_argument("--bootstrap", type=int, default=0, help="resamples (0: no intervals)")
    parser.add_argument("--ci-prob", type=float, default=0.95)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--scale", default=None, help="rating scale as LOW,HIGH, e.g. 1,10")
    parser.add_argument("--not-experienced", choices=["exclude", "indicator"], default="exclude")
    parser.add_argument("--out", default="results/drivers")


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise LoyaltyDataError(f"--scale must be LOW,HIGH such as 1,10; got {text!r}.") from None
    return (low, high)


def run(args: argparse.Namespace) -> Path:
    """Run the key-driver analysis and write its report.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options.

    Returns
    -------
    pathlib.Path
        The written ``report.md``.
    """
    import matplotlib.pyplot as plt

    from loyaltymodels.journey.drivers import key_drivers
    from loyaltymodels.plotting import plot_key_drivers
    from loyaltymodels.report import AnalysisReport
    from loyaltymodels.report.command import read_table

    survey = read_table(args.survey)
    if args.drivers is not None:
        drivers = [name.strip() for name in args.drivers.split(",") if name.strip()]
    else:
        drivers = [
            c
            for c in survey.columns
            if c != args.outcome and pd.api.types.is_numeric_dtype(survey[c])
        ]
    result = key_drivers(
        survey,
        outcome=args.outcome,
        drivers=drivers,
        method=args.method,
        family=args.family,
        bootstrap=args.bootstrap,
        random_seed=args.seed,
        ci_prob=args.ci_prob,
        not_experienced=args.not_experienced,
        scale=_scale(args.scale),
    )
    out = Path(args.out)
    report = AnalysisReport(name=out.name, title="Key drivers of " + args.outcome, root=out.parent)
    report.text(
        f"{result.method.replace('_', ' ')} decomposition of {result.r2_kind} = "
        f"{result.r2:.4f} ({result.family}) over {result.n_used} respondents."
        + (f" {result.approximation}." if result.approximation else "")
    )
    report.table(result.table, "drivers", "Importance per touchpoint")
    excluded = pd.DataFrame(
        {"respondents": [*result.excluded.values()]}, index=[*result.excluded.keys()]
    )
    report.table(excluded, "excluded", "Respondents left out")
    report.table(
        result.not_experienced.to_frame(), "not_experienced", "Touchpoints not experienced"
    )
    if result.differences is not None:
        report.table(result.differences, "differences", "Differences between touchpoints")
    for note in result.collinear:
        report.text(f"**Collinear:** {note}")
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(result.table) + 1.5))
    plot_key_drivers(result, ax=ax)
    report.figure(fig, "drivers", "Importance per touchpoint")
    plt.close(fig)
    return report.write()
