"""Rule tests: the budget, yearly measurement, volunteering, income loss and every policy
component (tiny hand-built states)."""

import numpy as np
import pytest

from tests.conftest import bare_model
from wijksim.sim import income_loss, problems, volunteering
from wijksim.sim.budget import Budget, new_year, settle_week
from wijksim.sim.domains import FAMILY, INCOME, ISOLATION, MENTAL, PHYSICAL
from wijksim.sim.indication import Decision
from wijksim.sim.policies.buddies import stochastic_count
from wijksim.sim.state import (
    IN_CARE,
    NEVER,
    NO_CARE,
    SELF_EMPLOYED,
    WAITING,
    Week,
    WeekLedger,
)
from wijksim.sim.yearly import YearTracker, laws_used, multi_problem, record_week, yearly_outcomes

# --- the budget ----------------------------------------------------------------------------


def _budget_at_week_zero(model, spent_last_year):
    budget = Budget(started=True, spent_this_year=spent_last_year, budget_this_year=0.0)
    new_year(budget, model.providers, model.params, 0, 0.6)
    return budget


def test_the_budget_is_set_at_week_zero_and_a_cut_lowers_it():
    model = bare_model(municipality__budget_cut=0.25)
    budget = _budget_at_week_zero(model, 1000.0)
    assert budget.base == pytest.approx(1050.0)
    assert budget.year_budget == pytest.approx(1050.0 * 0.75)
    later = Budget(started=True, spent_this_year=5000.0, budget_this_year=5000.0,
                   base=budget.base)
    new_year(later, model.providers, model.params, 52, 0.6)
    assert later.base == budget.base  # fixed from week 0, whatever is spent later


def test_nothing_binds_before_a_budget_is_set():
    model = bare_model()
    budget = Budget()
    new_year(budget, model.providers, model.params, -52, 0.6)
    settle_week(budget, 1e9, model.params, 10)
    assert not budget.binding


def test_overspending_tightens_in_proportion_and_step_by_step():
    model = bare_model(municipality__indication_gain=1.0, municipality__indication_step=0.01)
    budget = _budget_at_week_zero(model, 52_000.0)  # weekly budget 1,050
    for week in range(30):
        settle_week(budget, 1.5 * 1050.0, model.params, week)
    assert budget.ceiling and budget.binding
    assert budget.tightening == pytest.approx(min(30 * 0.01, budget.forecast_over), abs=1e-9)
    for week in range(30, 52):
        settle_week(budget, 0.5 * 1050.0, model.params, week)
    assert budget.tightening < 0.3


def test_a_stop_on_indications_late_in_the_year():
    model = bare_model(municipality__late_year_stop=True, municipality__late_year_week=40)
    budget = _budget_at_week_zero(model, 52_000.0)
    for week in range(41):
        settle_week(budget, 1.2 * 1050.0, model.params, week)
    assert budget.stop


def test_tariffs_fall_after_a_year_over_budget():
    model = bare_model()
    budget = Budget(started=True, spent_this_year=1100.0, budget_this_year=1000.0, base=1000.0)
    new_year(budget, model.providers, model.params, 52, 0.6)
    mun = model.params.municipality
    assert model.providers.tariff_level == pytest.approx(
        1 - min(mun.max_tariff_cut, mun.tariff_cut_per_overspend * 0.1))


def test_under_a_capacity_contract_overspending_buys_less_capacity():
    model = bare_model(specialists__contract="capacity")
    before = model.providers.contracted.copy()
    budget = Budget(started=True, spent_this_year=1100.0, budget_this_year=1000.0, base=1000.0)
    new_year(budget, model.providers, model.params, 52, 0.5)
    assert np.allclose(model.providers.contracted, before * (1 - 0.1 / 0.5))
    assert model.providers.tariff_level == 1.0


# --- yearly measurement ---------------------------------------------------------------------

