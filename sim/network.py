"""Relationships: who is whose partner, co-resident, parent, child, kin, friend or neighbour.

Every resident has nine tie slots: a partner, two other household members, three kin living
elsewhere and three friends or neighbours. Kin ties are reciprocal and follow age: an adult
child is 22-38 years younger than the parent. Kin "elsewhere" are residents of the neighbourhood
standing in for relatives who live nearby, in town or far away: the tie's distance class (not
the grid) sets how many hours they can give, so caring for a parent in another town is part of
a resident's load even though only one neighbourhood is simulated. In a municipality of
neighbourhoods, kin and friends elsewhere in town live in other neighbourhoods
(``sim.ties_across``). Friends and neighbours live
within a few blocks or elsewhere in town; older people living alone and people on low incomes
have fewer.

Whether a tie would care if asked is fixed per tie (a draw kept for the whole run), so the same
people care week after week; a team's mobilisation or a family plan makes more ties willing.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import (
    CHILD,
    D_FAR,
    D_HOUSEHOLD,
    D_NEIGHBOURHOOD,
    D_TOWN,
    FRIEND_SLOTS,
    HH_COUPLE,
    HH_COUPLE_CHILDREN,
    HH_SINGLE,
    KIN_SLOTS,
    NONE,
    PARTNER,
    PARTNER_SLOT,
    T_CHILD,
    T_FRIEND,
    T_HOUSEHOLD,
    T_KIN,
    T_NONE,
    T_PARENT,
    T_PARTNER,
    HouseholdState,
    ResidentState,
)

CARER_MIN_AGE = 16  # CBS counts informal carers from age 16
HOUSEHOLD_STRENGTH = 0.9


def build_ties(state: ResidentState, households: HouseholdState, params: Params, side: int,
               rng: np.random.Generator) -> None:
    """Fill every resident's tie slots (in place): household, kin elsewhere, friends."""
    _household_ties(state, households)
    _kin_ties(state, params, rng)
    _friend_ties(state, households, params, side, rng)
    filled = state.ties >= 0
    base = np.where(state.tie_distance == D_HOUSEHOLD, HOUSEHOLD_STRENGTH,
                    params.network.initial_strength * rng.uniform(0.5, 1.5, state.ties.shape))
    state.tie_strength[:] = np.where(filled, np.clip(base, 0.0, 1.0), 0.0)
    state.tie_u[:] = rng.random(state.ties.shape, dtype=np.float32)
    state.tie_kind[~filled] = T_NONE
    state.tie_total[:] = state.tie_strength.sum(axis=1)
    ties_changed(state)


def _household_ties(state: ResidentState, households: HouseholdState) -> None:
    """The partner, and up to two other household members.

    Adults link to the first two children at home; a child links to the first adult and to the
    second adult (or, with a single parent, to a sibling).
    """
    n = state.n
    first = np.r_[0, np.cumsum(households.size)[:-1]]
    start = first[state.household]
    position = np.arange(n) - start
    size = households.size[state.household].astype(np.int64)
    kind = households.kind[state.household]
    adults = np.where((kind == HH_COUPLE) | (kind == HH_COUPLE_CHILDREN), 2, 1)
    adults = np.minimum(adults, size)
    partner = state.role == PARTNER
    other_partner = np.where(position == 0, np.arange(n) + 1, np.arange(n) - 1)
    state.ties[partner, PARTNER_SLOT] = other_partner[partner]
    state.tie_kind[partner, PARTNER_SLOT] = T_PARTNER
    state.tie_distance[partner, PARTNER_SLOT] = D_HOUSEHOLD
    is_child = position >= adults
    children = size - adults
    sibling = adults + (position - adults + 1) % np.maximum(children, 1)
    targets = (
        np.where(is_child, 0, adults),                                   # slot 1
        np.where(is_child, np.where(adults == 2, 1, sibling), adults + 1),  # slot 2
    )
    for slot, target in zip((1, 2), targets, strict=True):
        ok = (target < size) & (target != position)
        who = np.flatnonzero(ok)
        state.ties[who, slot] = start[who] + target[who]
        state.tie_kind[who, slot] = T_HOUSEHOLD
        state.tie_distance[who, slot] = D_HOUSEHOLD


