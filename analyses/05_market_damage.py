"""Market damage of customer problems at an internet service provider, from survey counts.

A worked case of the TARP market damage model (Goodman 2009, Strategic Customer Service,
ch. 2-3): a survey of 2,400 customers gives, per problem type, who had the problem, who
complained, how complaints ended and who will buy again. The model carries the survey's
sampling uncertainty (Beta/Dirichlet posteriors, Monte Carlo) into the revenue at risk, values
better complaint handling and prevention (what-if), ranks the inputs (tornado), and checks that
its intervals cover the truth on surveys simulated from known shares.

Writes results/05_market_damage/. Quick mode (LOYALTYMODELS_QUICK=1) uses fewer draws and fewer
simulated surveys.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from loyaltymodels.damage import (
    DamageInputs,
    MarketDamage,
    improve_complaint_handling,
    prevent_problem,
    sensitivity,
    what_if,
)
from loyaltymodels.plotting import plot_damage_by_path, plot_tornado
from loyaltymodels.report import AnalysisReport, quick_mode

SEED = 20261122
DRAWS = 4000 if quick_mode() else 20_000
COVERAGE_SURVEYS = 40 if quick_mode() else 400
COVERAGE_DRAWS = 1000 if quick_mode() else 2000
LEVEL = 0.90

# The survey: 2,400 respondents; 1,500 had no problem (1,290 of them will buy again).
# Respondents may report several problem types, so the problem rows overlap.
COUNTS = pd.DataFrame(
    {
        "with_problem": [420, 380, 150],
        "complained": [160, 95, 75],
        "satisfied": [88, 40, 30],
        "mollified": [40, 30, 20],
        "dissatisfied": [32, 25, 25],
        "loyal_silent": [190, 205, 50],
        "loyal_satisfied": [76, 33, 25],
        "loyal_mollified": [26, 18, 12],
        "loyal_dissatisfied": [11, 8, 7],
    },
    index=pd.Index(["billing error", "outage", "installation delay"], name="problem"),
)
SURVEY = {"surveyed": 2400, "no_problem": 1500, "loyal_no_problem": 1290}
# Company figures and word of mouth (TARP-style assumptions, varied in the tornado).
MARKET = {
    "customers": 400_000,
    "value": 600.0,  # annual revenue per customer
    "told_silent": 2.0,
    "told_mollified": 4.0,
    "told_dissatisfied": 9.0,
    "deterred_share": 0.02,
    "recorded_share": 0.10,  # share of complaints that reach the central complaint log
}


def money(value: float) -> str:
    return f"{value / 1e6:,.2f} million"


def simulate_counts(truth: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """One survey of the same size drawn from known shares (the truth).

    Each problem's respondents and the no-problem group are binomial draws from the survey size
    (problem types overlap, as in the real survey).
    """
    surveyed = SURVEY["surveyed"]
    no_problem = rng.binomial(surveyed, SURVEY["no_problem"] / surveyed)
    rows = {}
    for problem, p in truth.iterrows():
        with_problem = rng.binomial(surveyed, p["incidence"])
        complained = rng.binomial(with_problem, p["complaint_rate"])
        outcome = rng.multinomial(complained, p[["satisfied", "mollified", "dissatisfied"]])
        silent = with_problem - complained
        rows[problem] = {
            "with_problem": with_problem,
            "complained": complained,
            "satisfied": outcome[0],
            "mollified": outcome[1],
            "dissatisfied": outcome[2],
            "loyal_silent": rng.binomial(silent, p["loyalty_silent"]),
            "loyal_satisfied": rng.binomial(outcome[0], p["loyalty_satisfied"]),
            "loyal_mollified": rng.binomial(outcome[1], p["loyalty_mollified"]),
            "loyal_dissatisfied": rng.binomial(outcome[2], p["loyalty_dissatisfied"]),
        }
    shared = {
        "surveyed": surveyed,
        "no_problem": no_problem,
        "loyal_no_problem": rng.binomial(no_problem, truth["loyalty_no_problem"].iloc[0]),
    }
    return pd.DataFrame.from_dict(rows, orient="index"), shared


def main() -> None:
    report = AnalysisReport("05_market_damage", "Market damage of customer problems")
    report.text(
        "The TARP market damage model (Goodman 2009, ch. 2-3) applied to a survey of "
        f"{SURVEY['surveyed']:,} customers of an internet service provider with "
        f"{MARKET['customers']:,} customers and {MARKET['value']:,.0f} of annual revenue each. "
        "Shares are estimated from the survey counts with uniform Beta/Dirichlet priors; "
        f"{DRAWS:,} Monte Carlo draws (seed {SEED}) carry their uncertainty into the damage; "
        f"intervals are {LEVEL:.0%} equal-tailed. Word-of-mouth reach and deterrence are "
        "assumptions (varied in the sensitivity analysis)."
    )
    report.table(COUNTS, "survey_counts", "Survey counts by problem type", digits=0)

    inputs = DamageInputs.from_counts(COUNTS, **SURVEY, **MARKET)
    report.table(inputs.point.T, "observed_shares", "Observed shares (plug-in inputs)", digits=3)
    damage = MarketDamage(draws=DRAWS, ci_prob=LEVEL).fit(inputs, random_seed=SEED)

    summary = damage.summary()
    report.table(summary, "revenue_at_risk", "Customers with problems and revenue lost", digits=0)
    total = summary.loc["total"]
    report.text(
        f"**Revenue at risk:** {money(total['lost_revenue'])} a year "
        f"({LEVEL:.0%} interval {money(total['lost_revenue_lower'])} to "
        f"{money(total['lost_revenue_upper'])}), from {total['lost_customers']:,.0f} lost "
        "customers and prospects. Respondents could report several problems, so the total adds "
        "problem types that partly overlap."
    )
    report.table(
        damage.by_path("lost_revenue"),
        "damage_by_path",
        "Revenue lost by problem and path",
        digits=0,
    )
    report.table(
        damage.params.xs("lost_revenue", level="measure").reset_index(),
        "damage_by_path_intervals",
        "Revenue lost by problem and path, with Monte Carlo summaries",
        digits=0,
    )
    multiplier = damage.market.xs("complaint_multiplier", level="quantity")
    report.table(
        multiplier, "complaint_multiplier", "Problems in the market per logged complaint", digits=1
    )
    report.text(
        "The complaint multiplier counts the customers with a problem behind each complaint in "
        f"the central log (complaint rate x {MARKET['recorded_share']:.0%} of complaints "
        "reaching the log): a complaint log understates problems by this factor."
    )
    fig, ax = plt.subplots(figsize=(9, 3.5))
    plot_damage_by_path(damage, ax=ax)
    report.figure(fig, "damage_by_path", "Revenue lost by problem type and path (90% interval)")
    plt.close(fig)

    # What-if analyses (common random numbers: the interval is that of the saving).
    scenarios = {
        "resolve half of the unresolved complaints": improve_complaint_handling(
            damage, resolved_share=0.5
        ),
        "resolve every unresolved complaint": improve_complaint_handling(
            damage, resolved_share=1.0
        ),
        "prevent half of the outages": prevent_problem(damage, "outage", share_prevented=0.5),
        "50% more complaints, handling as today": what_if(
            damage, {"complaint_rate": lambda c: np.minimum(1.0, 1.5 * c)}
        ),
    }
    rows = {
        name: result.params.loc[("total", "lost_revenue")] for name, result in scenarios.items()
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "scenario"
    report.table(table, "what_if", "What-if: annual revenue saved (total over problems)", digits=0)
    half = table.loc["resolve half of the unresolved complaints"]
    louder = table.loc["50% more complaints, handling as today"]
    report.text(
        f"Resolving half of today's unresolved complaints saves {money(half['saving'])} a year "
        f"({LEVEL:.0%} interval {money(half['saving_lower'])} to "
        f"{money(half['saving_upper'])}). Encouraging complaints without better handling "
        f"changes the damage by {money(-louder['saving'])} (a negative saving): dissatisfied "
        "complainers are less loyal and tell more people than silent customers."
    )

    tornado = sensitivity(damage, spread=0.2)
    report.table(tornado.params, "tornado", "Sensitivity of the total revenue lost", digits=3)
    fig, ax = plt.subplots(figsize=(8, 6))
    plot_tornado(tornado, ax=ax)
    report.figure(fig, "tornado", "Tornado: total revenue lost at each input's low and high value")
    plt.close(fig)

    # Calibration: do the intervals cover the truth on surveys simulated from known shares?
    truth = inputs.point
    true_total = MarketDamage().fit(DamageInputs.from_values(truth)).summary()
    true_value = float(true_total.loc["total", "lost_revenue"])
    rng = np.random.default_rng(SEED + 1)
    model = MarketDamage(draws=COVERAGE_DRAWS, ci_prob=LEVEL)
    hits = []
    for rep in range(COVERAGE_SURVEYS):
        counts, shared = simulate_counts(truth, rng)
        fitted = model.fit(DamageInputs.from_counts(counts, **shared, **MARKET), random_seed=rep)
        row = fitted.summary().loc["total"]
        hits.append(row["lost_revenue_lower"] <= true_value <= row["lost_revenue_upper"])
    coverage = float(np.mean(hits))
    se = np.sqrt(LEVEL * (1 - LEVEL) / COVERAGE_SURVEYS)
    calibration = pd.DataFrame(
        {
            "true_lost_revenue": [true_value],
            "simulated_surveys": [COVERAGE_SURVEYS],
            "nominal": [LEVEL],
            "coverage": [coverage],
            "monte_carlo_se": [se],
        },
        index=pd.Index(["total lost revenue"], name="quantity"),
    )
    report.table(calibration, "calibration", "Interval coverage on simulated surveys", digits=3)
    verdict = "consistent with" if abs(coverage - LEVEL) <= 3 * se else "NOT consistent with"
    report.text(
        f"Taking the observed shares as the truth (total revenue lost {money(true_value)}), "
        f"{COVERAGE_SURVEYS} surveys were simulated and refitted: the {LEVEL:.0%} intervals "
        f"covered the true value in {coverage:.1%} of them, {verdict} the nominal level "
        f"(Monte Carlo standard error {se:.1%})."
    )
    path = report.write()
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
