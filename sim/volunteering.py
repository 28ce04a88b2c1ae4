"""Volunteering as part of ordinary life: associations, the community centre, buddy networks.

Residents aged 15 and over start and stop volunteering; each has a long-run chance of being a
volunteer graded by education and age (CBS), which sets how often they start given how long a
spell lasts. A volunteer is active in some weeks, not all, for the usual hours of people with or
without paid work. Most volunteer in associations (sports, school, church, neighbourhood, care
and welfare); the community centre and buddy networks recruit from this pool. A shock (a dated
change) makes volunteers stop and fewer start.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import EMPLOYED, SELF_EMPLOYED, ResidentState

WEEKS_PER_YEAR = 52
NOT_VOLUNTEERING, ASSOCIATION, CENTRE, BUDDY = 0, 1, 2, 3


def usual_hours(state: ResidentState, params: Params) -> np.ndarray:
    """Average weekly volunteer hours of each resident while a volunteer."""
    vol = params.volunteering
    works = (state.work == EMPLOYED) | (state.work == SELF_EMPLOYED)
    return np.where(works, vol.hours_working, vol.hours_not_working).astype(np.float32)


def update(state: ResidentState, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Residents start and stop volunteering; returns each resident's volunteer hours this week.

    Two uniforms per resident every week (stream alignment).
    """
    vol = params.volunteering
    u_spell, u_active = rng.random((2, state.n), dtype=np.float32)
    stop = 1.0 / (vol.years_per_spell * WEEKS_PER_YEAR)
    hours = np.zeros(state.n, np.float32)
    _update(state.volunteer, state.volunteer_propensity, state.work, u_spell, u_active,
            float(stop), float(1.0 - vol.shock), float(stop * (1.0 + 4.0 * vol.shock)),
            float(vol.active_share), float(vol.hours_working), float(vol.hours_not_working),
            hours)
    return hours


@jit
def _update(volunteer, propensity, work, u_spell, u_active, stop, keep, leave, active_share,
            hours_working, hours_not_working, hours):  # pragma: no cover - compiled
    """Start and stop spells, then the week's hours of the active volunteers.

    The chance to start keeps the long-run share at each resident's propensity (spells end at
    ``stop`` a week): start = stop * target / (1 - target).
    """
    for i in range(volunteer.shape[0]):
        if volunteer[i] == NOT_VOLUNTEERING:
            target = min(propensity[i] * keep, 0.95)
            if u_spell[i] < stop * target / (1.0 - target):
                volunteer[i] = ASSOCIATION
        elif u_spell[i] < leave:
            volunteer[i] = NOT_VOLUNTEERING
        if volunteer[i] != NOT_VOLUNTEERING and u_active[i] < active_share:
            works = work[i] == EMPLOYED or work[i] == SELF_EMPLOYED
            hours[i] = (hours_working if works else hours_not_working) / active_share
