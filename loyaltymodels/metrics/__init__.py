"""Loyalty metrics: NPS with uncertainty, CES, RFM segments, loyalty index, churn-risk flags."""

__all__: list[str] = []