def _one_year(model, given, volunteer=None):
    s, hh = model.residents, model.households
    tracker = YearTracker.start(s.n, hh.n)
    week = Week.empty(s.n)
    for w in range(52):
        record_week(tracker, s, hh, week, given(w), volunteer if volunteer is not None
                    else np.zeros(s.n, np.float32), np.zeros(s.n), np.zeros(hh.n, bool))
    return yearly_outcomes(tracker, s, hh)


def test_carers_are_counted_over_the_year_by_the_cbs_definition():
    model = bare_model(n=400)
    s = model.residents
    adults = np.flatnonzero(s.age >= 16)
    a, b, c = adults[:3]

    def given(week):
        g = np.zeros(s.n, np.float32)
        g[a] = 2.0 if week < 20 else 0.0        # 20 weeks: long enough
        g[b] = 10.0 if week < 4 else 0.0        # 4 weeks, intensive: counts
        g[c] = 1.0 if week % 13 == 0 else 0.0   # now and then: broad only
        return g

    out = _one_year(model, given)
    n_adults = adults.size
    assert out["carers_year"] == pytest.approx(3 / n_adults)
    assert out["carers_cbs_year"] == pytest.approx(2 / n_adults)
    assert out["carers_intensive_year"] == pytest.approx(1 / 3)


def test_volunteers_are_counted_over_the_year():
    model = bare_model(n=400)
    s = model.residents
    volunteer = np.zeros(s.n, np.float32)
    teens = np.flatnonzero(s.age >= 15)
    volunteer[teens[:10]] = 4.5
    out = _one_year(model, lambda w: np.zeros(s.n, np.float32), volunteer)
    assert out["volunteers_year"] == pytest.approx(10 / teens.size)
    assert out["volunteer_hours_per_volunteer"] == pytest.approx(4.5)


def test_laws_of_care_used():
    formal = np.array([0, 1 << MENTAL, (1 << MENTAL) | (1 << FAMILY), 1 << INCOME], np.uint8)
    laws = laws_used(formal)
    assert list(np.bitwise_count(laws)) == [0, 1, 2, 1]


def test_a_multi_problem_household_has_children_three_domains_family_and_a_heavy_one():
    model = bare_model(n=400)
    s, hh = model.residents, model.households
    child = int(np.flatnonzero(s.age < 12)[0])
    family = np.flatnonzero(s.household == s.household[child])
    parent = family[family != child][0]
    need, heavy = model.params.problems.need_threshold, model.params.problems.heavy_threshold
    s.severity[child, FAMILY] = 0.5
    s.severity[parent, [INCOME, MENTAL]] = 0.5
    assert not multi_problem(s, hh, need, heavy).any()  # nothing heavy yet
    s.severity[parent, MENTAL] = 0.8
    flagged = multi_problem(s, hh, need, heavy)
    assert flagged.sum() == 1 and flagged[s.household[child]]


# --- volunteering and income lost through illness -------------------------------------------

def test_volunteering_settles_at_each_resident_s_propensity():
    model = bare_model(n=20_000)
    s = model.residents
    s.volunteer[:] = 0
    rng = np.random.default_rng(4)
    for _ in range(52 * 15):
        volunteering.update(s, model.params, rng)
    adults = s.age >= 15
    share = (s.volunteer[adults] > 0).mean()
    assert share == pytest.approx(s.volunteer_propensity[adults].mean(), abs=0.02)
    high = adults & (s.education == 2)
    low = adults & (s.education == 0)
    assert (s.volunteer[high] > 0).mean() > (s.volunteer[low] > 0).mean() + 0.15


def test_a_shock_to_volunteering_shrinks_the_pool():
    model = bare_model(n=5000, volunteering__shock=0.3)
    s = model.residents
    before = (s.volunteer > 0).mean()
    rng = np.random.default_rng(4)
    for _ in range(52):
        volunteering.update(s, model.params, rng)
    assert (s.volunteer > 0).mean() < before * 0.85


