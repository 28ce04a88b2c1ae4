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
housing, loneliness or justice is other informal help. Within a household, the care a partner
or a parent is expected to give anyway ("gebruikelijke zorg", the customary-care hours) is not
counted as caring either; only what goes beyond it is. All of it meets need and all of it
weighs on the helper; only care counts towards who is a carer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijksim.sim.domains import INFORMAL_FIT, MENTAL, PHYSICAL
from wijksim.sim.jit import jit
from wijksim.sim.network import CARER_MIN_AGE, most_hours, tie_chance
from wijksim.sim.params import Params
from wijksim.sim.state import (
    EMPLOYED,
    NONE,
    SELF_EMPLOYED,
    STUDENT,
    TIE_SLOTS,
    ResidentState,
    Week,
    rows_or_all,
)


@dataclass
class CareGiven:
    """What informal care did this week."""

    given: np.ndarray         # float32 (n,) informal care (health problems) given by each carer
    other: np.ndarray         # float32 (n,) other informal help and parenting given
    used: np.ndarray          # bool (n, slots) ties that gave care to the resident this week
    for_mental: np.ndarray    # bool (n,) the carer cares for someone with a mental-health need
    alone: np.ndarray         # bool (n,) the carer carries someone's care alone, no professional
    relation: np.ndarray      # int8 (n,) what the carer is to the person they care for most
    #                           (the tie kind seen from that person: T_CHILD = an adult child)
    from_elsewhere: float = 0.0  # h: help received from residents of other neighbourhoods
    to_elsewhere: float = 0.0    # h: help this neighbourhood's residents gave in others

    @classmethod
    def none(cls, n: int) -> CareGiven:
        """No care given (before the first week)."""
        return cls(np.zeros(n, np.float32), np.zeros(n, np.float32),
                   np.zeros((n, TIE_SLOTS), bool), np.zeros(n, bool), np.zeros(n, bool),
                   np.zeros(n, np.int8))


def carer_capacity(state: ResidentState, params: Params) -> np.ndarray:
    """Most hours of care each resident can give in a week, all receivers together."""
    ic = params.informal_care
    out = np.zeros(state.n, np.float32)
    _capacity(state.work, state.age, state.severity, float(ic.carer_hours_working),
              float(ic.carer_hours_free), out)
    return out


@jit
def _capacity(work, age, severity, hours_working, hours_free, out):  # pragma: no cover
    """Hours a week, fewer with work or study, and fewer as one's own worst problem weighs."""
    for i in range(work.shape[0]):
        if age[i] < CARER_MIN_AGE:
            continue
        worst = severity[i, 0]
        for d in range(1, severity.shape[1]):
            worst = max(worst, severity[i, d])
        busy = work[i] == EMPLOYED or work[i] == SELF_EMPLOYED or work[i] == STUDENT
        out[i] = (hours_working if busy else hours_free) * (1.0 - worst)


@dataclass
class Asking:
    """One neighbourhood's part of an informal-care pass: its residents, week and rules."""

    state: ResidentState
    week: Week
    params: Params
    boost: np.ndarray                # float32 (n,) extra willingness of each resident's ties
    rows: np.ndarray | None = None   # the residents who can have a need (None: all)


def give(state: ResidentState, week: Week, params: Params, boost: np.ndarray,
         now: int, rows: np.ndarray | None = None) -> CareGiven:
    """Allocate informal care for the week; fills ``week.informal`` and the resident totals.

    What informal care fits of the need formal care leaves is asked of the network; after a
    denial that pointed to the network, the network is also asked (up to the appeal hours) to
    take on what fits it less. ``rows`` (:func:`~wijksim.sim.state.active_rows`): the
    residents who can have a need.
    """
    return give_together([Asking(state, week, params, boost, rows)], now)[0]