def _distances(count: int, params: Params, rng: np.random.Generator) -> np.ndarray:
    net = params.network
    u = rng.random(count)
    return np.where(u < net.kin_near_share, D_NEIGHBOURHOOD,
                    np.where(u < net.kin_near_share + net.kin_far_share, D_FAR, D_TOWN)
                    ).astype(np.int8)


def _free_kin_slot(state: ResidentState, rows: np.ndarray) -> np.ndarray:
    """First free kin slot of each row, or NONE."""
    ties = state.ties[rows][:, list(KIN_SLOTS)]
    free = ties < 0
    first = np.argmax(free, axis=1)
    return np.where(free.any(axis=1), np.array(KIN_SLOTS)[first], NONE)


def _link_pairs(state: ResidentState, a: np.ndarray, b: np.ndarray, kind_ab: int,
                kind_ba: int, distance: np.ndarray) -> None:
    """Link pairs both ways where both have a free kin slot (at most one pair per person)."""
    keep = (a != b) & (a >= 0) & (b >= 0)
    a, b, distance = a[keep], b[keep], distance[keep]
    # one new tie per person in this round, first come first served
    _, first_a = np.unique(a, return_index=True)
    mask = np.zeros(a.size, bool)
    mask[first_a] = True
    _, first_b = np.unique(b, return_index=True)
    mask_b = np.zeros(a.size, bool)
    mask_b[first_b] = True
    pair = mask & mask_b & ~np.isin(b, a[mask & mask_b]) & ~np.isin(a, b)
    a, b, distance = a[pair], b[pair], distance[pair]
    slot_a, slot_b = _free_kin_slot(state, a), _free_kin_slot(state, b)
    ok = (slot_a >= 0) & (slot_b >= 0)
    a, b, slot_a, slot_b, distance = a[ok], b[ok], slot_a[ok], slot_b[ok], distance[ok]
    state.ties[a, slot_a], state.ties[b, slot_b] = b, a
    state.tie_kind[a, slot_a], state.tie_kind[b, slot_b] = kind_ab, kind_ba
    state.tie_distance[a, slot_a] = state.tie_distance[b, slot_b] = distance


