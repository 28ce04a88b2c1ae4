"""Neighbourhoods of one municipality stepped together (``sim.shared_care``): rules on
hand-set states for the one waiting list, the divided staff and the budget's allocation, and
what sharing does over weeks of neighbourhoods of a normal size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijksim.sim import providers
from wijksim.sim.model import WijkModel
from wijksim.sim.params import Params, with_changes
from wijksim.sim.shared_care import SharedCare, coupled
from wijksim.sim.state import IN_CARE, NO_CARE, WAITING

SIZES = (2000, 3000, 1500)
NOTHING_SHARED = {"municipality.shared_providers": False,
                  "municipality.ties_across": False,
                  "municipality.budget_allocation": "by_use"}


def neighbourhoods(changes: dict | None = None, per_place: list[dict] | None = None,
                   sizes=SIZES) -> list[WijkModel]:
    """Settled neighbourhoods at week 0, each its own seed and size."""
    models = []
    for place, size in enumerate(sizes):
        own = (per_place or [{}] * len(sizes))[place]
        params = with_changes(Params(), {"population.n_residents": size, **(changes or {}),
                                         **own})
        models.append(WijkModel(params, seed=100 + place))
    return models


def weekly(model: WijkModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def test_neighbourhoods_that_share_nothing_run_exactly_as_alone():
    alone = neighbourhoods(NOTHING_SHARED)
    for model in alone:
        for _ in range(30):
            model.step()
    together = neighbourhoods(NOTHING_SHARED)
    assert not coupled(together[0].params_now())
    municipality = SharedCare(together)
    for _ in range(30):
        municipality.step()
    for one, other in zip(alone, together, strict=True):
        pd.testing.assert_frame_equal(weekly(one), weekly(other))


def _only_waiting(model: WijkModel, count: int, since: int, hours: float = 2.0) -> None:
    """Nobody in care; ``count`` residents waiting for domain 0 since week ``since``."""
    state = model.residents
    state.care[:] = NO_CARE
    state.care[:count, 0] = WAITING
    state.care_since[:count, 0] = since
    state.severity[:count, 0] = 0.9  # heavy, so no budget ceiling matters
    model.indicated_hours = np.zeros(state.care.shape, np.float32)
    model.indicated_hours[:count, 0] = hours
    model.providers.load = np.zeros_like(model.providers.load)


def _room_for(municipality: SharedCare, clients: int) -> None:
    sp = municipality.models[0].params.specialists
    cost = 2.0 + sp.travel_hours + sp.intake_hours
    municipality.providers.capacity[0] = clients * cost + 1e-3


def test_one_waiting_list_admits_the_longest_waits_in_the_municipality_first():
    first, second = neighbourhoods(sizes=(2000, 2000))
    municipality = SharedCare([first, second])
    _only_waiting(first, 10, since=-5)
    _only_waiting(second, 10, since=-20)
    _room_for(municipality, 12)
    admitted = municipality._admit()
    assert admitted[1][0] == 10 and admitted[0][0] == 2  # the longer waits, then two more
    assert (second.residents.care[:10, 0] == IN_CARE).all()
    assert (first.residents.care[:10, 0] == IN_CARE).sum() == 2
    assert (first.residents.care_since[:2, 0] == first.week).all()


def test_equal_waits_are_taken_from_the_neighbourhoods_in_proportion():
    first, second = neighbourhoods(sizes=(2000, 2000))
    municipality = SharedCare([first, second])
    _only_waiting(first, 20, since=-8)
    _only_waiting(second, 10, since=-8)
    _room_for(municipality, 15)
    admitted = municipality._admit()
    assert (admitted[0][0], admitted[1][0]) == (10, 5)


def test_staff_is_divided_by_the_hours_clients_ask():
    models = neighbourhoods()
    municipality = SharedCare(models)
    points = [m.week_points(m.params_now()) for m in models]
    assert {next(p) for p in points} == {"new year"}
    municipality._together("new year")
    assert {p.send(None) for p in points} == {"staff"}
    municipality._share_staff()
    asked = np.array([providers.asked_hours(m.residents, m.households, m.indicated_hours,
                                            m._admitted_last, m.params,
                                            m.professionals_per_household, m.active_rows)
                      for m in models])
    capacity = np.array([m.providers.capacity for m in models])
    assert np.allclose(capacity.sum(axis=0), municipality.providers.capacity)
    served = capacity / asked  # the same share of their hours for every client
    assert np.allclose(served, served[0], rtol=1e-6)


def test_a_provider_short_in_one_neighbourhood_is_evened_out_by_one_waiting_list():
    """Oost contracts half the specialists per resident: alone its clients wait long; with one
    list per domain for the municipality the waits come close together (the others share the
    shortage: their clients wait longer)."""
    short = [{"specialists.per_1000_residents": 3.5}, {}, {}]
    gaps, others = {}, {}
    for shared in (False, True):
        models = neighbourhoods({"municipality.shared_providers": shared}, short)
        municipality = SharedCare(models)
        for _ in range(60):
            municipality.step()
        waits = [weekly(m)["waiting_weeks"].iloc[40:].mean() for m in models]
        gaps[shared] = waits[0] - np.mean(waits[1:])
        others[shared] = np.mean(waits[1:])
    assert gaps[False] > 10.0
    assert abs(gaps[True]) < gaps[False] / 3
    assert others[True] > others[False] + 2.0


@pytest.mark.parametrize("rule", ["per_capita", "need_weighted"])
def test_the_budget_is_shared_out_by_the_allocation_rule(rule):
    base = {}
    for allocation in ("by_use", rule):
        models = neighbourhoods({"municipality.budget_allocation": allocation})
        municipality = SharedCare(models)
        need = municipality.need.copy()
        municipality.step()
        base[allocation] = np.array([m.budget.base for m in models])
    assert np.isclose(base[rule].sum(), base["by_use"].sum())  # one municipal budget
    weights = np.array(SIZES, float) if rule == "per_capita" else need
    assert np.allclose(base[rule] / base[rule].sum(), weights / weights.sum())
    assert not np.allclose(base[rule], base["by_use"])


@pytest.mark.parametrize("rule", ["per_capita", "need_weighted"])
def test_the_budget_is_shared_out_by_the_rule_after_a_joint_warm_up(rule):
    """As a run starts after the last warm-up weeks spent together (as every municipal run
    does): the first year's budgets are shared out by the rule."""
    models = [WijkModel(with_changes(Params(), {"population.n_residents": size,
                                                "municipality.budget_allocation": rule}),
                        seed=100 + place, together_weeks=8)
              for place, size in enumerate(SIZES)]
    municipality = SharedCare(models)
    need = municipality.need.copy()
    municipality.step()
    base = np.array([m.budget.base for m in models])
    weights = np.array(SIZES, float) if rule == "per_capita" else need
    assert np.allclose(base / base.sum(), weights / weights.sum())


