"""Simulators: simulated loyalty survey with known structural paths."""

__all__: list[str] = []
