"""Simulators: simulated retention series and churn panels, with known parameters."""

__all__: list[str] = []
