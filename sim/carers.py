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

from wijksim.sim.informal_care import CareGiven
from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import EMPLOYED, SELF_EMPLOYED, ResidentState


def load(state: ResidentState, care: CareGiven, params: Params,
         respite: np.ndarray) -> np.ndarray:
    """The weighted weekly hours that drive each carer's burden (respite hours taken off)."""
    c = params.carers
    # a tuple, passed by value into compiled code (no reference counting per resident)
    weights = (float(c.weight_work), float(c.weight_children), float(c.weight_own_health),
               float(c.weight_alone), float(c.weight_mental),
               float(1.0 - params.carer_support.effect))
    out = np.zeros(state.n, np.float64)
    _loads(care.given, care.other, respite, state.work, state.children_home, state.severity,
           care.alone, care.for_mental, state.supported, weights, out)
    return out


@jit
def _loads(given, other, respite, work, children, severity, alone, mental, supported, weights,
           out):  # pragma: no cover - compiled
    """Each carer's weighted hours.

    More weight when working, with children at home, ill, alone without a professional, or
    caring for someone with a mental-health problem; less with carer support.
    """
    for i in range(given.shape[0]):
        hours = max(given[i] + other[i] - respite[i], 0.0)
        if hours == 0.0:
            continue
        worst = 0.0
        for d in range(severity.shape[1]):
            worst = max(worst, severity[i, d])
        works = work[i] == EMPLOYED or work[i] == SELF_EMPLOYED
        weight = (1.0 + weights[0] * works + weights[1] * children[i] + weights[2] * worst
                  + weights[3] * alone[i] + weights[4] * mental[i])
        out[i] = hours * weight * (weights[5] if supported[i] else 1.0)


def update_burden(state: ResidentState, care: CareGiven, params: Params, respite: np.ndarray,
                  now: int, rng: np.random.Generator) -> int:
    """Move burden towards the level of this week's load; some overloaded carers stop.

    One uniform per resident every week (stream alignment). Returns how many carers stopped.
    """
    c = params.carers
    u = rng.random(state.n, dtype=np.float32)
    return _update(load(state, care, params, respite), care.given, state.burden,
                   state.carer_stopped_until, u, c.burden_scale_hours, c.rise_per_week,
                   c.ease_per_week, c.overload_burden, c.dropout_per_week, now + c.pause_weeks)


@jit
def _update(load, given, burden, stopped_until, u, scale, rise, ease, overload, dropout,
            until):  # pragma: no cover - compiled
    stops = 0
    for i in range(load.shape[0]):
        if load[i] == 0.0 and burden[i] == 0.0:
            continue
        target = 1.0 - np.exp(-load[i] / scale)
        rate = rise if target > burden[i] else ease
        burden[i] = min(max(burden[i] + rate * (target - burden[i]), 0.0), 1.0)
        over = max(burden[i] - overload, 0.0) / max(1.0 - overload, 1e-9)
        if given[i] > 0.0 and u[i] < dropout * over:
            stopped_until[i] = until
            stops += 1
    return stops


def overloaded(state: ResidentState, params: Params) -> np.ndarray:
    """Carers whose burden is at or above the overload level."""
    return state.burden >= params.carers.overload_burden
