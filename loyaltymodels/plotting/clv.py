"""Plots for :mod:`loyaltymodels.clv`."""

__all__: list[str] = []
