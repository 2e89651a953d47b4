import pandas as pd

from loyaltymodels._result import Result


class _Toy(Result):
    def __init__(self) -> None:
        self.params = pd.DataFrame({"estimate": [1.23456]}, index=["a"])


def test_markdown_rounds_only_for_display(tmp_path) -> None:
    toy = _Toy()
    assert "1.235" in toy.to_markdown()
    assert toy.params.loc["a", "estimate"] == 1.23456
    path = tmp_path / "toy.pkl"
    toy.save(path)
    assert _Toy.load(path).params.equals(toy.params)
