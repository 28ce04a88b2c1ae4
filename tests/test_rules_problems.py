"""Rule tests: problems, chronic course, need, and relief by hours (tiny hand-built states)."""

import numpy as np
import pytest

from tests.conftest import bare_model
from wijksim.sim import chronic, problems
from wijksim.sim.domains import FAMILY, INCOME, MENTAL, N_DOMAINS, PHYSICAL, WORK
from wijksim.sim.state import IN_CARE, Week


def test_children_have_no_debt_work_or_housing_problems():
    ok = problems.domain_ages(np.array([8, 15, 30, 70]))
    assert not ok[0, INCOME] and not ok[1, WORK] and ok[2, WORK] and not ok[3, WORK]
    assert ok[0, FAMILY] and ok[0, PHYSICAL]


def test_onset_draws_one_uniform_per_cell_whatever_the_state(tiny_model):
    model = tiny_model
    rng_a = np.random.default_rng(1)
    rng_b = np.random.default_rng(1)
    model.residents.severity[:5] = 0.5  # problems present: those cells cannot get a new onset
    problems.onset(model.residents, model.households, model.params,
                   np.zeros(model.residents.n, np.float32), rng_a)
    rng_b.random(model.residents.severity.shape, dtype=np.float32)
    assert rng_a.bit_generator.state == rng_b.bit_generator.state


def test_new_problems_only_where_there_was_none(tiny_model):
    model = tiny_model
    params = model.params
    s = model.residents
    s.severity[:, :] = 0.5
    s.severity[0, MENTAL] = 0.0
    before = s.severity.copy()
    for _ in range(200):
        problems.onset(s, model.households, params, np.zeros(s.n, np.float32),
                       np.random.default_rng(_))
        s.severity[:, :] = np.where(before > 0, 0.5, s.severity)
    changed = s.severity != before
    assert not changed[1:].any()


def test_need_hours_grow_with_severity_above_the_threshold(tiny_model):
    s, params = tiny_model.residents, tiny_model.params
    s.severity[0, PHYSICAL] = params.problems.need_threshold
    s.severity[1, PHYSICAL] = 1.0
    s.severity[2, PHYSICAL] = 0.65
    need = problems.need_hours(s, params)
    assert need[0, PHYSICAL] == 0.0
    assert need[1, PHYSICAL] == pytest.approx(60.0)
    assert 0 < need[2, PHYSICAL] < need[1, PHYSICAL]


def _week_with(model, hours_column, hours):
    week = Week.empty(model.residents.n)
    week.need[:] = problems.need_hours(model.residents, model.params)
    getattr(week, hours_column)[:, FAMILY] = hours
    return week


def test_relief_is_in_proportion_to_hours_given():
    model = bare_model(problems__natural_recovery=0.0, problems__worsening_unmet=0.0)
    s = model.residents
    relief = []
    for hours in (1.0, 2.0):
        s.severity[:] = 0.0
        s.severity[:, FAMILY] = 0.6
        problems.recover(s, _week_with(model, "specialist", hours), model.params, 0.6)
        relief.append(0.6 - float(s.severity[0, FAMILY]))
    assert relief[1] == pytest.approx(2 * relief[0], rel=1e-4)
    assert relief[0] == pytest.approx(model.params.specialists.effect_per_hour, rel=1e-4)


def test_being_in_care_without_hours_does_not_relieve():
    """Care counts only when given: a client with no hours this week gets no relief."""
    model = bare_model(problems__natural_recovery=0.0)
    s = model.residents
    s.severity[:, FAMILY] = 0.6
    s.care[:, FAMILY] = IN_CARE
    problems.recover(s, _week_with(model, "specialist", 0.0), model.params, 0.6)
    assert np.allclose(s.severity[:, FAMILY], 0.6)


def test_heavy_unmet_problems_worsen_in_proportion_to_what_is_unmet():
    model = bare_model(problems__natural_recovery=0.0)
    s, params = model.residents, model.params
    s.severity[:, MENTAL] = 0.8
    week = Week.empty(s.n)
    week.need[:] = problems.need_hours(s, params)
    week.informal[:, MENTAL] = week.need[:, MENTAL] * 0.5  # half met by the network
    week.informal[0, MENTAL] = 0.0  # resident 0: nothing met
    course = problems.recover(s, week, params, 0.6)
    worst = params.problems.worsening_unmet
    assert s.severity[0, MENTAL] == pytest.approx(0.8 + worst, rel=1e-4)
    assert s.severity[1, MENTAL] < 0.8 + worst
    assert course.worsening[0] == pytest.approx(worst, rel=1e-3)


