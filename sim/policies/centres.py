"""Community centres: run by municipal staff or self-managed by residents.

Eligibility: lonely residents in a centre's catchment visit it. Timing: while a centre mode is
set (``community_centre.mode`` is not "none"). Effect: a centre needs hours to run, in
proportion to the residents it serves; paid staff (municipal) or a little hidden professional
support (self-managed) and volunteers supply them. Few volunteers carry a gap with long hours
and burn out; while hours are short the centre wins volunteers from the neighbourhood's
associations. A centre that runs below a share of the hours it needs closes. A visit eases
loneliness, adds contact and strengthens the visitor's ties.

Centres are placed on a regular lattice, one per ``residents_per_centre`` residents, and every
household belongs to the nearest one, so staff, hours and costs scale with the residents served.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.domains import ISOLATION
from wijksim.sim.jit import jit
from wijksim.sim.network import strengthen_ties
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy
from wijksim.sim.state import EMPLOYED, SELF_EMPLOYED
from wijksim.sim.volunteering import ASSOCIATION, CENTRE

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

WEEKS_PER_YEAR = 52
MOST_HOURS_FACTOR = 3.0  # a volunteer carrying a gap gives at most 3x their usual hours


class CommunityCentres(Policy):
    """Centres with their catchments, hours, volunteers and visits."""

    name = "community centres"

    def __init__(self):
        self.x = np.zeros(0, np.int32)
        self.y = np.zeros(0, np.int32)
        self.quality = np.zeros(0)
        self.open = np.zeros(0, bool)

    def active(self, params: Params) -> bool:
        """In force while a centre mode is set."""
        return params.community_centre.mode != "none"

    def setup(self, model: WijkModel) -> None:
        """Place the centres on a lattice and give every household its nearest centre."""
        if self.x.size:
            return
        per_centre = model.params.community_centre.residents_per_centre
        count = max(1, round(model.residents.n / per_centre))
        side = model.grid_side
        per_row = math.ceil(math.sqrt(count))
        spots = [(i, j) for j in range(per_row) for i in range(per_row)][:count]
        step = side / per_row
        self.x = np.array([min(int((i + 0.5) * step), side - 1) for i, _ in spots], np.int32)
        self.y = np.array([min(int((j + 0.5) * step), side - 1) for _, j in spots], np.int32)
        self.quality = np.ones(count)
        self.open = np.ones(count, bool)
        hh = model.households
        distance = (np.abs(hh.x[:, None] - self.x[None, :])
                    + np.abs(hh.y[:, None] - self.y[None, :])) if count < 64 else None
        if distance is not None:
            hh.centre[:] = np.argmin(distance, axis=1)
        else:
            cell_x = np.minimum((hh.x / step).astype(int), per_row - 1)
            cell_y = np.minimum((hh.y / step).astype(int), per_row - 1)
            hh.centre[:] = np.minimum(cell_y * per_row + cell_x, count - 1)
        for c in range(count):
            model.place_institution("community_centre", int(self.x[c]), int(self.y[c]), c)

    def state(self) -> tuple:
        """The centres' running state (for the warm-up cache)."""
        return self.quality.copy(), self.open.copy()

    def restore(self, state: tuple) -> None:
        """Put back a stored running state."""
        self.quality, self.open = (np.array(part) for part in state)

    def catchment(self, model: WijkModel) -> np.ndarray:
        """Each resident's centre (households do not move, so it is worked out once)."""
        cached = getattr(self, "_catchment", None)
        if cached is None or cached.size != model.residents.n:
            cached = model.households.centre[model.residents.household].astype(np.int64)
            self._catchment = cached
        return cached

    def civic(self, model: WijkModel) -> None:
        """Run every centre for a week (three uniforms per resident: stream alignment).

        Per centre: the hours it needs, what staff or support give, and what its volunteers
        give (their usual hours, stretched up to a limit to carry a gap). Per resident (one
        compiled pass): volunteers' hours, burn-out, recruitment while hours are short, visits.
        """
        cc, state, params = model.params.community_centre, model.residents, model.params
        u_visit, u_recruit, u_quit = model.streams["community"].random((3, state.n),
                                                                       dtype=np.float32)
        centre = self.catchment(model)
        count = self.x.size
        served = np.bincount(centre, minlength=count) / 1000.0
        staff = served * cc.staff_hours_per_1000 if cc.mode == "municipal" else 0.0 * served
        support = served * cc.support_per_1000 if cc.mode == "self_managed" else 0.0 * served
        needed = np.maximum(served * cc.hours_needed_per_1000, 1e-9)
        gap = np.maximum(needed - staff - support, 0.0)
        vol = params.volunteering
        usual_sum = np.zeros(count)
        _usual_sums(state.volunteer, state.work, centre, float(vol.hours_working),
                    float(vol.hours_not_working), usual_sum)
        factor = np.clip(gap / np.maximum(usual_sum, 1e-9), 1.0, MOST_HOURS_FACTOR)
        hours = np.minimum(usual_sum * factor, gap)
        self.quality = np.minimum(1.0, (staff + support + hours) / needed)
        self.open = self.quality >= cc.closed_below
        model.ledger.cost_civic += float((staff + support).sum() * cc.staff_tariff)
        if cc.mode == "self_managed":
            model.ledger.cost_civic += float(served.sum() * cc.subsidy_per_1000 / WEEKS_PER_YEAR)
        per_usual = np.where(usual_sum > 0, hours / np.maximum(usual_sum, 1e-9), 0.0)
        visits = np.zeros(state.n, np.bool_)
        _residents(state.volunteer, state.work, centre, per_usual, hours < gap, self.quality,
                   self.open, state.severity, state.chronic, state.contact,
                   model.week_arrays.volunteer, u_quit, u_recruit, u_visit,
                   float(vol.hours_working), float(vol.hours_not_working),
                   float(cc.burnout_per_extra_hour), float(cc.recruit_per_week),
                   float(cc.visit_per_week), float(cc.isolation_relief),
                   float(cc.visit_contact), visits)
        strengthen_ties(state, np.flatnonzero(visits), params.network.growth_per_use)

    def stop(self, model: WijkModel) -> None:
        """The centres close: their volunteers go back to their associations."""
        state = model.residents
        state.volunteer[state.volunteer == CENTRE] = ASSOCIATION
        self.quality[:] = 0.0
        self.open[:] = False


