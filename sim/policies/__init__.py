"""Policies as components: each keeps its eligibility, timing and effect in one place.

A policy is switched on by one parameter (its timing follows the timeline of parameters) and
joins the week at named points of the model's fixed order of events (``sim.model``), by
defining methods with these names; the model calls them only while the policy is active:

- ``setup(model)``: once, the first week the policy is active (form circles, place centres).
- ``front_door(model, requests) -> requests``: take requests before the agencies' desks do.
- ``assess(model, decision)``: change a desk's decisions (network rationing).
- ``refer(model)``: send cases on to specialist care (teams).
- ``deliver(model)``: give formal help this week (teams' hours, respite).
- ``boost(model) -> array``: make residents' ties more willing to care.
- ``support(model)``: help given after the network's care (a buddy volunteer's light support).
- ``civic(model)``: civic institutions act (centres, circles, buddies, conferences).
- ``discharge(model)``: hand cases back or close them.

Each effect size that applies under one policy only is a parameter with its source or a range
to explore (docs/ODD.md lists them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wijksim.sim.params import Params

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel


class Policy:
    """Base of a policy component."""

    name = "policy"

    def active(self, params: Params) -> bool:
        """Whether the policy is in force under ``params``."""
        raise NotImplementedError

    def setup(self, model: WijkModel) -> None:
        """Build what the policy needs the first week it is active (nothing by default)."""


def all_policies() -> list[Policy]:
    """One instance of every policy component, in the order their hooks run."""
    from wijksim.sim.policies.buddies import BuddyNetworks
    from wijksim.sim.policies.carer_support import CarerSupport
    from wijksim.sim.policies.centres import CommunityCentres
    from wijksim.sim.policies.circles import MutualAidCircles
    from wijksim.sim.policies.conferences import FamilyGroupConferences
    from wijksim.sim.policies.network_rationing import NetworkRationing
    from wijksim.sim.policies.teams import GeneralistTeams

    return [GeneralistTeams(), NetworkRationing(), FamilyGroupConferences(),
            CommunityCentres(), MutualAidCircles(), BuddyNetworks(), CarerSupport()]
