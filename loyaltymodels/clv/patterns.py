"""Pattern compression of customer summaries, now in :mod:`loyaltymodels.likelihood.patterns`."""

from loyaltymodels.likelihood.patterns import Patterns, compress_patterns

__all__ = ["Patterns", "compress_patterns"]
