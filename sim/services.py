"""Professional services.

Help seeking, intake and assessment, waiting lists, specialist and generalist work, referrals,
coordination overhead.

Professionals are few; their workload is still computed with array operations over their
clients (bincount over client rows), so a week costs the same whether there are 10 or 10,000.

Payment (assumption): specialist providers bill the hours they spend on clients (direct, travel,
coordination, intake) at their tariff; generalist teams are salaried, so their full contract
hours are paid whatever they are spent on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.params import Params
from sim.state import (
    N_DOMAINS,
    NONE,
    HouseholdState,
    ResidentState,
    WeekLedger,
    cells_of,
    row_any,
    row_counts,
    row_sums,
)


@dataclass
class Workforce:
    """Professionals as arrays: specialists (one domain each) and generalists."""

    spec_domain: np.ndarray   # int32 domain of each specialist
    spec_hours: np.ndarray    # float64 contract hours per week
    spec_cap: np.ndarray      # int64 caseload (clients)
    gen_hours: np.ndarray     # float64 contract hours per week
    gen_cap: np.ndarray       # int64 caseload (households)

    @property
    def n_specialists(self) -> int:
        """Number of specialists."""
        return self.spec_domain.shape[0]

    @property
    def n_generalists(self) -> int:
        """Number of generalists."""
        return self.gen_hours.shape[0]


def _split_fte(total_fte: float, hours: float, caseload: int) -> tuple[np.ndarray, np.ndarray]:
    """Turn an FTE total into whole professionals with hours and caseloads.

    The total is shared equally among ``ceil(total_fte)`` people, so nobody works above their
    contract hours (all are part-timers when the total is not a whole number).
    """
    if total_fte <= 0:
        return np.zeros(0), np.zeros(0, np.int64)
    count = math.ceil(total_fte - 1e-9)  # nobody works more than their contract
    each = total_fte * hours / count
    cap = max(1, round(caseload * each / hours))
    return np.full(count, each), np.full(count, cap, np.int64)


def staff(params: Params, n_residents: int) -> Workforce:
    """The workforce the municipality buys under ``params`` (after cuts and shifts)."""
    thousands = n_residents / 1000.0
    keep = 1.0 - params.municipality.budget_cut
    sp, gen = params.specialists, params.generalists
    shifted = sp.per_1000_residents * gen.shifted_specialists if gen.enabled else 0.0
    spec_fte = (sp.per_1000_residents - shifted) * thousands * keep
    domains, hours, caps = [], [], []
    for domain in range(N_DOMAINS):
        h, c = _split_fte(spec_fte / N_DOMAINS, sp.hours_per_week, sp.caseload)
        domains.append(np.full(h.shape[0], domain, np.int32))
        hours.append(h)
        caps.append(c)
    gen_fte = (gen.per_1000_residents + shifted) * thousands * keep if gen.enabled else 0.0
    gen_hours, gen_cap = _split_fte(gen_fte, gen.hours_per_week, gen.caseload)
    return Workforce(np.concatenate(domains), np.concatenate(hours), np.concatenate(caps),
                     gen_hours, gen_cap)


def release_all(state: ResidentState, households: HouseholdState, workforce: Workforce,
                params: Params, week: int) -> None:
    """Put every client back on the waiting lists as of this week (staff is re-sized).

    Clients whose problem is below the need threshold are discharged instead (they were nearly
    done). The admission step later the same week re-admits as many as the new staff can take.
    Without generalists in the new workforce, the team's clients and waiting list are let go
    (they may ask the agencies again).
    """
    had_specialist = state.specialist >= 0
    still_needed = had_specialist & (state.severity >= params.problems.need_threshold)
    state.waiting_since[still_needed] = week
    state.specialist[:] = NONE
    had_generalist = households.generalist >= 0
    if workforce.n_generalists:
        households.team_waiting_since[had_generalist] = week
    else:
        households.team_waiting_since[:] = NONE
    households.generalist[:] = NONE


def disclosed_network(state: ResidentState) -> np.ndarray:
    """Residents whose network an assessor can see (ties worth counting, not hidden)."""
    return ~state.hides_network & (state.tie_total >= 0.5)


def unmet_requests(state: ResidentState, households: HouseholdState, params: Params,
                   week: int, rng: np.random.Generator) -> np.ndarray:
    """Boolean (resident, domain): needs without any help that the resident asks about this week.

    One uniform draw per resident every week (stream alignment).
    """
    u = rng.random(state.n, dtype=np.float32)
    asks = (~state.never_asks & (u < params.help_seeking.ask_per_week * state.trust)
            & (state.denied_until <= week))
    unserved = ((state.severity >= params.problems.need_threshold)
                & (state.specialist == NONE) & (state.waiting_since == NONE))
    if params.generalists.enabled:
        hh = state.household
        no_team = (households.generalist[hh] == NONE) & (households.team_waiting_since[hh] == NONE)
        unserved &= no_team[:, None]
    return unserved & asks[:, None]


def assess(state: ResidentState, requests: np.ndarray, params: Params, threshold: float,
           week: int, draws: np.ndarray, ledger: WeekLedger) -> np.ndarray:
    """Specialist front door: one intake and eligibility assessment per requested domain.

    Each assessment labels the resident (own strength falls). Eligible requests join the
    agency's waiting list. Under network rationing, a resident with a disclosed network may be
    told to rely on it instead; some learn to hide their network. ``draws`` holds two uniforms
    per resident (rationing, hiding), drawn every week whoever asks. Returns intake hours per
    domain (the agencies' desks).
    """
    rows, domains = cells_of(requests)
    if rows.size == 0:
        return np.zeros(N_DOMAINS)
    sp, mun = params.specialists, params.municipality
    n = rows.size
    ledger.assessments += n
    ledger.assessment_hours += n * sp.intake_hours
    ledger.cost_assessment += n * (sp.intake_hours * sp.tariff + sp.admin_cost)
    np.add.at(state.labels, rows, 1)
    np.subtract.at(state.own_strength, rows, sp.label_strength_loss)
    np.clip(state.own_strength, 0.0, 1.0, out=state.own_strength)
    u_ration, u_hide = draws[0, rows], draws[1, rows]
    eligible = state.severity[rows, domains] >= threshold
    rationed = eligible & disclosed_network(state)[rows] & (u_ration < mun.network_rationing)
    admitted = eligible & ~rationed
    state.waiting_since[rows[admitted], domains[admitted]] = week
    denied_rows = rows[~admitted]
    ledger.denials += int(denied_rows.size)
    state.trust[denied_rows] = np.maximum(
        0.0, state.trust[denied_rows] - params.help_seeking.trust_loss_on_denial)
    state.denied_until[denied_rows] = week + params.help_seeking.reapply_after_weeks
    told = rows[rationed]
    state.appeal_hours[told] = mun.network_appeal_hours
    hides = told[u_hide[rationed] < params.help_seeking.hide_learning]
    state.hides_network[hides] = True
    return np.bincount(domains, minlength=N_DOMAINS) * sp.intake_hours


def ask_team(households: HouseholdState, state: ResidentState, requests: np.ndarray,
             week: int) -> None:
    """Generalist front door: the household asks the neighbourhood team (no label)."""
    asking = np.unique(state.household[row_any(requests)])
    waiting = asking[(households.generalist[asking] == NONE)
                     & (households.team_waiting_since[asking] == NONE)]
    households.team_waiting_since[waiting] = week


def outreach(state: ResidentState, households: HouseholdState, params: Params, week: int,
             workforce: Workforce, rng: np.random.Generator) -> int:
    """Generalists go out ("erop af") and find residents with needs who did not ask."""
    gen = params.generalists
    hours = workforce.gen_hours.sum() * gen.outreach_share
    if hours <= 0:
        return 0
    hh = state.household
    outside = (households.generalist[hh] == NONE) & (households.team_waiting_since[hh] == NONE)
    need = row_any(state.severity >= params.problems.need_threshold)
    candidates = np.flatnonzero(need & outside & ~row_any(state.specialist >= 0))
    found_count = min(candidates.size, rng.poisson(hours * gen.outreach_find_rate))
    if found_count == 0:
        return 0
    found = rng.choice(candidates, size=found_count, replace=False)
    households.team_waiting_since[hh[found]] = week
    return int(found_count)


def _slot_owners(load: np.ndarray, cap: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Free caseload slots as a list of owners, round-robin so work spreads evenly."""
    free = np.maximum(cap - load, 0)
    if free.sum() == 0:
        return np.zeros(0, np.int64)
    owner = np.repeat(owners, free)
    rank = np.concatenate([np.arange(f) for f in free]) if owner.size else owner
    return owner[np.argsort(rank, kind="stable")]


def admit_specialist_clients(state: ResidentState, workforce: Workforce) -> None:
    """Each agency fills its free caseload slots from its waiting list, longest wait first."""
    load = np.bincount(state.specialist[state.specialist >= 0],
                       minlength=workforce.n_specialists)
    for domain in range(N_DOMAINS):
        owners = np.flatnonzero(workforce.spec_domain == domain)
        slots = _slot_owners(load[owners], workforce.spec_cap[owners], owners)
        if slots.size == 0:
            continue
        waiting = np.flatnonzero(state.waiting_since[:, domain] >= 0)
        if waiting.size == 0:
            continue
        first = waiting[np.argsort(state.waiting_since[waiting, domain], kind="stable")]
        take = first[: slots.size]
        state.specialist[take, domain] = slots[: take.size]
        state.waiting_since[take, domain] = NONE


def admit_team_households(households: HouseholdState, workforce: Workforce,
                          params: Params, ledger: WeekLedger) -> np.ndarray:
    """The team takes waiting households into free caseload slots.

    Returns the intakes per generalist.
    """
    intakes = np.zeros(workforce.n_generalists)
    if workforce.n_generalists == 0:
        return intakes
    assigned = households.generalist[households.generalist >= 0]
    load = np.bincount(assigned, minlength=workforce.n_generalists)
    slots = _slot_owners(load, workforce.gen_cap, np.arange(workforce.n_generalists))
    waiting = np.flatnonzero(households.team_waiting_since >= 0)
    if slots.size == 0 or waiting.size == 0:
        return intakes
    first = waiting[np.argsort(households.team_waiting_since[waiting], kind="stable")]
    take = first[: slots.size]
    households.generalist[take] = slots[: take.size]
    households.team_waiting_since[take] = NONE
    intakes += np.bincount(slots[: take.size], minlength=workforce.n_generalists)
    return intakes * params.generalists.intake_hours


def refer_heavy_cases(state: ResidentState, households: HouseholdState, params: Params,
                      week: int, workforce: Workforce, ledger: WeekLedger,
                      tightening: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Generalists refer problems above the referral threshold to a specialist (second line).

    The referral carries an indication, which labels the resident, and the specialist agency
    still does its own intake (hours and administration), though it does not refuse the case.
    While the municipality overspends, ``tightening`` raises the referral threshold (never
    above the heavy threshold). Returns referral hours per generalist and intake hours per
    domain.
    """
    hours = np.zeros(workforce.n_generalists)
    intake_by_domain = np.zeros(N_DOMAINS)
    gen = households.generalist[state.household]
    gen_p, heavy_level = params.generalists, params.problems.heavy_threshold
    threshold = min(gen_p.referral_threshold + tightening,
                    max(gen_p.referral_threshold, heavy_level))  # heavy cases stay referable
    heavy = ((state.severity >= threshold) & (gen >= 0)[:, None]
             & (state.specialist == NONE) & (state.waiting_since == NONE))
    rows, domains = cells_of(heavy)
    if rows.size == 0:
        return hours, intake_by_domain
    state.waiting_since[rows, domains] = week
    sp = params.specialists
    ledger.assessments += int(rows.size)
    ledger.assessment_hours += rows.size * sp.intake_hours
    ledger.cost_assessment += rows.size * (sp.intake_hours * sp.tariff + sp.admin_cost)
    intake_by_domain += np.bincount(domains, minlength=N_DOMAINS) * sp.intake_hours
    np.add.at(state.labels, rows, 1)
    np.subtract.at(state.own_strength, rows, params.specialists.label_strength_loss)
    np.clip(state.own_strength, 0.0, 1.0, out=state.own_strength)
    ledger.referrals += int(rows.size)
    hours += np.bincount(gen[rows], minlength=workforce.n_generalists)
    return hours * params.generalists.referral_hours, intake_by_domain


def professionals_per_household(state: ResidentState, households: HouseholdState,
                                workforce: Workforce) -> np.ndarray:
    """Number of distinct professionals (specialists and the generalist) on each household."""
    rows, domains = cells_of(state.specialist >= 0)
    keys = (state.household[rows].astype(np.int64) * (workforce.n_specialists + 1)
            + state.specialist[rows, domains])
    specialist_households = np.unique(keys) // (workforce.n_specialists + 1)
    count = np.bincount(specialist_households, minlength=households.n)
    return count + (households.generalist >= 0)


def coordination_partners(professionals: np.ndarray, has_plan_holder: np.ndarray) -> np.ndarray:
    """How many colleagues a specialist on each household must coordinate with.

    Without a plan holder every professional coordinates with every other one; when a
    generalist holds one plan for the household, specialists coordinate with that generalist
    only, and the generalist with each of them (hub and spokes).
    """
    others = np.maximum(professionals - 1, 0)
    return np.where(has_plan_holder, np.minimum(others, 1), others)


def deliver_specialist_care(state: ResidentState, households: HouseholdState, params: Params,
                            workforce: Workforce, professionals: np.ndarray,
                            intake_by_domain: np.ndarray, ledger: WeekLedger,
                            household_coordination: np.ndarray) -> np.ndarray:
    """Specialists split their week into intake, coordination, travel and direct help.

    Coordination grows with the number of colleagues on the client's household and eats into
    direct help; its hours are also added to ``household_coordination``. Returns the
    specialists' hours as a (specialist, 4) array: direct, travel, coordination, intake.
    """
    sp = params.specialists
    n_spec = workforce.n_specialists
    rows, domains = cells_of(state.specialist >= 0)
    prof = state.specialist[rows, domains]
    clients = np.bincount(prof, minlength=n_spec).astype(float)
    household = state.household[rows]
    partners = coordination_partners(professionals[household],
                                     households.generalist[household] >= 0)
    row_hours = sp.coordination_hours * partners
    coordination = np.bincount(prof, weights=row_hours, minlength=n_spec)
    travel = clients * sp.travel_hours
    staff_by_domain = np.bincount(workforce.spec_domain, minlength=N_DOMAINS)
    intake = (intake_by_domain / np.maximum(staff_by_domain, 1))[workforce.spec_domain]
    # Overhead beyond the contract is not worked: it shrinks in proportion (nobody works more).
    overhead = coordination + travel + intake
    scale = np.minimum(1.0, workforce.spec_hours / np.maximum(overhead, 1e-9))
    coordination, travel, intake = coordination * scale, travel * scale, intake * scale
    household_coordination += np.bincount(household, weights=row_hours * scale[prof],
                                          minlength=households.n)
    available = np.maximum(workforce.spec_hours - coordination - travel - intake, 0.0)
    per_client = np.minimum(sp.max_direct_hours, available / np.maximum(clients, 1.0))
    hours = per_client[prof]
    state.severity[rows, domains] = np.maximum(
        0.0, state.severity[rows, domains] - sp.effect_per_hour * hours)
    np.add.at(state.formal_hours, rows, hours)
    direct = per_client * clients
    ledger.specialist_direct_hours += float(direct.sum())
    ledger.specialist_travel_hours += float(travel.sum())
    ledger.coordination_hours += float(coordination.sum())
    ledger.cost_specialist += float((direct + travel).sum() * sp.tariff)
    ledger.cost_coordination += float(coordination.sum() * sp.tariff)
    return np.column_stack([direct, travel, coordination, intake])


def deliver_generalist_care(state: ResidentState, households: HouseholdState, params: Params,
                            workforce: Workforce, professionals: np.ndarray,
                            other_hours: np.ndarray, ledger: WeekLedger,
                            household_coordination: np.ndarray) -> np.ndarray:
    """Generalists work one plan per household across all domains, at less depth.

    As plan holder a generalist coordinates with each specialist on the household; those hours
    are also added to ``household_coordination``. ``other_hours`` holds each generalist's intake
    and referral hours this week. Returns hours as a (generalist, 4) array: direct, travel +
    outreach, coordination, intake + referrals.
    """
    n_gen = workforce.n_generalists
    if n_gen == 0:
        return np.zeros((0, 4))
    gen_p, sp = params.generalists, params.specialists
    held = np.flatnonzero(households.generalist >= 0)
    owner = households.generalist[held]
    caseload = np.bincount(owner, minlength=n_gen).astype(float)
    held_hours = sp.coordination_hours * (professionals[held] - 1)
    household_coordination[held] += held_hours
    coordination = np.minimum(np.bincount(owner, weights=held_hours, minlength=n_gen),
                              workforce.gen_hours)
    travel = caseload * sp.travel_hours + workforce.gen_hours * gen_p.outreach_share
    available = np.maximum(workforce.gen_hours - coordination - travel - other_hours, 0.0)
    per_household = available / np.maximum(caseload, 1.0)
    resident_gen = households.generalist[state.household]
    treated = ((state.severity >= params.problems.need_threshold) & (state.specialist == NONE)
               & (resident_gen >= 0)[:, None])
    domains_per_household = np.bincount(state.household, weights=row_counts(treated),
                                        minlength=households.n)
    hours_per_domain = np.zeros(households.n)
    has_work = domains_per_household > 0
    hours_per_domain[has_work] = (per_household[households.generalist[has_work]]
                                  / domains_per_household[has_work])
    hours_per_domain = np.minimum(hours_per_domain, sp.max_direct_hours)
    resident_hours = hours_per_domain[state.household][:, None] * treated
    state.severity -= (sp.effect_per_hour * gen_p.depth * resident_hours).astype(np.float32)
    np.maximum(state.severity, 0.0, out=state.severity)
    hours_per_resident = row_sums(resident_hours)
    state.formal_hours += hours_per_resident
    direct = np.bincount(state.household, weights=hours_per_resident,
                         minlength=households.n)
    direct_by_gen = np.bincount(households.generalist[has_work], weights=direct[has_work],
                                minlength=n_gen)
    ledger.generalist_direct_hours += float(direct_by_gen.sum())
    ledger.generalist_other_hours += float((travel + other_hours).sum())
    ledger.coordination_hours += float(coordination.sum())
    coordination_cost = float(coordination.sum() * gen_p.tariff)
    ledger.cost_coordination += coordination_cost
    ledger.cost_generalist += float(workforce.gen_hours.sum() * gen_p.tariff) - coordination_cost
    return np.column_stack([direct_by_gen, travel, coordination, other_hours])


def discharge(state: ResidentState, households: HouseholdState, params: Params) -> None:
    """Discharge clients and households whose needs have resolved.

    Clients leave specialist care when the problem is small (or, with step-down, hand back to
    the team once it is below the team's referral threshold); households leave the team, and its
    waiting list, when no member has a need left.
    """
    done = (state.specialist >= 0) & (state.severity < params.specialists.discharge_severity)
    if params.generalists.enabled and params.generalists.step_down:
        in_team = (households.generalist >= 0)[state.household]
        done |= ((state.specialist >= 0) & in_team[:, None]
                 & (state.severity < params.generalists.referral_threshold))
    state.specialist[done] = NONE
    held = households.generalist >= 0
    waiting = households.team_waiting_since >= 0
    if held.any() or waiting.any():
        need = row_any(state.severity >= params.problems.need_threshold)
        household_need = np.bincount(state.household, weights=need, minlength=households.n) > 0
        households.generalist[held & ~household_need] = NONE
        households.team_waiting_since[waiting & ~household_need] = NONE
    gone = (state.waiting_since >= 0) & (state.severity < params.problems.need_threshold)
    state.waiting_since[gone] = NONE
