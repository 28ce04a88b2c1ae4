"""Rule tests: informal care, carer burden, network, help seeking, indication, providers,
discharge, own strength and trust, wellbeing (tiny hand-built states)."""

import numpy as np
import pytest

from tests.conftest import bare_model
from wijksim.sim import (
    carers,
    discharge,
    experience,
    help_seeking,
    indication,
    informal_care,
    network,
    problems,
    providers,
    wellbeing,
)
from wijksim.sim.domains import FAMILY, INCOME, MENTAL, N_DOMAINS, PHYSICAL
from wijksim.sim.informal_care import CareGiven
from wijksim.sim.problems import Course
from wijksim.sim.state import (
    D_FAR,
    D_NEIGHBOURHOOD,
    EMPLOYED,
    IN_CARE,
    NEVER,
    NO_CARE,
    NONE,
    RESIDENTIAL,
    RETIRED,
    T_CHILD,
    T_FRIEND,
    T_NONE,
    T_PARTNER,
    WAITING,
    WeekLedger,
)


def _isolate(model):
    """Cut every tie, so a test can hand-build the ones it needs."""
    s = model.residents
    s.ties[:] = NONE
    s.tie_kind[:] = T_NONE
    s.tie_strength[:] = 0.0
    s.tie_u[:] = 0.0  # every tie that exists is willing
    network.ties_changed(s)


def _tie(model, who, slot, other, kind, distance=D_NEIGHBOURHOOD, strength=0.8):
    s = model.residents
    s.ties[who, slot], s.tie_kind[who, slot] = other, kind
    s.tie_distance[who, slot], s.tie_strength[who, slot] = distance, strength
    network.ties_changed(s)


def _adult(model, who, work=RETIRED, female=False):
    s = model.residents
    s.age[who], s.work[who], s.female[who] = 50, work, female


def _care_week(model, needy, hours):
    s = model.residents
    s.severity[needy, PHYSICAL] = 0.3 + 0.7 * hours / 60.0
    week = model.week_arrays
    week.need[:] = problems.need_hours(s, model.params)
    return week


# --- informal care ----------------------------------------------------------------------

def test_the_partner_gives_first_and_the_rest_share_only_lightly():
    model = bare_model()
    _isolate(model)
    for who in (0, 1, 2):
        _adult(model, who)
    _tie(model, 0, 0, 1, T_PARTNER, distance=0)
    _tie(model, 0, 3, 2, T_CHILD)
    week = _care_week(model, 0, 10.0)
    care = informal_care.give(model.residents, week, model.params,
                              np.zeros(model.residents.n, np.float32), now=0)
    share = model.params.informal_care.shared_share
    assert care.given[2] == pytest.approx(10.0 * share, rel=1e-3)  # the child shares lightly
    partner = care.given[1] + care.other[1]
    assert partner == pytest.approx(10.0 * (1 - share), rel=1e-3)  # the partner the rest ...
    assert care.given[1] == 0.0  # ... all of it within what a partner is expected to do anyway
    assert model.residents.informal_received[0] == pytest.approx(10.0, rel=1e-3)


def test_a_partner_is_a_carer_only_beyond_customary_care():
    model = bare_model()
    _isolate(model)
    _adult(model, 0)
    _adult(model, 1)
    _tie(model, 0, 0, 1, T_PARTNER, distance=0)
    week = _care_week(model, 0, 25.0)
    care = informal_care.give(model.residents, week, model.params,
                              np.zeros(model.residents.n, np.float32), now=0)
    customary = model.params.indication.customary_care_hours
    assert care.given[1] == pytest.approx(25.0 - customary, rel=1e-3)
    assert care.relation[1] == T_PARTNER


def test_kin_far_away_give_few_hours():
    model = bare_model()
    _isolate(model)
    _adult(model, 0)
    _adult(model, 1)
    _tie(model, 0, 3, 1, T_CHILD, distance=D_FAR)
    week = _care_week(model, 0, 20.0)
    care = informal_care.give(model.residents, week, model.params,
                              np.zeros(model.residents.n, np.float32), now=0)
    net = model.params.network
    assert care.given[1] == pytest.approx(net.hours_child * net.far_factor, rel=1e-3)


