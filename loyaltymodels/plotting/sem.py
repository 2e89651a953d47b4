"""Plots for :mod:`loyaltymodels.sem`."""

__all__: list[str] = []
