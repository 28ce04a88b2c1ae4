"""Whole-model runs: invariants, determinism, and common random numbers."""

import numpy as np
import pandas as pd
import pytest

from sim import OUTCOMES, Params, Timeline, WijkModel, run
from sim.outcomes import COST_CATEGORIES
from sim.params import with_changes
from tests.conftest import small_params

ALL_ON = {"generalists__enabled": True, "conferences__enabled": True,
          "mutual_aid__enabled": True, "buddies__enabled": True,
          "community_centre__mode": "self_managed", "municipality__network_rationing": 0.5,
          "municipality__network_appeal_hours": 6.0}


@pytest.fixture(scope="module")
def policy_run():
    """Two years with every mechanism switched on, stepped by hand to check state each week."""
    model = WijkModel(small_params(**ALL_ON), seed=5)
    states = []
    for _ in range(104):
        model.step()
        states.append(_check_state(model))
    return model, states


def _check_state(model):
    s = model.residents
    return {
        "severity_ok": bool(((s.severity >= 0) & (s.severity <= 1)).all()),
        "hours_ok": bool(min(s.formal_hours.min(), s.informal_given.min(),
                             s.informal_received.min(), s.unmet_hours.min()) >= 0),
        "ties_ok": bool(((s.tie_strength >= 0) & (s.tie_strength <= 1)).all()),
        "strength_ok": bool(((s.own_strength >= 0) & (s.own_strength <= 1)).all()),
        "fund_ok": all(circle.fund >= 0 for circle in model.circles),
        "caseload_ok": bool((np.bincount(s.specialist[s.specialist >= 0],
                                         minlength=model.workforce.n_specialists)
                             <= model.workforce.spec_cap).all()),
        "given_ok": bool((s.informal_given <= model.params.informal_care.carer_capacity
                          + 1e-3).all()),
    }


def test_state_stays_within_bounds(policy_run):
    """No negative hours, severities and strengths in [0, 1], funds never negative, caseloads
    never exceeded, no carer gives more than their capacity."""
    _, states = policy_run
    failed = {key for state in states for key, ok in state.items() if not ok}
    assert not failed


def test_people_are_conserved(policy_run):
    """Nobody appears or disappears: residents, their agents and households stay the same."""
    model, _ = policy_run
    table = model.datacollector.get_model_vars_dataframe()
    assert (table["residents"] == 400).all()
    assert len(model.resident_agents) == model.residents.n == 400
    assert model.households.size.sum() == 400


def test_costs_add_up(policy_run):
    """Total cost is the sum of the categories each week; the budget balance is the running
    sum of budget minus spending."""
    model, _ = policy_run
    table = model.datacollector.get_model_vars_dataframe()
    parts = table[list(COST_CATEGORIES)].sum(axis=1)
    assert np.allclose(parts, table["cost_total"])
    assert (table[list(COST_CATEGORIES)] >= 0).all().all()
    mun = model.params.municipality
    weekly_budget = mun.budget_per_resident * 400 * (1 - mun.budget_cut) / 52
    expected = (weekly_budget - table["cost_total"].iloc[1:]).cumsum().iloc[-1]
    assert table["budget_balance"].iloc[-1] == pytest.approx(expected, rel=1e-9)


def test_every_mechanism_did_something(policy_run):
    """With everything on, each institution acts at least once in two years."""
    model, _ = policy_run
    table = model.datacollector.get_model_vars_dataframe()
    for name in ("cost_generalist", "cost_conferences", "cost_civic", "informal_hours",
                 "volunteer_hours", "referrals", "conferences_held"):
        assert table[name].sum() > 0, name


def test_shadow_price_is_not_in_costs(policy_run):
    """Informal care has a shadow value, shown apart, never inside the total."""
    model, _ = policy_run
    table = model.datacollector.get_model_vars_dataframe()
    assert table["informal_shadow_value"].sum() > 0
    assert np.allclose(table[list(COST_CATEGORIES)].sum(axis=1), table["cost_total"])


