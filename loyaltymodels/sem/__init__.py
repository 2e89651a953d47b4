"""Covariance-based structural equation models of loyalty (on semopy)."""

__all__: list[str] = []
