"""Specialist providers: capacity per domain, admission from waiting lists, hours given.

Each domain has one pool of specialist staff hours (continuous, so a small neighbourhood buys a
fraction of a professional, and per-resident results do not depend on the population size).
Clients are admitted from the waiting list, longest wait first, while the provider has hours
for them; each client gets the hours their need asks (less what a healthy adult at home is
expected to give, up to a weekly maximum, times the share clients take up). Home visits cost
travel, and every other professional on the household costs coordination time; when the hours
asked exceed the staff, everybody gets proportionally less.

Under per-hour and per-client contracts providers grow or shrink their staff towards demand
(with a delay); under a capacity contract the staff is what the municipality bought.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijksim.sim.domains import CAPACITY_SHARE, MAX_FORMAL_HOURS, MENTAL, N_DOMAINS, PHYSICAL, PRICE
from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import (
    IN_CARE,
    NEVER,
    RESIDENTIAL,
    WAITING,
    HouseholdState,
    ResidentState,
    Week,
    WeekLedger,
    cells_of,
    row_counts,
    row_sums,
    rows_or_all,
)

MIN_CAPACITY_SHARE = 0.25  # providers never shrink below a quarter of the contracted staff


@dataclass
class Providers:
    """The specialist providers' staff and prices, per domain."""

    contracted: np.ndarray    # float64 (domains,) staff hours a week the municipality contracted
    capacity: np.ndarray      # float64 (domains,) staff hours a week providers have now
    tariff_level: float = 1.0  # share of the original tariffs still paid (after tariff cuts)
    demand: np.ndarray = None  # float64 (domains,) hours asked this week (care and waiting)
    load: np.ndarray = None    # float64 (domains,) hours the clients in care take this week

    def prices(self, params: Params) -> np.ndarray:
        """Price of an hour per domain (EUR)."""
        return params.specialists.tariff * PRICE * self.tariff_level


def contracted_hours(params: Params, n_residents: int) -> np.ndarray:
    """Staff hours a week the municipality contracts per domain (after moving staff to teams)."""
    sp, gen = params.specialists, params.generalists
    shifted = gen.shifted_specialists if gen.enabled else 0.0
    fte = sp.per_1000_residents * (1.0 - shifted) * n_residents / 1000.0
    return fte * sp.hours_per_week * CAPACITY_SHARE


def start(params: Params, n_residents: int) -> Providers:
    """Providers at the start: staff as contracted."""
    hours = contracted_hours(params, n_residents)
    return Providers(contracted=hours.copy(), capacity=hours.copy(),
                     demand=np.zeros(N_DOMAINS), load=np.zeros(N_DOMAINS))


def customary_hours(state: ResidentState, households: HouseholdState, params: Params
                    ) -> np.ndarray:
    """Hours of physical care a healthy adult at home is expected to give each resident.

    'Gebruikelijke zorg': formal help is granted only beyond what a healthy co-resident adult
    (a partner, a parent of a child) is expected to do. A healthy adult is one without a
    physical or mental problem that needs help.
    """
    out = np.zeros(state.n, np.float32)
    _customary(state.age, state.severity, state.household, households.n, PHYSICAL, MENTAL,
               np.float32(params.problems.need_threshold),
               np.float32(params.indication.customary_care_hours), out)
    return out


@jit
def _customary(age, severity, household, n_households, physical, mental, threshold, expected,
               out):  # pragma: no cover - compiled
    healthy = np.zeros(age.shape[0], np.bool_)
    per_household = np.zeros(n_households, np.int64)
    for i in range(age.shape[0]):
        healthy[i] = (age[i] >= 18 and severity[i, physical] < threshold
                      and severity[i, mental] < threshold)
        per_household[household[i]] += healthy[i]
    for i in range(age.shape[0]):
        if per_household[household[i]] - healthy[i] > 0:
            out[i] = expected


def indicated(state: ResidentState, week: Week, params: Params,
              rows: np.ndarray | None = None) -> np.ndarray:
    """Weekly hours a client's indication asks per domain (for clients in care or waiting).

    The need beyond customary care, up to the most direct hours a week, times the share of
    the indicated hours clients take up. ``rows`` (:func:`~wijksim.sim.state.active_rows`):
    the residents who can have a need; the others' rows stay zero.
    """
    sp = params.specialists
    out = np.zeros(week.need.shape, np.float32)
    _indicated(week.need, week.customary, PHYSICAL, MAX_FORMAL_HOURS,
               np.float32(sp.max_direct_hours), np.float32(params.help_seeking.take_up),
               rows_or_all(rows, state.n), out)
    return out


@jit
def _indicated(need, customary, physical, most, max_direct, take_up, rows,
               out):  # pragma: no cover - compiled
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(need.shape[1]):
            hours = need[i, d]
            if d == physical:
                hours = max(hours - customary[i], np.float32(0.0))
            out[i, d] = min(hours, min(most[d], max_direct)) * take_up