def test_one_pooled_budget_takes_the_same_measures_everywhere():
    """A cut makes the budget bind; pooled, every neighbourhood's eligibility is raised alike
    and tariffs are cut once for the municipality; budgets of their own, they differ."""
    tightening = {}
    for allocation in ("pooled", "by_use"):
        models = neighbourhoods({"municipality.budget_cut": 0.2,
                                 "municipality.budget_allocation": allocation})
        municipality = SharedCare(models)
        for _ in range(60):
            municipality.step()
        tightening[allocation] = np.array(
            [weekly(m)["eligibility_tightening"].to_numpy() for m in models])
        tariffs = {m.providers.tariff_level for m in models}
        assert len(tariffs) == 1 and tariffs.pop() < 1.0  # after a year over budget
    assert tightening["pooled"].max() > 0
    assert np.allclose(tightening["pooled"], tightening["pooled"][0])
    assert not np.allclose(tightening["by_use"], tightening["by_use"][0])


def test_a_municipal_rule_set_differently_in_one_neighbourhood_is_refused():
    models = neighbourhoods(per_place=[{}, {"specialists.contract": "per_client"}, {}])
    with pytest.raises(ValueError, match=r"specialists.contract is 'per_client' in "
                                         r"neighbourhood b"):
        SharedCare(models, ["a", "b", "c"])


def test_equal_waits_are_shared_in_proportion_even_behind_longer_waits():
    """First has 4 long waits and 4 recent ones; second 4 recent ones. Room for 6: the long
    waits go first, then the recent ones half and half (not all from the shorter queue)."""
    first, second = neighbourhoods(sizes=(2000, 2000))
    municipality = SharedCare([first, second])
    _only_waiting(first, 8, since=-8)
    first.residents.care_since[:4, 0] = -20
    _only_waiting(second, 4, since=-8)
    _room_for(municipality, 6)
    admitted = municipality._admit()
    assert (admitted[0][0], admitted[1][0]) == (5, 1)
    assert (first.residents.care[:4, 0] == IN_CARE).all()


def test_how_neighbourhoods_share_cannot_change_during_a_run():
    from wijksim.sim.params import Timeline

    start = with_changes(Params(), {"population.n_residents": 2000})
    later = with_changes(start, {"municipality.shared_providers": False})
    model = WijkModel(Timeline(((0, start), (52, later))), seed=1)
    with pytest.raises(ValueError, match=r"municipality.shared_providers changes at week 52 "
                                         r"in neighbourhood WK1"):
        SharedCare([model], ["WK1"])


def test_a_branch_under_the_same_rules_goes_on_exactly_as_the_municipality():
    models = neighbourhoods(sizes=(1500, 2000))
    municipality = SharedCare(models)
    for _ in range(6):
        municipality.step()
    branch = municipality.fork([m.timeline for m in models])
    for _ in range(8):
        municipality.step()
        branch.step()
    for one, other in zip(models, branch.models, strict=True):
        pd.testing.assert_frame_equal(weekly(one), weekly(other))
    assert branch.models[0] is not models[0]
    assert branch.models[0].residents.away is not models[0].residents.away


def test_a_branch_cannot_change_how_the_neighbourhoods_share():
    from wijksim.sim.params import Timeline

    models = neighbourhoods(sizes=(1500, 2000))
    municipality = SharedCare(models, ["a", "b"])
    apart = [Timeline(((0, with_changes(m.timeline.start,
                                        {"municipality.ties_across": False})),))
             for m in models]
    with pytest.raises(ValueError, match=r"municipality.ties_across differs between the "
                                         r"branch and the run it branches from \(neighbourhood a"):
        municipality.fork(apart)
