"""The ECSI mobile-phone survey (``mobi``) shipped with the PLS package."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

from loyaltymodels.sem.templates import ECSI_CONSTRUCTS

__all__ = ["MOBI_ITEMS", "load_mobi"]

#: Item columns of each ECSI construct in ``mobi``, keyed as :func:`~loyaltymodels.sem.ecsi_model`.
MOBI_ITEMS: dict[str, list[str]] = dict(
    zip(
        ECSI_CONSTRUCTS,
        [
            [f"IMAG{k}" for k in range(1, 6)],
            [f"CUEX{k}" for k in range(1, 4)],
            [f"PERQ{k}" for k in range(1, 8)],
            ["PERV1", "PERV2"],
            [f"CUSA{k}" for k in range(1, 4)],
            ["CUSCO"],
            [f"CUSL{k}" for k in range(1, 4)],
        ],
        strict=True,
    )
)


def load_mobi() -> pd.DataFrame:
    """Load the ECSI mobile-phone survey: 250 respondents, 24 items on 1-10 scales.

    Origin: the ECSI study of Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), "PLS path
    modeling", Computational Statistics & Data Analysis 48(1); the copy distributed with the R
    packages semPLS and SEMinR (see ``loyaltymodels/pls/data/README.md``).

    Returns
    -------
    pandas.DataFrame
        250 rows, columns IMAG1-5, CUEX1-3, PERQ1-7, PERV1-2, CUSA1-3, CUSCO, CUSL1-3.

    Examples
    --------
    >>> load_mobi().shape
    (250, 24)
    """
    with files("loyaltymodels.pls").joinpath("data/mobi.csv").open("r") as handle:
        return pd.read_csv(handle)
