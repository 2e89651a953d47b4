"""SERVQUAL gap scoring, zone of tolerance, SERVPERF and importance-performance analysis."""

__all__: list[str] = []
