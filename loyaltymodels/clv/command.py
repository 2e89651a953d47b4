"""``loyaltymodels clv``: fit buy-till-you-die models to a customer summary and predict.

One horizon, in months, for every quantity: expected purchases over ``--horizon`` months (the
summary's time unit converted with :func:`~loyaltymodels.clv.value.period_length`) and CLV
discounted monthly over the same months at ``--discount-rate`` per month, exactly as
``result.customer_lifetime_value(horizon=..., discount_rate=..., time_unit=...)`` computes it.
The summary's time unit comes from its sidecar (``loyaltymodels rfm`` writes it) or
``--time-unit``; a mismatch is refused.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.command_figures import report_figure
from loyaltymodels.command_options import check_horizon
from loyaltymodels.report import AnalysisReport
from loyaltymodels.report.command import (
    NO_INTERVAL,
    add_output_arguments,
    add_result_facts,
    command_report,
    point_estimates_only,
)
from loyaltymodels.report.labels import human_label

__all__ = ["add_arguments", "compare_models", "run"]

MODELS = {"bgnbd": "BG/NBD", "pareto-nbd": "Pareto/NBD"}
STEMS = {"BG/NBD": "bgnbd", "Pareto/NBD": "pareto_nbd"}
POINT_METHODS = {"map", "mle"}
HOLDOUT_COLUMNS = ("frequency_holdout", "duration_holdout")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``clv`` arguments to the subcommand's parser."""
    parser.add_argument("summary", help="CSV/Parquet customer summary (as `rfm` writes)")
    parser.add_argument(
        "--id-col", default=None, help="column with the customer ids (default: customer_id)"
    )
    parser.add_argument(
        "--time-unit",
        choices=["D", "W", "M"],
        default=None,
        help="unit of recency and T: days, weeks, months (default: from the summary's "
        ".meta.json written by `rfm`; required without it)",
    )
    parser.add_argument(
        "--model",
        choices=[*MODELS, "all"],
        default="bgnbd",
        help="transaction model; 'all' fits each and compares them",
    )
    parser.add_argument(
        "--method",
        choices=["laplace", "nuts", "advi", "map", "mle"],
        default="laplace",
        help="estimator; laplace/nuts/advi give intervals, map/mle point estimates only",
    )
    parser.add_argument("--spend", action="store_true", help="also fit Gamma-Gamma and CLV")
    parser.add_argument(
        "--horizon", type=int, default=12, help="months ahead, for purchases and CLV"
    )
    parser.add_argument(
        "--discount-rate", type=float, default=0.01, help="discount rate per month (0.01 = 1%%)"
    )
    parser.add_argument(
        "--margin", type=float, default=1.0, help="profit margin as a share of spend (0-1]"
    )
    parser.add_argument(
        "--transactions",
        default=None,
        help="the transaction log the summary was made from (as given to `rfm`): adds "
        "tracking of repeat transactions, actual vs model, through the holdout",
    )
    parser.add_argument(
        "--currency",
        default="",
        help="currency symbol for money axes, e.g. '$' or 'EUR ' (default: none)",
    )
    add_output_arguments(parser, "results/clv", seed=True)


def _check_settings(args: argparse.Namespace) -> None:
    check_horizon(args.horizon, "months")
    if not math.isfinite(args.discount_rate) or not 0.0 <= args.discount_rate < 1.0:
        raise LoyaltyDataError(
            f"--discount-rate is a monthly rate in [0, 1), got {args.discount_rate}."
        )
    if not math.isfinite(args.margin) or not 0.0 < args.margin <= 1.0:
        raise LoyaltyDataError(f"--margin is a share of spend in (0, 1], got {args.margin}.")


def _summarised(frame: pd.DataFrame, point: bool) -> pd.DataFrame:
    """Per-customer summaries; a point fit keeps only the estimate (no degenerate interval)."""
    return point_estimates_only(frame) if point else frame