def test_light_problems_do_not_worsen_without_help():
    model = bare_model(problems__natural_recovery=0.0)
    s = model.residents
    s.severity[:, WORK] = 0.4
    week = Week.empty(s.n)
    week.need[:] = problems.need_hours(s, model.params)
    problems.recover(s, week, model.params, 0.6)
    assert np.allclose(s.severity[:, WORK], 0.4)


def test_a_chronic_problem_is_relieved_less_and_does_not_recover_by_itself():
    model = bare_model()
    s = model.residents
    s.severity[:2, PHYSICAL] = 0.6
    s.chronic[0, PHYSICAL] = True
    week = Week.empty(s.n)
    week.specialist[:2, PHYSICAL] = 2.0
    problems.recover(s, week, model.params, 0.6)
    assert 0.6 - s.severity[0, PHYSICAL] < 0.6 - s.severity[1, PHYSICAL]
    week.specialist[:] = 0.0
    before = float(s.severity[0, PHYSICAL])
    problems.recover(s, week, model.params, 0.6)
    assert s.severity[0, PHYSICAL] == pytest.approx(before)


def test_other_problems_slow_relief():
    """Problems entangle: the same hours relieve less when the person has other problems."""
    model = bare_model(problems__natural_recovery=0.0, problems__worsening_unmet=0.0)
    s = model.residents
    s.severity[:2, FAMILY] = 0.6
    s.severity[1, [INCOME, MENTAL]] = 0.5
    week = Week.empty(s.n)
    week.specialist[:2, FAMILY] = 2.0
    problems.recover(s, week, model.params, 0.6)
    assert 0.6 - s.severity[1, FAMILY] < 0.6 - s.severity[0, FAMILY]


def test_relief_is_credited_to_its_source():
    model = bare_model(problems__natural_recovery=0.0, problems__worsening_unmet=0.0)
    s = model.residents
    s.severity[:3, FAMILY] = 0.6
    week = Week.empty(s.n)
    week.specialist[0, FAMILY] = 2.0
    week.generalist[1, FAMILY] = 2.0
    week.informal[2, FAMILY] = 2.0
    course = problems.recover(s, week, model.params, 0.6)
    assert course.relief_specialist[0] > 0 and course.relief_alone[0] == 0
    assert course.relief_generalist[1] > 0 and course.relief_specialist[1] == 0
    assert course.relief_alone[2] > 0


def test_chronic_course_ends_some_and_pulls_others_to_their_level(tiny_model):
    s, params = tiny_model.residents, tiny_model.params
    s.chronic[:, PHYSICAL] = True
    s.chronic_level[:, PHYSICAL] = 0.6
    s.severity[:, PHYSICAL] = 0.3
    u = np.full(s.severity.shape, 0.5, np.float32)
    u[0, PHYSICAL] = 0.0  # below any end hazard
    ended = chronic.course(s.severity, s.chronic, s.chronic_level, u, params)
    assert ended[0, PHYSICAL] and s.severity[0, PHYSICAL] == 0 and not s.chronic[0, PHYSICAL]
    pull = params.problems.chronic_pull * 0.3
    assert s.severity[1, PHYSICAL] == pytest.approx(0.3 + pull, rel=1e-4)


def test_settled_start_follows_onset_over_onset_plus_end():
    """At the start, chronic prevalence by age is onset / (onset + end) of that age."""
    from wijksim.sim import Params

    params = Params()
    age = np.full(200_000, 85, np.int16)
    low = np.zeros(age.size, bool)
    _, is_chronic, _ = chronic.settled_start(age, low, params, np.random.default_rng(2))
    hazard = chronic.hazards_per_year(age[:1], low[:1], np.array([0.15 + 0.25]), params)[0]
    expected = hazard / (hazard + params.problems.chronic_end_per_year)
    assert is_chronic[:, PHYSICAL].mean() == pytest.approx(expected[PHYSICAL], abs=0.01)
    assert N_DOMAINS == 8


def test_physical_hazard_table_is_the_hazard_at_each_age():
    """The weekly onset looks the physical hazard up by age: the same numbers as the rule."""
    from wijksim.sim.params import Params

    params = Params()
    table = chronic.physical_by_age(99, params)
    ages = np.arange(100, dtype=np.int16)
    direct = chronic.hazards_per_year(ages, np.zeros(100, bool), np.zeros(100), params)
    assert np.array_equal(table.astype(np.float32), direct[:, PHYSICAL])
    assert table[85] > table[60] > table[30] > 0.0  # frailty rises with age
