"""Griffe extension for the API site: show docstrings that are completed at import time.

Plot functions are decorated with ``loyaltymodels.plotting.axes.plot_docstring``, which adds
the ``ax`` and ``**kw`` entries and the Returns section shared by every plot; the site reads
the source, so for those functions the docstring is taken from the imported function instead.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import griffe

ROOT = Path(__file__).resolve().parents[1]
COMPLETING_DECORATORS = ("plot_docstring",)


class RuntimeDocstrings(griffe.Extension):
    """Replace the source docstring of functions whose decorator completes it at import."""

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:
        names = [str(decorator.value).split("(")[0] for decorator in func.decorators]
        if not any(name.endswith(COMPLETING_DECORATORS) for name in names):
            return
        runtime = griffe.dynamic_import(func.path, import_paths=[ROOT, *sys.path])
        if func.docstring is not None and runtime.__doc__:
            func.docstring.value = inspect.cleandoc(runtime.__doc__)