def test_same_seed_same_result_bit_for_bit():
    """One seed, one result: identical tables."""
    params = small_params(**ALL_ON)
    a, b = run(params, weeks=30, seed=11), run(params, weeks=30, seed=11)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    c = run(params, weeks=30, seed=12)
    assert not a.equals(c)


def test_outcomes_are_all_collected():
    """Every declared outcome is a column, one row per week plus the start."""
    table = run(small_params(), weeks=5, seed=1)
    assert list(table.columns) == ["week"] + [o.name for o in OUTCOMES]
    assert len(table) == 6


def test_policy_from_year_two_leaves_year_one_untouched():
    """Common random numbers: a policy that starts at week 52 gives the baseline's year one,
    bit for bit, and differs after."""
    base = small_params()
    cut = with_changes(base, {"municipality.budget_cut": 0.3, "generalists.enabled": True})
    baseline = run(base, weeks=70, seed=4)
    policy = run(Timeline(((0, base), (52, cut))), weeks=70, seed=4)
    pd.testing.assert_frame_equal(baseline.iloc[:53], policy.iloc[:53], check_exact=True)
    assert not baseline.iloc[53:].equals(policy.iloc[53:])


def test_same_population_whatever_the_policy():
    """The starting neighbourhood depends on the seed, not on the policy switched on."""
    a = WijkModel(small_params(), seed=9).residents
    b = WijkModel(small_params(**ALL_ON), seed=9).residents
    for column in ("household", "x", "y", "age", "education", "severity", "ties"):
        assert np.array_equal(getattr(a, column), getattr(b, column)), column


def test_string_seed_is_refused():
    """The GUI gives strings; the model refuses them rather than silently changing the run."""
    with pytest.raises(TypeError, match="seed"):
        WijkModel(Params(), seed="42")


def test_resident_handles_read_the_columns():
    """Resident agents are thin handles: what they report is the column value."""
    model = WijkModel(small_params(), seed=2)
    model.step()
    agent = model.resident_agents[17]
    assert agent.wellbeing == pytest.approx(float(model.residents.wellbeing[17]))
    assert agent.cell.coordinate == agent.coordinate


def test_a_staff_cut_keeps_waiting_times_honest():
    """Clients put back on the list by a cut have waited since the cut, not since week 0."""
    base = small_params(population__n_residents=1000)
    cut = with_changes(base, {"municipality.budget_cut": 0.5})
    model = WijkModel(Timeline(((0, base), (40, cut))), seed=3)
    for _ in range(41):
        model.step()
    waiting = model.residents.waiting_since[model.residents.waiting_since >= 0]
    assert waiting.size and model.week - waiting.min() <= 41 - 1
    assert model.latest["waiting_weeks"] < 40


def test_appeals_to_the_network_end_when_the_need_ends():
    """Nobody keeps receiving appeal hours without a need."""
    params = small_params(municipality__network_rationing=1.0,
                          municipality__network_appeal_hours=10.0)
    model = WijkModel(params, seed=6)
    for _ in range(60):
        model.step()
    s = model.residents
    assert (s.appeal_hours[s.need_hours <= 0] == 0).all()


def test_finished_models_are_freed():
    """A model that is no longer referenced is freed (Mesa 3.3.1's agent-id table would keep
    every model alive; a long sweep in one worker must not grow)."""
    import gc
    import weakref

    model = WijkModel(small_params(generalists__enabled=True, buddies__enabled=True), seed=1)
    model.step()
    ids = [agent.unique_id for agent in model.agents]
    assert len(ids) == len(set(ids))
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("stream", ["onset", "help_seeking", "assessment", "informal_care",
                                    "carers", "community"])
def test_shared_streams_stay_aligned_whatever_the_policy(stream):
    """Every week draws the same amount from the shared streams whatever the policy, so a
    baseline and a policy run on one seed keep using the same random numbers for the same
    residents (only policy-specific streams such as conferences or services may differ)."""
    base = WijkModel(small_params(), seed=8)
    policy = WijkModel(small_params(**ALL_ON, municipality__budget_cut=0.3), seed=8)
    for _ in range(30):
        base.step()
        policy.step()
    assert (base.streams[stream].bit_generator.state
            == policy.streams[stream].bit_generator.state)
