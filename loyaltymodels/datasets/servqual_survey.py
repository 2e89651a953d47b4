"""Simulators: simulated SERVQUAL surveys with known gaps."""

__all__: list[str] = []
