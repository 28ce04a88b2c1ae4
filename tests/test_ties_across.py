"""Kin and friends in other neighbourhoods (``sim.ties_across``): what linking keeps and
changes, and care given across on hand-set states."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijksim.sim import informal_care
from wijksim.sim.domains import PHYSICAL
from wijksim.sim.model import WijkModel
from wijksim.sim.network import fallback_strength, tie_chance, ties_changed
from wijksim.sim.params import Params, with_changes
from wijksim.sim.shared_care import SharedCare
from wijksim.sim.state import (
    D_TOWN,
    NONE,
    RETIRED,
    T_CHILD,
    T_FRIEND,
    T_KIN,
    T_NONE,
    T_PARENT,
    AwayTies,
    away_index,
    away_tie,
)
from wijksim.sim.ties_across import link_across

SIZES = (2000, 3000, 1500)


def settled(sizes=SIZES, changes: dict | None = None) -> list[WijkModel]:
    return [WijkModel(with_changes(Params(), {"population.n_residents": size, **(changes or {})}),
                      seed=200 + place) for place, size in enumerate(sizes)]


def _kind_counts(state) -> np.ndarray:
    """Per resident, how many ties of each (kind, distance)."""
    code = state.tie_kind.astype(np.int64) * 4 + state.tie_distance
    code = np.where(state.ties != NONE, code, -1)
    return np.stack([(code == c).sum(axis=1) for c in range(7 * 4)], axis=1)


def _far_end(state, offset: int) -> np.ndarray:
    """Each tie's far end, numbered over the municipality (NONE for no tie)."""
    ties = state.ties.astype(np.int64)
    return np.where(ties >= 0, ties + offset, np.where(ties == NONE, NONE, away_index(ties)))


def test_linking_keeps_every_residents_ties_and_leads_out_in_proportion_to_residents():
    models = settled()
    states = [m.residents for m in models]
    before = [_kind_counts(s) for s in states]
    town_before = [int(((s.tie_distance == D_TOWN) & (s.ties >= 0)).sum()) for s in states]
    across = link_across(states, [s.household for s in states], np.random.default_rng(1))
    assert across > 0
    offsets = np.r_[0, np.cumsum(SIZES)[:-1]]
    tables = {"far": np.concatenate([_far_end(s, o) for s, o in zip(states, offsets,
                                                                      strict=True)]),
              "kind": np.concatenate([s.tie_kind for s in states]),
              "age": np.concatenate([s.age for s in states]).astype(int)}
    dropped = 0
    for place, (state, counts) in enumerate(zip(states, before, strict=True)):
        changed = np.abs(_kind_counts(state) - counts).sum()
        gone = int(counts.sum() - (state.ties != NONE).sum())  # self-ties dropped
        dropped += gone
        assert changed == gone  # only dropped self-ties change anyone's ties
        away = (state.ties < NONE)
        share_away = away.sum() / town_before[place]
        others = 1 - SIZES[place] / sum(SIZES)
        assert abs(share_away - others) < 0.04, (place, share_away, others)
        assert state.away.rows.size == away.sum()
        far = away_index(state.ties[state.away.rows, state.away.slots])
        assert (tables["age"][far] >= 16).tolist() == state.away.able.tolist()
    assert dropped < 0.005 * sum(town_before)
    # kin ties stay reciprocal: the far end holds a tie back, of the matching kind
    holder = np.repeat(np.arange(sum(SIZES)), 9)
    far, kind = tables["far"].ravel(), tables["kind"].ravel()
    back_of = {T_PARENT: T_CHILD, T_CHILD: T_PARENT, T_KIN: T_KIN}
    for kin, back in back_of.items():
        mine = np.flatnonzero((kind == kin) & (far >= 0))
        pairs = set(zip(holder[mine].tolist(), far[mine].tolist(), strict=True))
        backs = np.flatnonzero(kind == back)
        reverse = set(zip(far[backs].tolist(), holder[backs].tolist(), strict=True))
        assert pairs <= reverse, kin
    # a parent is still about a generation older than their adult child; a sibling or friend
    # is as close in age as before, give or take the width of an age band (5 years)
    children = np.flatnonzero((kind == T_PARENT) & (far >= 0))
    gap = tables["age"][far[children]] - tables["age"][holder[children]]
    assert gap.min() >= 22 - 5 and gap.max() <= 38 + 5
    town = np.concatenate([s.tie_distance for s in states]).ravel() == D_TOWN
    for tie_kind, most in ((T_KIN, 8 + 4), (T_FRIEND, 10 + 4)):
        mine = np.flatnonzero((kind == tie_kind) & (far >= 0) & town)
        assert np.abs(tables["age"][far[mine]] - tables["age"][holder[mine]]).max() <= most
    # nobody is their own kin or friend, and no friend "in town" lives in the holder's home
    assert not ((far == holder) & (kind != T_NONE)).any()
    place = np.repeat(np.arange(len(SIZES)), SIZES)
    home = np.concatenate([s.household for s in states])
    friends = np.flatnonzero((kind == T_FRIEND) & (far >= 0) & town)
    same_home = (place[far[friends]] == place[holder[friends]]) & (
        home[far[friends]] == home[holder[friends]])
    assert not same_home.any()