def professionals_on(state: ResidentState, households: HouseholdState,
                     rows: np.ndarray | None = None) -> np.ndarray:
    """Distinct professionals on each household.

    One per domain in specialist care, plus the team's generalist when the team holds the
    household's plan. ``rows`` (:func:`~wijksim.sim.state.active_rows`) includes everyone in
    care.
    """
    count = _specialists_per_household(state.care, state.household, households.n,
                                       rows_or_all(rows, state.n))
    return count + (households.team_since != NEVER)


@jit
def _specialists_per_household(care, household, n_households, rows):  # pragma: no cover
    domains = np.zeros(n_households, np.uint16)
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(care.shape[1]):
            if care[i, d] == 2 or care[i, d] == 3:  # IN_CARE or RESIDENTIAL
                domains[household[i]] |= np.uint16(1 << d)
    count = np.zeros(n_households, np.int64)
    for h in range(n_households):
        bits = domains[h]
        while bits:
            count[h] += bits & 1
            bits >>= 1
    return count


def coordination_partners(professionals: np.ndarray, hub: np.ndarray) -> np.ndarray:
    """Colleagues each specialist on a household coordinates with.

    Without a plan holder every professional coordinates with every other one; when a
    generalist holds the plan, specialists coordinate with that generalist only (hub and spokes).
    """
    others = np.maximum(professionals - 1, 0)
    return np.where(hub, np.minimum(others, 1), others)


@dataclass
class Waiting:
    """Clients on a waiting list, in the order they are admitted (per domain, longest wait first).

    ``cost`` is the hours a week admitting each one takes (their indication, travel, intake).
    """

    rows: np.ndarray
    domains: np.ndarray
    since: np.ndarray
    cost: np.ndarray

    def __len__(self) -> int:
        return self.rows.size


def waiting(state: ResidentState, hours: np.ndarray, params: Params, heavy_only: bool
            ) -> Waiting:
    """The clients who could be admitted this week (a budget ceiling: heavy problems only)."""
    sp = params.specialists
    rows, domains = cells_of(state.care == WAITING)
    if heavy_only:
        heavy = state.severity[rows, domains] >= params.problems.heavy_threshold
        rows, domains = rows[heavy], domains[heavy]
    since = state.care_since[rows, domains]
    order = admission_order(domains, since)
    rows, domains, since = rows[order], domains[order], since[order]
    return Waiting(rows, domains, since, hours[rows, domains] + sp.travel_hours + sp.intake_hours)


def admission_order(domains: np.ndarray, since: np.ndarray) -> np.ndarray:
    """Per domain, longest wait first (ties keep their order: stable)."""
    return np.lexsort((since, domains))


