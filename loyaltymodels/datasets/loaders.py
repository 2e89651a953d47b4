"""Loaders for the data sets shipped with the package.

Sources
-------
- CDNOW: the CDNOW customer cohort of the first quarter of 1997 and its 1/10 sample, as used by
  Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2).
- Donations: the 1995 cohort of 11,104 first-time supporters, Fader, Hardie & Shang (2010),
  "Customer-base analysis in a discrete-time noncontractual setting", Marketing Science 29(6).
- Retention: contract-renewal survival series of Berry & Linoff (2004) as used by Fader &
  Hardie (2007), "How to project customer retention", Journal of Interactive Marketing 21(1).
- Holzinger & Swineford (1939) and Bollen's (1989) Political Democracy, as shipped by semopy.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pandas as pd

__all__ = [
    "load_cdnow_summary",
    "load_cdnow_transactions",
    "load_donations",
    "load_holzinger_swineford",
    "load_political_democracy",
    "load_retention",
]


def _data_path(name: str) -> Any:
    return files("loyaltymodels.datasets").joinpath("data", name)


def load_cdnow_summary(*, with_spend: bool = False) -> pd.DataFrame:
    """Load the CDNOW 1/10 sample summarised over the 39-week calibration period.

    Parameters
    ----------
    with_spend : bool, default False
        Add ``monetary_value``, the mean value of the repeat transactions (zbar; 0 for
        customers without repeat purchases), as used by the Gamma-Gamma spend model.

    Returns
    -------
    pandas.DataFrame
        2,357 rows with ``customer_id``, ``frequency`` (repeat purchases), ``recency`` (weeks
        from the first to the last purchase) and ``T`` (weeks from the first purchase to the
        end of week 39), plus ``monetary_value`` when requested.

    Examples
    --------
    >>> from loyaltymodels.datasets import load_cdnow_summary
    >>> load_cdnow_summary().shape
    (2357, 4)
    """
    if with_spend:
        with _data_path("cdnow_customers_summary_with_transactions.csv").open() as handle:
            raw = pd.read_csv(handle)
        frame = raw.rename(
            columns={
                "ID": "customer_id",
                "x": "frequency",
                "t_x": "recency",
                "zbar": "monetary_value",
            }
        )
    else:
        with _data_path("cdnow_customers_summary.csv").open() as handle:
            frame = pd.read_csv(handle).rename(columns={"ID": "customer_id"})
    frame["frequency"] = frame["frequency"].astype("int64")
    return frame


def load_cdnow_transactions(*, sample: bool = True) -> pd.DataFrame:
    """Load the CDNOW transaction log.

    Parameters
    ----------
    sample : bool, default True
        The 1/10 systematic sample (2,357 customers, 6,919 rows) of Fader, Hardie & Lee
        (2005); ``False`` gives the full cohort (23,570 customers, 69,659 rows).

    Returns
    -------
    pandas.DataFrame
        One row per purchase: ``customer_id``, ``date`` (datetime64), ``quantity`` (CDs) and
        ``spend`` (dollars), sorted by customer and date.

    Examples
    --------
    >>> from loyaltymodels.datasets import load_cdnow_transactions
    >>> log = load_cdnow_transactions()
    >>> log["customer_id"].nunique(), len(log)
    (2357, 6919)
    """
    if sample:
        names = ["customer_id", "sample_id", "date", "quantity", "spend"]
        with _data_path("CDNOW_sample.txt").open() as handle:
            frame = pd.read_csv(handle, sep=r"\s+", header=None, names=names)
        frame = frame.drop(columns="sample_id")
    else:
        with _data_path("CDNOW_master.txt.gz").open("rb") as handle:
            frame = pd.read_csv(handle, sep=r"\s+", compression="gzip")
        frame.columns = ["customer_id", "date", "quantity", "spend"]
    frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)


def load_donations() -> pd.DataFrame:
    """Load the donations data: 11,104 donors over 6 annual opportunities, as patterns.

    Returns
    -------
    pandas.DataFrame
        One row per (frequency, recency) pattern: ``frequency`` (repeat donations x),
        ``recency`` (t_x, the opportunity of the last donation), ``periods`` (n = 6) and
        ``weights`` (the number of donors with that pattern).

    Examples
    --------
    >>> from loyaltymodels.datasets import load_donations
    >>> int(load_donations()["weights"].sum())
    11104
    """
    with _data_path("donations.csv").open() as handle:
        return pd.read_csv(handle)


def load_retention() -> pd.DataFrame:
    """Load the contract-renewal survival series of Fader & Hardie (2007).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (0-7) with columns ``regular`` and ``high_end``: customers still
        active at the start of each year out of a cohort of 1,000.

    Examples
    --------
    >>> from loyaltymodels.datasets import load_retention
    >>> load_retention().loc[1].tolist()
    [631, 869]
    """
    with _data_path("sbg_retention.csv").open() as handle:
        frame = pd.read_csv(handle)
    frame = frame.rename(columns={"regular_alive": "regular", "highend_alive": "high_end"})
    return frame.set_index("year")


def load_holzinger_swineford() -> pd.DataFrame:
    """Load Holzinger & Swineford's (1939) mental-ability data (N = 301), as shipped by semopy.

    Returns
    -------
    pandas.DataFrame
        Items ``x1``-``x9`` (visual ``x1``-``x3``, textual ``x4``-``x6``, speed ``x7``-``x9``)
        and the respondents' background columns.
    """
    from semopy.examples import holzinger39

    data: pd.DataFrame = holzinger39.get_data()
    return data.reset_index(drop=True)


def load_political_democracy() -> pd.DataFrame:
    """Load Bollen's (1989) Political Democracy data (N = 75), as shipped by semopy.

    Returns
    -------
    pandas.DataFrame
        Indicators ``x1``-``x3`` (industrialisation 1960) and ``y1``-``y8`` (democracy 1960
        and 1965).
    """
    from semopy.examples import political_democracy

    data: pd.DataFrame = political_democracy.get_data()
    return data.reset_index(drop=True)