def test_only_the_uninsured_uncovered_ill_self_employed_lose_income():
    model = bare_model()
    s, params = model.residents, model.params
    s.work[:4] = SELF_EMPLOYED
    s.insured[:4] = [False, True, False, False]
    s.severity[:3, PHYSICAL] = 0.8
    s.ill_weeks[:4] = income_loss.BUFFER_WEEKS + 1
    covered = np.zeros(s.n, np.float32)
    covered[2] = 1.0
    income_loss.lose_income(s, params, covered)
    assert s.severity[0, INCOME] > 0
    assert s.severity[1, INCOME] == 0 and s.severity[2, INCOME] == 0 and s.severity[3, INCOME] == 0


# --- policies ---------------------------------------------------------------------------

def _step_until(model, hook):
    """Run hooks of a policy on a hand-built week."""
    return model.policy(hook)


def test_teams_take_the_front_door_and_refer_sooner_when_overloaded():
    model = bare_model(n=400, generalists__enabled=True)
    teams = model.policy("generalist teams")
    asks = np.zeros(model.residents.severity.shape, bool)
    asks[0, MENTAL] = True
    left = teams.front_door(model, asks)
    assert not left.any()
    hh = model.residents.household[0]
    assert model.households.team_since[hh] == model.week  # taken on (room in the caseload)
    calm, busy = teams.referral_limit(model, 0.5), teams.referral_limit(model, 2.0)
    assert busy < calm
    assert teams.referral_limit(model, 10.0) >= model.params.indication.eligibility_threshold


def test_a_team_referral_is_an_indication_and_labels():
    model = bare_model(n=400, generalists__enabled=True)
    s = model.residents
    hh = s.household[0]
    model.households.team_since[hh] = 0
    s.severity[0, MENTAL] = 0.9
    model.week_arrays.need[:] = problems.need_hours(s, model.params)
    model.policy("generalist teams").refer(model)
    assert s.care[0, MENTAL] in (WAITING, 3) and s.labels[0] == 1
    assert model.ledger.referrals == 1


def test_teams_are_paid_whatever_their_hours_are_spent_on():
    model = bare_model(n=1000, generalists__enabled=True)
    teams = model.policy("generalist teams")
    model.ledger = WeekLedger()
    teams.deliver(model)  # no households at all
    assert model.ledger.generalist_direct_hours == 0
    assert model.ledger.cost_generalist == pytest.approx(
        teams.hours(model) * model.params.generalists.cost_per_hour)


def test_team_hours_go_to_needs_no_specialist_works_on():
    model = bare_model(n=400, generalists__enabled=True)
    s = model.residents
    model.households.team_since[s.household[0]] = 0
    s.severity[0, [MENTAL, FAMILY]] = 0.6
    s.care[0, FAMILY] = IN_CARE
    model.week_arrays.need[:] = problems.need_hours(s, model.params)
    model.policy("generalist teams").deliver(model)
    assert model.week_arrays.generalist[0, MENTAL] > 0
    assert model.week_arrays.generalist[0, FAMILY] == 0


def test_network_rationing_denies_visible_networks_and_teaches_hiding():
    model = bare_model(n=400, municipality__network_rationing=1.0,
                       municipality__network_appeal_hours=6.0, help_seeking__hide_learning=1.0)
    s = model.residents
    rows = np.arange(20)
    decision = Decision(rows, np.full(20, MENTAL), np.ones(20, bool), np.zeros(20, bool))
    model.assessment_draws = np.zeros((2, s.n), np.float32)
    visible = ~s.hides_network[rows].copy()
    from wijksim.sim.network import has_nobody
    visible &= ~has_nobody(s, model.params)[rows]
    model.policy("network rationing").assess(model, decision)
    assert (decision.granted == ~visible).all()
    assert (s.appeal_hours[rows[visible]] == 6.0).all() and s.hides_network[rows[visible]].all()


