"""The ``loyaltymodels`` command: fit the package's models to your own files without Python.

Each subcommand reads CSV or Parquet files, validates them (bad input stops with the same
message the Python API gives), fits, and writes tables (CSV at full precision), figures and a
``report.md`` to ``--out``::

    loyaltymodels sem model.txt survey.csv --bootstrap 1000 --out results/sem
    loyaltymodels invariance model.txt survey.csv --group region --estimator MLR
    loyaltymodels rfm transactions.csv --customer-col id --datetime-col date --out summary.csv
    loyaltymodels clv summary.csv --model bgnbd --method mle --spend --horizon 52 --out results/clv
    loyaltymodels retention renewals.csv --method mle --horizon 12 --out results/retention
    loyaltymodels servqual expectations.csv perceptions.csv --out results/servqual
    loyaltymodels nps answers.csv --column ltr --segment-col region --out results/nps
    loyaltymodels returns plan.toml --draws 10000 --seed 1 --out results/returns

``returns`` reads the experience-return model's links, economics and one or more improvement
plans from a TOML file (see :func:`loyaltymodels.returns.read_return_plans`).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.report import AnalysisReport
from loyaltymodels.sem import command as sem_command

__all__ = ["main"]


def read_table(path: str | Path, *, index_col: str | None = None) -> pd.DataFrame:
    """Read a CSV or Parquet file (chosen by the extension).

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    index_col : str, optional
        A column to use as the row index.

    Returns
    -------
    pandas.DataFrame
        The table.
    """
    path = Path(path)
    if not path.is_file():
        raise LoyaltyDataError(f"file {path} does not exist.")
    if path.suffix.lower() in {".parquet", ".pq"}:
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path)
    if index_col is not None:
        if index_col not in frame.columns:
            raise LoyaltyDataError(
                f"{path} has no column '{index_col}'; it has {list(frame.columns)}."
            )
        frame = frame.set_index(index_col)
    return frame


def _report(args: argparse.Namespace, title: str) -> AnalysisReport:
    out = Path(args.out)
    return AnalysisReport(name=out.name, title=title, root=out.parent)


# --------------------------------------------------------------------------- commands


def _sem(args: argparse.Namespace) -> Path:
    from loyaltymodels.plotting import plot_path_diagram
    from loyaltymodels.sem import SEM

    if args.group is not None:
        return sem_command.run_group(args)
    description = Path(args.model).read_text(encoding="utf-8")
    result = SEM(description, missing=args.missing, estimator=args.estimator).fit(
        read_table(args.data)
    )
    report = _report(args, "Structural equation model")
    report.table(result.params, "params", "Parameter estimates")
    report.table(result.fit_indices.to_frame("value"), "fit_indices", "Fit indices")
    report.table(result.r2.to_frame("r2"), "r2", "R-squared")
    report.table(result.reliability(), "reliability", "Reliability and convergent validity")
    validity = result.validity()
    report.table(validity.fornell_larcker, "fornell_larcker", "Fornell-Larcker criterion")
    report.table(validity.htmt, "htmt", "Heterotrait-monotrait ratio (HTMT)")
    if args.bootstrap > 0:
        effects = result.effects(bootstrap=args.bootstrap, ci=args.ci, random_seed=args.seed)
        report.table(effects.summary(), "effects", "Direct, indirect and total effects")
    if result.problems:
        report.text("**Improper solution:** " + "; ".join(result.problems))
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    plot_path_diagram(result, ax=ax)
    report.figure(fig, "path_diagram", "Path diagram (standardized estimates)")
    plt.close(fig)
    return report.write()


def _rfm(args: argparse.Namespace) -> Path:
    from loyaltymodels.clv import rfm_summary

    summary = rfm_summary(
        args.transactions,
        customer_col=args.customer_col,
        datetime_col=args.datetime_col,
        monetary_col=args.monetary_col,
        observation_end=args.observation_end,
        calibration_end=args.calibration_end,
        time_unit=args.time_unit,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() in {".parquet", ".pq"}:
        summary.to_parquet(out)
    else:
        summary.to_csv(out, index=False)
    return out


def _clv(args: argparse.Namespace) -> Path:
    from loyaltymodels import clv

    models = {"bgnbd": clv.BetaGeo, "pareto-nbd": clv.ParetoNBD}
    summary = read_table(args.summary)
    fit_options = {"method": args.method, "random_seed": args.seed}
    result = models[args.model]().fit(summary, **fit_options)
    report = _report(args, f"Customer-base analysis ({args.model}, {args.method})")
    report.table(result.params, "params", "Parameter estimates")
    predictions = {
        "p_alive": result.probability_alive(),
        f"purchases_next_{args.horizon}": result.expected_purchases(t=args.horizon),
    }
    if args.spend:
        buyers = summary[summary["frequency"] > 0]
        spend = clv.GammaGamma().fit(buyers, **fit_options)
        report.table(spend.params, "spend_params", "Gamma-Gamma spend parameters")
        predictions["clv"] = result.customer_lifetime_value(
            spend_result=spend,
            horizon=args.horizon,
            discount_rate=args.discount_rate,
            margin=args.margin,
            time_unit=args.time_unit,
        )
    per_customer = pd.concat(predictions, axis=1)
    per_customer.columns = [f"{name}_{stat}" for name, stat in per_customer.columns]
    path = report.directory / "customers.csv"
    per_customer.to_csv(path)
    report.table(per_customer.describe().T, "customers_overview", "Per-customer predictions")
    report.text(f"Per-customer predictions for {len(per_customer):,} customers: `{path.name}`.")
    return report.write()


def _retention(args: argparse.Namespace) -> Path:
    from loyaltymodels.churn import ShiftedBetaGeometric

    counts = read_table(args.counts, index_col=args.period_col)
    result = ShiftedBetaGeometric().fit(counts, method=args.method, random_seed=args.seed)
    report = _report(args, "Contractual retention (shifted-beta-geometric)")
    report.table(result.params, "params", "Parameter estimates")
    report.table(result.survival(args.horizon), "survival", "Projected survival")
    report.table(result.retention_rate(args.horizon), "retention", "Projected retention rates")
    report.table(
        result.derl(args.discount_rate),
        "derl",
        f"Discounted expected residual lifetime (discount rate {args.discount_rate})",
    )
    return report.write()


def _servqual(args: argparse.Namespace) -> Path:
    from loyaltymodels.servqual import score

    expectations = read_table(args.expectations, index_col=args.id_col)
    perceptions = read_table(args.perceptions, index_col=args.id_col)
    weights = None if args.weights is None else read_table(args.weights, index_col=args.id_col)
    result = score(expectations, perceptions, weights=weights, normalise=args.normalise)
    report = _report(args, "SERVQUAL gap scores")
    report.table(result.dimensions, "dimensions", "Gaps by dimension and overall")
    report.table(result.items, "items", "Gaps by item")
    result.respondent_scores.to_csv(report.directory / "respondents.csv")
    return report.write()


def _nps(args: argparse.Namespace) -> Path:
    from loyaltymodels.metrics import nps, nps_by_segment

    answers = read_table(args.answers)
    report = _report(args, "Net Promoter Score")
    if args.segment_col:
        table = nps_by_segment(answers, args.column, args.segment_col, missing=args.missing)
        report.table(table, "nps_by_segment", "NPS by segment")
    else:
        if args.column not in answers.columns:
            raise LoyaltyDataError(
                f"{args.answers} has no column '{args.column}'; it has {list(answers.columns)}."
            )
        report.table(nps(answers[args.column], missing=args.missing).summary(), "nps", "NPS")
    return report.write()


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.") or "plan"


def _returns(args: argparse.Namespace) -> Path:
    import matplotlib.pyplot as plt

    from loyaltymodels.plotting import plot_return_waterfall, plot_roi_distribution
    from loyaltymodels.returns import ExperienceReturn, compare_plans, read_return_plans, what_if

    plans = read_return_plans(args.plan)
    stems = {name: _file_stem(name) for name in plans}
    if len(set(stems.values())) < len(stems):
        raise LoyaltyDataError(
            f"{args.plan}: the plan names {list(plans)} give the same file names "
            f"{list(stems.values())}; rename the plans so that they differ in letters or digits."
        )
    model = ExperienceReturn(draws=args.draws, confidence_level=args.confidence_level)
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

    level = f"{100 * first.confidence_level:g}%"
    horizon = first.inputs.horizon
    report = _report(args, "Return on closing experience gaps")
    report.text(
        f"{len(results)} plan(s) from `{Path(args.plan).name}`, evaluated on the same "
        f"{first.n_draws:,} Monte Carlo draws of the links ("
        + ("no seed" if args.seed is None else f"seed {args.seed}")
        + "); horizon "
        + ("infinite" if math.isinf(horizon) else f"{horizon:g} periods")
        + f", {level} equal-tailed intervals. Value is the present value of the extra margin, "
        "cost the present value of the plan's cost, ROI = (value - cost) / cost."
    )
    summary: dict[str, dict[str, float]] = {}
    for name, result in results.items():
        row = result.params.to_dict(orient="index")
        stats = {
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
        summary[name] = stats
        payback = stats["payback_period"]
        report.text(
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
    overview = pd.DataFrame.from_dict(summary, orient="index").rename_axis("plan")
    report.table(
        overview, "summary", f"Value, cost and ROI per plan (plug-in estimates, {level} intervals)"
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

    fig, ax = plt.subplots(figsize=(8, 4))
    plot_roi_distribution(list(results.values()), ax=ax)
    report.figure(fig, "roi_distribution", "Monte Carlo distribution of the ROI per plan")
    plt.close(fig)
    for name, result in results.items():
        fig, ax = plt.subplots(figsize=(7, 4))
        plot_return_waterfall(result, ax=ax)
        report.figure(fig, f"waterfall_{stems[name]}", f"From value to net value: {name}")
        plt.close(fig)
    return report.write()


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``loyaltymodels`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser; each subcommand sets ``handler``.
    """
    parser = argparse.ArgumentParser(
        prog="loyaltymodels", description="Statistics of customer loyalty on your own files."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], Path], text: str) -> Any:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    sem = command("sem", _sem, "Fit a structural equation model (lavaan syntax) to survey data.")
    sem.add_argument("model", help="text file with the lavaan-style model description")
    sem.add_argument("data", help="CSV/Parquet, one row per respondent, one column per item")
    sem.add_argument("--missing", choices=["listwise", "fiml"], default="listwise")
    sem.add_argument("--bootstrap", type=int, default=0, help="resamples for effects (0: none)")
    sem.add_argument("--ci", choices=["bca", "percentile"], default="bca")
    sem.add_argument("--seed", type=int, default=None)
    sem.add_argument("--out", default="results/sem")
    sem_command.add_arguments(sem)
    invariance = command("invariance", sem_command.run_invariance, "Measurement invariance.")
    sem_command.add_invariance_arguments(invariance)

    rfm = command("rfm", _rfm, "Summarise a transaction log into frequency, recency, T, spend.")
    rfm.add_argument("transactions", help="CSV/Parquet transaction log, one row per purchase")
    rfm.add_argument("--customer-col", required=True)
    rfm.add_argument("--datetime-col", required=True)
    rfm.add_argument("--monetary-col", default=None)
    rfm.add_argument("--observation-end", default=None)
    rfm.add_argument("--calibration-end", default=None)
    rfm.add_argument("--time-unit", default="W")
    rfm.add_argument("--out", default="summary.csv", help="CSV or Parquet file to write")

    clv_parser = command("clv", _clv, "Fit a buy-till-you-die model and predict per customer.")
    clv_parser.add_argument("summary", help="CSV/Parquet customer summary (as `rfm` writes)")
    clv_parser.add_argument("--model", choices=["bgnbd", "pareto-nbd"], default="bgnbd")
    clv_parser.add_argument(
        "--method", choices=["nuts", "map", "laplace", "advi", "mle"], default="map"
    )
    clv_parser.add_argument("--spend", action="store_true", help="also fit Gamma-Gamma and CLV")
    clv_parser.add_argument("--horizon", type=int, default=52, help="periods ahead")
    clv_parser.add_argument("--discount-rate", type=float, default=0.0, help="per period")
    clv_parser.add_argument("--margin", type=float, default=1.0)
    clv_parser.add_argument("--time-unit", default="W")
    clv_parser.add_argument("--seed", type=int, default=None)
    clv_parser.add_argument("--out", default="results/clv")

    retention = command("retention", _retention, "Fit the shifted-beta-geometric model.")
    retention.add_argument("counts", help="CSV: a period column and one column per cohort")
    retention.add_argument("--period-col", default="period")
    retention.add_argument("--method", choices=["nuts", "map", "mle"], default="mle")
    retention.add_argument("--horizon", type=int, default=12)
    retention.add_argument("--discount-rate", type=float, default=0.1, help="per period, DERL")
    retention.add_argument("--seed", type=int, default=None)
    retention.add_argument("--out", default="results/retention")

    servqual = command("servqual", _servqual, "Score SERVQUAL gaps (items q1-q22).")
    servqual.add_argument("expectations", help="CSV/Parquet, one row per respondent")
    servqual.add_argument("perceptions", help="CSV/Parquet with the same respondents")
    servqual.add_argument("--weights", default=None, help="100-point allocations by dimension")
    servqual.add_argument("--normalise", action="store_true")
    servqual.add_argument("--id-col", default=None, help="respondent id column in every file")
    servqual.add_argument("--out", default="results/servqual")

    nps_parser = command("nps", _nps, "Net Promoter Score with standard error and interval.")
    nps_parser.add_argument("answers", help="CSV/Parquet with 0-10 answers")
    nps_parser.add_argument("--column", required=True)
    nps_parser.add_argument("--segment-col", default=None)
    nps_parser.add_argument("--missing", choices=["raise", "exclude"], default="raise")
    nps_parser.add_argument("--out", default="results/nps")

    returns = command("returns", _returns, "Return on closing experience gaps, per plan.")
    returns.add_argument("plan", help="TOML file: links, economics and [plans.NAME] tables")
    returns.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws")
    returns.add_argument("--seed", type=int, default=None)
    returns.add_argument("--confidence-level", type=float, default=0.9, help="of the intervals")
    returns.add_argument("--out", default="results/returns")
    returns.formatter_class = argparse.RawDescriptionHelpFormatter
    from loyaltymodels.returns.plan_file import PLAN_EXAMPLE

    returns.epilog = PLAN_EXAMPLE
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``loyaltymodels`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 when the input is unusable (the message says why).
    """
    args = build_parser().parse_args(argv)
    try:
        written = args.handler(args)
    except LoyaltyDataError as error:
        print(f"loyaltymodels {args.command}: {error}", file=sys.stderr)
        return 2
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