def test_a_carer_gives_no_more_than_their_time_allows():
    model = bare_model(informal_care__carer_hours_working=12.0)
    _isolate(model)
    _adult(model, 9, work=EMPLOYED)
    for who in (0, 1, 2):
        _adult(model, who)
        _tie(model, who, 0, 9, T_PARTNER, distance=0)
        _care_week(model, who, 10.0)
    care = informal_care.give(model.residents, model.week_arrays, model.params,
                              np.zeros(model.residents.n, np.float32), now=0)
    assert care.given[9] + care.other[9] == pytest.approx(12.0, rel=1e-3)


def test_a_carer_who_stopped_gives_nothing():
    model = bare_model()
    _isolate(model)
    _adult(model, 0)
    _adult(model, 1)
    _tie(model, 0, 0, 1, T_PARTNER, distance=0)
    model.residents.carer_stopped_until[1] = 10
    week = _care_week(model, 0, 10.0)
    care = informal_care.give(model.residents, week, model.params,
                              np.zeros(model.residents.n, np.float32), now=5)
    assert care.given[1] == 0


def test_only_help_with_health_counts_as_caring():
    """Help with debt is informal help but not informal care (mantelzorg)."""
    model = bare_model()
    _isolate(model)
    _adult(model, 0)
    _adult(model, 1)
    _tie(model, 0, 0, 1, T_PARTNER, distance=0)
    model.residents.severity[0, INCOME] = 0.9
    week = model.week_arrays
    week.need[:] = problems.need_hours(model.residents, model.params)
    care = informal_care.give(model.residents, week, model.params,
                              np.zeros(model.residents.n, np.float32), now=0)
    assert care.given[1] == 0 and care.other[1] > 0


def test_willingness_is_fixed_per_tie_and_women_are_more_willing():
    model = bare_model(network__willing_friend=0.3, network__women_more_willing=2.0)
    s = model.residents
    _isolate(model)
    _adult(model, 1, female=False)
    _adult(model, 2, female=True)
    _tie(model, 0, 6, 1, T_FRIEND)
    _tie(model, 0, 7, 2, T_FRIEND)
    s.tie_u[0, 6] = s.tie_u[0, 7] = 0.45
    network.ties_changed(s)
    first = network.willing(s, model.params)
    assert not first[0, 6] and first[0, 7]
    assert np.array_equal(first, network.willing(s, model.params))  # the same every week
    boosted = network.willing(s, model.params, np.full(s.n, 1.0, np.float32))
    assert boosted[0, 6]  # 1 - 0.7**2 = 0.51 > 0.45


def test_nobody_to_fall_back_on_is_a_matter_of_willing_ties():
    model = bare_model()
    s = model.residents
    _isolate(model)
    _adult(model, 1)
    assert network.has_nobody(s, model.params)[0]
    _tie(model, 0, 3, 1, T_CHILD, strength=0.9)
    assert not network.has_nobody(s, model.params)[0]


def test_kin_ties_are_reciprocal():
    model = bare_model(n=2000)
    s = model.residents
    rows, slots = np.nonzero(s.tie_kind == T_CHILD)
    parents = s.ties[rows, slots]
    back = (s.ties[parents] == rows[:, None]).any(axis=1)
    assert back.all()
    assert (s.age[rows] - s.age[parents] >= 22).all()


# --- carer burden -----------------------------------------------------------------------

def _care(n, hours, **flags):
    given = np.zeros(n, np.float32)
    given[:] = hours
    return CareGiven(given, np.zeros(n, np.float32), np.zeros((n, 9), bool),
                     np.full(n, flags.get("mental", False)), np.full(n, flags.get("alone", False)),
                     np.zeros(n, np.int8))


def test_burden_builds_towards_the_load_and_eases_more_slowly():
    model = bare_model()
    s, params = model.residents, model.params
    care = _care(s.n, 30.0)
    zero = np.zeros(s.n, np.float32)
    carers.update_burden(s, care, params, zero, 0, np.random.default_rng(0))
    first = float(s.burden[0])
    assert first == pytest.approx(params.carers.rise_per_week
                                  * (1 - np.exp(-30.0 * (1 + params.carers.weight_own_health * 0)
                                                / params.carers.burden_scale_hours)), rel=0.05)
    for _ in range(200):
        carers.update_burden(s, care, params, zero, 0, np.random.default_rng(0))
    high = float(s.burden[0])
    carers.update_burden(s, _care(s.n, 0.0), params, zero, 0, np.random.default_rng(0))
    assert high - s.burden[0] == pytest.approx(params.carers.ease_per_week * high, rel=0.02)