def test_a_single_neighbourhood_keeps_its_stand_ins_and_cannot_be_stepped_alone_once_linked():
    (model,) = settled(sizes=(1500,))
    ties = model.residents.ties.copy()
    assert SharedCare([model]).ties_across == 0  # a single neighbourhood ignores ties_across
    assert model.residents.away is None and np.array_equal(model.residents.ties, ties)
    first, second = settled(sizes=(1500, 1500))
    SharedCare([first, second])
    with pytest.raises(RuntimeError, match="step it with them"):
        first.step()


def test_linking_twice_is_refused():
    states = [m.residents for m in settled(sizes=(1500, 1500))]
    link_across(states, [s.household for s in states], np.random.default_rng(1))
    with pytest.raises(ValueError, match="already lead across"):
        link_across(states, [s.household for s in states], np.random.default_rng(1))


def _only_tie(state, row: int, slot: int, value: int) -> None:
    """``row`` has one tie, in ``slot``: kin in town who will always care."""
    state.ties[row] = NONE
    state.tie_kind[row] = T_NONE
    state.ties[row, slot] = value
    state.tie_kind[row, slot] = T_KIN
    state.tie_distance[row, slot] = D_TOWN
    state.tie_u[row, slot] = 0.0


def test_a_carer_in_another_neighbourhood_shares_their_time_with_everyone_who_asks():
    """A resident of ``a`` and one of ``b`` both have one tie: the same carer, who lives in
    ``b``. Both ask more than the carer has: each gets half the carer's time, and all of it is
    the carer's, booked in ``b``."""
    a, b = settled(sizes=(1500, 1500))
    carer = int(np.flatnonzero((b.residents.age >= 40) & (b.residents.age < 60))[0])
    b.residents.work[carer] = RETIRED
    b.residents.severity[carer] = 0.0
    b.residents.severity[carer, 0] = 0.97  # ill enough that the carer's time is short
    capacity = informal_care.carer_capacity(b.residents, b.params)[carer]
    cap_per_tie = b.params.network.hours_kin * b.params.network.in_town_factor
    assert 0 < capacity < cap_per_tie  # the carer's time, not the tie, is what runs short
    receiver_b = 0 if carer != 0 else 1
    _only_tie(a.residents, 0, 3, away_tie(a.residents.n + carer))
    a.residents.away = AwayTies(np.array([0]), np.array([3]), b.residents.female[[carer]],
                                np.array([True]))
    _only_tie(b.residents, receiver_b, 3, carer)  # the same slot: asked at the same time
    for model, row in ((a, 0), (b, receiver_b)):
        ties_changed(model.residents)
        model.week_arrays.reset()
        model.week_arrays.need[row, PHYSICAL] = 20.0
        model.residents.appeal_hours[:] = 0.0
        model.residents.carer_stopped_until[:] = -10**6
    parts = [informal_care.Asking(m.residents, m.week_arrays, m.params,
                                  np.zeros(m.residents.n, np.float32)) for m in (a, b)]
    care_a, care_b = informal_care.give_together(parts, now=0)
    assert a.residents.informal_received[0] == pytest.approx(capacity / 2, rel=1e-5)
    assert b.residents.informal_received[receiver_b] == pytest.approx(capacity / 2, rel=1e-5)
    assert care_b.given[carer] == pytest.approx(capacity, rel=1e-5)
    assert care_a.given.sum() == 0.0  # nobody in a cared
    assert care_a.used[0, 3] and care_b.used[receiver_b, 3]
    assert b.residents.informal_given[carer] == pytest.approx(capacity, rel=1e-5)
    # what crossed the border: a's help came from b
    assert care_a.from_elsewhere == pytest.approx(capacity / 2, rel=1e-5)
    assert care_b.to_elsewhere == pytest.approx(capacity / 2, rel=1e-5)
    assert care_a.to_elsewhere == care_b.from_elsewhere == 0.0


