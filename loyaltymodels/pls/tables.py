"""Write a fitted PLS model's tables and figures to an analysis report (CLI and analyses)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict, Unpack

import matplotlib.pyplot as plt
import pandas as pd

from loyaltymodels.pls.bootstrap import PLSBootstrapResult
from loyaltymodels.pls.ipma import IPMAResult
from loyaltymodels.pls.predict import PLSPredictResult
from loyaltymodels.pls.result import PLSResult
from loyaltymodels.report import AnalysisReport

__all__ = ["PLSFollowUps", "report_pls"]


class PLSFollowUps(TypedDict, total=False):
    """Follow-up analyses of a PLS fit that :func:`report_pls` adds (each optional, None: left out).

    Attributes
    ----------
    bootstrap : PLSBootstrapResult or None
        Settings line and bootstrap table.
    prediction : PLSPredictResult or None
        The PLSpredict table.
    ipma : IPMAResult or None
        Construct and indicator IPMA tables and the importance-performance map.
    """

    bootstrap: PLSBootstrapResult | None
    prediction: PLSPredictResult | None
    ipma: IPMAResult | None


def report_pls(
    report: AnalysisReport,
    result: PLSResult,
    *,
    prefix: str = "",
    **followups: Unpack[PLSFollowUps],
) -> None:
    """Add the estimates, assessment tables and figures of a PLS fit to ``report``.

    Parameters
    ----------
    report : AnalysisReport
        The report to add to.
    result : PLSResult
        The fitted model.
    prefix : str, default ""
        Prepended to file stems and captions (e.g. ``"plsc_"`` when two fits share a report).
    **followups
        ``bootstrap``, ``prediction`` and ``ipma``: follow-up analyses to add, see
        :class:`PLSFollowUps`.
    """
    from loyaltymodels.plotting import plot_pls_path_diagram

    label = prefix.strip("_").upper() + " " if prefix else ""
    settings = result.settings
    report.text(
        f"{label}Scheme `{settings['scheme']}`, consistent={settings['consistent']}; "
        f"{result.n_obs} respondents used, {result.n_excluded} excluded (incomplete), "
        f"{result.n_imputed} values mean-replaced; weights "
        + ("converged" if result.converged else "**did not converge**")
        + f" in {result.iterations} iterations (tolerance {settings['tol']:g})."
    )
    report.table(result.summary(), f"{prefix}paths", f"{label}Path coefficients, f², inner VIF")
    r2 = pd.DataFrame({"r2": result.r2, "adjusted_r2": result.adjusted_r2})
    report.table(r2, f"{prefix}r2", f"{label}R² and adjusted R²")
    report.table(result.params, f"{prefix}params", f"{label}Loadings, weights and paths")
    report.table(result.effects(), f"{prefix}effects", f"{label}Direct, indirect, total effects")
    report.table(result.reliability(), f"{prefix}reliability", f"{label}Reliability and AVE")
    report.table(
        result.fornell_larcker(), f"{prefix}fornell_larcker", f"{label}Fornell-Larcker criterion"
    )
    report.table(result.htmt, f"{prefix}htmt", f"{label}HTMT")
    report.table(result.cross_loadings, f"{prefix}cross_loadings", f"{label}Cross-loadings")
    report.table(result.vif_outer.to_frame(), f"{prefix}outer_vif", f"{label}Outer VIF")
    report.table(
        pd.Series(result.srmr, name="srmr").to_frame(), f"{prefix}srmr", f"{label}SRMR", digits=4
    )
    fig, ax = plt.subplots(figsize=(10, 6))
    plot_pls_path_diagram(result, ax=ax)
    report.figure(fig, f"{prefix}path_diagram", f"{label}Path diagram")
    plt.close(fig)
    for name, write in _FOLLOW_UP_WRITERS.items():
        followup = followups.get(name)
        if followup is not None:
            write(report, followup, prefix, label)


def _write_bootstrap(
    report: AnalysisReport, bootstrap: PLSBootstrapResult, prefix: str, label: str
) -> None:
    report.text(
        f"{label}Bootstrap: {bootstrap.n_boot} resamples, {bootstrap.n_failed} failed, "
        f"{bootstrap.ci} {bootstrap.ci_prob:.0%} intervals, sign changes: "
        f"{bootstrap.sign_change}, seed {bootstrap.random_seed}."
    )
    report.table(bootstrap.params, f"{prefix}bootstrap", f"{label}Bootstrap table")


def _write_prediction(
    report: AnalysisReport, prediction: PLSPredictResult, prefix: str, label: str
) -> None:
    report.table(
        prediction.params,
        f"{prefix}plspredict",
        f"{label}PLSpredict ({prediction.folds} folds x {prediction.repeats} repeats, "
        f"{prediction.technique} antecedents)",
    )


def _write_ipma(report: AnalysisReport, ipma: IPMAResult, prefix: str, label: str) -> None:
    from loyaltymodels.plotting import plot_ipma

    report.table(ipma.params, f"{prefix}ipma", f"{label}IPMA of {ipma.target}")
    report.table(
        ipma.indicators, f"{prefix}ipma_indicators", f"{label}IPMA of {ipma.target}, indicators"
    )
    fig, ax = plt.subplots(figsize=(7, 5))
    plot_ipma(ipma, ax=ax)
    report.figure(fig, f"{prefix}ipma", f"{label}Importance-performance map")
    plt.close(fig)


#: The writer of each follow-up analysis, in the order the report lists them.
_FOLLOW_UP_WRITERS: dict[str, Callable[[AnalysisReport, Any, str, str], None]] = {
    "bootstrap": _write_bootstrap,
    "prediction": _write_prediction,
    "ipma": _write_ipma,
}
