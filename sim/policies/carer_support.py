"""Carer support (mantelzorgondersteuning) and respite care.

Eligibility: overloaded carers; the service reaches a share of them (once reached, a carer stays
supported while caring). Timing: while ``carer_support.enabled``. Effect: a supported carer's
hours weigh less on them (advice, a listening ear, practical arrangements: an uncertain effect
size, a parameter with a range to explore), and respite care takes some of their hours over (a
paid worker gives those hours instead). The municipality pays a consultant per supported carer
and every respite hour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.carers import overloaded
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

WEEKS_PER_YEAR = 52


class CarerSupport(Policy):
    """Reach overloaded carers; lighter load and respite hours."""

    name = "carer support"

    def active(self, params: Params) -> bool:
        """In force while ``carer_support.enabled``."""
        return params.carer_support.enabled

    def deliver(self, model: WijkModel) -> None:
        """Reach overloaded carers; give respite to the supported ones who are caring."""
        cs, state = model.params.carer_support, model.residents
        u = model.streams["carer_support"].random(state.n, dtype=np.float32)
        reached = overloaded(state, model.params) & (u < cs.reach)
        state.supported |= reached
        caring = state.informal_given > 0
        state.supported &= caring | (state.burden > 0.05)
        respite = np.where(state.supported & caring,
                           np.minimum(cs.respite_hours, state.informal_given), 0.0)
        model.week_arrays.respite[:] = respite
        hours = float(respite.sum())
        model.ledger.respite_hours += hours
        model.ledger.cost_carer_support += (hours * cs.respite_tariff
                                            + state.supported.sum() * cs.cost_per_carer_per_year
                                            / WEEKS_PER_YEAR)

    def stop(self, model: WijkModel) -> None:
        """Support ends."""
        model.residents.supported[:] = False
