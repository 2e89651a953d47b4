"""Plots for :mod:`loyaltymodels.servqual`."""

__all__: list[str] = []
