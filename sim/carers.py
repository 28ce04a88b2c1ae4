"""Carer burden: a state that builds with the load of caring and eases without it.

The load is the week's hours of care and other help, weighted up when the carer also works, has
children at home, is ill, carries the care alone with no professional involved, or cares for
someone with a mental-health problem (the risk factors in PMC7496310, SNAC-K and SCP 2015).
Burden moves towards the level that load brings (rising faster than it eases), so it builds
with duration too. A
carer counts as overloaded when burden passes a level, not at a number of hours; an overloaded
carer may stop for a while. Carer support lowers the weight of the hours; respite takes hours
over (both in :mod:`sim.policies.carer_support`).
"""

from __future__ import annotations

import numpy as np

from sim.informal_care import CareGiven
from sim.params import Params
from sim.state import EMPLOYED, SELF_EMPLOYED, ResidentState, row_max


def load(state: ResidentState, care: CareGiven, params: Params,
         respite: np.ndarray) -> np.ndarray:
    """The weighted weekly hours that drive each carer's burden (respite hours taken off)."""
    c = params.carers
    works = (state.work == EMPLOYED) | (state.work == SELF_EMPLOYED)
    weight = (1.0 + c.weight_work * works + c.weight_children * state.children_home
              + c.weight_own_health * row_max(state.severity)
              + c.weight_alone * care.alone + c.weight_mental * care.for_mental)
    support = np.where(state.supported, 1.0 - params.carer_support.effect, 1.0)
    hours = np.maximum(care.given + care.other - respite, 0.0)
    return (hours * weight * support).astype(np.float32)


def update_burden(state: ResidentState, care: CareGiven, params: Params, respite: np.ndarray,
                  now: int, rng: np.random.Generator) -> int:
    """Move burden towards the level of this week's load; some overloaded carers stop.

    One uniform per resident every week (stream alignment). Returns how many carers stopped.
    """
    c = params.carers
    target = 1.0 - np.exp(-load(state, care, params, respite) / c.burden_scale_hours)
    rate = np.where(target > state.burden, c.rise_per_week, c.ease_per_week)
    state.burden += (rate * (target - state.burden)).astype(np.float32)
    np.clip(state.burden, 0.0, 1.0, out=state.burden)
    u = rng.random(state.n, dtype=np.float32)
    over = np.maximum(state.burden - c.overload_burden, 0.0) / max(1.0 - c.overload_burden, 1e-9)
    stops = (care.given > 0) & (u < c.dropout_per_week * over)
    state.carer_stopped_until[stops] = now + c.pause_weeks
    return int(stops.sum())


def overloaded(state: ResidentState, params: Params) -> np.ndarray:
    """Carers whose burden is at or above the overload level."""
    return state.burden >= params.carers.overload_burden
