r"""The one chunked prediction engine for per-customer quantities.

A per-customer prediction (P(alive), expected purchases, a purchase probability, expected
spend, CLV) is a function of a customer's summary row and of the model parameters. Given
:math:`D` parameter draws :math:`\theta_1, \dots, \theta_D`, the engine evaluates
:math:`q(x_i, \theta_d)` and summarises each customer's draws with
:func:`loyaltymodels.summaries.summarise_draws` (mean, ArviZ's sd and an equal-tailed
interval ``lower``, ``upper`` of probability ``ci_prob``).

Two things keep it fast and its memory bounded:

* **Patterns.** A :class:`Quantity` reads a customer through a few columns (``columns``:
  frequency, recency, T and covariates); customers sharing those values share the draws, so
  the expensive part is evaluated once per unique pattern (:func:`compress_patterns`). A
  quantity may add a cheap per-customer factor on more columns (``customer_columns``, e.g.
  the expected spend that multiplies discounted purchases in CLV): the unique rows of all
  columns are then summarised, their history part evaluated once per history pattern.
* **Chunks.** Unique rows are processed in blocks of at most ``chunk_elements / D`` rows, so
  a block's (draws x rows) arrays hold at most ``chunk_elements`` numbers (2,000,000 by
  default, 16 MB) whatever the number of customers; only the four summaries per row are kept.

The per-chunk entry point :func:`predict_chunk` takes a chunk of customers (a DataFrame) and
the draws and returns flat columns ``mean``, ``sd``, ``lower``, ``upper``; it is what
:class:`loyaltymodels.scale.CustomerScorer` runs on every Spark batch. :func:`predict` wraps
it into the per-customer DataFrame the results return, and :func:`predict_draws` returns the
(draws x customers) array itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.clv.patterns import compress_patterns
from loyaltymodels.clv.summary_checks import CUSTOMER_ID
from loyaltymodels.parallel import worker_count
from loyaltymodels.summaries import check_ci_prob, summarise_draws

__all__ = [
    "CHUNK_ELEMENTS",
    "SUMMARY_COLUMNS",
    "Quantity",
    "chunk_length",
    "customer_index",
    "draw_count",
    "predict",
    "predict_chunk",
    "predict_draws",
    "run_chunks",
    "summary_frame",
]

#: The most (draws x rows) numbers one chunk evaluates at once.
CHUNK_ELEMENTS = 2_000_000

#: The flat columns of a prediction: mean, sd and the interval bounds over the draws.
SUMMARY_COLUMNS = ("mean", "sd", "lower", "upper")

Arrays = dict[str, np.ndarray]
PatternFunction = Callable[[Arrays, Arrays], np.ndarray]
CustomerFunction = Callable[[np.ndarray, Arrays, Arrays], np.ndarray]


@dataclass(frozen=True)
class Quantity:
    """A per-customer quantity as the engine evaluates it.

    Attributes
    ----------
    columns : tuple of str
        The summary columns the (expensive) pattern part reads.
    per_pattern : callable
        ``per_pattern(values, draws)``: ``values`` maps each of ``columns`` to a (1 x n) array
        of unique patterns, ``draws`` maps parameter names to their draws (draw axis first);
        returns a (draws x n) array (or one that broadcasts to it).
    customer_columns : tuple of str, default ()
        More columns read by ``per_customer``.
    per_customer : callable, optional
        ``per_customer(pattern_draws, values, draws)``: combines the (draws x n) pattern part
        gathered to n unique rows of all columns (``values``, 1 x n arrays) into their
        (draws x n) values.
    """

    columns: tuple[str, ...]
    per_pattern: PatternFunction
    customer_columns: tuple[str, ...] = ()
    per_customer: CustomerFunction | None = None

    @property
    def all_columns(self) -> list[str]:
        """Every column the quantity reads (pattern columns first)."""
        return [*self.columns, *(c for c in self.customer_columns if c not in self.columns)]


def customer_index(data: pd.DataFrame) -> pd.Index:
    """Return the customer ids of a summary (its ``customer_id`` column, else its index).

    Parameters
    ----------
    data : pandas.DataFrame
        The summary.

    Returns
    -------
    pandas.Index
        Named ``customer_id``.

    Examples
    --------
    >>> customer_index(pd.DataFrame({"customer_id": ["a", "b"]})).tolist()
    ['a', 'b']
    """
    ids = data[CUSTOMER_ID] if CUSTOMER_ID in data.columns else data.index
    index: pd.Index = pd.Index(ids.to_numpy(), name=CUSTOMER_ID)
    return index


def draw_count(draws: Arrays) -> int:
    """Count the draws: the longest draw axis (a point fit has 1).

    Parameters
    ----------
    draws : mapping of str to numpy.ndarray
        Parameter draws, draw axis first.

    Returns
    -------
    int
        At least 1.
    """
    return max([1, *(len(np.atleast_1d(values)) for values in draws.values())])


def chunk_length(n_draws: int, chunk_elements: int | None = None) -> int:
    """Rows per chunk so that a chunk's (draws x rows) array holds at most ``chunk_elements``.

    Parameters
    ----------
    n_draws : int
        The number of draws.
    chunk_elements : int, optional
        The budget; default :data:`CHUNK_ELEMENTS`.

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> chunk_length(500)
    4000
    """
    budget = CHUNK_ELEMENTS if chunk_elements is None else int(chunk_elements)
    if budget < 1:
        raise LoyaltyDataError(f"chunk_elements must be a positive integer, got {chunk_elements}.")
    return max(1, budget // max(int(n_draws), 1))


def run_chunks(function: Callable[[int], np.ndarray], starts: list[int], n_jobs: int) -> list:
    """Apply ``function`` to each chunk start, in ``n_jobs`` threads (-1: one per core).

    NumPy and SciPy release the GIL inside their array kernels, so threads share the work
    without copying the draws.

    Parameters
    ----------
    function : callable
        Maps a chunk start to its result.
    starts : list of int
        The chunk starts.
    n_jobs : int
        Threads; 1 runs in the calling thread, -1 uses every core.

    Returns
    -------
    list
        The results in order.
    """
    workers = worker_count(n_jobs)
    if workers == 1 or len(starts) == 1:
        return [function(start) for start in starts]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, starts))


@dataclass(frozen=True)
class _Plan:
    """The unique rows of a chunk of customers, ordered by history pattern.

    ``values`` holds the unique rows of all columns (sorted so that rows of one history
    pattern are adjacent), ``pattern_of`` each unique row's history pattern, ``patterns`` the
    history patterns' columns and ``row_of`` each customer's unique row.
    """

    values: dict[str, np.ndarray]
    pattern_of: np.ndarray
    patterns: dict[str, np.ndarray]
    row_of: np.ndarray

    @property
    def n_rows(self) -> int:
        return int(self.pattern_of.size)


def _plan(quantity: Quantity, data: pd.DataFrame) -> _Plan:
    rows = compress_patterns(data, quantity.all_columns)
    if quantity.per_customer is None:
        n_rows = rows.n_patterns
        return _Plan(rows.values, np.arange(n_rows), rows.values, rows.inverse)
    history = compress_patterns(pd.DataFrame(rows.values), quantity.columns)
    order = np.argsort(history.inverse, kind="stable")
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    values = {name: column[order] for name, column in rows.values.items()}
    return _Plan(values, history.inverse[order], history.values, position[rows.inverse])


def _evaluate_block(
    quantity: Quantity, plan: _Plan, draws: Arrays, start: int, stop: int
) -> np.ndarray:
    """Evaluate the (draws x rows) values of unique rows ``start`` to ``stop`` of the plan."""
    pattern_of = plan.pattern_of[start:stop]
    first, last = int(pattern_of[0]), int(pattern_of[-1]) + 1
    patterns = {name: column[None, first:last] for name, column in plan.patterns.items()}
    values = np.asarray(quantity.per_pattern(patterns, draws), dtype=float)
    values = np.broadcast_to(values, (values.shape[0], last - first))
    if quantity.per_customer is None:
        return values
    rows = {name: column[None, start:stop] for name, column in plan.values.items()}
    combined = quantity.per_customer(values[:, pattern_of - first], rows, draws)
    return np.asarray(combined, dtype=float)


def _blocks(plan: _Plan, draws: Arrays, chunk_elements: int | None) -> list[int]:
    return list(range(0, plan.n_rows, chunk_length(draw_count(draws), chunk_elements)))


def _blockwise(
    quantity: Quantity,
    data: pd.DataFrame,
    draws: Arrays,
    per_block: Callable[[np.ndarray], np.ndarray],
    n_jobs: int,
    chunk_elements: int | None,
) -> np.ndarray:
    """Evaluate ``quantity`` on the unique patterns of ``data`` block by block (in parallel).

    ``per_block`` maps each (draws x patterns) block to the columns kept of it (the block
    itself, or its summary); the results are joined and returned one column per row of
    ``data``, in its order.
    """
    plan = _plan(quantity, data)
    size = chunk_length(draw_count(draws), chunk_elements)

    def evaluate(start: int) -> np.ndarray:
        return per_block(_evaluate_block(quantity, plan, draws, start, start + size))

    parts = run_chunks(evaluate, _blocks(plan, draws, chunk_elements), n_jobs)
    return np.concatenate(parts, axis=1)[:, plan.row_of]


def predict_chunk(
    quantity: Quantity,
    chunk: pd.DataFrame,
    draws: Arrays,
    *,
    ci_prob: float = 0.95,
    n_jobs: int = 1,
    chunk_elements: int | None = None,
) -> dict[str, np.ndarray]:
    r"""Summarise a quantity's draws for each customer of a chunk: flat columns.

    The chunk's unique patterns are evaluated in blocks of at most ``chunk_elements``
    (draws x rows) numbers and each unique row is summarised by
    :func:`loyaltymodels.summaries.summarise_draws`: the mean
    :math:`\bar q_i = D^{-1}\sum_d q(x_i, \theta_d)`, the sd with ``ddof=1`` (ArviZ) and
    the equal-tailed interval of probability ``ci_prob``.

    Parameters
    ----------
    quantity : Quantity
        What to predict.
    chunk : pandas.DataFrame
        Customer summaries with the quantity's columns (validated by the caller).
    draws : mapping of str to numpy.ndarray
        Parameter draws, draw axis first.
    ci_prob : float, default 0.95
        Probability of the equal-tailed interval.
    n_jobs : int, default 1
        Threads evaluating blocks (-1: one per core).
    chunk_elements : int, optional
        The memory budget of a block; default :data:`CHUNK_ELEMENTS`.

    Returns
    -------
    dict of str to numpy.ndarray
        ``mean``, ``sd``, ``lower``, ``upper``: one value per row of ``chunk``, in its order.
    """
    prob = check_ci_prob(ci_prob)
    if len(chunk) == 0:
        return {name: np.empty(0) for name in SUMMARY_COLUMNS}

    def summarise(block: np.ndarray) -> np.ndarray:
        return summarise_draws(block, prob).as_array()

    table = _blockwise(quantity, chunk, draws, summarise, n_jobs, chunk_elements)
    return dict(zip(SUMMARY_COLUMNS, table, strict=True))


def predict_draws(
    quantity: Quantity,
    data: pd.DataFrame,
    draws: Arrays,
    *,
    n_jobs: int = 1,
    chunk_elements: int | None = None,
) -> np.ndarray:
    """Return a quantity's (draws x customers) array, evaluated per unique pattern in chunks.

    The arguments are those of :func:`predict_chunk` (``data`` for ``chunk``); the returned
    array itself holds draws x customers numbers, of shape ``(n_draws, len(data))``.
    """
    if len(data) == 0:
        return np.empty((draw_count(draws), 0))
    return _blockwise(quantity, data, draws, lambda block: block, n_jobs, chunk_elements)


def summary_frame(
    columns: Mapping[str, np.ndarray] | np.ndarray,
    index: pd.Index,
    *,
    ci_prob: float | None = None,
    ci_kind: Literal["eti", "hdi"] = "eti",
) -> pd.DataFrame:
    """Wrap the flat summary columns as the tidy per-customer prediction DataFrame.

    Parameters
    ----------
    columns : mapping of str to numpy.ndarray or numpy.ndarray
        ``mean``, ``sd``, ``lower``, ``upper`` (or a (4, n) array with those rows).
    index : pandas.Index
        The customer ids.
    ci_prob : float, optional
        The interval probability, recorded in ``attrs["ci_prob"]`` with
        ``attrs["ci_kind"]``.
    ci_kind : {"eti", "hdi"}, default "eti"
        The interval kind (:mod:`loyaltymodels.summaries`).

    Returns
    -------
    pandas.DataFrame
        Columns ``mean``, ``sd``, ``lower``, ``upper``.
    """
    if not isinstance(columns, Mapping):
        columns = dict(zip(SUMMARY_COLUMNS, np.asarray(columns), strict=True))
    frame = pd.DataFrame({name: columns[name] for name in SUMMARY_COLUMNS}, index=index)
    if ci_prob is not None:
        frame.attrs.update({"ci_prob": float(ci_prob), "ci_kind": ci_kind})
    return frame


def predict(
    quantity: Quantity,
    data: pd.DataFrame,
    draws: Arrays,
    *,
    ci_prob: float = 0.95,
    return_draws: bool = False,
    n_jobs: int = -1,
    chunk_elements: int | None = None,
) -> pd.DataFrame | np.ndarray:
    """Predict a quantity for every customer of ``data``: summaries or the draws.

    The arguments are those of :func:`predict_chunk` (``data`` for ``chunk``; ``n_jobs``
    defaults to every core here); ``return_draws=True`` returns :func:`predict_draws`.

    Returns
    -------
    pandas.DataFrame or numpy.ndarray
        Indexed by ``customer_id``: ``mean``, ``sd``, ``lower``, ``upper`` (the interval's
        probability and kind in ``attrs``); or the (draws x customers) array.
    """
    if return_draws:
        return predict_draws(quantity, data, draws, n_jobs=n_jobs, chunk_elements=chunk_elements)
    columns = predict_chunk(
        quantity, data, draws, ci_prob=ci_prob, n_jobs=n_jobs, chunk_elements=chunk_elements
    )
    return summary_frame(columns, customer_index(data), ci_prob=ci_prob)
