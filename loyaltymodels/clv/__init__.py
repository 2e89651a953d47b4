"""Bayesian buy-till-you-die models: RFM summaries, BG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, CLV."""

__all__: list[str] = []
