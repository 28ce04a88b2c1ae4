"""Problems in the life domains: onset that clusters, the need for help, and the course.

Acute problems appear, are relieved by hours of help actually given (formal or informal, in
proportion to the hours), recover slowly by themselves with own strength, and — when heavy and
left unmet — get worse. Being on a caseload or a waiting list does nothing by itself: only hours
count. Chronic problems follow :mod:`sim.chronic`.

All rules are whole-population array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import chronic
from sim.domains import (
    CHILD_ONSET_WEIGHT,
    FAMILY,
    HAS_RESIDENTIAL,
    HOURS_AT_WORST,
    HOUSING,
    INCOME,
    INFORMAL_FIT,
    ISOLATION,
    JUSTICE,
    MENTAL,
    N_DOMAINS,
    ONSET_WEIGHT,
    PHYSICAL,
    WORK,
)
from sim.params import Params
from sim.state import HH_SINGLE_PARENT, HouseholdState, ResidentState, Week, row_counts, row_sums

WEEKS_PER_YEAR = 52
RESOLVED = 0.02  # severity below which a problem is gone


def domain_ages(age: np.ndarray) -> np.ndarray:
    """Which domains can hold a problem at each age (boolean, n x domains).

    Children have no debt, work or housing problems of their own; justice and loneliness start
    in adolescence.
    """
    ok = np.ones((age.shape[0], N_DOMAINS), bool)
    adult = age >= 18
    ok[:, INCOME] = adult
    ok[:, HOUSING] = adult
    ok[:, WORK] = (age >= 16) & (age < 67)
    ok[:, JUSTICE] = age >= 12
    ok[:, ISOLATION] = age >= 12
    return ok


def person_risk(state: ResidentState, households: HouseholdState, params: Params,
                threshold: float) -> np.ndarray:
    """Multiplier of the acute onset hazard.

    Vulnerability, income, single parenthood, problems already present (own and household)
    and own strength.
    """
    prob = params.problems
    active = row_counts(state.severity >= threshold)
    household_active = np.bincount(state.household, weights=active, minlength=households.n)
    others = household_active[state.household] - active
    single_parent = households.kind[state.household] == HH_SINGLE_PARENT
    risk = (state.vulnerability * np.where(state.low_income, prob.low_income_multiplier, 1.0)
            * np.where(single_parent, prob.single_parent_multiplier, 1.0)
            * (1.0 + prob.clustering * active)
            * (1.0 + prob.household_spillover * others)
            * (1.5 - state.own_strength))
    return risk.astype(np.float32)


def onset(state: ResidentState, households: HouseholdState, params: Params,
          lonely_risk: np.ndarray, rng: np.random.Generator) -> int:
    """Chronic course, then new acute and chronic problems.

    One uniform per resident and domain every week, whatever the state (stream alignment): a
    chronic cell uses it for its course, a cell without a problem for onset — acute if it falls
    below the acute hazard, chronic if it falls in the next interval of the chronic hazard.
    Carer burden raises the hazard of physical and mental problems. Returns the number of new
    problems.
    """
    prob = params.problems
    u = rng.random(state.severity.shape, dtype=np.float32)
    ended = chronic.course(state.severity, state.chronic, state.chronic_level, u, params)
    risk = person_risk(state, households, params, prob.need_threshold)
    weight = np.where((state.age < 18)[:, None], CHILD_ONSET_WEIGHT, ONSET_WEIGHT)
    acute = (prob.onset_per_year / WEEKS_PER_YEAR) * risk[:, None] * weight
    strain = 1.0 + prob.burden_health_effect * state.burden
    acute[:, PHYSICAL] *= strain
    acute[:, MENTAL] *= strain
    lasting = chronic.hazards_per_year(state.age, state.low_income, lonely_risk,
                                       params) / WEEKS_PER_YEAR
    lasting[:, PHYSICAL] *= strain
    lasting[:, MENTAL] *= strain
    free = (state.severity == 0.0) & ~ended & domain_ages(state.age)
    new_acute = free & (u < acute)
    new_chronic = free & ~new_acute & (u < acute + lasting)
    # u / hazard is uniform on (0, 1) given onset: reuse it for the severity (no extra draws)
    scaled = u / np.maximum(acute, 1e-12)
    level = np.minimum(1.0, 2.0 * prob.severity_mean * scaled)
    state.severity[new_acute] = np.maximum(level[new_acute], 2 * RESOLVED)
    if new_chronic.any():
        rows = np.flatnonzero(row_counts(new_chronic))
        share = (u[rows] - acute[rows]) / np.maximum(lasting[rows], 1e-12)
        levels = chronic.levels(state.age[rows], np.clip(share, 0.0, 1.0), params)
        cells = new_chronic[rows]
        state.chronic_level[rows] = np.where(cells, levels, state.chronic_level[rows])
        state.severity[rows] = np.where(cells, levels, state.severity[rows])
        state.chronic[rows] |= cells
    return int(new_acute.sum() + new_chronic.sum())


def need_hours(state: ResidentState, params: Params) -> np.ndarray:
    """Hours of help needed per resident and domain, from severity above the need threshold."""
    threshold = np.float32(params.problems.need_threshold)
    excess = np.maximum(state.severity - threshold, 0.0) / (1.0 - threshold)
    return (excess * HOURS_AT_WORST).astype(np.float32)


def residential_need(state: ResidentState, params: Params) -> np.ndarray:
    """Problems so heavy that they need residential care (youth, mental health, housing)."""
    return (state.severity >= params.problems.residential_threshold) & HAS_RESIDENTIAL


@dataclass
class Course:
    """What the week's course did, per resident: relief by source and worsening."""

    relief_alone: np.ndarray       # natural recovery and informal care
    relief_specialist: np.ndarray
    relief_generalist: np.ndarray
    worsening: np.ndarray


