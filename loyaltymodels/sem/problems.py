"""Detection of improper SEM solutions (Heywood cases and relatives).

An ML solution is improper when a variance estimate is negative, a standardized loading or path
lies beyond +/-1, the implied covariance matrix of the latent variables is not positive
definite, or the optimiser did not converge (Chen, Bollen, Paxton, Curran & Kirby 2001,
"Improper solutions in structural equation models", Sociological Methods & Research 29(4)).
Each condition found is reported on the result and raised as an
:class:`ImproperSolutionWarning`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = ["ImproperSolutionWarning", "detect_problems", "warn_problems"]


class ImproperSolutionWarning(UserWarning):
    """Warning raised for every improper-solution condition found in a fitted SEM."""


def detect_problems(
    params: pd.DataFrame,
    latent_cov: pd.DataFrame,
    *,
    converged: bool,
    message: str = "",
) -> list[str]:
    """List the improper-solution conditions of a fit.

    Parameters
    ----------
    params : pandas.DataFrame
        Parameter table with ``lval``, ``op``, ``rval``, ``estimate`` and ``std_all``.
    latent_cov : pandas.DataFrame
        Implied covariance matrix of the latent variables.
    converged : bool
        Whether the optimiser converged.
    message : str
        The optimiser's message, quoted when it did not converge.

    Returns
    -------
    list of str
        One sentence per condition; empty when the solution is proper.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"lval": ["x1"], "op": ["~~"], "rval": ["x1"],
    ...                       "estimate": [-0.2], "std_all": [-0.1]})
    >>> detect_problems(table, pd.DataFrame(), converged=True)
    ['negative variance estimate: x1 ~~ x1 = -0.2']
    """
    problems: list[str] = []
    if not converged:
        problems.append(f"optimizer did not converge: {message}".rstrip(": "))
    is_variance = ((params["op"] == "~~") & (params["lval"] == params["rval"])).to_numpy()
    estimates = params["estimate"].to_numpy(dtype=float)
    std_all = params["std_all"].to_numpy(dtype=float)
    lvals, ops, rvals = (params[c].astype(str).to_numpy() for c in ("lval", "op", "rval"))
    for k in np.flatnonzero(is_variance & (estimates < 0)):
        problems.append(
            f"negative variance estimate: {lvals[k]} ~~ {rvals[k]} = {estimates[k]:.4g}"
        )
    is_path = np.isin(ops, ["=~", "~"])
    for k in np.flatnonzero(is_path & (np.abs(std_all) > 1)):
        kind = "loading" if ops[k] == "=~" else "path"
        problems.append(
            f"standardized {kind} beyond +/-1: {lvals[k]} {ops[k]} {rvals[k]} = {std_all[k]:.4g}"
        )
    if latent_cov.size:
        eigenvalues = np.linalg.eigvalsh(latent_cov.to_numpy(dtype=float))
        if eigenvalues.min() <= 0:
            problems.append(
                "latent covariance matrix is not positive definite "
                f"(smallest eigenvalue {eigenvalues.min():.4g})"
            )
    return problems


def warn_problems(problems: list[str], stacklevel: int = 3) -> None:
    """Raise each problem as an :class:`ImproperSolutionWarning`.

    Parameters
    ----------
    problems : list of str
        Output of :func:`detect_problems`.
    stacklevel : int, default 3
        Passed to :func:`warnings.warn` (3: the caller of the function that warns).
    """
    for problem in problems:
        warnings.warn(
            f"improper solution: {problem}", ImproperSolutionWarning, stacklevel=stacklevel
        )
