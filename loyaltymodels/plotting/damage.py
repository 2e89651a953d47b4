"""Plots for :mod:`loyaltymodels.damage`."""

__all__: list[str] = []
