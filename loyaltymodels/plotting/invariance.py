"""Plot of a measurement-invariance ladder: the change in fit from level to level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from loyaltymodels.plotting.axes import axes_or_new, plot_docstring

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from loyaltymodels.sem.invariance import InvarianceResult

__all__ = ["plot_invariance"]

DELTA_CFI_CUTOFF = -0.01
"""Cheung & Rensvold (2002): a drop in CFI larger than 0.01 signals non-invariance."""

DELTA_RMSEA_CUTOFF = 0.015
"""Chen (2007): a rise in RMSEA larger than 0.015 signals non-invariance."""


@plot_docstring("bar")
def plot_invariance(ladder: InvarianceResult, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    r"""Plot the change in CFI and RMSEA at each level of an invariance ladder.

    Each level after the first is compared with the level before it:
    :math:`\Delta\mathrm{CFI} = \mathrm{CFI}_k - \mathrm{CFI}_{k-1}` and
    :math:`\Delta\mathrm{RMSEA} = \mathrm{RMSEA}_k - \mathrm{RMSEA}_{k-1}`, drawn as bars beside
    the usual cut-offs (Cheung & Rensvold 2002: :math:`\Delta\mathrm{CFI} < -0.01`; Chen 2007:
    :math:`\Delta\mathrm{RMSEA} > 0.015`). A bar beyond its dashed line flags the level.

    Parameters
    ----------
    ladder : InvarianceResult
        The result of :func:`loyaltymodels.sem.measurement_invariance`.
    """
    ax = axes_or_new(ax, (7, 4))
    table = ladder.params.iloc[1:]
    levels = [str(level) for level in table.index]
    x = np.arange(len(levels))
    width = 0.38
    ax.bar(x - width / 2, table["delta_cfi"], width, label="Δ CFI", color="#0072B2", **kwargs)
    ax.bar(x + width / 2, table["delta_rmsea"], width, label="Δ RMSEA", color="#E69F00", **kwargs)
    ax.axhline(
        DELTA_CFI_CUTOFF,
        color="#0072B2",
        linestyle="--",
        linewidth=1,
        label="Δ CFI cut-off (−0.01)",
    )
    ax.axhline(
        DELTA_RMSEA_CUTOFF,
        color="#E69F00",
        linestyle="--",
        linewidth=1,
        label="Δ RMSEA cut-off (+0.015)",
    )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x, [f"{level}\nvs previous" for level in levels])
    ax.set_ylabel("Change in fit")
    ax.set_title("Measurement invariance: change in fit per level")
    ax.legend(loc="best", fontsize="small", frameon=False)
    return ax