def recover(state: ResidentState, week: Week, params: Params, depth: float) -> Course:
    """Relief in proportion to hours given, natural recovery, and worsening of unmet needs.

    ``depth`` is the effect of a generalist hour relative to a specialist hour. A chronic problem
    is relieved less per hour (care meets its need more than it cures it) and does not recover
    by itself. Each other problem of the same person slows all relief (problems entangle). A
    heavy problem gets worse in proportion to the share of its need left unmet.
    """
    prob, sp = params.problems, params.specialists
    before = state.severity.copy()
    per_hour = np.where(state.chronic, np.float32(sp.effect_per_hour * sp.chronic_effect),
                        np.float32(sp.effect_per_hour))
    residential = np.where(week.residential, np.float32(sp.max_direct_hours), 0.0)
    by_specialist = per_hour * (week.specialist + residential)
    by_generalist = per_hour * np.float32(depth) * week.generalist
    by_informal = per_hour * np.float32(params.informal_care.depth) * INFORMAL_FIT * week.informal
    natural = np.where(state.chronic | (before == 0.0), 0.0,
                       np.float32(prob.natural_recovery) * state.own_strength[:, None])
    unmet_share = np.where(week.need > 0, week.unmet() / np.maximum(week.need, 1e-9), 0.0)
    worsening = np.where(before >= prob.heavy_threshold,
                         np.float32(prob.worsening_unmet) * unmet_share, 0.0)
    others = row_counts(before >= prob.need_threshold).astype(np.float32)
    slowed = 1.0 / (1.0 + np.float32(prob.entanglement) * np.maximum(others - 1.0, 0.0))
    by_specialist *= slowed[:, None]
    by_generalist *= slowed[:, None]
    by_informal *= slowed[:, None]
    natural *= slowed[:, None]
    relief = by_specialist + by_generalist + by_informal + natural
    after = np.clip(before - relief + worsening, 0.0, 1.0)
    after = np.where(state.chronic, np.maximum(after, chronic.CHRONIC_FLOOR),
                     np.where(after < RESOLVED, 0.0, after))
    state.severity[:] = after
    # credit each source with its share of what was actually relieved
    relieved = np.maximum(before + worsening - after, 0.0)
    share = relieved / np.maximum(relief, 1e-9)
    return Course(relief_alone=row_sums(share * (natural + by_informal)),
                  relief_specialist=row_sums(share * by_specialist),
                  relief_generalist=row_sums(share * by_generalist),
                  worsening=row_sums(np.maximum(after - before, 0.0)))


__all__ = ["FAMILY", "onset", "need_hours", "recover", "residential_need", "domain_ages"]