def _pick_by_age(age: np.ndarray, pool: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """A random member of ``pool`` aged within [lo, hi] for each request, or NONE."""
    order = pool[np.argsort(age[pool], kind="stable")]
    sorted_age = age[order]
    left = np.searchsorted(sorted_age, lo, side="left")
    right = np.searchsorted(sorted_age, hi, side="right")
    count = right - left
    pick = left + (rng.random(lo.size) * np.maximum(count, 1)).astype(np.int64)
    return np.where(count > 0, order[np.minimum(pick, order.size - 1)], NONE)


def _kin_ties(state: ResidentState, params: Params, rng: np.random.Generator) -> None:
    """Adult children and parents elsewhere (reciprocal, by age), then other kin."""
    age = state.age.astype(np.int64)
    elsewhere = np.flatnonzero(state.role != CHILD)
    # adults whose parents are alive (assumption: from certain below 40 to none at 85)
    alive = rng.random(elsewhere.size) < np.clip((85 - age[elsewhere]) / 45.0, 0.0, 1.0)
    kin = list(KIN_SLOTS)
    for _ in range(3):  # a few rounds, since each round links one pair per person
        has_parent = (state.tie_kind[elsewhere][:, kin] == T_PARENT).any(axis=1)
        seekers = elsewhere[alive & ~has_parent & (_free_kin_slot(state, elsewhere) >= 0)]
        if seekers.size == 0:
            break
        parent = _pick_by_age(age, elsewhere, age[seekers] + 22, age[seekers] + 38, rng)
        _link_pairs(state, seekers, parent, T_PARENT, T_CHILD,
                    _distances(seekers.size, params, rng))
    adults = np.flatnonzero(age >= 18)
    seekers = adults[(rng.random(adults.size) < 0.6) & (_free_kin_slot(state, adults) >= 0)]
    sibling = _pick_by_age(age, adults, age[seekers] - 8, age[seekers] + 8, rng)
    _link_pairs(state, seekers, sibling, T_KIN, T_KIN, _distances(seekers.size, params, rng))


def _friend_ties(state: ResidentState, households: HouseholdState, params: Params, side: int,
                 rng: np.random.Generator) -> None:
    """Friends and neighbours: half within a few blocks, half elsewhere in town, similar age."""
    net = params.network
    n = state.n
    slots = list(FRIEND_SLOTS)[: net.friends]
    if not slots:
        return
    k = len(slots)
    neighbours = _neighbours(state, net.neighbour_radius, side, k, rng)
    friends = _pick_by_age(state.age.astype(np.int64), np.arange(n),
                           np.repeat(state.age - 10, k), np.repeat(state.age + 10, k),
                           rng).reshape(n, k)
    near = rng.random((n, k)) < 0.5
    chosen = np.where(near, neighbours, friends)
    old_single = (households.kind[state.household] == HH_SINGLE) & (state.age >= 65)
    missing = net.missing_friend_share + net.fewer_friends_old_single * (
        old_single | state.low_income)
    empty = (rng.random((n, k)) < missing[:, None]) | (state.age < 12)[:, None]
    same_household = state.household[np.maximum(chosen, 0)] == state.household[:, None]
    chosen = np.where(empty | same_household | (chosen < 0), NONE, chosen)
    state.ties[:, slots] = chosen
    state.tie_kind[:, slots] = np.where(chosen >= 0, T_FRIEND, T_NONE)
    state.tie_distance[:, slots] = np.where(near, D_NEIGHBOURHOOD, D_TOWN)


def _neighbours(state: ResidentState, radius: int, side: int, k: int,
                rng: np.random.Generator) -> np.ndarray:
    """``k`` residents living within ``radius`` cells (own block if the target block is empty)."""
    n = state.n
    cell = state.y * side + state.x
    order = np.argsort(cell, kind="stable").astype(np.int32)
    counts = np.bincount(cell, minlength=side * side)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    tx = np.clip(state.x[:, None] + rng.integers(-radius, radius + 1, (n, k)), 0, side - 1)
    ty = np.clip(state.y[:, None] + rng.integers(-radius, radius + 1, (n, k)), 0, side - 1)
    target = ty * side + tx
    target = np.where(counts[target] > 0, target, cell[:, None])
    pick = starts[target] + (rng.random((n, k)) * counts[target]).astype(np.int64)
    return order[pick]


# --- who would care, and how much ----------------------------------------------------------

def willingness(params: Params) -> np.ndarray:
    """Chance that a tie of each kind would care if asked (indexed by tie kind)."""
    net = params.network
    return np.array([0.0, net.willing_partner, net.willing_household, net.willing_child,
                     net.willing_parent, net.willing_kin, net.willing_friend], np.float32)


def most_hours(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Most weekly hours a tie gives one person, by kind, and the factor by distance."""
    net = params.network
    by_kind = np.array([0.0, net.hours_partner, net.hours_household, net.hours_child,
                        net.hours_parent, net.hours_kin, net.hours_friend], np.float32)
    by_distance = np.array([1.0, 1.0, net.in_town_factor, net.far_factor], np.float32)
    return by_kind, by_distance


def ties_changed(state: ResidentState) -> None:
    """Forget what was worked out from the ties (call after editing ties by hand)."""
    state._tie_chance = state._fallback_mask = None


def tie_chance(state: ResidentState, params: Params) -> np.ndarray:
    """Chance (n, slots) that each tie would care if asked.

    It follows the tie's kind and the sex of the person at its end, and is kept while the
    network parameters stay the same.
    """
    cached = getattr(state, "_tie_chance", None)
    if cached is not None and cached[0] == params.network:
        return cached[1]
    p = willingness(params)[state.tie_kind]
    women = state.female[np.maximum(state.ties, 0)]
    away = state.away
    if away is not None:  # the person lives in another neighbourhood
        women[away.rows, away.slots] = away.female
    p = np.where(women, np.minimum(p * params.network.women_more_willing, 0.98), p)
    p = np.where(state.ties != NONE, p, 0.0).astype(np.float32)
    state._tie_chance = (params.network, p)
    return p


def willing(state: ResidentState, params: Params, boost: np.ndarray | None = None,
            rows: np.ndarray | None = None) -> np.ndarray:
    """Boolean (rows, slots): the tie exists and would care if asked.

    ``boost`` (per resident, >= 0) raises every tie's chance ``p`` to ``1 - (1 - p)**(1 + b)``.
    ``rows`` limits the answer to some residents (all by default).
    """
    p = tie_chance(state, params)
    u = state.tie_u
    if rows is not None:
        p, u = p[rows], u[rows]
        boost = None if boost is None else boost[rows]
    if boost is not None:
        p = 1.0 - (1.0 - p) ** (1.0 + boost[:, None])
    return u < p


def fallback_strength(state: ResidentState, params: Params) -> np.ndarray:
    """Strength of the willing ties a resident could fall back on (household included)."""
    cached = getattr(state, "_fallback_mask", None)
    if cached is None or cached[0] != params.network:
        able = state.age[np.maximum(state.ties, 0)] >= CARER_MIN_AGE
        if state.away is not None:  # the person lives in another neighbourhood
            able[state.away.rows, state.away.slots] = state.away.able
        mask = willing(state, params) & able
        state._fallback_mask = cached = (params.network, mask)
    out = np.zeros(state.n, np.float32)
    _masked_sums(state.tie_strength, cached[1].view(np.uint8), out)
    return out


@jit
def _masked_sums(strength, mask, out):  # pragma: no cover - compiled
    for i in range(strength.shape[0]):
        total = 0.0
        for k in range(strength.shape[1]):
            # times 0 or 1, not a branch: the mask is unpredictable, and a mispredicted branch
            # costs more than the multiplication (measured 2.5x faster, same sums)
            total += strength[i, k] * mask[i, k]
        out[i] = total


def has_nobody(state: ResidentState, params: Params) -> np.ndarray:
    """Residents with nobody to fall back on."""
    return fallback_strength(state, params) < params.network.nobody_below


def lonely_risk(state: ResidentState, params: Params) -> np.ndarray:
    """How far a resident lacks people to fall back on (1 = nobody, 0 = a strong network)."""
    return np.exp(-fallback_strength(state, params)).astype(np.float32)


def update_ties(state: ResidentState, params: Params, used: np.ndarray, lonely: np.ndarray
                 ) -> None:
    """Ties used for care strengthen, every tie drifts to its usual strength, lonely fade."""
    net = params.network
    _update_ties(state.tie_strength, state.tie_total, state.ties, state.tie_distance,
                 used.view(np.uint8), lonely, np.float32(net.growth_per_use),
                 np.float32(net.decay_per_week), np.float32(net.initial_strength),
                 np.float32(HOUSEHOLD_STRENGTH))


@jit
def _update_ties(strength, total, ties, distance, used, lonely, growth, decay, usual_outside,
                 usual_household):  # pragma: no cover - compiled
    n, slots = strength.shape
    for i in range(n):
        row = 0.0
        for k in range(slots):
            if ties[i, k] == NONE:
                strength[i, k] = 0.0
                continue
            usual = usual_household if distance[i, k] == 0 else usual_outside
            value = strength[i, k] + decay * (usual - strength[i, k])
            value += growth * used[i, k]  # used is 0 or 1: no unpredictable branch
            if lonely[i]:
                value -= decay
            value = min(max(value, 0.0), 1.0)
            strength[i, k] = value
            row += value
        total[i] = row


def strengthen_ties(state: ResidentState, rows: np.ndarray, amount: float) -> None:
    """Shared activity (a community centre, a conference) strengthens all ties of ``rows``."""
    if rows.size == 0:
        return
    valid = state.ties[rows] != NONE
    state.tie_strength[rows] = np.minimum(1.0, state.tie_strength[rows] + amount * valid)
    state.tie_total[rows] = state.tie_strength[rows].sum(axis=1)


__all__ = ["build_ties", "willing", "has_nobody", "lonely_risk", "update_ties",
           "strengthen_ties", "most_hours", "tie_chance", "CARER_MIN_AGE", "D_TOWN"]
