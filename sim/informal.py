"""Informal care along ties, carer load, overload and dropout, and ties that grow or fade.

Only residents with a need this week ask their ties; a carer asked by several people gives what
their capacity allows, shared in proportion to what was asked (a bincount over carers).
"""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.population import slot_weights
from sim.state import ISOLATION, ResidentState, row_counts, row_max, row_sums

CARER_MIN_AGE = 16  # CBS counts informal carers from age 16


def need_hours(state: ResidentState, params: Params) -> np.ndarray:
    """Hours of help each resident needs this week, from severity above the need threshold."""
    excess = row_sums(np.maximum(state.severity - np.float32(params.problems.need_threshold),
                                 0.0))
    return (params.informal_care.hours_per_severity * excess).astype(np.float32)


def give_informal_care(state: ResidentState, params: Params, week: int, boost: np.ndarray,
                       rng: np.random.Generator) -> np.ndarray:
    """Ties give care to residents whose need is not met by professionals.

    ``boost`` (per resident, >= 0) raises the share of ties that help: a team that mobilises the
    network, or a fresh family-conference plan. Appeals after a network-based denial add to the
    hours asked. Returns the informal hours given per tie slot of the receivers, as
    ``(receivers, hours_per_slot)`` for strengthening ties.
    """
    ic = params.informal_care
    asked = np.maximum(state.need_hours - state.formal_hours, 0.0) + state.appeal_hours
    receivers = np.flatnonzero(asked > 0)
    # one draw per resident and tie slot every week, whoever needs care (stream alignment)
    u_all = rng.random(state.ties.shape, dtype=np.float32)
    state.informal_received[:] = 0.0
    state.informal_given[:] = 0.0
    if receivers.size == 0:
        return receivers, np.zeros((0, state.ties.shape[1]))
    ties = state.ties[receivers]
    valid = ties >= 0
    carers = np.where(valid, ties, 0)
    active = valid & (state.carer_paused_until[carers] < week)
    p_help = 1.0 - np.float32(1.0 - ic.willingness) ** (1.0 + boost[receivers])
    helps = active & (u_all[receivers] < p_help[:, None])
    weight = np.where(helps, state.tie_strength[receivers] * slot_weights(params),
                      np.float32(0.0))
    total = row_sums(weight)[:, None]
    request = asked[receivers, None] * weight / np.maximum(total, np.float32(1e-9))
    # own problems limit what a carer can give; children under 16 are not counted as carers
    capacity = (np.float32(ic.carer_capacity) * (1.0 - row_max(state.severity)[carers])
                * (state.age[carers] >= CARER_MIN_AGE))
    requested = np.bincount(carers.ravel(), weights=request.ravel(), minlength=state.n)
    given = request * np.minimum(1.0, capacity / np.maximum(requested[carers], 1e-9)).astype(
        np.float32)
    state.informal_given[:] = np.bincount(carers.ravel(), weights=given.ravel(),
                                          minlength=state.n)
    state.informal_received[receivers] = row_sums(given)
    return receivers, given


def relieve_with_informal_care(state: ResidentState, params: Params) -> np.ndarray:
    """Informal hours relieve light needs well and heavy needs little.

    Returns the severity relieved per resident.
    """
    ic, prob = params.informal_care, params.problems
    relieved = np.zeros(state.n)
    rows = np.flatnonzero(state.informal_received > 0)  # only those who received care
    if rows.size == 0:
        return relieved
    severity = state.severity[rows]
    in_need = severity >= prob.need_threshold
    count = row_counts(in_need)
    hours = np.where(count > 0, state.informal_received[rows] / np.maximum(count, 1), 0.0)
    effect = np.where(severity >= prob.heavy_threshold, ic.heavy_care_effect,
                      ic.light_care_effect)
    relief = np.minimum(severity, effect * hours[:, None] * in_need).astype(np.float32)
    state.severity[rows] = severity - relief
    relieved[rows] = row_sums(relief)
    return relieved


def strain_carers(state: ResidentState, params: Params, week: int,
                  rng: np.random.Generator) -> None:
    """Long hours strain carers; strain fades when the load is bearable; some carers stop.

    One uniform draw per resident every week (stream alignment).
    """
    ic = params.informal_care
    over = np.maximum(state.informal_given - ic.overload_hours, 0.0)
    change = np.where(over > 0, ic.strain_rate * over, -ic.strain_recovery)
    state.carer_strain[:] = np.clip(state.carer_strain + change, 0.0, 1.0)
    u = rng.random(state.n, dtype=np.float32)
    stops = (state.informal_given > 0) & (u < ic.dropout_at_full_strain * state.carer_strain**2)
    state.carer_paused_until[stops] = week + ic.pause_weeks
    state.carer_strain[stops] *= 0.5


def update_ties(state: ResidentState, params: Params, receivers: np.ndarray,
                given: np.ndarray) -> None:
    """Ties used for care this week strengthen; the ties of isolated residents fade."""
    net = params.network
    isolated = np.flatnonzero(state.severity[:, ISOLATION] >= params.problems.need_threshold)
    if isolated.size:
        state.tie_strength[isolated] = np.maximum(
            state.tie_strength[isolated] - np.float32(net.decay_per_week), 0.0)
    if receivers.size:
        # only ties that gave care grow, so empty slots (strength 0) stay 0
        grown = state.tie_strength[receivers] + np.where(given > 0.0, net.growth_per_use, 0.0)
        state.tie_strength[receivers] = np.minimum(grown, 1.0)
    state.tie_total[:] = row_sums(state.tie_strength)


def strengthen_ties(state: ResidentState, rows: np.ndarray, amount: float) -> None:
    """Shared activity (a community centre, a conference) strengthens all ties of ``rows``."""
    if rows.size == 0:
        return
    valid = state.ties[rows] >= 0
    state.tie_strength[rows] = np.minimum(1.0, state.tie_strength[rows] + amount * valid)
    state.tie_total[rows] = state.tie_strength[rows].sum(axis=1)
