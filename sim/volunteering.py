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

from sim.params import Params
from sim.state import EMPLOYED, SELF_EMPLOYED, ResidentState

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
    target = np.minimum(state.volunteer_propensity * (1.0 - vol.shock), 0.95)
    start = stop * target / (1.0 - target)
    leave = stop * (1.0 + 4.0 * vol.shock)
    volunteers = state.volunteer != NOT_VOLUNTEERING
    starts = ~volunteers & (u_spell < start)
    stops = volunteers & (u_spell < leave)
    state.volunteer[starts] = ASSOCIATION
    state.volunteer[stops] = NOT_VOLUNTEERING
    active = (state.volunteer != NOT_VOLUNTEERING) & (u_active < vol.active_share)
    return np.where(active, usual_hours(state, params) / vol.active_share, 0.0).astype(
        np.float32)
