"""Mesa agents: residents, professionals and institutions.

Residents are thin handles onto the resident columns, professionals move on the grid for home
visits, and institutions are fixed at a cell.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING

import mesa
from mesa.discrete_space import CellAgent, FixedAgent

from sim.state import DOMAINS, NONE

if TYPE_CHECKING:
    from sim.model import WijkModel


class _IdsPerModel(weakref.WeakKeyDictionary):
    """Agent id counters per model, held weakly.

    Mesa 3.3.1 keeps them in a class-level ``defaultdict`` keyed by the model, which keeps
    every model (and all its agents) alive for the life of the process: a sweep running many
    models in one worker would grow without bound. Our agents use this mapping instead.
    """

    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = itertools.count(1)
            self[model] = counter
            return counter


_IDS = _IdsPerModel()


class Resident(mesa.Agent):
    """A person living in a household; every attribute is read from the model's columns."""

    _ids = _IDS

    def __init__(self, model: WijkModel, index: int):
        super().__init__(model)
        self.index = index

    @property
    def _state(self):
        return self.model.residents

    @property
    def household(self) -> int:
        """Household index."""
        return int(self._state.household[self.index])

    @property
    def coordinate(self) -> tuple[int, int]:
        """Grid coordinate of the dwelling."""
        return int(self._state.x[self.index]), int(self._state.y[self.index])

    @property
    def cell(self):
        """The grid cell (block) the resident lives in."""
        return self.model.grid[self.coordinate]

    @property
    def age(self) -> int:
        """Age in years."""
        return int(self._state.age[self.index])

    @property
    def wellbeing(self) -> float:
        """Wellbeing (0-1) after the latest week."""
        return float(self._state.wellbeing[self.index])

    @property
    def own_strength(self) -> float:
        """Own strength (0-1)."""
        return float(self._state.own_strength[self.index])

    @property
    def problems(self) -> dict[str, float]:
        """Severity per life domain (only domains with a problem)."""
        row = self._state.severity[self.index]
        return {name: round(float(level), 3) for name, level in zip(DOMAINS, row, strict=True)
                if level > 0}

    @property
    def unmet_hours(self) -> float:
        """Hours of need not met in the latest week."""
        return float(self._state.unmet_hours[self.index])


class Professional(CellAgent):
    """A professional who moves to a client's home for a visit each week.

    ``hours`` holds last week's split: direct help, travel (and outreach), coordination, and
    intake (and referrals).
    """

    kind = "professional"
    _ids = _IDS

    def __init__(self, model: WijkModel, index: int, cell):
        super().__init__(model)
        self.index = index
        self.cell = cell
        self.hours = {"direct": 0.0, "travel": 0.0, "coordination": 0.0, "intake": 0.0}

    def record_hours(self, row) -> None:
        """Store last week's hours from a (direct, travel, coordination, intake) row."""
        self.hours = dict(zip(self.hours, (float(v) for v in row), strict=True))

    def visit(self, cell) -> None:
        """Move to a client's block (a home visit)."""
        self.cell = cell


class Specialist(Professional):
    """A specialist in one domain, employed by that domain's agency."""

    kind = "specialist"

    def __init__(self, model: WijkModel, index: int, cell, domain: int):
        super().__init__(model, index, cell)
        self.domain = DOMAINS[domain]


class Generalist(Professional):
    """A generalist in the neighbourhood team: all domains, one plan per household."""

    kind = "generalist"


class Institution(FixedAgent):
    """An institution with an address on the grid."""

    kind = "institution"
    _ids = _IDS

    def __init__(self, model: WijkModel, cell, name: str):
        super().__init__(model)
        self.cell = cell
        self.name = name


class SpecialistAgency(Institution):
    """One domain's agency: intake desk, eligibility assessment, waiting list, staff."""

    kind = "agency"

    def __init__(self, model: WijkModel, cell, domain: int):
        super().__init__(model, cell, f"{DOMAINS[domain]} agency")
        self.domain = domain

    @property
    def waiting(self) -> int:
        """Residents on this agency's waiting list."""
        return int((self.model.residents.waiting_since[:, self.domain] != NONE).sum())


class Municipality(Institution):
    """The municipality: annual budget, buys care, can cut, rations when overspent."""

    kind = "municipality"

    def __init__(self, model: WijkModel, cell):
        super().__init__(model, cell, "municipality")
        self.spent_this_year = 0.0
        self.budget_this_year = 0.0
        self.balance = 0.0
        self.tightening = 0.0

    def settle_week(self, spending: float, weekly_budget: float, step: float,
                    rationing: bool, most: float) -> None:
        """Book the week; tighten eligibility while spending runs ahead of the budget.

        Tightening is by at most ``most`` (heavy needs stay eligible: the municipality's duty
        of care).
        """
        self.spent_this_year += spending
        self.budget_this_year += weekly_budget
        self.balance += weekly_budget - spending
        if rationing and self.spent_this_year > self.budget_this_year:
            self.tightening = min(self.tightening + step, most)
        else:
            self.tightening = max(0.0, self.tightening - step)

    def new_year(self) -> None:
        """Start a new budget year."""
        self.spent_this_year = 0.0
        self.budget_this_year = 0.0


class CommunityCentreAgent(Institution):
    """The community centre (municipal or self-managed); state lives in ``centre``."""

    kind = "community_centre"

    def __init__(self, model: WijkModel, cell, centre):
        super().__init__(model, cell, "community centre")
        self.centre = centre


class MutualAidCircleAgent(Institution):
    """A Broodfonds-style circle; ``circle`` holds members and fund."""

    kind = "mutual_aid_circle"

    def __init__(self, model: WijkModel, cell, circle):
        super().__init__(model, cell, "mutual-aid circle")
        self.circle = circle


class BuddyNetworkAgent(Institution):
    """A KeyRing-style buddy network; ``network`` holds members and volunteer."""

    kind = "buddy_network"

    def __init__(self, model: WijkModel, cell, network):
        super().__init__(model, cell, "buddy network")
        self.network = network
