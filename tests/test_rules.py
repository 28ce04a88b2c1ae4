"""Each weekly rule on a tiny hand-built state."""

import numpy as np
import pytest

from sim import civic, informal, problems, services
from sim.params import Params, with_changes
from sim.state import HEALTH, INCOME, ISOLATION, NONE, WeekLedger


def test_problems_cluster(tiny_model, rng):
    """Residents who already have problems get new ones more often."""
    state, params = tiny_model.residents, tiny_model.params
    burdened = np.arange(30)
    state.severity[burdened, INCOME] = 0.8
    state.severity[burdened, HEALTH] = 0.8
    new_burdened = new_free = 0
    for _ in range(300):
        before = state.severity.copy()
        problems.onset(state, tiny_model.households, params, rng)
        appeared = (before == 0) & (state.severity > 0)
        new_burdened += appeared[burdened].sum()
        new_free += appeared[30:].sum()
        state.severity[:] = before  # keep the state fixed
    assert new_burdened > 1.5 * new_free


def test_recovery_needs_own_strength(tiny_model):
    """With no own strength nothing heals by itself; heavy untreated problems get worse."""
    state, params = tiny_model.residents, tiny_model.params
    state.severity[:10, INCOME] = 0.5
    state.severity[10:20, INCOME] = 0.9
    state.own_strength[:] = 0.0
    problems.recover(state, params, np.zeros_like(state.severity, bool))
    assert np.allclose(state.severity[:10, INCOME], 0.5)
    assert (state.severity[10:20, INCOME] > 0.9).all()


def test_carers_never_exceed_capacity(tiny_model, rng):
    """However many people lean on one carer, the carer gives at most their capacity, and every
    hour given is an hour received."""
    state, params = tiny_model.residents, tiny_model.params
    state.ties[:] = NONE
    state.ties[1:40, 0] = 0  # 39 people all turn to resident 0
    state.tie_strength[1:40, 0] = 1.0
    state.severity[1:40, HEALTH] = 0.9
    state.need_hours[:] = informal.need_hours(state, params)
    boost = np.full(state.n, 5.0, np.float32)
    informal.give_informal_care(state, params, week=1, boost=boost, rng=rng)
    assert 0 < state.informal_given[0] <= params.informal_care.carer_capacity + 1e-4
    assert state.informal_given.sum() == pytest.approx(state.informal_received.sum(), rel=1e-5)


def test_long_hours_strain_and_rest_relieves(tiny_model, rng):
    """Strain rises above the overload threshold and falls below it."""
    state, params = tiny_model.residents, tiny_model.params
    state.informal_given[:5] = params.informal_care.overload_hours + 10
    informal.strain_carers(state, params, week=1, rng=rng)
    assert (state.carer_strain[:5] > 0).all()
    strained = state.carer_strain[:5].copy()
    state.informal_given[:5] = 1.0
    informal.strain_carers(state, params, week=2, rng=rng)
    assert (state.carer_strain[:5] <= strained).all()


def test_assessment_labels_and_network_rationing(tiny_model, rng):
    """Every assessment labels (own strength falls); with full network rationing, eligible
    residents with a visible network are told to use it and some learn to hide it."""
    state = tiny_model.residents
    params = with_changes(tiny_model.params, {"municipality.network_rationing": 1.0,
                                              "help_seeking.hide_learning": 1.0,
                                              "municipality.network_appeal_hours": 5.0})
    state.tie_strength[:] = 0.5
    state.severity[:20, INCOME] = 0.9
    requests = np.zeros_like(state.severity, bool)
    requests[:20, INCOME] = True
    strength = state.own_strength[:20].copy()
    ledger = WeekLedger()
    services.assess(state, requests, params, 0.4, 3, rng.random((2, state.n)), ledger)
    assert ledger.assessments == 20 and (state.labels[:20] == 1).all()
    assert (state.own_strength[:20] < strength + 1e-9).all()
    assert (state.waiting_since[:20, INCOME] == NONE).all()
    assert state.hides_network[:20].all() and (state.appeal_hours[:20] == 5.0).all()


def test_coordination_grows_with_professionals_on_a_household(tiny_model):
    """The same client gets less direct help when more professionals share the household."""
    state, params, workforce = tiny_model.residents, tiny_model.params, tiny_model.workforce
    state.severity[0, INCOME] = 0.8
    state.specialist[0, INCOME] = np.flatnonzero(workforce.spec_domain == INCOME)[0]
    household = np.zeros(tiny_model.households.n, np.int64)
    results = []
    for professionals in (1, 6):
        household[state.household[0]] = professionals
        state.formal_hours[:] = 0.0
        ledger = WeekLedger()
        services.deliver_specialist_care(state, tiny_model.households, params, workforce,
                                         household, np.zeros(8), ledger,
                                         np.zeros(tiny_model.households.n))
        results.append((ledger.coordination_hours, float(state.formal_hours[0])))
    (coord_one, direct_one), (coord_six, direct_six) = results
    assert coord_one == 0 and coord_six > 0
    assert direct_six <= direct_one


def test_centre_without_volunteers_closes(tiny_model, rng):
    """A self-managed centre with no volunteers and little support runs below what it needs
    and closes; a municipal one with staff stays open."""
    state = tiny_model.residents
    self_managed = with_changes(tiny_model.params, {"community_centre.mode": "self_managed",
                                                    "volunteering.share_low_education": 0.0,
                                                    "volunteering.share_mid_education": 0.0,
                                                    "volunteering.share_high_education": 0.0})
    state.willing_to_volunteer[:] = False
    centre = civic.CentreState(2, 2)
    civic.run_community_centre(centre, state, self_managed, rng, WeekLedger())
    assert not centre.open
    municipal = with_changes(tiny_model.params, {"community_centre.mode": "municipal"})
    civic.run_community_centre(centre, state, municipal, rng, WeekLedger())
    assert centre.open


