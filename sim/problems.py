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

from wijksim.sim import chronic
from wijksim.sim.domains import (
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
from wijksim.sim.jit import inline, jit
from wijksim.sim.params import Params
from wijksim.sim.state import (
    HH_SINGLE_PARENT,
    HouseholdState,
    ResidentState,
    Week,
    rows_or_all,
)

WEEKS_PER_YEAR = 52
RESOLVED = 0.02  # severity below which a problem is gone


@jit
def domain_allowed(age, domain):  # pragma: no cover - compiled
    """Whether a person of ``age`` can have a problem in ``domain``.

    Children have no debt, work or housing problems of their own; justice and loneliness start
    in adolescence; work problems end at retirement.
    """
    if domain == INCOME or domain == HOUSING:
        return age >= 18
    if domain == WORK:
        return 16 <= age < 67
    if domain == JUSTICE or domain == ISOLATION:
        return age >= 12
    return True


def domain_ages(age: np.ndarray) -> np.ndarray:
    """Which domains can hold a problem at each age (boolean, n x domains)."""
    ok = np.zeros((age.shape[0], N_DOMAINS), bool)
    _domain_ages(age, ok)
    return ok


@jit
def _domain_ages(age, ok):  # pragma: no cover - compiled
    for i in range(age.shape[0]):
        for d in range(ok.shape[1]):
            ok[i, d] = domain_allowed(age[i], d)


def onset(state: ResidentState, households: HouseholdState, params: Params,
          lonely_risk: np.ndarray, rng: np.random.Generator) -> int:
    """Chronic course, then new acute and chronic problems.

    One uniform per resident and domain every week, whatever the state (stream alignment): a
    chronic cell uses it for its course, a cell without a problem for onset — acute if it falls
    below the acute hazard, chronic if it falls in the next interval of the chronic hazard.
    The acute hazard rises with the household's lasting vulnerability, a low income, single
    parenthood, problems already present (own and household: problems cluster) and low own
    strength; carer burden raises the hazard of physical and mental problems. Returns the
    number of new problems.
    """
    prob = params.problems
    u = rng.random(state.severity.shape, dtype=np.float32)
    ended = np.zeros(state.severity.shape, bool)  # chronic problems that end this week
    single_parent = households.kind == HH_SINGLE_PARENT
    return _onset(state.severity, state.chronic, chronic.row_words(state.chronic),
                  state.chronic_level, u, chronic.course_terms(params), ended, state.age,
                  state.low_income, state.vulnerability, single_parent, state.household,
                  state.own_strength, state.burden, lonely_risk.astype(np.float32),
                  ONSET_WEIGHT, CHILD_ONSET_WEIGHT, chronic.rates(params),
                  chronic.physical_by_age(int(state.age.max()), params),
                  prob.onset_per_year / WEEKS_PER_YEAR, prob.low_income_multiplier,
                  prob.single_parent_multiplier, prob.clustering, prob.household_spillover,
                  prob.burden_health_effect, prob.severity_mean, prob.chronic_level_mean,
                  prob.need_threshold, RESOLVED)


@inline
def max_weight(weight):  # pragma: no cover - compiled
    """The largest of a row of onset weights."""
    most = weight[0]
    for d in range(1, weight.shape[0]):
        most = max(most, weight[d])
    return most


@jit
def _onset(severity, is_chronic, chronic_words, level, u, course_terms, ended, age, low_income,
           vulnerability, single_parent, household, own_strength, burden, lonely, adult_weight,
           child_weight, rate, physical_rate, base_week, low_multiplier, single_multiplier,
           clustering, spillover, burden_effect, severity_mean, level_mean, need_threshold,
           resolved):  # pragma: no cover - compiled
    n, domains = severity.shape
    count = 0
    chronic_most = max(rate[3] * 2.0, rate[4])  # mental and debt at most
    active = np.zeros(n, np.int64)
    household_active = np.zeros(single_parent.shape[0], np.int64)
    for i in range(n):
        # the chronic course first (it uses the same uniforms), in the same pass
        chronic.course_row(i, severity, is_chronic, chronic_words, level, u, course_terms,
                           ended)
        for d in range(domains):
            active[i] += severity[i, d] >= need_threshold
        household_active[household[i]] += active[i]
    for i in range(n):
        others = household_active[household[i]] - active[i]
        risk = (vulnerability[i] * (low_multiplier if low_income[i] else 1.0)
                * (single_multiplier if single_parent[household[i]] else 1.0)
                * (1.0 + clustering * active[i]) * (1.0 + spillover * others)
                * (1.5 - own_strength[i]))
        strain = 1.0 + burden_effect * burden[i]
        weight = child_weight if age[i] < 18 else adult_weight
        # an upper bound of every domain's hazard this week (strain >= 1, lonely <= 1): a
        # uniform above it starts nothing, so the exact hazards are computed only below it
        # (a few cells in a hundred; the results are the same as computing them everywhere)
        most = (base_week * risk * max_weight(weight)
                + max(physical_rate[age[i]], chronic_most, rate[5] * (0.1 + 0.9 * lonely[i]))
                / 52.0) * max(strain, 1.0) * 1.001
        below = False
        for d in range(domains):  # branch-free, so that the eight tests run side by side
            below |= u[i, d] < most
        if not below:
            continue
        for d in range(domains):
            if u[i, d] >= most:
                continue
            health = d == PHYSICAL or d == MENTAL
            acute = base_week * risk * weight[d] * (strain if health else 1.0)
            chronic_year = (physical_rate[age[i]] if d == PHYSICAL
                            else chronic.hazard_of(d, age[i], low_income[i], lonely[i], rate))
            chronic_week = chronic_year / 52.0 * (strain if health else 1.0)
            # one rarely-true test instead of a branch on whether the cell is free: which cells
            # hold a problem is unpredictable, and a mispredicted branch costs more than the
            # hazard arithmetic done for them too (non-short-circuit & on purpose)
            free = (severity[i, d] == 0.0) & (not ended[i, d]) & domain_allowed(age[i], d)
            if not (free & (u[i, d] < acute + chronic_week)):
                continue
            if u[i, d] < acute:
                # u / hazard is uniform on (0, 1) given onset: reuse it for the severity
                severity[i, d] = max(min(1.0, 2.0 * severity_mean * u[i, d] / acute),
                                     2.0 * resolved)
                count += 1
            elif u[i, d] < acute + chronic_week:
                share = (u[i, d] - acute) / chronic_week
                value = chronic.level_of(age[i], d, share, level_mean, need_threshold)
                level[i, d] = value
                severity[i, d] = value
                is_chronic[i, d] = True
                count += 1
    return count


def need_hours(state: ResidentState, params: Params, rows: np.ndarray | None = None,
               out: np.ndarray | None = None) -> np.ndarray:
    """Hours of help needed per resident and domain, from severity above the need threshold.

    ``rows`` (:func:`~wijksim.sim.state.active_rows`) limits the pass to the residents who can
    have a need; the others' rows stay zero. ``out``: an array of zeros to fill (the week's
    need, zeroed when the week starts) instead of a new one.
    """
    if out is None:
        out = np.zeros(state.severity.shape, np.float32)
    _need_hours(state.severity, np.float32(params.problems.need_threshold), HOURS_AT_WORST,
                rows_or_all(rows, state.n), out)
    return out


@jit
def _need_hours(severity, threshold, at_worst, rows, out):  # pragma: no cover - compiled
    span = np.float32(1.0) - threshold
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(severity.shape[1]):
            if severity[i, d] > threshold:
                out[i, d] = (severity[i, d] - threshold) / span * at_worst[d]


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


def recover(state: ResidentState, week: Week, params: Params, depth: float,
            rows: np.ndarray | None = None) -> Course:
    """Relief in proportion to hours given, natural recovery, and worsening of unmet needs.

    ``depth`` is the effect of a generalist hour relative to a specialist hour. A chronic problem
    is relieved less per hour (care meets its need more than it cures it) and does not recover
    by itself. Each other problem of the same person slows all relief (problems entangle). A
    heavy problem gets worse in proportion to the share of its need left unmet. Residents with
    no problem are skipped; ``rows`` (:func:`~wijksim.sim.state.active_rows`) skips them
    without looking.
    """
    prob, sp = params.problems, params.specialists
    n = state.n
    course = Course(np.zeros(n, np.float32), np.zeros(n, np.float32),
                    np.zeros(n, np.float32), np.zeros(n, np.float32))
    _recover_rows(state.severity, state.chronic, week.need, week.specialist, week.generalist,
                  week.informal, week.residential, state.own_strength, INFORMAL_FIT,
                  np.float32(sp.effect_per_hour), np.float32(sp.chronic_effect),
                  np.float32(depth), np.float32(params.informal_care.depth),
                  np.float32(sp.max_direct_hours), np.float32(prob.natural_recovery),
                  np.float32(prob.worsening_unmet), np.float32(prob.heavy_threshold),
                  np.float32(prob.need_threshold), np.float32(prob.entanglement),
                  np.float32(chronic.CHRONIC_FLOOR), np.float32(RESOLVED),
                  rows_or_all(rows, n), course.relief_alone, course.relief_specialist,
                  course.relief_generalist, course.worsening)
    return course


@jit
def _recover_rows(severity, is_chronic, need, specialist, generalist, informal, residential,
                  own_strength, fit, effect, chronic_effect, depth, informal_depth,
                  residential_hours, natural_rate, worsening_rate, heavy, need_threshold,
                  entanglement, floor, resolved, rows, alone, by_specialist, by_generalist,
                  worsened):  # pragma: no cover - compiled
    domains = severity.shape[1]
    for r in range(rows.shape[0]):
        i = rows[r]
        others = 0
        anything = False
        for d in range(domains):
            if severity[i, d] > 0.0:
                anything = True
                if severity[i, d] >= need_threshold:
                    others += 1
        if not anything:
            continue
        slowed = 1.0 / (1.0 + entanglement * max(others - 1, 0))
        for d in range(domains):
            before = severity[i, d]
            if before == 0.0:
                continue
            per_hour = effect * chronic_effect if is_chronic[i, d] else effect
            spec_hours = specialist[i, d] + (residential_hours if residential[i, d] else 0.0)
            r_spec = per_hour * spec_hours * slowed
            r_gen = per_hour * depth * generalist[i, d] * slowed
            r_inf = per_hour * informal_depth * fit[d] * informal[i, d] * slowed
            r_nat = 0.0 if is_chronic[i, d] else natural_rate * own_strength[i] * slowed
            worse = 0.0
            if before >= heavy and need[i, d] > 0.0:
                met = need[i, d] if residential[i, d] else min(
                    specialist[i, d] + generalist[i, d] + informal[i, d], need[i, d])
                worse = worsening_rate * (need[i, d] - met) / need[i, d]
            relief = r_spec + r_gen + r_inf + r_nat
            after = min(max(before - relief + worse, 0.0), 1.0)
            if is_chronic[i, d]:
                after = max(after, floor)
            elif after < resolved:
                after = 0.0
            severity[i, d] = after
            # credit each source with its share of what was actually relieved
            relieved = max(before + worse - after, 0.0)
            share = relieved / relief if relief > 0.0 else 0.0
            alone[i] += share * (r_nat + r_inf)
            by_specialist[i] += share * r_spec
            by_generalist[i] += share * r_gen
            worsened[i] += max(after - before, 0.0)


__all__ = ["FAMILY", "onset", "need_hours", "recover", "residential_need", "domain_ages"]