def test_a_conference_plan_fades_with_its_half_life():
    model = bare_model(n=400, conferences__enabled=True, conferences__plan_half_life=13.0)
    s = model.residents
    s.plan_strength[:] = 1.0
    conferences = model.policy("family group conferences")
    for _ in range(13):
        conferences.civic(model)
    assert s.plan_strength[0] == pytest.approx(0.5, rel=1e-4)


def test_centres_scale_with_the_residents_they_serve():
    costs = []
    for n in (1000, 4000):
        model = bare_model(n=n)
        model.ledger = WeekLedger()
        model.centres.civic(model)
        costs.append(model.ledger.cost_civic / n)
    assert costs[0] == pytest.approx(costs[1], rel=1e-9)


def test_a_self_managed_centre_runs_on_volunteers():
    model = bare_model(n=2000, community_centre__mode="self_managed")
    s = model.residents
    s.volunteer[:] = 0
    model.centres.civic(model)
    no_volunteers = float(model.centres.quality[0])
    s.volunteer[: 400] = 2  # centre volunteers
    model.centres.civic(model)
    assert model.centres.quality[0] > no_volunteers


def test_centre_visits_ease_loneliness_and_add_contact():
    model = bare_model(n=1000, community_centre__visit_per_week=1.0)
    s = model.residents
    s.severity[:, ISOLATION] = 0.5
    model.centres.civic(model)
    visited = s.severity[:, ISOLATION] < 0.5
    share = visited.mean()
    assert share == pytest.approx(float(model.centres.quality[0]), abs=0.06)  # chance x running
    assert (s.contact[visited] > 0).all() and (s.contact[~visited] == 0).all()


def test_a_circle_pays_pro_rata_when_its_fund_runs_short():
    model = bare_model(n=3000, mutual_aid__enabled=True, mutual_aid__join_share=1.0)
    circles = model.policy("mutual-aid circles")
    assert circles.circles
    circle = circles.circles[0]
    s = model.residents
    ill = circle.members[:3]
    s.severity[ill, PHYSICAL] = 0.9
    s.ill_weeks[ill] = model.params.mutual_aid.waiting_weeks + 1
    ma = model.params.mutual_aid
    weekly_payout = ma.payout_per_month * 12 / 52
    circle.fund = 1.5 * weekly_payout - ma.deposit_per_month * 12 / 52 * circle.members.size
    circles.civic(model)
    assert circles.covered[ill] == pytest.approx(np.full(3, 0.5), rel=1e-6)
    assert circle.fund == pytest.approx(0.0, abs=1e-6)


def test_buddy_networks_come_in_expected_numbers():
    rng = np.random.default_rng(0)
    counts = [stochastic_count(0.5, rng) for _ in range(4000)]
    assert np.mean(counts) == pytest.approx(0.5, abs=0.03)


def test_carer_support_takes_hours_over_and_costs_money():
    model = bare_model(n=400, carer_support__enabled=True, carer_support__reach=1.0)
    s = model.residents
    s.burden[:5] = 0.9
    s.informal_given[:5] = 20.0
    model.ledger = WeekLedger()
    model.policy("carer support").deliver(model)
    cs = model.params.carer_support
    assert s.supported[:5].all() and not s.supported[5:].any()
    assert (model.week_arrays.respite[:5] == cs.respite_hours).all()
    assert model.ledger.cost_carer_support == pytest.approx(
        5 * cs.respite_hours * cs.respite_tariff + 5 * cs.cost_per_carer_per_year / 52)


def test_policies_that_stop_let_go():
    model = bare_model(n=400, generalists__enabled=True)
    model.households.team_since[:3] = 0
    params = model.params.model_copy(update={
        "generalists": model.params.generalists.model_copy(update={"enabled": False})})
    model._apply(params)
    assert (model.households.team_since == NEVER).all()
    assert NO_CARE == 0