def test_work_children_and_caring_alone_weigh_heavier():
    model = bare_model()
    s, params = model.residents, model.params
    s.severity[:] = 0.0
    s.work[:] = RETIRED
    s.children_home[:] = False
    base = carers.load(s, _care(s.n, 10.0), params, np.zeros(s.n, np.float32))[0]
    s.work[0] = EMPLOYED
    s.children_home[0] = True
    heavier = carers.load(s, _care(s.n, 10.0, alone=True), params,
                          np.zeros(s.n, np.float32))[0]
    c = params.carers
    assert heavier == pytest.approx(base * (1 + c.weight_work + c.weight_children
                                            + c.weight_alone), rel=1e-4)


def test_overload_is_a_burden_level_not_an_hours_threshold():
    model = bare_model()
    s = model.residents
    s.burden[:3] = [0.2, 0.59, 0.6]
    assert list(carers.overloaded(s, model.params)[:3]) == [False, False, True]


def test_only_overloaded_carers_stop():
    model = bare_model(carers__dropout_per_week=1.0)
    s = model.residents
    s.burden[:] = 0.5
    s.burden[0] = 1.0
    care = _care(s.n, 5.0)
    carers.update_burden(s, care, model.params, np.zeros(s.n, np.float32), 3,
                         np.random.default_rng(1))
    assert s.carer_stopped_until[0] == 3 + model.params.carers.pause_weeks
    assert (s.carer_stopped_until[1:] == NEVER).all()


# --- help seeking and indication --------------------------------------------------------

def test_residents_ask_only_about_unmet_needs_and_not_while_waiting_out_a_denial():
    model = bare_model(help_seeking__ask_per_week=1.0)
    s = model.residents
    s.trust[:] = 1.0
    s.never_asks[:] = False
    s.severity[:4, MENTAL] = 0.8
    s.care[1, MENTAL] = WAITING
    s.denied_until[2] = 10
    s.never_asks[3] = True
    week = model.week_arrays
    week.need[:] = problems.need_hours(s, model.params)
    asks = help_seeking.requests(s, week, model.params, 5, np.random.default_rng(0))
    assert asks[0, MENTAL] and not asks[1:4].any()


def test_the_threshold_rises_with_tightening_but_heavy_cases_always_qualify():
    model = bare_model()
    params = model.params
    assert indication.threshold(params, 0.0) == params.indication.eligibility_threshold
    assert indication.threshold(params, 0.1) == pytest.approx(
        params.indication.eligibility_threshold + 0.1)
    assert indication.threshold(params, 0.9) == params.problems.heavy_threshold


def test_assessment_grants_above_the_threshold_and_not_what_customary_care_covers():
    model = bare_model()
    s, params = model.residents, model.params
    s.severity[0, MENTAL] = 0.6
    s.severity[1, MENTAL] = 0.35
    s.severity[2, PHYSICAL] = 0.41  # a light physical need (9.4 h a week) ...
    week = model.week_arrays
    week.need[:] = problems.need_hours(s, params)
    week.customary[2] = 10.0       # ... that a healthy partner is expected to cover
    asks = np.zeros(s.severity.shape, bool)
    asks[0, MENTAL] = asks[1, MENTAL] = asks[2, PHYSICAL] = True
    ledger = WeekLedger()
    decision = indication.assess(s, week, asks, params, 0.0, ledger)
    assert list(decision.granted) == [True, False, False]
    assert ledger.assessments == 3 and ledger.cost_assessment > 0


def test_an_indication_labels_and_puts_on_the_list_or_in_residential_care():
    model = bare_model()
    s, params = model.residents, model.params
    s.severity[0, MENTAL] = 0.6
    s.severity[1, FAMILY] = 0.95
    s.severity[2, INCOME] = 0.95  # income has no residential care
    indication.grant(s, np.array([0, 1, 2]), np.array([MENTAL, FAMILY, INCOME]), params, 7,
                     WeekLedger())
    assert list(s.labels[:3]) == [1, 1, 1]
    assert s.care[0, MENTAL] == WAITING and s.care_since[0, MENTAL] == 7
    assert s.care[1, FAMILY] == RESIDENTIAL and s.care[2, INCOME] == WAITING


def test_a_denial_costs_trust_and_time():
    model = bare_model()
    s, params = model.residents, model.params
    s.trust[0] = 0.5
    indication.deny(s, np.array([0, 0]), params, 4, WeekLedger())
    assert s.trust[0] == pytest.approx(0.5 - params.help_seeking.trust_loss_on_denial)
    assert s.denied_until[0] == 4 + params.help_seeking.reapply_after_weeks


