"""Reports: write analysis tables, figures and a Markdown and HTML report to ``results/``."""

from loyaltymodels.report.writer import AnalysisReport, package_warnings, quick_mode

__all__ = ["AnalysisReport", "package_warnings", "quick_mode"]
