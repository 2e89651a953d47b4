"""Read-only objects: sealed once their constructor returns, handing out protected values.

:class:`ReadOnlyOnceBuilt` is the metaclass of :class:`loyaltymodels._result.Result`: after a
class with ``frozen = True`` builds an instance (``__init__``, dataclass ``__post_init__``), it
marks the instance read-only. :func:`read_only_view` is what such an instance returns for a
stored attribute, so that the caller cannot change the stored value through it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["READ_ONLY_FLAG", "ReadOnlyOnceBuilt", "read_only_view"]

READ_ONLY_FLAG = "__read_only__"
"""Key in an instance's ``__dict__`` marking it read-only (never saved)."""


class ReadOnlyOnceBuilt(type):
    """Metaclass that marks instances of classes with ``frozen = True`` read-only once built."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        instance = super().__call__(*args, **kwargs)
        if getattr(cls, "frozen", False):
            instance.__dict__[READ_ONLY_FLAG] = True
        return instance


def read_only_view(value: Any) -> Any:
    """Return ``value`` in a form through which the original cannot be changed.

    pandas objects are returned as shallow copies (with copy-on-write, changing the copy never
    changes the original, and nothing is copied until then); NumPy arrays as views that cannot
    be written; dicts, lists and tuples as new containers of such values. Anything else
    (numbers, strings, other read-only objects) is returned as it is.

    Parameters
    ----------
    value : object
        A stored attribute.

    Returns
    -------
    object
        The protected value.
    """
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, dict):
        return {key: read_only_view(item) for key, item in value.items()}
    if type(value) is list:
        return [read_only_view(item) for item in value]
    if type(value) is tuple:
        return tuple(read_only_view(item) for item in value)
    return value