def test_labels_fade_with_their_half_life():
    model = bare_model(indication__label_half_life=10.0)
    s = model.residents
    s.labels[0] = 2.0
    for _ in range(10):
        indication.fade_labels(s, model.params)
    assert s.labels[0] == pytest.approx(1.0, rel=1e-4)


# --- providers --------------------------------------------------------------------------

def test_admission_is_first_come_within_the_provider_hours():
    model = bare_model()
    s, params = model.residents, model.params
    prov = model.providers
    prov.capacity[:] = 0.0
    hours = np.zeros(s.severity.shape, np.float32)
    hours[:5, MENTAL] = 3.0
    s.care[:5, MENTAL] = WAITING
    s.care_since[:5, MENTAL] = [4, 0, 3, 1, 2]
    slot = 3.0 + params.specialists.travel_hours + params.specialists.intake_hours
    prov.capacity[MENTAL] = 2 * slot + 0.01
    admitted = providers.admit(s, prov, hours, params, 10, heavy_only=False)
    assert admitted[MENTAL] == 2 and admitted.sum() == 2
    assert list(np.flatnonzero(s.care[:5, MENTAL] == IN_CARE)) == [1, 3]
    assert (s.care_since[[1, 3], MENTAL] == 10).all()


def test_a_budget_ceiling_admits_only_heavy_cases():
    model = bare_model()
    s, params = model.residents, model.params
    hours = np.zeros(s.severity.shape, np.float32)
    s.care[:2, MENTAL] = WAITING
    s.severity[0, MENTAL], s.severity[1, MENTAL] = 0.5, 0.8
    providers.admit(s, model.providers, hours, params, 1, heavy_only=True)
    assert s.care[0, MENTAL] == WAITING and s.care[1, MENTAL] == IN_CARE


def test_clients_get_less_when_the_provider_is_over_asked():
    model = bare_model()
    s, params = model.residents, model.params
    s.care[:10, MENTAL] = IN_CARE
    hours = np.zeros(s.severity.shape, np.float32)
    hours[:10, MENTAL] = 3.0
    model.providers.capacity[MENTAL] = 15.0
    ledger = WeekLedger()
    providers.deliver(s, model.households, model.week_arrays, model.providers, hours,
                      np.zeros(N_DOMAINS), params, ledger,
                      providers.professionals_on(s, model.households))
    given = model.week_arrays.specialist[:10, MENTAL]
    assert given.sum() + ledger.specialist_overhead_hours == pytest.approx(15.0, rel=1e-4)
    assert np.allclose(given, given[0])


def test_a_plan_holder_is_the_hub_of_coordination():
    partners = providers.coordination_partners(np.array([1, 3, 3]), np.array([False, False,
                                                                              True]))
    assert list(partners) == [0, 2, 1]


def test_each_contract_form_prices_the_same_week_its_own_way():
    model = bare_model(specialists__contract="capacity")
    s, params = model.residents, model.params
    s.care[:4, MENTAL] = IN_CARE
    hours = np.zeros(s.severity.shape, np.float32)
    hours[:4, MENTAL] = 2.0
    ledger = WeekLedger()
    providers.deliver(s, model.households, model.week_arrays, model.providers, hours,
                      np.zeros(N_DOMAINS), params, ledger,
                      providers.professionals_on(s, model.households))
    price = model.providers.prices(params)[MENTAL]
    billed = ledger.specialist_direct_hours + ledger.specialist_overhead_hours
    assert ledger.cost_specialist_per_hour == pytest.approx(price * billed)
    assert ledger.cost_specialist_per_client == pytest.approx(
        price * params.specialists.client_week_hours * 4)
    contracted = (model.providers.prices(params) * model.providers.contracted).sum()
    assert ledger.cost_specialist_capacity == pytest.approx(contracted)
    assert ledger.cost_specialist == ledger.cost_specialist_capacity  # the form in force


def test_providers_follow_demand_unless_capacity_is_contracted():
    for contract, moves in (("per_hour", True), ("capacity", False)):
        model = bare_model(specialists__contract=contract)
        prov = model.providers
        prov.demand = prov.contracted * 1.5
        before = prov.capacity.copy()
        providers.adjust_capacity(prov, model.params, 0.0)
        assert (prov.capacity > before).any() == moves
        if not moves:
            assert np.allclose(prov.capacity, prov.contracted)


