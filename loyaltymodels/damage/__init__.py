"""The market damage model: revenue lost to customer problems, and what fixing them returns."""

__all__: list[str] = []
