"""Kin and friends in other neighbourhoods of the same municipality.

A neighbourhood on its own lets some of its residents stand in for the relatives and friends
who live "elsewhere in town" (``network.py``). In a municipality of neighbourhoods those ties
lead into the other neighbourhoods: when they are coupled (a year before week 0) the far ends
of every tie of distance "in town" are shuffled over the whole municipality among ties of the
same kind whose holders are of the same age (5-year bands), so that

- every resident keeps their ties: the same number, kinds, distances and strengths, and the
  people at the far end keep theirs (a parent keeps as many children, a sibling stays a
  sibling, both ends of a kin tie know each other);
- a tie leads to another neighbourhood in proportion to that neighbourhood's share of the
  municipality's residents (assumption: no sorting of families by neighbourhood; CBS
  reports that many adult children live within a short distance of a parent, which the
  "near" share already keeps inside the neighbourhood);
- the age structure of the ties is kept: an adult child's parent is still about a generation
  older (22-38 years, plus or minus the width of a band).

Kin "far away" (out of town) stay the neighbourhood's stand-ins, and kin and friends "near"
stay in the neighbourhood. Care along a tie across is given from the carer's own time, shared
with everyone who asks them (``informal_care.give_together``), and weighs on the carer where they
live. (A kin tie whose two ends would become one person is dropped; with ties built by
``network.py``, where each resident has at most one parent and one sibling tie, it does not
happen.)
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.network import CARER_MIN_AGE, ties_changed
from wijksim.sim.state import (
    D_TOWN,
    NONE,
    T_CHILD,
    T_FRIEND,
    T_KIN,
    T_NONE,
    T_PARENT,
    AwayTies,
    ResidentState,
    away_tie,
)

AGE_BAND = 5  # years: ties are shuffled among holders of the same age band


def link_across(states: list[ResidentState], households: list[np.ndarray],
                rng: np.random.Generator) -> int:
    """Lead every "in town" tie of these neighbourhoods into the whole municipality (in place).

    ``households``: each neighbourhood's household index per resident (``state.household``).
    Returns how many ties now lead to another neighbourhood.

    Raises:
        ValueError: if a neighbourhood's ties already lead across (linked twice).
    """
    if any(state.away is not None for state in states):
        raise ValueError("these neighbourhoods' ties already lead across")
    town = _TownTies(states)
    new_target = town.target.copy()
    dropped = np.zeros(town.target.size, bool)
    _shuffle_pairs(town, town.kind == T_PARENT, T_CHILD, new_target, dropped, rng)
    _shuffle_pairs(town, (town.kind == T_KIN) & (town.holder < town.target), T_KIN, new_target,
                   dropped, rng)
    _shuffle_one_way(town, town.kind == T_FRIEND, new_target, households, rng)
    return town.write(states, new_target, dropped)


class _TownTies:
    """Every "in town" tie of the municipality, its ends numbered over all neighbourhoods."""

    def __init__(self, states: list[ResidentState]):
        sizes = np.array([state.n for state in states], np.int64)
        self.offsets = np.r_[0, np.cumsum(sizes)[:-1]]
        self.place = np.repeat(np.arange(len(states)), sizes)  # each resident's neighbourhood
        self.age = np.concatenate([state.age for state in states]).astype(np.int64)
        self.female = np.concatenate([state.female for state in states])
        holder, slot, target, kind = [], [], [], []
        for state, offset in zip(states, self.offsets, strict=True):
            rows, slots = np.nonzero((state.tie_distance == D_TOWN) & (state.ties >= 0))
            holder.append(rows + offset)
            slot.append(slots)
            target.append(state.ties[rows, slots].astype(np.int64) + offset)
            kind.append(state.tie_kind[rows, slots])
        self.holder, self.slot = np.concatenate(holder), np.concatenate(slot)
        self.target, self.kind = np.concatenate(target), np.concatenate(kind)

    def reverse(self, entries: np.ndarray, kind: int) -> np.ndarray:
        """For each tie in ``entries``, the tie of kind ``kind`` held by its far end back."""
        total = self.age.size
        back = np.flatnonzero(self.kind == kind)
        keys = self.holder[back] * total + self.target[back]
        order = np.argsort(keys, kind="stable")
        wanted = self.target[entries] * total + self.holder[entries]
        found = np.searchsorted(keys[order], wanted)
        found = np.minimum(found, order.size - 1)
        if order.size == 0 or not np.array_equal(keys[order][found], wanted):
            raise ValueError("a kin tie in town has no tie back: kin ties must be reciprocal")
        if np.unique(found).size != found.size:  # two ties one way, one tie back
            raise ValueError("a pair of residents holds two kin ties in town of one kind")
        return back[order[found]]

    def write(self, states: list[ResidentState], new_target: np.ndarray,
              dropped: np.ndarray) -> int:
        """Put the new far ends in the neighbourhoods' tie tables; ties across are marked."""
        across = (self.place[new_target] != self.place[self.holder]) & ~dropped
        for place, state in enumerate(states):
            mine = self.place[self.holder] == place
            offset = self.offsets[place]
            rows, slots = self.holder[mine] - offset, self.slot[mine]
            far = new_target[mine]
            value = np.where(across[mine], away_tie(far), far - offset)
            state.ties[rows, slots] = np.where(dropped[mine], NONE, value)
            gone = dropped[mine]
            state.tie_kind[rows[gone], slots[gone]] = T_NONE
            state.tie_strength[rows[gone], slots[gone]] = 0.0
            state.tie_total[:] = state.tie_strength.sum(axis=1)
            out = across[mine]
            state.away = AwayTies(rows[out], slots[out], self.female[far[out]],
                                  self.age[far[out]] >= CARER_MIN_AGE)
            ties_changed(state)
        return int(across.sum())