# --- discharge --------------------------------------------------------------------------

def test_discharge_rules():
    model = bare_model()
    s, params = model.residents, model.params
    s.care[0, FAMILY], s.severity[0, FAMILY] = IN_CARE, 0.1             # episode done
    s.care[1, FAMILY], s.severity[1, FAMILY] = IN_CARE, 0.5             # not yet
    s.care[2, PHYSICAL], s.severity[2, PHYSICAL] = IN_CARE, 0.35        # chronic, reviewed
    s.chronic[2, PHYSICAL], s.care_since[2, PHYSICAL] = True, 0
    s.care[3, PHYSICAL], s.severity[3, PHYSICAL] = IN_CARE, 0.35        # chronic, not due
    s.chronic[3, PHYSICAL], s.care_since[3, PHYSICAL] = True, 10
    s.care[4, MENTAL], s.severity[4, MENTAL] = RESIDENTIAL, 0.6         # steps down
    s.care[5, MENTAL], s.severity[5, MENTAL] = WAITING, 0.1             # leaves the list
    discharge.discharge(s, params, params.specialists.review_weeks, 0.4)
    assert s.care[0, FAMILY] == NO_CARE and s.care[1, FAMILY] == IN_CARE
    assert s.care[2, PHYSICAL] == NO_CARE and s.care[3, PHYSICAL] == IN_CARE
    assert s.care[4, MENTAL] == IN_CARE and s.care[5, MENTAL] == NO_CARE


# --- own strength, trust and wellbeing ---------------------------------------------------

def test_own_strength_follows_the_same_rules_in_and_out_of_care():
    model = bare_model()
    s, params = model.residents, model.params
    s.own_strength[:] = s.usual_strength[:] = 0.5
    zero = np.zeros(s.n, np.float32)
    worse = zero.copy()
    worse[:2] = 0.1
    s.care[0, MENTAL] = IN_CARE  # in care or not: the same loss for the same worsening
    experience.update_own_strength(s, Course(zero, zero, zero, worse), params)
    assert s.own_strength[0] == s.own_strength[1] < 0.5
    relief = zero.copy()
    relief[2] = relief[3] = 0.1
    experience.update_own_strength(s, Course(relief, zero, zero, zero), params)
    experience.update_own_strength(s, Course(zero, relief, zero, zero), params)
    gain_alone = params.own_strength.growth_on_relief * 0.1
    assert s.own_strength[2] - 0.5 == pytest.approx(
        gain_alone * (1 + params.own_strength.formal_credit), rel=0.05)


def test_distrust_fades_and_waiting_costs_trust():
    model = bare_model()
    s, params = model.residents, model.params
    s.usual_trust[:] = 0.6
    s.trust[:] = 0.2
    s.care[1, MENTAL] = WAITING
    experience.update_trust(s, params, np.zeros(s.n, bool))
    assert s.trust[0] > 0.2 and s.trust[1] < s.trust[0]


def test_wellbeing_harm_follows_severity_and_is_eased_by_met_need():
    model = bare_model()
    s, params = model.residents, model.params
    s.usual_wellbeing[:] = 8.0
    s.own_strength[:] = 1.0
    s.labels[:] = 0.0
    s.low_income[:] = False
    s.severity[1:3, MENTAL] = 0.7
    week = model.week_arrays
    week.need[:] = problems.need_hours(s, params)
    week.informal[2, MENTAL] = week.need[2, MENTAL]  # resident 2's need is met
    wellbeing.update_wellbeing(s, week, params)
    harm = params.wellbeing.harm_mental_health * 0.7
    assert s.wellbeing[0] - s.wellbeing[1] == pytest.approx(harm, rel=1e-4)
    assert s.wellbeing[2] - s.wellbeing[1] == pytest.approx(
        harm * params.wellbeing.relief_when_met, rel=1e-4)


def test_carer_burden_lowers_wellbeing():
    model = bare_model()
    s, params = model.residents, model.params
    s.burden[:] = 0.0
    s.burden[1] = 1.0
    s.usual_wellbeing[:2] = 8.0
    s.low_income[:2] = False
    s.own_strength[:2] = s.own_strength[0]
    wellbeing.update_wellbeing(s, model.week_arrays, params)
    assert s.wellbeing[0] - s.wellbeing[1] == pytest.approx(
        params.wellbeing.harm_carer_burden, rel=1e-4)
    assert N_DOMAINS == 8
