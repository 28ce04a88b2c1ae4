"""Mesa agents: residents, professionals and institutions.

Residents are thin handles onto the resident columns, professionals move on the grid for home
visits (drawing only), and institutions are fixed at a cell.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING

import mesa
from mesa.discrete_space import CellAgent, FixedAgent

from wijksim.sim.domains import DOMAINS

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel


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
    def pos(self) -> tuple[int, int]:
        """Grid coordinate of the dwelling (Mesa's name for it)."""
        return self.coordinate

    @pos.setter
    def pos(self, value) -> None:
        """Ignored: a resident's position is its household's dwelling (Mesa sets None)."""

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
        """Life satisfaction (0-10) after the latest week."""
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
    """A professional who moves to a client's home for a visit each week (drawing only)."""

    kind = "professional"
    domain_index = -1
    _ids = _IDS

    def __init__(self, model: WijkModel, cell):
        super().__init__(model)
        self.cell = cell

    def visit(self, cell) -> None:
        """Move to a client's block (a home visit)."""
        self.cell = cell


class Specialist(Professional):
    """A specialist in one domain, employed by that domain's provider."""

    kind = "specialist"

    def __init__(self, model: WijkModel, cell, domain: int):
        super().__init__(model, cell)
        self.domain_index = domain
        self.domain = DOMAINS[domain]


class Generalist(Professional):
    """A generalist in the neighbourhood team: all domains, one plan per household."""

    kind = "generalist"


class Institution(FixedAgent):
    """An institution with an address on the grid (an agency, a centre, a circle, ...)."""

    _ids = _IDS

    def __init__(self, model: WijkModel, cell, name: str, kind: str = "institution",
                 state=None):
        super().__init__(model)
        self.cell = cell
        self.name = name
        self.kind = kind
        self.state = state


class Municipality(Institution):
    """The municipality: its budget lives in ``model.budget``."""

    def __init__(self, model: WijkModel, cell):
        super().__init__(model, cell, "municipality", "municipality")

    @property
    def balance(self) -> float:
        """Budget balance to date (EUR)."""
        return float(self.model.budget.balance)
