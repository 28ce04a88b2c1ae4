"""wijksim's model: residents, professionals and institutions in a Dutch neighbourhood.

Public API: ``Params`` and ``Timeline`` (parameters), ``WijkModel`` (the Mesa model), ``run``
(headless run to a table), ``OUTCOMES`` (declared outcomes).
"""

from wijksim.sim.model import WijkModel
from wijksim.sim.outcomes import OUTCOMES
from wijksim.sim.params import Params, Timeline
from wijksim.sim.run import run

__all__ = ["OUTCOMES", "Params", "Timeline", "WijkModel", "run"]
