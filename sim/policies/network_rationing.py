"""Network rationing ("use your own strength"): assessors deny help to residents with a network.

Eligibility: eligible requests at an agency's desk from residents whose network an assessor can
see (ties to fall back on, not hidden). Timing: while ``municipality.network_rationing`` > 0.
Effect: with that chance the request is denied and the network is told to give extra hours
(the appeal, asked again each week, less and less); a resident denied this way may learn to
hide their network from then on ("I have no one": Hilhorst & Van der Lans 2014).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.indication import Decision
from wijksim.sim.network import has_nobody
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel


class NetworkRationing(Policy):
    """Deny eligible requests of residents with a visible network."""

    name = "network rationing"

    def active(self, params: Params) -> bool:
        """In force while the rationing chance is above zero."""
        return params.municipality.network_rationing > 0

    def assess(self, model: WijkModel, decision: Decision) -> None:
        """Turn some grants into denials with an appeal to the network."""
        state, mun = model.residents, model.params.municipality
        rows = decision.rows
        if rows.size == 0:
            return
        u_ration, u_hide = model.assessment_draws[0, rows], model.assessment_draws[1, rows]
        visible = ~state.hides_network[rows] & ~has_nobody(state, model.params)[rows]
        rationed = decision.granted & visible & (u_ration < mun.network_rationing)
        decision.granted &= ~rationed
        decision.rationed |= rationed
        told = rows[rationed]
        state.appeal_hours[told] = np.maximum(state.appeal_hours[told], mun.network_appeal_hours)
        hides = told[u_hide[rationed] < model.params.help_seeking.hide_learning]
        state.hides_network[hides] = True
