r"""The purchase process BG/NBD and Pareto/NBD share, declared once for both models.

While active, a customer buys at Poisson rate :math:`\lambda`, heterogeneous across customers
as :math:`\lambda \sim \text{Gamma}(r, \alpha)` (Ehrenberg's NBD; Schmittlein, Morrison &
Colombo 1987; Fader, Hardie & Lee 2005). Purchase covariates scale the rate parameter,
:math:`\alpha_i = \alpha\exp(-\gamma_1' z_i)` (Fader & Hardie 2007 note on covariates).
"""

from __future__ import annotations

from loyaltymodels.clv.priors import SCALE_PRIOR, SHAPE_PRIOR, PriorSpec

__all__ = ["PURCHASE_COVARIATE_EFFECTS", "PURCHASE_PRIORS"]

PURCHASE_PRIORS: dict[str, PriorSpec] = {"r": SHAPE_PRIOR, "alpha": SCALE_PRIOR}
"""Default priors of the purchase-rate parameters :math:`r` (shape) and :math:`\\alpha` (scale)."""

PURCHASE_COVARIATE_EFFECTS: tuple[tuple[str, str, float], ...] = (
    ("alpha", "gamma_purchase", -1.0),
)
"""Purchase covariates act on :math:`\\alpha` through ``gamma_purchase`` with sign -1."""
