"""Buddy networks in the KeyRing style: members living near each other and one volunteer.

Eligibility: adults who are lonely or live on a low income, gathered near a founder. Timing:
while ``buddies.enabled``. Effect: a network with a volunteer eases its members' loneliness,
adds contact, and the volunteer gives light support to members whose need is still unmet after
their own network's care. A volunteer who leaves must be found again among the neighbourhood's
volunteers nearby (a small chance a week). The municipality pays a support manager and the
volunteer's rent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.domains import INFORMAL_FIT, ISOLATION
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy
from wijksim.sim.state import NONE
from wijksim.sim.volunteering import ASSOCIATION, BUDDY

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

WEEKS_PER_YEAR = 52


@dataclass
class BuddyNetwork:
    """A network: members, its volunteer (or NONE) and its place."""

    members: np.ndarray
    volunteer: int = NONE
    x: int = 0
    y: int = 0


def stochastic_count(expected: float, rng: np.random.Generator) -> int:
    """A whole number with the given expectation (so small neighbourhoods are not rounded)."""
    whole = int(expected)
    return whole + int(rng.random() < expected - whole)


class BuddyNetworks(Policy):
    """Networks, their volunteers, contact and light support."""

    name = "buddy networks"

    def __init__(self):
        self.networks: list[BuddyNetwork] = []

    def active(self, params: Params) -> bool:
        """In force while ``buddies.enabled``."""
        return params.buddies.enabled

    def setup(self, model: WijkModel) -> None:
        """Gather lonely or low-income adults who live near each other into networks."""
        if self.networks:
            return
        bd, state = model.params.buddies, model.residents
        rng = model.streams["buddies"]
        count = stochastic_count(bd.networks_per_1000_residents * state.n / 1000.0, rng)
        candidates = (state.age >= 18) & ((state.severity[:, ISOLATION] > 0) | state.low_income)
        for number in range(count):
            pool = np.flatnonzero(candidates & (state.buddy_network < 0))
            if pool.size < bd.members:
                break
            founder = int(rng.choice(pool))
            distance = np.maximum(np.abs(state.x[pool] - state.x[founder]),
                                  np.abs(state.y[pool] - state.y[founder]))
            members = pool[np.argsort(distance + rng.random(pool.size), kind="stable")
                           [: bd.members]]
            state.buddy_network[members] = number
            network = BuddyNetwork(members, NONE, int(state.x[founder]), int(state.y[founder]))
            self.networks.append(network)
            model.place_institution("buddy_network", network.x, network.y, network)

    def civic(self, model: WijkModel) -> None:
        """Networks with a volunteer relieve loneliness and add contact; volunteers come and go."""
        bd, cc, state = model.params.buddies, model.params.community_centre, model.residents
        rng = model.streams["buddies"]
        usual = model.params.volunteering.hours_not_working
        quit_chance = 0.004 + cc.burnout_per_extra_hour * max(bd.volunteer_hours - usual, 0.0)
        for network in self.networks:
            if network.volunteer == NONE:
                network.volunteer = self._find_volunteer(model, network, rng)
            if network.volunteer == NONE:
                continue
            members = network.members
            relief = np.float32(bd.isolation_relief)
            floor = np.float32(0.05) * state.chronic[members, ISOLATION]
            state.severity[members, ISOLATION] = np.maximum(
                floor, state.severity[members, ISOLATION] - relief) * (
                state.severity[members, ISOLATION] > 0)
            state.contact[members] += bd.contact
            model.week_arrays.volunteer[network.volunteer] = bd.volunteer_hours
            model.ledger.cost_civic += bd.cost_per_year / WEEKS_PER_YEAR
            if rng.random() < quit_chance:
                state.volunteer[network.volunteer] = ASSOCIATION
                network.volunteer = NONE

    def support(self, model: WijkModel) -> None:
        """The volunteer's light support to members with need left after their network's care."""
        bd, state, week = model.params.buddies, model.residents, model.week_arrays
        unmet = week.unmet()
        for network in self.networks:
            if network.volunteer == NONE:
                continue
            members = network.members
            left = unmet[members] * INFORMAL_FIT
            total = float(left.sum())
            if total <= 0:
                continue
            hours = bd.volunteer_hours * bd.support_share
            given = left * min(1.0, hours / total)
            week.informal[members] += given.astype(np.float32)
            state.informal_received[members] += given.sum(axis=1).astype(np.float32)

    def _find_volunteer(self, model: WijkModel, network: BuddyNetwork,
                        rng: np.random.Generator) -> int:
        bd, state = model.params.buddies, model.residents
        if rng.random() > bd.volunteer_search:
            return NONE
        near = (np.maximum(np.abs(state.x - network.x), np.abs(state.y - network.y))
                <= bd.volunteer_radius)
        pool = np.flatnonzero(near & (state.volunteer == ASSOCIATION) & (state.buddy_network < 0))
        if pool.size == 0:
            return NONE
        chosen = int(rng.choice(pool))
        state.volunteer[chosen] = BUDDY
        return chosen

    def stop(self, model: WijkModel) -> None:
        """Networks end; their volunteers go back to their associations."""
        state = model.residents
        state.volunteer[state.volunteer == BUDDY] = ASSOCIATION
        state.buddy_network[:] = NONE
        self.networks = []