def _shuffle_pairs(town: _TownTies, first: np.ndarray, back_kind: int, new_target: np.ndarray,
                   dropped: np.ndarray, rng: np.random.Generator) -> None:
    """Reciprocal ties: holders of one end (same age band) trade their far ends.

    Holder ``a`` of a pair gets the far end ``b'`` of another pair, and ``b'``'s tie back now
    leads to ``a``: both stay each other's kin, of the same kinds as before.
    """
    entries = np.flatnonzero(first)
    if entries.size == 0:
        return
    backs = town.reverse(entries, back_kind)
    band = town.age[town.holder[entries]] // AGE_BAND
    kept = np.lexsort((np.arange(entries.size), band))
    drawn = np.lexsort((rng.random(entries.size), band))
    mine, theirs_back = entries[kept], backs[drawn]
    new_target[mine] = town.target[entries[drawn]]
    new_target[theirs_back] = town.holder[mine]
    selves = new_target[mine] == town.holder[mine]  # both ends one person (siblings, rarely)
    dropped[mine[selves]] = dropped[theirs_back[selves]] = True


def _shuffle_one_way(town: _TownTies, chosen: np.ndarray, new_target: np.ndarray,
                     households: list[np.ndarray], rng: np.random.Generator) -> None:
    """One-way ties (friends): holders of the same age band trade the people they name.

    A friend who would be the holder or live in the holder's household stays the one named
    before.
    """
    entries = np.flatnonzero(chosen)
    if entries.size == 0:
        return
    band = town.age[town.holder[entries]] // AGE_BAND
    kept = np.lexsort((np.arange(entries.size), band))
    drawn = np.lexsort((rng.random(entries.size), band))
    proposal = np.empty(entries.size, np.int64)
    proposal[kept] = town.target[entries[drawn]]
    holder = town.holder[entries]
    household = np.concatenate(households)  # per resident, numbered within its neighbourhood
    same_home = (town.place[proposal] == town.place[holder]) & (
        household[proposal] == household[holder])
    new_target[entries] = np.where(same_home | (proposal == holder), town.target[entries],
                                   proposal)
