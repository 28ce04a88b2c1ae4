"""wijksim's model: residents, professionals and institutions in a Dutch neighbourhood.

Public API: ``Params`` and ``Timeline`` (parameters), ``WijkModel`` (the Mesa model), ``run``
(headless run to a table), ``OUTCOMES`` (declared outcomes).
"""

from sim.model import WijkModel
from sim.outcomes import OUTCOMES
from sim.params import Params, Timeline
from sim.run import run

__all__ = ["OUTCOMES", "Params", "Timeline", "WijkModel", "run"]
