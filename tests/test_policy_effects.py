"""Directional policy effects on shared seeds, only where the evidence is clear.

Each test compares a policy with the baseline on the same seeds and averages over a few seeds;
the mechanisms, not the test, decide the size of the effect.
"""

import numpy as np
import pytest

from tests.conftest import small_params
from wijksim.analysis.summary import summarise_run
from wijksim.sim import run

SEEDS = (1, 2, 3)
WEEKS = 156


def _mean_outcome(changes: dict, name: str) -> float:
    values = [summarise_run(run(small_params(population__n_residents=2000, **changes),
                                weeks=WEEKS, seed=seed))[name] for seed in SEEDS]
    return float(np.mean(values))


@pytest.fixture(scope="module")
def baseline_summaries():
    """Baseline summaries per seed (shared by the tests below)."""
    return {seed: summarise_run(run(small_params(population__n_residents=2000), weeks=WEEKS,
                                    seed=seed)) for seed in SEEDS}


def _baseline_mean(baseline_summaries, name):
    return float(np.mean([summary[name] for summary in baseline_summaries.values()]))


def test_generalists_cut_coordination_per_multi_problem_household(baseline_summaries):
    """Rotterdam 2016 / Maastricht: one plan per household means less coordination per
    multi-problem household in care (the plan holder is the hub)."""
    teams = {"generalists__enabled": True, "generalists__shifted_specialists": 0.3}
    assert (_mean_outcome(teams, "coordination_per_mph")
            < _baseline_mean(baseline_summaries, "coordination_per_mph"))


def test_a_budget_cut_binds_saves_money_and_leaves_more_need_unmet(baseline_summaries):
    """A cut of the budget (not of staff) binds through the municipality's measures: public cost
    falls and more need goes unmet, while the need itself is unchanged."""
    cut = {"municipality__budget_cut": 0.25}
    assert (_mean_outcome(cut, "budget_binding")
            > max(0.5, _baseline_mean(baseline_summaries, "budget_binding") + 0.3))
    assert _mean_outcome(cut, "cost_total") < 0.85 * _baseline_mean(baseline_summaries,
                                                                      "cost_total")
    assert (_mean_outcome(cut, "unmet_need_hours")
            > _baseline_mean(baseline_summaries, "unmet_need_hours"))


def test_rationing_by_network_makes_people_hide_it(baseline_summaries):
    """Eigen Kracht ontkracht (2014): when a visible network costs entitlement, people hide it,
    and their networks are asked for more hours."""
    rationing = {"municipality__network_rationing": 0.8,
                 "municipality__network_appeal_hours": 8.0}
    assert _baseline_mean(baseline_summaries, "share_hiding_network") == 0.0
    assert _mean_outcome(rationing, "share_hiding_network") > 0.0
    assert (_mean_outcome(rationing, "informal_hours")
            > _baseline_mean(baseline_summaries, "informal_hours"))


def test_respite_and_support_lower_carer_overload(baseline_summaries):
    """Respite takes hours over, so fewer carers are overloaded (the mechanism: burden follows
    the load; the size of the support effect is an assumption)."""
    assert (_mean_outcome({"carer_support__enabled": True}, "share_carers_overloaded")
            < _baseline_mean(baseline_summaries, "share_carers_overloaded"))
