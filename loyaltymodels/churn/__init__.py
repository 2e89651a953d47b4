"""Bayesian churn: contractual retention (shifted-beta-geometric) and covariate hazard models."""

__all__: list[str] = []
