"""Simulators: simulated customer bases for buy-till-you-die models, with known parameters."""

__all__: list[str] = []
