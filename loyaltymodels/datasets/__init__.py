"""Bundled data sets and simulators with known ground truth.

Loaders return the data shipped inside the package; simulators take ``random_seed`` and return
the simulated data together with the true parameters that generated it.
"""

from loyaltymodels.datasets.churn_simulation import *
from loyaltymodels.datasets.clv_simulation import *
from loyaltymodels.datasets.journey_simulation import *
from loyaltymodels.datasets.loaders import *
from loyaltymodels.datasets.loyalty_survey import *
from loyaltymodels.datasets.returns_simulation import *
from loyaltymodels.datasets.servqual_survey import *
from loyaltymodels.datasets import churn_simulation, clv_simulation, loaders, loyalty_survey
from loyaltymodels.datasets import returns_simulation, servqual_survey
from loyaltymodels.datasets import journey_simulation

__all__ = [
    *churn_simulation.__all__,
    *clv_simulation.__all__,
    *journey_simulation.__all__,
    *loaders.__all__,
    *loyalty_survey.__all__,
    *returns_simulation.__all__,
    *servqual_survey.__all__,
]