@jit
def _usual_sums(volunteer, work, centre, hours_working, hours_not_working,
                out):  # pragma: no cover - compiled
    """Usual weekly hours of each centre's volunteers."""
    for i in range(volunteer.shape[0]):
        if volunteer[i] == CENTRE:
            works = work[i] == EMPLOYED or work[i] == SELF_EMPLOYED
            out[centre[i]] += hours_working if works else hours_not_working


@jit
def _residents(volunteer, work, centre, per_usual, short, quality, is_open, severity,
               is_chronic, contact, hours, u_quit, u_recruit, u_visit, hours_working,
               hours_not_working, burnout, recruit, visit, relief, visit_contact,
               visits):  # pragma: no cover - compiled
    """Volunteers' hours and burn-out, recruitment from associations, visits by the lonely."""
    for i in range(volunteer.shape[0]):
        c = centre[i]
        if volunteer[i] == CENTRE:
            works = work[i] == EMPLOYED or work[i] == SELF_EMPLOYED
            usual = hours_working if works else hours_not_working
            each = usual * per_usual[c]
            hours[i] = each
            extra = max(each / max(usual, 1e-9) - 1.0, 0.0) * usual
            if u_quit[i] < burnout * extra:
                volunteer[i] = ASSOCIATION
        if (volunteer[i] == ASSOCIATION and short[c]
                and u_recruit[i] < recruit * (0.3 + 0.7 * quality[c])):
            volunteer[i] = CENTRE
        if severity[i, ISOLATION] > 0.0 and u_visit[i] < visit * quality[c] * is_open[c]:
            visits[i] = True
            severity[i, ISOLATION] = max(0.05 * is_chronic[i, ISOLATION],
                                         severity[i, ISOLATION] - relief)
            contact[i] += visit_contact