def who_fits(domains: np.ndarray, cost: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Which clients (in admission order) fit in each domain's ``free`` hours, in turn.

    The clients of a domain are admitted one after another until the next one does not fit.
    """
    running = np.cumsum(cost, dtype=np.float64)
    starts = np.searchsorted(domains, np.arange(N_DOMAINS))
    before = np.r_[0.0, running][starts][domains]  # what earlier domains used up
    return (running - before) <= free[domains]


def enter_care(state: ResidentState, rows: np.ndarray, domains: np.ndarray, now: int
               ) -> np.ndarray:
    """Admit these clients this week; returns the number admitted per domain."""
    state.care[rows, domains] = IN_CARE
    state.care_since[rows, domains] = now
    return np.bincount(domains, minlength=N_DOMAINS)


def admit(state: ResidentState, providers: Providers, hours: np.ndarray, params: Params,
          now: int, heavy_only: bool) -> np.ndarray:
    """Admit waiting clients, longest wait first, while each provider has hours for them.

    ``heavy_only`` (a budget ceiling) admits only heavy problems. The hours providers already
    give are those of this week's delivery. Returns the number admitted per domain.
    """
    queue = waiting(state, hours, params, heavy_only)
    take = who_fits(queue.domains, queue.cost, providers.capacity - providers.load)
    return enter_care(state, queue.rows[take], queue.domains[take], now)


def asked_hours(state: ResidentState, households: HouseholdState, hours: np.ndarray,
                admitted_last: np.ndarray, params: Params, professionals: np.ndarray,
                rows: np.ndarray | None = None) -> np.ndarray:
    """Staff hours per domain this week's clients in care ask (:func:`deliver` gives them).

    Their indicated hours, travel, coordination and last week's intakes: what a provider
    shared by several neighbourhoods divides its staff by (``sim.shared_care``).
    """
    sp = params.specialists
    partners = coordination_partners(professionals, households.team_since != NEVER)
    return _asked(state.care, hours, state.household, partners,
                  sp.intake_hours * admitted_last, np.float32(sp.travel_hours),
                  np.float32(sp.coordination_hours), rows_or_all(rows, state.n))


@jit
def _asked(care, hours, household, partners, intake, travel, coordination_hours,
           rows):  # pragma: no cover - compiled
    domains = care.shape[1]
    asked = np.zeros(domains)
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(domains):
            if care[i, d] == 2:  # IN_CARE
                asked[d] += hours[i, d] + travel + coordination_hours * partners[household[i]]
    return asked + intake


def deliver(state: ResidentState, households: HouseholdState, week: Week, providers: Providers,
            hours: np.ndarray, admitted_last: np.ndarray, params: Params, ledger: WeekLedger,
            professionals: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Providers give their clients hours; fills ``week.specialist`` and the ledger.

    ``admitted_last`` holds last week's admissions per domain (each costs intake hours now);
    ``professionals`` the professionals on each household (:func:`professionals_on`);
    ``rows`` (:func:`~wijksim.sim.state.active_rows`) includes everyone in care or waiting.
    Returns coordination hours per household (all professionals' coordination on it).
    """
    sp = params.specialists
    hub = households.team_since != NEVER
    partners = coordination_partners(professionals, hub)
    intake = sp.intake_hours * admitted_last
    given, direct, overhead, clients, coordination, demand, load, household_coordination = _deliver(
        state.care, hours, state.household, partners, providers.capacity, intake,
        np.float32(sp.travel_hours), np.float32(sp.coordination_hours), households.n,
        rows_or_all(rows, state.n))
    week.specialist[:] = given
    week.residential[:] = state.care == RESIDENTIAL
    state.formal_hours[:] = row_sums(given)
    _book(providers, params, direct, overhead, clients, ledger,
          residential=int(row_counts(week.residential).sum()))
    ledger.coordination_hours += float(coordination.sum())
    providers.demand = demand
    providers.load = load
    return household_coordination


@jit
def _deliver(care, hours, household, partners, capacity, intake, travel, coordination_hours,
             n_households, rows):  # pragma: no cover - compiled
    n, domains = care.shape
    asked_direct = np.zeros(domains)
    clients = np.zeros(domains)
    coordination = np.zeros(domains)
    waiting_hours = np.zeros(domains)
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(domains):
            if care[i, d] == 2:  # IN_CARE
                asked_direct[d] += hours[i, d]
                clients[d] += 1.0
                coordination[d] += coordination_hours * partners[household[i]]
            elif care[i, d] == 1:  # WAITING
                waiting_hours[d] += hours[i, d] + travel
    asked = asked_direct + travel * clients + coordination + intake
    scale = np.ones(domains)
    for d in range(domains):
        if asked[d] > capacity[d]:
            scale[d] = capacity[d] / asked[d]
    given = np.zeros((n, domains), np.float32)
    direct = np.zeros(domains)
    household_coordination = np.zeros(n_households)
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(domains):
            if care[i, d] == 2:
                given[i, d] = hours[i, d] * scale[d]
                direct[d] += given[i, d]
                household_coordination[household[i]] += (coordination_hours
                                                         * partners[household[i]] * scale[d])
    overhead = (travel * clients + coordination + intake) * scale
    return (given, direct, overhead, clients, coordination * scale, asked + waiting_hours,
            asked_direct + travel * clients, household_coordination)


def _book(providers: Providers, params: Params, direct: np.ndarray, overhead: np.ndarray,
          clients: np.ndarray, ledger: WeekLedger, residential: int) -> None:
    """The week's specialist bill under each contract form; the one in force is spent."""
    sp = params.specialists
    price = providers.prices(params)
    ledger.specialist_direct_hours += float(direct.sum())
    ledger.specialist_overhead_hours += float(overhead.sum())
    ledger.cost_specialist_per_hour = float((price * (direct + overhead)).sum())
    ledger.cost_specialist_per_client = float((price * sp.client_week_hours * clients).sum())
    ledger.cost_specialist_capacity = float((price * providers.contracted).sum())
    ledger.cost_specialist = {"per_hour": ledger.cost_specialist_per_hour,
                              "per_client": ledger.cost_specialist_per_client,
                              "capacity": ledger.cost_specialist_capacity}[sp.contract]
    ledger.cost_residential = residential * sp.residential_cost_per_week * providers.tariff_level


def adjust_capacity(providers: Providers, params: Params, cut_share: float) -> None:
    """Providers grow or shrink their staff towards demand (not under a capacity contract).

    ``cut_share`` is how far tariffs have been cut; providers' ceiling shrinks with it.
    """
    sp = params.specialists
    if sp.contract == "capacity":
        providers.capacity[:] = providers.contracted
        return
    target = providers.demand / sp.occupancy_target
    elasticity = params.municipality.tariff_supply_elasticity
    ceiling = providers.contracted * sp.max_growth * max(0.0, 1.0 - elasticity * cut_share)
    floor = providers.contracted * MIN_CAPACITY_SHARE
    providers.capacity += (target - providers.capacity) / sp.capacity_adjust_weeks
    np.clip(providers.capacity, floor, np.maximum(ceiling, floor), out=providers.capacity)
