"""Touchpoints of a hotel stay: key drivers, journey flow, experience loss and monitoring.

A simulated hotel with known truth. Guests rate five touchpoints (booking, check-in, room,
restaurant, check-out; only 60% visit the restaurant) and overall satisfaction; check-in and the
room are the real drivers. The analysis:

1. recovers the drivers by exact Shapley/LMG decomposition with bootstrap intervals and compares
   them with the population values (the same decomposition on a very large simulated sample);
2. estimates the online booking journey as an absorbing Markov chain (transitions against the
   true matrix, drop-off, removal effects, paths);
3. turns touchpoint problems into revenue at risk (market damage model) and into churn effects
   (hazard model on repeated stays, against the planted effects), and ranks what to fix first;
4. monitors the daily check-in problem rate (p-chart) and satisfaction (EWMA) and detects a
   planted deterioration from day 60.

Writes results/09_touchpoints/. Quick mode (LOYALTYMODELS_QUICK=1) uses smaller samples and
fewer resamples.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from loyaltymodels.datasets import (
    HOTEL_TOUCHPOINTS,
    simulate_hotel_stays,
    simulate_hotel_survey,
    simulate_journey_events,
)
from loyaltymodels.journey import (
    churn_panel,
    derived_ipa,
    ewma_chart,
    fix_first,
    journey_flow,
    key_drivers,
    p_chart,
    revenue_at_risk,
    touchpoint_churn_effects,
)
from loyaltymodels.plotting import (
    plot_control_chart,
    plot_ipa,
    plot_key_drivers,
    plot_removal_effects,
)
from loyaltymodels.report import AnalysisReport, quick_mode

SEED = 20261202
QUICK = quick_mode()
GUESTS = 1500 if QUICK else 5000
POPULATION = 100_000 if QUICK else 400_000
BOOTSTRAP = 200 if QUICK else 1000
JOURNEYS = 20_000 if QUICK else 200_000
STAY_GUESTS = 3000 if QUICK else 10_000
DAYS, SHIFT_DAY = 90, 60
TOUCHPOINTS = list(HOTEL_TOUCHPOINTS)
SCALE = (1, 10)
MARKET = {"customers": 60_000, "value": 900.0}  # guests a year, revenue per returning guest


def drivers_section(report: AnalysisReport) -> tuple[pd.DataFrame, object]:
    sim = simulate_hotel_survey(GUESTS, random_seed=SEED)
    survey = sim.survey
    result = key_drivers(
        survey,
        outcome="overall",
        drivers=TOUCHPOINTS,
        bootstrap=BOOTSTRAP,
        random_seed=SEED,
        not_experienced="indicator",
        scale=SCALE,
    )
    population = key_drivers(
        simulate_hotel_survey(POPULATION, random_seed=SEED + 1).survey,
        outcome="overall",
        drivers=TOUCHPOINTS,
        not_experienced="indicator",
    )
    table = result.table[["estimate", "lower", "upper", "share", "rank"]].copy()
    table["population"] = population.table["estimate"]
    table["covered"] = (table["lower"] <= table["population"]) & (
        table["population"] <= table["upper"]
    )
    report.text(
        f"{GUESTS:,} guests rated five touchpoints; the true effects on overall satisfaction are "
        f"{sim.overall_coefficients}. Exact Shapley/LMG decomposition of R2 = {result.r2:.3f} "
        f"with {BOOTSTRAP} bootstrap resamples (95% percentile intervals); 'not experienced' "
        "(restaurant) is modelled as its own indicator. 'population' is the same decomposition "
        f"on {POPULATION:,} simulated guests."
    )
    report.table(table, "key_drivers", "Key drivers of overall satisfaction", digits=4)
    top = set(result.table.nsmallest(2, "rank").index)
    others = result.table.drop(index=sim.drivers)
    separated = result.table.loc[sim.drivers, "lower"].min() > others["upper"].max()
    report.text(
        f"Planted drivers {sim.drivers} ranked first and second: **{top == set(sim.drivers)}**; "
        f"their intervals lie above every other touchpoint's: **{bool(separated)}**; "
        f"{int(table['covered'].sum())} of {len(table)} intervals cover the population value "
        "(an importance of zero, as for the not-experienced indicator here, lies on the edge of "
        "the range of Shapley values and a percentile interval cannot cover it)."
    )
    if top != set(sim.drivers) or not separated:
        raise SystemExit("the planted drivers were not recovered")
    pairs = result.differences.loc[[("check_in", "room"), ("check_in", "check_out")]]
    report.table(pairs, "differences", "Differences between touchpoints (bootstrap)", digits=4)
    weights = key_drivers(
        survey,
        outcome="overall",
        drivers=TOUCHPOINTS,
        method="relative_weights",
        not_experienced="indicator",
    )
    binary = key_drivers(
        survey,
        outcome="returns",
        drivers=["booking", "check_in", "room", "check_out"],
        family="logistic",
    )
    compare = pd.DataFrame(
        {
            "shapley": result.table["estimate"],
            "relative_weights": weights.table["estimate"],
            "shapley_returns_logistic": binary.table["estimate"],
        }
    )
    report.table(
        compare,
        "methods",
        f"Shapley vs relative weights; logistic Shapley for the intention to return "
        f"({binary.r2_kind} R2 = {binary.r2:.3f})",
        digits=4,
    )
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_key_drivers(result, ax=ax)
    report.figure(fig, "key_drivers", "Key drivers with 95% bootstrap intervals")
    plt.close(fig)
    return survey, result


def flow_section(report: AnalysisReport) -> None:
    sim = simulate_journey_events(JOURNEYS, random_seed=SEED)
    flow = journey_flow(sim.events, random_seed=SEED)
    truth = sim.transitions
    estimated = flow.transitions.loc[truth.index, truth.columns]
    report.text(
        f"Online booking journey of {flow.n_customers:,} visitors ({flow.n_events:,} events): "
        f"largest difference between estimated and true transition probabilities "
        f"{np.max(np.abs(estimated - truth).to_numpy()):.4f}."
    )
    report.table(flow.transitions, "transitions", "Transition probabilities", digits=3)
    report.table(flow.conversion, "conversion", "Absorption probabilities", digits=4)
    report.table(flow.dropoff, "dropoff", "Drop-off per touchpoint (Wilson 95%)", digits=4)
    report.table(flow.steps.head(8), "funnel", "Drop-off by step (Wilson 95%)", digits=4)
    report.table(flow.removal, "removal_effects", "Removal effects on conversion", digits=4)
    report.table(flow.paths.head(10), "paths", "Most frequent paths", digits=4)
    fig, ax = plt.subplots(figsize=(7, 3))
    plot_removal_effects(flow, ax=ax)
    report.figure(fig, "removal_effects", "Removal effect of each touchpoint on conversion")
    plt.close(fig)


def loss_section(report: AnalysisReport, survey: pd.DataFrame, drivers: object) -> None:
    loss = revenue_at_risk(
        survey,
        touchpoints=TOUCHPOINTS,
        loyalty_col="returns",
        complained_col="complained",
        resolution_col="complaint_outcome",
        random_seed=SEED,
        draws=2000 if QUICK else 10_000,
        **MARKET,
    )
    report.table(
        loss.summary(),
        "revenue_at_risk",
        f"Revenue at risk per touchpoint ({MARKET['customers']:,} guests, "
        f"{MARKET['value']:.0f} per guest; 90% intervals)",
        digits=0,
    )
    stays = simulate_hotel_stays(STAY_GUESTS, random_seed=SEED)
    panel = churn_panel(stays.events, touchpoints=TOUCHPOINTS)
    churn = touchpoint_churn_effects(panel, touchpoints=TOUCHPOINTS, random_seed=SEED)
    effects = churn.effects()
    effects["truth"] = [stays.effects[tp] for tp in TOUCHPOINTS]
    effects["covered"] = (effects["lower"] <= effects["truth"]) & (
        effects["truth"] <= effects["upper"]
    )
    report.table(
        effects[["coefficient", "lower", "upper", "truth", "covered", "ratio"]],
        "churn_effects",
        f"Churn after a touchpoint failure: hazard model on {len(panel):,} guest-periods "
        "(log-odds, 95% Wald intervals, against the planted effects)",
        digits=3,
    )
    table = fix_first(
        drivers,  # type: ignore[arg-type]
        loss,
        survey,
        touchpoints=TOUCHPOINTS,
        scale_max=SCALE[1],
        share_prevented=0.5,
        churn=churn,
    )
    report.table(table, "fix_first", "What to fix first (priority = mean of the three ranks)")
    report.text(
        f"Fix first: **{table.index[0]}**; halving its problems saves "
        f"{table['saving_if_prevented'].iloc[0]:,.0f} a year (90% interval "
        f"{table['saving_lower'].iloc[0]:,.0f} to {table['saving_upper'].iloc[0]:,.0f})."
    )
    grid = derived_ipa(drivers, survey, touchpoints=TOUCHPOINTS)  # type: ignore[arg-type]
    report.table(grid.table, "ipa", "Importance (derived) and performance", digits=3)
    fig, ax = plt.subplots(figsize=(6, 5))
    plot_ipa(grid, ax=ax)
    ax.set_ylabel("derived importance (share of R2)")
    report.figure(fig, "ipa", "Importance-performance grid with derived importance")
    plt.close(fig)


def monitoring_section(report: AnalysisReport) -> None:
    rng = np.random.default_rng(SEED)
    days = pd.RangeIndex(1, DAYS + 1, name="day")
    check_ins = rng.integers(120, 260, size=DAYS)
    rate = np.where(days < SHIFT_DAY, 0.18, 0.26)
    problems = pd.Series(rng.binomial(check_ins, rate), index=days)
    pchart = p_chart(problems, check_ins, baseline=SHIFT_DAY - 1)
    answers = rng.integers(30, 70, size=DAYS)
    mean = np.where(days < SHIFT_DAY, 8.0, 7.7)
    satisfaction = pd.Series(mean + rng.normal(0, 1.3 / np.sqrt(answers)), index=days)
    ewma = ewma_chart(satisfaction, sizes=answers, baseline=SHIFT_DAY - 1)
    found = {
        "p-chart (check-in problem rate 18% -> 26%)": pchart,
        "EWMA (daily satisfaction 8.0 -> 7.7)": ewma,
    }
    rows = {}
    for name, chart in found.items():
        early = [day for day in chart.alarms if day < SHIFT_DAY]
        rows[name] = {
            "first_alarm": chart.first_alarm,
            "days_to_detect": (chart.first_alarm or np.nan) - SHIFT_DAY + 1,
            "false_alarms_before_shift": len(early),
        }
        if chart.first_alarm is None or chart.first_alarm < SHIFT_DAY:
            raise SystemExit(f"{name}: the planted shift on day {SHIFT_DAY} was not detected")
    report.table(
        pd.DataFrame.from_dict(rows, orient="index"),
        "monitoring",
        f"Planted shift on day {SHIFT_DAY}: detection (limits from days 1-{SHIFT_DAY - 1})",
        digits=0,
    )
    fig, axes = plt.subplots(2, 1, figsize=(9, 6))
    plot_control_chart(pchart, ax=axes[0])
    plot_control_chart(ewma, ax=axes[1])
    fig.tight_layout()
    report.figure(fig, "control_charts", "p-chart of check-in problems and EWMA of satisfaction")
    plt.close(fig)


def main() -> None:
    report = AnalysisReport("09_touchpoints", "Touchpoints of a hotel stay")
    survey, drivers = drivers_section(report)
    flow_section(report)
    loss_section(report, survey, drivers)
    monitoring_section(report)
    print(f"wrote {report.write()}")


if __name__ == "__main__":
    main()
