"""Plots: ``plot_*(result, *, ax=None, **kw)`` returns a matplotlib Axes and computes nothing."""

from loyaltymodels.plotting.churn import *
from loyaltymodels.plotting.clv import *
from loyaltymodels.plotting.damage import *
from loyaltymodels.plotting.invariance import *
from loyaltymodels.plotting.journey import *
from loyaltymodels.plotting.metrics import *
from loyaltymodels.plotting.returns import *
from loyaltymodels.plotting.sem import *
from loyaltymodels.plotting.servqual import *
from loyaltymodels.plotting.pls import *
from loyaltymodels.plotting import churn, clv, damage, invariance, journey, metrics, pls
from loyaltymodels.plotting import returns, sem, servqual

__all__ = [
    *churn.__all__,
    *clv.__all__,
    *damage.__all__,
    *invariance.__all__,
    *journey.__all__,
    *metrics.__all__,
    *pls.__all__,
    *returns.__all__,
    *sem.__all__,
    *servqual.__all__,
]
