"""Plots for :mod:`loyaltymodels.churn`."""

__all__: list[str] = []
