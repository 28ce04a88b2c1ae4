"""Informal care given along relationships.

What formal care leaves of a resident's need is asked of their ties in order: partner first,
then the household, kin elsewhere, then friends and neighbours. Each willing tie gives up to the
hours its relationship and distance allow (a partner up to 40 h a week, kin far away a few), and
no carer gives more in all than their time allows (less when they work, nothing when they are too
ill or have stopped). A carer asked by several people shares their time in proportion to what was
asked (a bincount over carers, one tie slot at a time). Informal care meets a domain's need only
as far as it fits (care at home, company, practical help: yes; debt or justice: hardly).

Only help with health problems (physical health and daily living, mental health and addiction)
counts as informal care ("mantelzorg", as CBS and SCP count it); help with money, work,
housing, loneliness or justice is other informal help, and hours a parent gives a child under 18
for family and youth problems are parenting. All of it meets need and all of it weighs on the
helper; only care counts towards who is a carer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.domains import INFORMAL_FIT, MENTAL, PHYSICAL
from sim.network import CARER_MIN_AGE, most_hours, willing
from sim.params import Params
from sim.state import (
    EMPLOYED,
    SELF_EMPLOYED,
    STUDENT,
    TIE_SLOTS,
    ResidentState,
    Week,
    row_max,
    row_sums,
)


@dataclass
class CareGiven:
    """What informal care did this week."""

    given: np.ndarray         # float32 (n,) informal care (health problems) given by each carer
    other: np.ndarray         # float32 (n,) other informal help and parenting given
    used: np.ndarray          # bool (n, slots) ties that gave care to the resident this week
    for_mental: np.ndarray    # bool (n,) the carer cares for someone with a mental-health need
    alone: np.ndarray         # bool (n,) the carer carries someone's care alone, no professional


def carer_capacity(state: ResidentState, params: Params) -> np.ndarray:
    """Most hours of care each resident can give in a week, all receivers together."""
    ic = params.informal_care
    working = (state.work == EMPLOYED) | (state.work == SELF_EMPLOYED) | (state.work == STUDENT)
    hours = np.where(working, ic.carer_hours_working, ic.carer_hours_free)
    able = (state.age >= CARER_MIN_AGE) * (1.0 - row_max(state.severity))
    return (hours * able).astype(np.float32)


def _asked(state: ResidentState, week: Week) -> tuple[np.ndarray, np.ndarray]:
    """Hours asked of the network per resident, and each domain's weight in them.

    What informal care fits is asked; after a denial that pointed to the network, the network is
    also asked (up to the appeal hours) to take on what fits it less.
    """
    remaining = np.where(week.residential, 0.0, np.maximum(week.need - week.formal(), 0.0))
    fit = INFORMAL_FIT * remaining
    unfit = remaining - fit
    unfit_total = row_sums(unfit)
    appeal = np.minimum(state.appeal_hours, unfit_total)
    appeal_share = np.where(unfit_total > 0, appeal / np.maximum(unfit_total, 1e-9), 0.0)
    weight = fit + appeal_share[:, None] * unfit
    return row_sums(weight), weight


def give(state: ResidentState, week: Week, params: Params, boost: np.ndarray,
         now: int) -> CareGiven:
    """Allocate informal care for the week; fills ``week.informal`` and the resident totals."""
    n = state.n
    asked, weight = _asked(state, week)
    given = np.zeros(n, np.float32)
    other = np.zeros(n, np.float32)
    used = np.zeros((n, TIE_SLOTS), bool)
    received = np.zeros(n, np.float32)
    for_mental = np.zeros(n, bool)
    alone = np.zeros(n, bool)
    receivers = np.flatnonzero(asked > 0)
    if receivers.size:
        per_slot = _waterfall(state, params, boost, receivers, asked[receivers], now)
        received[receivers] = row_sums(per_slot)
        used[receivers] = per_slot > 0
        carers = np.maximum(state.ties[receivers], 0)
        care_share = ((weight[receivers, PHYSICAL] + weight[receivers, MENTAL])
                      / np.maximum(asked[receivers], 1e-9))
        care_hours = per_slot * care_share[:, None]
        given[:] = np.bincount(carers.ravel(), care_hours.ravel(), minlength=n)
        other[:] = np.bincount(carers.ravel(), (per_slot - care_hours).ravel(), minlength=n)
        mental = (week.need[receivers, MENTAL] > 0)[:, None] & (care_hours > 0)
        for_mental[carers[mental]] = True
        solo = ((care_hours > 0).sum(axis=1) == 1) & (row_sums(week.formal()[receivers]) == 0)
        alone[carers[(care_hours > 0) & solo[:, None]]] = True
    share = np.where(asked > 0, received / np.maximum(asked, 1e-9), 0.0)
    week.informal[:] = weight * share[:, None]
    state.informal_received[:] = received
    state.informal_given[:] = given
    return CareGiven(given, other, used, for_mental, alone)


def _waterfall(state: ResidentState, params: Params, boost: np.ndarray, receivers: np.ndarray,
               asked: np.ndarray, now: int) -> np.ndarray:
    """Hours given per receiver and tie slot, filling the need slot by slot in order."""
    by_kind, by_distance = most_hours(params)
    ties = state.ties[receivers]
    carers = np.maximum(ties, 0)
    helps = (willing(state, params, boost)[receivers]
             & (state.carer_stopped_until[carers] <= now))
    cap = by_kind[state.tie_kind[receivers]] * by_distance[state.tie_distance[receivers]]
    residual = carer_capacity(state, params)
    remaining = asked.astype(np.float32).copy()
    per_slot = np.zeros(ties.shape, np.float32)
    # first every willing tie but the closest takes a share, then the closest ties fill up
    first = np.argmax(helps, axis=1)
    shared = helps & (np.arange(TIE_SLOTS)[None, :] != first[:, None])
    light = np.minimum(asked[:, None] * params.informal_care.shared_share, cap)
    for slot in range(TIE_SLOTS):
        ask = np.where(shared[:, slot], light[:, slot], 0.0)
        _give(per_slot, slot, ask, carers[:, slot], residual, remaining)
    for slot in range(TIE_SLOTS):
        room = cap[:, slot] - per_slot[:, slot]
        ask = np.where(helps[:, slot], np.minimum(remaining, room), 0.0)
        _give(per_slot, slot, ask, carers[:, slot], residual, remaining)
    return per_slot


def _give(per_slot: np.ndarray, slot: int, ask: np.ndarray, who: np.ndarray,
          residual: np.ndarray, remaining: np.ndarray) -> None:
    """Carers give what is asked of them in one slot, within their remaining time (in place)."""
    total = np.bincount(who, weights=ask, minlength=residual.size)
    scale = np.minimum(1.0, residual / np.maximum(total, 1e-9))
    hours = (ask * scale[who]).astype(np.float32)
    residual -= np.bincount(who, weights=hours, minlength=residual.size).astype(np.float32)
    np.maximum(residual, 0.0, out=residual)
    remaining -= hours
    np.maximum(remaining, 0.0, out=remaining)
    per_slot[:, slot] += hours