def compare_models(results: dict[str, Any], summary: pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    """Compare fitted transaction models: log-likelihood, AIC, BIC and holdout error.

    Fits with posterior draws also get PSIS-LOO (:func:`loyaltymodels.clv.loo`). The
    recommendation is the lowest holdout mean absolute error of the mean holdout purchases by
    calibration frequency when the summary has holdout columns, else the lowest BIC.

    Parameters
    ----------
    results : dict of str to TransactionResult
        Fitted models by display name.
    summary : pandas.DataFrame
        The fitted summary (with ``frequency_holdout``/``duration_holdout`` when available).

    Returns
    -------
    (pandas.DataFrame, str, str)
        The comparison table (one row per model), the recommended model and the reason.
    """
    from loyaltymodels.clv.holdout import conditional_expectations, holdout_accuracy

    rows = {}
    n = len(summary)
    holdout = all(column in summary.columns for column in HOLDOUT_COLUMNS)
    for name, result in results.items():
        k = len(result.params)
        loglik = float(result.log_likelihood)
        row = {
            "parameters": k,
            "log_likelihood": loglik,
            "aic": 2 * k - 2 * loglik,
            "bic": k * math.log(n) - 2 * loglik,
        }
        if result.n_draws > 1:
            from loyaltymodels.clv.loo import loo

            cross_validated = loo(result)
            row["elpd_loo"] = float(cross_validated["elpd_loo"])
            row["elpd_loo_se"] = float(cross_validated["se"])
        if holdout:
            table = conditional_expectations(result, summary)
            row["holdout_mae"] = float(holdout_accuracy(table)["mae"].iloc[0])
        rows[name] = row
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")
    if holdout:
        best = str(table["holdout_mae"].idxmin())
        reason = (
            f"lowest holdout error (mean absolute error of mean holdout purchases by "
            f"calibration frequency: {table['holdout_mae'].min():.3f})"
        )
    else:
        best = str(table["bic"].idxmin())
        reason = f"lowest BIC ({table['bic'].min():,.1f}); no holdout columns to test on"
    return table, best, reason


def _one_time_buyer_caveat(summary: pd.DataFrame) -> str:
    share = float((summary["frequency"] == 0).mean())
    return (
        f"BG/NBD gives P(alive) = 1 to every customer without a repeat purchase "
        f"({share:.0%} of these customers): the model assumes a customer can only drop out "
        "right after a purchase, so one-time buyers are never counted as lost. Read their "
        "P(alive) as 'not yet known to be lost', not as certainty; Pareto/NBD does not have "
        "this property."
    )


def _figures(report: AnalysisReport, result: Any, name: str, summary: pd.DataFrame) -> None:
    from loyaltymodels.plotting import plot_probability_alive_matrix

    with report_figure(
        report,
        "probability_alive",
        f"{name}: probability that a customer is still active, by number of repeat purchases "
        f"and time of the last purchase (customers observed for the longest T).",
        figsize=(7, 5),
    ) as ax:
        plot_probability_alive_matrix(result, ax=ax)
        unit = {"D": "days", "W": "weeks", "M": "months"}[summary.attrs["time_unit"]]
        ax.set_title(f"{name}: P(alive) for customers observed {summary['T'].max():.4g} {unit}")


def _holdout(
    report: AnalysisReport, result: Any, name: str, summary: pd.DataFrame, *, tracked: bool
) -> None:
    from loyaltymodels.clv.holdout import conditional_expectations, holdout_accuracy
    from loyaltymodels.plotting import plot_conditional_expectations

    table = conditional_expectations(result, summary)
    report.table(
        table,
        "conditional_expectations",
        f"{name}: mean holdout purchases by calibration frequency, actual vs model",
        formats={"n_customers": "count"},
    )
    report.table(
        holdout_accuracy(table),
        "holdout_accuracy",
        f"{name}: holdout accuracy (mean absolute error, interval coverage)",
        formats={"coverage": "percent", "relative_mae": "percent"},
    )
    with report_figure(
        report,
        "conditional_expectations",
        f"{name}: mean purchases in the holdout period by calibration frequency; the model's "
        "prediction with its interval against what customers actually did.",
        figsize=(7, 4.5),
    ) as ax:
        plot_conditional_expectations(table, ax=ax)
        ax.set_title(f"{name}: holdout check")
    if not tracked:
        report.text(
            "Tracking repeat transactions over time needs the transaction log: pass it with "
            "`--transactions` (a summary has no dates)."
        )


def _tracking(
    report: AnalysisReport, result: Any, name: str, summary: pd.DataFrame, log: str
) -> None:
    from loyaltymodels.clv.holdout import tracking
    from loyaltymodels.plotting import plot_tracking
    from loyaltymodels.report.command import read_table

    stated = summary.attrs
    columns = {key: stated.get(key) for key in ("customer_col", "datetime_col")}
    if None in columns.values() or stated.get("calibration_end") is None:
        raise LoyaltyDataError(
            "--transactions needs a summary made by `loyaltymodels rfm` with --calibration-end "
            "(its .meta.json names the log's columns and the calibration end)."
        )
    transactions = read_table(log, what="transaction file")
    table = tracking(
        result,
        transactions,
        customer_col=str(columns["customer_col"]),
        datetime_col=str(columns["datetime_col"]),
        calibration_end=stated["calibration_end"],
        observation_end=stated.get("observation_end"),
        time_unit=stated["time_unit"],
    )
    unit = {"D": "day", "W": "week", "M": "month"}[stated["time_unit"]]
    table.to_csv(report.directory / "tracking.csv")
    report.text(f"Repeat transactions per {unit}, actual vs model: `tracking.csv`.")
    with report_figure(
        report,
        "tracking",
        f"Cumulative (left) and per-{unit} (right) repeat transactions of the customers in the "
        "summary, actual against the model; the dashed line marks the end of calibration.",
        figsize=(12, 4.5),
        ncols=2,
    ) as axes:
        plot_tracking(table, ax=axes[0], time_label=unit)
        plot_tracking(table, ax=axes[1], cumulative=False, time_label=unit)
        axes[0].figure.suptitle(f"{name}: repeat transactions of the cohort, actual vs model")


def run(args: argparse.Namespace) -> Path:
    """Run ``loyaltymodels clv``; return the ``report.md`` written."""
    from loyaltymodels.clv.summary_file import read_summary

    _check_settings(args)
    report = command_report(args, "Customer-base analysis and lifetime value", [args.summary])
    summary = read_summary(args.summary, id_col=args.id_col, time_unit=args.time_unit)
    unit = summary.attrs["time_unit"]
    if unit == "Y":
        raise LoyaltyDataError(
            f"summary {args.summary} is in years; monthly CLV needs a summary in days, weeks or "
            "months (rfm --time-unit D, W or M)."
        )
    point = args.method in POINT_METHODS
    _setting_facts(report, args, unit, point)
    fit_options: dict[str, Any] = {"method": args.method, "random_seed": args.seed}
    if args.method == "nuts":
        fit_options["progressbar"] = sys.stderr.isatty()  # NUTS sampling shows its progress
    best, result = _fit_transaction_models(report, args, summary, fit_options)
    predictions, clv_frame = _predictions(report, args, summary, result, fit_options, point)
    _customer_tables(report, args, predictions, point)
    _figures(report, result, best, summary)
    if all(column in summary.columns for column in HOLDOUT_COLUMNS):
        _holdout(report, result, best, summary, tracked=args.transactions is not None)
    if args.transactions is not None:
        _tracking(report, result, best, summary, args.transactions)
    if clv_frame is not None:
        _clv_figure(report, clv_frame, summary, args, point)
    return report.write()


def _setting_facts(
    report: AnalysisReport, args: argparse.Namespace, unit: str, point: bool
) -> None:
    """State the horizon, the value settings and what the intervals are."""
    from loyaltymodels.clv.value import period_length

    unit_name = {"D": "days", "W": "weeks", "M": "months"}[unit]
    report.fact(
        "Horizon",
        f"{args.horizon} months (= {args.horizon * period_length(unit):.4g} {unit_name}, the "
        "summary's unit) for purchases and CLV",
    )
    if args.spend:
        report.fact(
            "Value",
            f"margin {args.margin:g} of spend, discount rate {args.discount_rate:g} per month",
        )
    report.fact(
        "Intervals",
        f"{NO_INTERVAL} (method {args.method}); use --method laplace or nuts for intervals"
        if point
        else f"95% equal-tailed intervals from the parameter uncertainty ({args.method} draws)",
    )


def _fit_transaction_models(
    report: AnalysisReport,
    args: argparse.Namespace,
    summary: pd.DataFrame,
    fit_options: dict[str, Any],
) -> tuple[str, Any]:
    """Fit the chosen transaction model(s), compare them and report; return the best."""
    from loyaltymodels import clv

    models = {"bgnbd": clv.BetaGeo, "pareto-nbd": clv.ParetoNBD}
    chosen = list(models) if args.model == "all" else [args.model]
    results = {MODELS[key]: models[key]().fit(summary, **fit_options) for key in chosen}
    if len(results) > 1:
        table, best, reason = compare_models(results, summary)
        report.table(
            table,
            "model_comparison",
            "Model comparison (log-likelihood at the estimates; AIC = 2k - 2 LL, "
            "BIC = k ln N - 2 LL)",
            digits=3,
        )
        report.text(f"**Recommended: {best}**, {reason}.")
    else:
        best = MODELS[args.model]
    for name, fitted in results.items():
        add_result_facts(report, fitted, name if len(results) > 1 else "")
        stem = "params" if len(results) == 1 else f"params_{STEMS[name]}"
        report.table(fitted.params, stem, f"{name} parameters")
    if best == "BG/NBD":
        report.warn(_one_time_buyer_caveat(summary))
    return best, results[best]


def _predictions(
    report: AnalysisReport,
    args: argparse.Namespace,
    summary: pd.DataFrame,
    result: Any,
    fit_options: dict[str, Any],
    point: bool,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame | None]:
    """P(alive), expected purchases and (with spend) the fitted spend model and CLV."""
    from loyaltymodels import clv
    from loyaltymodels.clv.value import period_length

    unit = summary.attrs["time_unit"]
    predictions = {
        "p_alive": _summarised(result.probability_alive(), point),
        f"purchases_{args.horizon}_months": _summarised(
            result.expected_purchases(t=args.horizon * period_length(unit)), point
        ),
    }
    if not args.spend:
        return predictions, None
    spend = clv.GammaGamma().fit(summary, **fit_options)
    add_result_facts(report, spend, "Spend model")
    report.fact(
        "Spend model: Rows dropped",
        f"{spend.n_excluded:,} (customers without a repeat purchase have no repeat spend "
        "to model; their CLV uses the population's mean spend)",
    )
    report.table(spend.params, "spend_params", "Gamma-Gamma spend parameters")
    clv_frame = result.customer_lifetime_value(
        spend_result=spend,
        horizon=args.horizon,
        discount_rate=args.discount_rate,
        margin=args.margin,
        time_unit=unit,
    )
    predictions["clv"] = _summarised(clv_frame, point)
    return predictions, clv_frame


def _customer_tables(
    report: AnalysisReport,
    args: argparse.Namespace,
    predictions: dict[str, pd.DataFrame],
    point: bool,
) -> None:
    """Write customers.csv and report its overview and the top ten customers."""
    per_customer = pd.concat(predictions, axis=1)
    columns = [f"{pair[0]}_{pair[1]}" for pair in per_customer.columns.to_flat_index()]
    per_customer.columns = pd.Index(columns)
    path = report.directory / "customers.csv"
    per_customer.to_csv(path)
    money = {column: "money" for column in columns if column.startswith("clv_")}
    overview = per_customer.describe(percentiles=[0.1, 0.5, 0.9]).T
    overview.index = pd.Index([human_label(name) for name in overview.index], name="prediction")
    report.table(
        overview.rename(columns={"count": "customers"}),
        "customers_overview",
        "Per-customer predictions across customers"
        + (f" ({NO_INTERVAL})" if point else " (posterior mean, SD and 95% interval)"),
        formats={"customers": "count"},
    )
    report.text(
        f"Per-customer predictions for {len(per_customer):,} customers, with their ids: "
        f"`{path.name}`."
    )
    ranking = f"{list(predictions)[-1]}_{'estimate' if point else 'mean'}"
    report.table(
        per_customer.sort_values(ranking, ascending=False).head(10),
        "top_customers",
        "The ten customers with the highest " + ("CLV" if args.spend else "expected purchases"),
        formats={**money, **{c: "percent" for c in columns if c.startswith("p_alive")}},
    )


def _clv_figure(
    report: AnalysisReport,
    clv_frame: pd.DataFrame,
    summary: pd.DataFrame,
    args: argparse.Namespace,
    point: bool,
) -> None:
    from loyaltymodels.plotting import plot_clv_distribution

    repeat = float(np.mean(summary["frequency"].to_numpy() > 0))
    with report_figure(
        report,
        "clv_distribution",
        f"Number of customers by {args.horizon}-month customer lifetime value"
        + (
            " (point estimates)"
            if point
            else " (posterior means; the box states the median "
            "width of the customers' 95% intervals)"
        )
        + f". One-time buyers ({1 - repeat:.0%}) are shown in their own colour: with no repeat "
        "purchase yet, their value rests on the average spend of all customers and on the "
        "model's chance that they buy again.",
        figsize=(9, 4.8),
    ) as ax:
        plot_clv_distribution(
            _summarised(clv_frame, point),
            ax=ax,
            one_time=summary["frequency"].to_numpy() == 0,
            currency=args.currency,
        )
        ax.set_title(f"{args.horizon}-month CLV per customer")
