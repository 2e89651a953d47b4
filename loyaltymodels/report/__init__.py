"""Reports: write analysis tables, figures and a Markdown report to ``results/``."""

from loyaltymodels.report.writer import AnalysisReport, quick_mode

__all__ = ["AnalysisReport", "quick_mode"]
