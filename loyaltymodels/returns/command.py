"""``loyaltymodels returns``: return on closing experience gaps, for the plans of a TOML file."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.report.command import add_output_arguments, command_report, read_text

if TYPE_CHECKING:
    from loyaltymodels.report.writer import AnalysisReport
    from loyaltymodels.returns.inputs import ReturnInputs
    from loyaltymodels.returns.result import ExperienceReturnResult

__all__ = ["MAX_DRAWS", "add_arguments", "run"]

MAX_DRAWS = 2_000_000
"""The most Monte Carlo draws the command accepts (memory grows with draws x periods)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``returns`` arguments; the epilog shows the plan file format."""
    from loyaltymodels.returns.plan_file import PLAN_EXAMPLE

    parser.add_argument("plan", help="TOML file: links, economics and [plans.NAME] tables")
    parser.add_argument(
        "--draws", type=int, default=10_000, help=f"Monte Carlo draws (1 to {MAX_DRAWS:,})"
    )
    parser.add_argument(
        "--confidence-level", type=float, default=0.9, help="probability of the intervals"
    )
    add_output_arguments(parser, "results/returns", seed=True)
    parser.epilog = PLAN_EXAMPLE


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.") or "plan"


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels returns``; return the ``report.md`` written."""
    from loyaltymodels.returns import read_return_plans

    if not 1 <= args.draws <= MAX_DRAWS:
        raise LoyaltyDataError(f"--draws must be between 1 and {MAX_DRAWS:,}, got {args.draws:,}.")
    if not math.isfinite(args.confidence_level) or not 0 < args.confidence_level < 1:
        raise LoyaltyDataError(
            f"--confidence-level must lie in (0, 1), got {args.confidence_level}."
        )
    report = command_report(args, "Return on closing experience gaps", [args.plan])
    read_text(args.plan, "plan file")  # refuses missing, empty and non-UTF-8 files
    plans = read_return_plans(args.plan)
    stems = {name: _file_stem(name) for name in plans}
    if len(set(stems.values())) < len(stems):
        raise LoyaltyDataError(
            f"{args.plan}: the plan names {list(plans)} give the same file names "
            f"{list(stems.values())}; rename the plans so that they differ in letters or digits."
        )
    results = _evaluate_plans(plans, args)
    _report_plans(report, results, stems, args)
    _plot_plans(report, results, stems)
    return report.write()


def _evaluate_plans(
    plans: dict[str, ReturnInputs], args: argparse.Namespace
) -> dict[str, ExperienceReturnResult]:
    """Fit the first plan and evaluate the others on its draws."""
    from loyaltymodels.returns import ExperienceReturn, what_if

    model = ExperienceReturn(draws=args.draws, ci_prob=args.confidence_level)
    names = list(plans)
    first = model.fit(plans[names[0]], random_seed=args.seed, label=names[0])
    results = {names[0]: first}
    for name in names[1:]:
        other = plans[name]
        results[name] = what_if(
            first,
            {str(d): float(v) for d, v in other.gap_change.items()},
            investment=other.investment,
            cost_per_period=other.cost_per_period,
            label=name,
        )
    return results


def _plan_stats(result: ExperienceReturnResult) -> dict[str, float]:
    row = result.params.to_dict(orient="index")
    return {
        "value": float(row["value"]["estimate"]),
        "value_lower": float(row["value"]["lower"]),
        "value_upper": float(row["value"]["upper"]),
        "cost": float(row["cost"]["estimate"]),
        "net_value": float(row["net_value"]["estimate"]),
        "roi": float(row["roi"]["estimate"]),
        "roi_lower": float(row["roi"]["lower"]),
        "roi_upper": float(row["roi"]["upper"]),
        "prob_roi_positive": result.prob_roi_positive,
        "payback_period": float(row["payback_period"]["estimate"]),
    }


def _plan_sentence(name: str, stats: dict[str, float], level: str) -> str:
    payback = stats["payback_period"]
    return (
        f"**{name}**: value {stats['value']:,.0f} ({level} interval "
        f"{stats['value_lower']:,.0f} to {stats['value_upper']:,.0f}), "
        f"cost {stats['cost']:,.0f}, ROI {stats['roi']:.2f} ({level} interval "
        f"{stats['roi_lower']:.2f} to {stats['roi_upper']:.2f}), "
        f"P(ROI > 0) = {stats['prob_roi_positive']:.2f}; "
        + (
            f"pays back in period {payback:g}."
            if math.isfinite(payback)
            else "does not pay back within the horizon."
        )
    )


def _report_plans(
    report: AnalysisReport,
    results: dict[str, ExperienceReturnResult],
    stems: dict[str, str],
    args: argparse.Namespace,
) -> None:
    from loyaltymodels.returns import compare_plans

    names = list(results)
    first = results[names[0]]
    level = f"{100 * first.ci_prob:g}%"
    horizon = first.inputs.horizon
    report.fact("Plans", ", ".join(names))
    report.fact("Estimator", f"Monte Carlo over the links' uncertainty, {first.n_draws:,} draws")
    report.fact("Horizon", "infinite" if math.isinf(horizon) else f"{horizon:g} periods")
    report.text(
        f"{len(results)} plan(s) from `{Path(args.plan).name}`, evaluated on the same "
        f"{first.n_draws:,} Monte Carlo draws of the links ("
        + ("no seed" if args.seed is None else f"seed {args.seed}")
        + "); horizon "
        + ("infinite" if math.isinf(horizon) else f"{horizon:g} periods")
        + f", {level} equal-tailed intervals. Value is the present value of the extra margin, "
        "cost the present value of the plan's cost, ROI = (value - cost) / cost."
    )
    summary = {name: _plan_stats(result) for name, result in results.items()}
    for name, stats in summary.items():
        report.text(_plan_sentence(name, stats, level))
    overview = pd.DataFrame.from_dict(summary, orient="index").rename_axis("plan")
    money = ["value", "value_lower", "value_upper", "cost", "net_value"]
    report.table(
        overview,
        "summary",
        f"Value, cost and ROI per plan (plug-in estimates, {level} intervals)",
        formats={**dict.fromkeys(money, "money"), "prob_roi_positive": "percent"},
    )
    for name, result in results.items():
        report.table(result.params, f"params_{stems[name]}", f"Plan {name}")
    if len(results) > 1:
        comparisons = {name: compare_plans(results[name], first).params for name in names[1:]}
        table = pd.concat(comparisons, names=["plan", "measure"])
        report.table(
            table,
            "comparison",
            f"Each plan minus {names[0]} on the same draws (first: the plan, second: {names[0]})",
        )


def _plot_plans(
    report: AnalysisReport, results: dict[str, ExperienceReturnResult], stems: dict[str, str]
) -> None:
    from loyaltymodels.plotting import plot_return_waterfall, plot_roi_distribution

    caption = "Monte Carlo distribution of the ROI per plan"
    with report_figure(report, "roi_distribution", caption, figsize=(8, 4)) as ax:
        plot_roi_distribution(list(results.values()), ax=ax)
    for name, result in results.items():
        caption = f"From value to net value: {name}"
        with report_figure(report, f"waterfall_{stems[name]}", caption, figsize=(7, 4)) as ax:
            plot_return_waterfall(result, ax=ax)
