"""Family group conferences (Eigen Kracht-conferenties).

Eligibility: households with several problems that are in contact with services (in care,
waiting, or held by a team), not offered one before. Timing: while ``conferences.enabled``;
each week a qualifying household is offered one with a small chance. Effect: the municipality
may refuse funding, many families decline, most conferences held end in a plan; a plan makes
the family's network more willing to care and gives the family more say, and fades with the
half-life the evidence reports (plans no longer used after ~3 months). Conferences are paid
per conference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.network import strengthen_ties
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy
from wijksim.sim.state import NEVER, NO_CARE, problem_counts, row_any

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel


class FamilyGroupConferences(Policy):
    """Offer, fund, hold conferences; plans that boost the network and fade."""

    name = "family group conferences"

    def active(self, params: Params) -> bool:
        """In force while ``conferences.enabled``."""
        return params.conferences.enabled

    def eligible(self, model: WijkModel) -> np.ndarray:
        """Households that qualify for an offer this week."""
        state, hh, params = model.residents, model.households, model.params
        problems = np.bincount(state.household,
                               weights=problem_counts(state, params.problems.need_threshold),
                               minlength=hh.n)
        in_contact = np.bincount(state.household, weights=row_any(state.care != NO_CARE),
                                 minlength=hh.n) > 0
        in_contact |= (hh.team_since != NEVER) | (hh.team_waiting_since != NEVER)
        return ((problems >= params.conferences.min_problems) & in_contact
                & ~hh.conference_offered)

    def civic(self, model: WijkModel) -> None:
        """Offers, funding, declines and plans for this week; plans fade."""
        fgc, state, hh = model.params.conferences, model.residents, model.households
        state.plan_strength *= np.float32(0.5 ** (1.0 / fgc.plan_half_life))
        candidates = np.flatnonzero(self.eligible(model))
        if candidates.size == 0:
            return
        u = model.streams["conferences"].random((4, candidates.size))
        offered = u[0] < fgc.offer_per_week
        hh.conference_offered[candidates[offered]] = True
        held = offered & (u[1] < fgc.funding_approval) & (u[2] >= fgc.decline)
        model.ledger.conferences_held += int(held.sum())
        model.ledger.cost_conferences += fgc.cost * int(held.sum())
        planned = candidates[held & (u[3] < fgc.plan_rate)]
        model.ledger.plans_made += int(planned.size)
        members = np.flatnonzero(np.isin(state.household, planned))
        state.plan_strength[members] = 1.0
        strengthen_ties(state, members, 2 * model.params.network.growth_per_use)

    def boost(self, model: WijkModel) -> np.ndarray:
        """A fresh plan makes the family's network more willing to care."""
        return (model.params.conferences.network_boost * model.residents.plan_strength
                ).astype(np.float32)

    def stop(self, model: WijkModel) -> None:
        """Conferences end; plans stop being used."""
        model.residents.plan_strength[:] = 0.0