def give_together(parts: list[Asking], now: int) -> list[CareGiven]:
    """Informal care in neighbourhoods whose residents care for each other, in one pass.

    A tie to a resident of another neighbourhood (``sim.ties_across``) is served from that
    resident's time, which they share with everyone else who asks them, wherever they live.
    Residents are numbered across the parts in order (the first part's, then the second's...).
    With one part this is the care of a neighbourhood on its own.
    """
    sizes = [part.state.n for part in parts]
    offsets = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
    residual = _joined([carer_capacity(part.state, part.params) for part in parts])
    stopped = _joined([part.state.carer_stopped_until for part in parts])
    asks = [_ask(part) for part in parts]
    counts = [receivers.size for _, _, receivers in asks]
    # every receiver's ties in one table (filled in place, part by part: no second copy)
    carers = np.zeros((sum(counts), TIE_SLOTS), np.int32)
    helps = np.zeros(carers.shape, np.bool_)
    cap = np.zeros(carers.shape, np.float32)
    start = 0
    for part, (_, _, receivers), offset in zip(parts, asks, offsets, strict=True):
        block = slice(start, start + receivers.size)
        start += receivers.size
        _prepare_ties(part, receivers, int(offset), stopped, now, carers[block], helps[block],
                      cap[block])
    light = np.concatenate([asked[receivers] * np.float32(part.params.informal_care.shared_share)
                            for part, (asked, _, receivers) in zip(parts, asks, strict=True)])
    asked_r = np.concatenate([asked[receivers] for asked, _, receivers in asks])
    per_slot = np.zeros(carers.shape, np.float32)
    if carers.shape[0]:
        _fill(carers, helps, cap, asked_r, light, residual, per_slot)
    del helps, cap
    total = int(sum(sizes))
    given, other, most = (np.zeros(total, np.float32) for _ in range(3))
    for_mental, alone = np.zeros(total, bool), np.zeros(total, bool)
    relation = np.zeros(total, np.int8)
    start, used = 0, []
    for part, (asked, weight, receivers) in zip(parts, asks, strict=True):
        week, state = part.week, part.state
        block = slice(start, start + receivers.size)
        start += receivers.size
        used.append(np.zeros((state.n, TIE_SLOTS), bool))
        _credit(receivers, per_slot[block], carers[block], asked, weight, state.tie_kind,
                week.need, week.specialist, week.generalist, PHYSICAL, MENTAL,
                np.float32(part.params.indication.customary_care_hours), given, other, most,
                used[-1], for_mental, alone, relation, state.informal_received, week.informal)
    came, went = _across(offsets, counts, carers, per_slot)
    cares = []
    for place, (part, offset, n, used_here) in enumerate(zip(parts, offsets, sizes, used,
                                                             strict=True)):
        mine = slice(int(offset), int(offset) + n)
        care = CareGiven(given[mine], other[mine], used_here, for_mental[mine], alone[mine],
                         relation[mine], float(came[place]), float(went[place]))
        part.state.informal_given[:] = care.given
        cares.append(care)
    return cares


