"""The differentiable 2F1 graph, now in :mod:`loyaltymodels.likelihood.hyp2f1`."""

from loyaltymodels.likelihood.hyp2f1 import hyp2f1_graph

__all__ = ["hyp2f1_graph"]