def test_a_municipality_with_ties_across_runs_the_same_twice_and_differs_from_stand_ins():
    runs = {}
    for across, repeat in ((True, 0), (True, 1), (False, 0)):
        models = settled(sizes=(2000, 1500), changes={"municipality.ties_across": across})
        municipality = SharedCare(models)
        assert (municipality.ties_across > 0) == across
        for _ in range(8):
            municipality.step()
        runs[across, repeat] = pd.concat(
            [m.datacollector.get_model_vars_dataframe() for m in models])
    pd.testing.assert_frame_equal(runs[True, 0], runs[True, 1])
    across = runs[True, 0].groupby(level=0)[["informal_from_elsewhere",
                                              "informal_to_elsewhere"]].sum()
    assert (across["informal_from_elsewhere"].iloc[1:] > 0).all()  # (row 0: before week 0)
    assert np.allclose(across["informal_from_elsewhere"], across["informal_to_elsewhere"])
    assert (runs[False, 0][["informal_from_elsewhere", "informal_to_elsewhere"]] == 0).all().all()
    assert not runs[True, 0]["informal_hours"].equals(runs[False, 0]["informal_hours"])


def test_who_is_at_the_far_end_of_a_tie_across_sets_its_willingness_and_use():
    """The far end's sex sets the tie's willingness; a far end too young to care is nobody to
    fall back on."""
    (model,) = settled(sizes=(1500,))
    state, params = model.residents, model.params
    row = int(np.flatnonzero(state.age >= 30)[0])
    _only_tie(state, row, 3, away_tie(10**6))
    chance, fallback = {}, {}
    for female, able in ((False, True), (True, True), (True, False)):
        state.away = AwayTies(np.array([row]), np.array([3]), np.array([female]),
                              np.array([able]))
        ties_changed(state)
        chance[female, able] = float(tie_chance(state, params)[row, 3])
        fallback[female, able] = float(fallback_strength(state, params)[row])
    women = params.network.women_more_willing
    assert chance[True, True] == pytest.approx(min(chance[False, True] * women, 0.98))
    assert chance[True, True] != chance[False, True]
    assert fallback[True, True] > 0 and fallback[True, False] == 0.0


def _burden_early_and_late(together_weeks: int) -> tuple[float, float]:
    models = [WijkModel(with_changes(Params(), {"population.n_residents": size}),
                        seed=300 + place, resident_agents=False, together_weeks=together_weeks)
              for place, size in enumerate((3000, 2500))]
    municipality = SharedCare(models)
    for _ in range(40):
        municipality.step()
    frames = [m.datacollector.get_model_vars_dataframe() for m in models]
    burden = sum(f["carer_burden"] * f["residents"] for f in frames) / sum(
        f["residents"] for f in frames)
    return float(burden.iloc[1:5].mean()), float(burden.iloc[20:41].mean())


def test_neighbourhoods_warmed_up_together_start_settled_with_their_ties_across():
    """Linked at week 0, carers who are new to someone start with no burden, and the mean
    burden of carers dips and takes months to come back; linked a year before week 0 and warmed
    up together (``together_weeks``), the run starts settled."""
    early, late = _burden_early_and_late(0)
    assert early < 0.93 * late
    early, late = _burden_early_and_late(52)
    assert abs(early / late - 1) < 0.04


def test_a_neighbourhood_warmed_up_partly_waits_for_its_municipality():
    models = [WijkModel(with_changes(Params(), {"population.n_residents": 1500}), seed=7 + i,
                        together_weeks=10) for i in range(2)]
    assert all(m.week == -10 and not m.started for m in models)
    with pytest.raises(RuntimeError, match="warms up its last weeks"):
        models[0].step()
    with pytest.raises(ValueError, match="coupled at one week"):
        SharedCare([models[0], settled(sizes=(1500,))[0]])
    municipality = SharedCare(models)
    assert all(m.week == 0 and m.started for m in models)
    assert len(models[0].datacollector.get_model_vars_dataframe()) == 1
    assert municipality.ties_across > 0


def test_linked_neighbourhoods_care_in_one_pass_even_when_no_tie_happens_to_cross():
    """Two tiny neighbourhoods whose few "in town" ties all stay at home (the reviewer's
    case): linked all the same, they step together without refusing."""
    models = [WijkModel(with_changes(Params(), {"population.n_residents": 20,
                                                "simulation.warmup_years": 0}), seed=seed)
              for seed in (1040, 1041)]
    municipality = SharedCare(models)
    assert municipality.linked and municipality.ties_across == 0
    municipality.step()
    assert all(m.week == 1 for m in models)