def _across(offsets: np.ndarray, receivers: list[int], carers: np.ndarray,
            per_slot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hours (all informal help) each part received from, and gave to, the other parts."""
    parts = offsets.size
    came, went = np.zeros(parts), np.zeros(parts)
    if parts == 1:
        return came, went
    start = 0
    for place, count in enumerate(receivers):  # part by part: small temporaries
        block = slice(start, start + count)
        start += count
        carer_place = np.searchsorted(offsets, carers[block], side="right") - 1
        away = carer_place != place
        hours = per_slot[block][away]
        came[place] = hours.sum(dtype=np.float64)
        went += np.bincount(carer_place[away], weights=hours, minlength=parts)
    return came, went


def _joined(columns: list[np.ndarray]) -> np.ndarray:
    """One column over all parts (the column itself when there is one part)."""
    return columns[0] if len(columns) == 1 else np.concatenate(columns)


def _ask(part: Asking) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hours each resident asks of their network, by domain, and who asks anything."""
    state, week = part.state, part.week
    asked = np.zeros(state.n, np.float32)
    weight = np.zeros(state.severity.shape, np.float32)
    _asked(week.need, week.specialist, week.generalist, week.residential, state.appeal_hours,
           INFORMAL_FIT, rows_or_all(part.rows, state.n), asked, weight)
    return asked, weight, np.flatnonzero(asked > 0)


@jit
def _asked(need, specialist, generalist, residential, appeal_hours, fit, rows, asked,
           weight):  # pragma: no cover - compiled
    domains = need.shape[1]
    for r in range(rows.shape[0]):
        i = rows[r]
        fit_total = 0.0
        unfit_total = 0.0
        for d in range(domains):
            if residential[i, d] or need[i, d] <= 0.0:
                continue
            left = max(need[i, d] - specialist[i, d] - generalist[i, d], 0.0)
            weight[i, d] = fit[d] * left
            fit_total += fit[d] * left
            unfit_total += (1.0 - fit[d]) * left
        if fit_total <= 0.0 and appeal_hours[i] <= 0.0:
            continue
        appeal_share = 0.0
        if unfit_total > 0.0:
            appeal_share = min(appeal_hours[i], unfit_total) / unfit_total
        total = 0.0
        for d in range(domains):
            if residential[i, d] or need[i, d] <= 0.0:
                continue
            left = max(need[i, d] - specialist[i, d] - generalist[i, d], 0.0)
            weight[i, d] += appeal_share * (1.0 - fit[d]) * left
            total += weight[i, d]
        asked[i] = total


@jit
def _credit(receivers, per_slot, carers, asked, weight, kinds, need, specialist, generalist,
            physical, mental, customary, given, other, most, used, for_mental, alone, relation,
            received, informal):  # pragma: no cover - compiled
    """Book each receiver's care on them and on their carers.

    Receivers are this part's residents; carers (``given`` ... ``relation``, and ``most``: the
    largest care a carer gives one person) are numbered over all parts.
    """
    informal[:] = 0.0
    received[:] = 0.0
    for r in range(receivers.shape[0]):
        i = receivers[r]
        total = 0.0
        carers_of_care = 0
        for k in range(per_slot.shape[1]):
            total += per_slot[r, k]
        care_share = (weight[i, physical] + weight[i, mental]) / asked[i]
        formal = 0.0
        for d in range(need.shape[1]):
            formal += specialist[i, d] + generalist[i, d]
        allowance = customary  # what a household is expected to do is not counted as caring
        for k in range(per_slot.shape[1]):
            hours = per_slot[r, k]
            if hours <= 0.0:
                continue
            c = carers[r, k]
            used[i, k] = True
            care = hours * care_share
            if kinds[i, k] == 1 or kinds[i, k] == 2:  # partner or household member
                usual = min(care, allowance)
                allowance -= usual
                care -= usual
            given[c] += care
            other[c] += hours - care
            if care > most[c]:
                most[c] = care
                relation[c] = kinds[i, k]
            if care > 0.0:
                carers_of_care += 1
                if need[i, mental] > 0.0:
                    for_mental[c] = True
        if carers_of_care == 1 and formal == 0.0:  # one carer carries it, no professional
            for k in range(per_slot.shape[1]):
                if per_slot[r, k] > 0.0 and care_share > 0.0:
                    alone[carers[r, k]] = True
        received[i] = total
        share = total / asked[i]
        for d in range(need.shape[1]):
            informal[i, d] = weight[i, d] * share


def _prepare_ties(part: Asking, receivers: np.ndarray, offset: int, stopped_until: np.ndarray,
                  now: int, carers: np.ndarray, helps: np.ndarray, cap: np.ndarray) -> None:
    """Each receiver's ties, in place: the carer, whether they help, the most hours they give.

    Carers are numbered over all parts (``offset``: this part's first resident).
    """
    if receivers.size == 0:
        return
    state, params = part.state, part.params
    by_kind, by_distance = most_hours(params)
    _prepare(receivers, state.ties, offset, tie_chance(state, params), state.tie_u, part.boost,
             stopped_until, now, state.tie_kind, state.tie_distance, by_kind, by_distance,
             carers, helps, cap)


@jit
def _prepare(receivers, ties, offset, chance, tie_u, boost, stopped_until, now, kind, distance,
             by_kind, by_distance, carers, helps, cap):  # pragma: no cover - compiled
    """Each receiver's ties: who they are, whether they would help now, and their most hours.

    A tie helps if it would care if asked (its chance, raised by a boost b to
    1 - (1 - p)^(1 + b)) and has not stopped for a while. Carers are numbered over all parts:
    a tie here is ``offset`` on, a tie to another neighbourhood carries its number
    (:func:`~wijksim.sim.state.away_index`); an empty slot points at the first resident and
    never helps (its chance is 0).
    """
    for r in range(receivers.shape[0]):
        i = receivers[r]
        for k in range(ties.shape[1]):
            t = ties[i, k]
            c = t + offset if t >= 0 else (offset if t == NONE else -2 - t)
            carers[r, k] = c
            p = chance[i, k]
            if boost[i] != 0.0:
                p = np.float32(1.0) - (np.float32(1.0) - p) ** (np.float32(1.0) + boost[i])
            helps[r, k] = tie_u[i, k] < p and stopped_until[c] <= now
            cap[r, k] = by_kind[kind[i, k]] * by_distance[distance[i, k]]


@jit
def _fill(carers, helps, cap, asked, light, residual, per_slot):  # pragma: no cover
    """Hours given per receiver and tie slot, in two phases over the willing ties.

    First every willing tie but the closest takes a light share (``light``: the asked hours
    times the shared share), then the closest ties fill up what is left, slot by slot.
    """
    m, slots = carers.shape
    # the willing (receiver, slot) pairs, slot by slot and receivers in order within a slot:
    # the loops below visit only these (a minority of the slots), in the order a loop over all
    # receivers would meet them
    starts = np.zeros(slots + 1, np.int64)
    first = np.full(m, -1, np.int64)  # each receiver's closest willing tie
    for r in range(m):
        for k in range(slots):
            if helps[r, k]:
                starts[k + 1] += 1
                if first[r] < 0:
                    first[r] = k
    for k in range(slots):
        starts[k + 1] += starts[k]
    order = np.empty(starts[slots], np.int64)
    filled = starts[:slots].copy()
    for k in range(slots):
        for r in range(m):
            if helps[r, k]:
                order[filled[k]] = r
                filled[k] += 1
    remaining = asked.copy()
    total = np.zeros(residual.shape[0], np.float32)
    ask = np.zeros(order.shape[0], np.float32)
    for phase in range(2):
        for k in range(slots):
            for j in range(starts[k], starts[k + 1]):
                r = order[j]
                ask[j] = 0.0
                if phase == 0:  # everyone willing but the closest tie takes a light share
                    if k != first[r]:
                        ask[j] = min(light[r], cap[r, k])
                else:           # the closest ties fill up what is left
                    ask[j] = min(remaining[r], cap[r, k] - per_slot[r, k])
                total[carers[r, k]] += ask[j]
            for j in range(starts[k], starts[k + 1]):
                if ask[j] <= 0.0:
                    continue
                r = order[j]
                c = carers[r, k]
                scale = min(1.0, residual[c] / total[c]) if total[c] > 0.0 else 0.0
                hours = ask[j] * scale
                per_slot[r, k] += hours
                remaining[r] = max(remaining[r] - hours, 0.0)
            for j in range(starts[k], starts[k + 1]):  # carers give what was asked, within time
                if ask[j] <= 0.0:
                    continue
                c = carers[order[j], k]
                if total[c] > 0.0:
                    given = min(total[c], residual[c])
                    residual[c] = max(residual[c] - given, 0.0)
                    total[c] = 0.0