def test_circle_pays_no_more_than_its_fund(tiny_model):
    """A mutual-aid circle pays sick members from its fund and never goes below zero."""
    state = tiny_model.residents
    params = with_changes(tiny_model.params, {"mutual_aid.enabled": True})
    circle = civic.Circle(members=np.arange(20))
    state.severity[:20, HEALTH] = 0.9
    ledger = WeekLedger()
    for _ in range(10):
        civic.run_circles([circle], state, params, ledger)
        assert circle.fund >= 0
    deposits = 10 * 20 * params.mutual_aid.deposit_per_month * 12 / 52
    assert ledger.mutual_aid_paid == pytest.approx(deposits)


def test_plans_fade_with_their_half_life(tiny_model):
    """A family plan is used half as much after its half-life."""
    state, params = tiny_model.residents, tiny_model.params
    state.plan_strength[:] = 1.0
    for _ in range(int(params.conferences.plan_half_life)):
        civic.fade_plans(state, params)
    assert state.plan_strength[0] == pytest.approx(0.5, rel=1e-3)


def test_staffing_follows_cuts_and_shifts():
    """A budget cut buys fewer specialist hours; shifting staff into teams moves hours."""
    base = services.staff(Params(), 10_000)
    cut = services.staff(with_changes(Params(), {"municipality.budget_cut": 0.5}), 10_000)
    teams = services.staff(with_changes(Params(), {"generalists.enabled": True,
                                                   "generalists.shifted_specialists": 0.5}),
                           10_000)
    assert cut.spec_hours.sum() == pytest.approx(base.spec_hours.sum() / 2)
    assert teams.spec_hours.sum() == pytest.approx(base.spec_hours.sum() / 2)
    assert base.n_generalists == 0 and teams.n_generalists > 0


def test_isolated_residents_lose_ties(tiny_model):
    """Ties of residents with an isolation problem fade; others keep theirs."""
    state, params = tiny_model.residents, tiny_model.params
    state.severity[:10, ISOLATION] = 0.6
    before = state.tie_strength.copy()
    informal.update_ties(state, params, np.zeros(0, np.int64), np.zeros((0, 8)))
    valid = state.ties >= 0
    assert (state.tie_strength[:10][valid[:10]] < before[:10][valid[:10]] + 1e-9).all()
    assert np.array_equal(state.tie_strength[10:], before[10:])


def test_a_plan_holder_turns_coordination_into_hub_and_spokes():
    """Without a plan holder each of p professionals coordinates with p-1 others; with one
    generalist holding the plan, specialists coordinate with the generalist only."""
    professionals = np.array([1, 2, 4, 4])
    has_plan = np.array([False, False, False, True])
    partners = services.coordination_partners(professionals, has_plan)
    assert partners.tolist() == [0, 1, 3, 1]


def test_small_neighbourhoods_still_get_their_circle_and_network():
    """A switched-on policy sets up at least one circle and one buddy network."""
    from sim import WijkModel
    model = WijkModel(with_changes(Params(), {"population.n_residents": 1000,
                                              "mutual_aid.enabled": True,
                                              "buddies.enabled": True}), seed=2)
    assert len(model.circles) >= 1 and len(model.buddy_networks) >= 1


def test_circle_with_zero_payout_runs(tiny_model):
    """A payout of zero (within bounds) pays nothing and does not crash."""
    state = tiny_model.residents
    params = with_changes(tiny_model.params, {"mutual_aid.enabled": True,
                                              "mutual_aid.payout_per_month": 0.0})
    state.severity[:20, HEALTH] = 0.9
    ledger = WeekLedger()
    civic.run_circles([civic.Circle(members=np.arange(20))], state, params, ledger)
    assert ledger.mutual_aid_paid == 0.0


def test_specialists_never_book_more_than_their_contract(tiny_model):
    """Huge travel and coordination are cut back to the contract, not worked on top of it."""
    state, workforce = tiny_model.residents, tiny_model.workforce
    params = with_changes(tiny_model.params, {"specialists.coordination_hours": 10.0,
                                              "specialists.travel_hours": 5.0})
    clients = np.arange(20)
    state.severity[clients, INCOME] = 0.8
    state.specialist[clients, INCOME] = np.flatnonzero(workforce.spec_domain == INCOME)[0]
    professionals = np.full(tiny_model.households.n, 5)
    hours = services.deliver_specialist_care(state, tiny_model.households, params, workforce,
                                             professionals, np.full(8, 30.0), WeekLedger(),
                                             np.zeros(tiny_model.households.n))
    assert (hours.sum(axis=1) <= workforce.spec_hours + 1e-6).all()


def test_buddy_support_goes_only_to_members_with_need(tiny_model, rng):
    """The volunteer's light support reaches members with unmet need only, and is not also
    counted as volunteering."""
    state = tiny_model.residents
    params = with_changes(tiny_model.params, {"buddies.enabled": True})
    network = civic.BuddyNetwork(members=np.arange(9), volunteer=30)
    state.need_hours[:] = 0.0
    state.need_hours[0] = 5.0
    ledger = WeekLedger()
    civic.run_buddy_networks([network], state, params, rng, ledger)
    assert state.informal_received[0] > 0 and (state.informal_received[1:9] == 0).all()
    total = ledger.volunteer_hours + float(state.informal_received[:9].sum())
    assert total == pytest.approx(params.buddies.volunteer_hours)
