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
from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import passed_on
from loyaltymodels.report.command import add_output_arguments, command_report, read_table

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``drivers`` arguments to the subcommand's parser."""
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
    parser.add_argument("--scale", default=None, help="rating scale as LOW,HIGH, e.g. 1,10")
    parser.add_argument("--not-experienced", choices=["exclude", "indicator"], default="exclude")
    add_output_arguments(parser, "results/drivers", seed=True)


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise LoyaltyDataError(f"--scale must be LOW,HIGH such as 1,10; got {text!r}.") from None
    return (low, high)


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels drivers``; return the ``report.md`` written."""
    from loyaltymodels.journey.drivers import key_drivers
    from loyaltymodels.plotting import plot_key_drivers

    report = command_report(args, "Key drivers of " + args.outcome, [args.survey])
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
        drivers=drivers,
        random_seed=args.seed,
        scale=_scale(args.scale),
        **passed_on(args, "outcome", "method", "family", "bootstrap", "ci_prob", "not_experienced"),
    )
    report.fact("Rows in the file", len(survey))
    report.fact("N used", result.n_used)
    report.fact("Rows dropped", f"{len(survey) - result.n_used:,} (see 'Respondents left out')")
    report.fact("Estimator", f"{result.method.replace('_', ' ')}, {result.family} outcome")
    for note in result.collinear:
        report.warn(f"Collinear touchpoints: {note}")
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
    height = 0.4 * len(result.table) + 1.5
    with report_figure(report, "drivers", "Importance per touchpoint", figsize=(7, height)) as ax:
        plot_key_drivers(result, ax=ax)
    return report.write()
