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

from sim.domains import CAPACITY_SHARE, MAX_FORMAL_HOURS, MENTAL, N_DOMAINS, PHYSICAL, PRICE
from sim.params import Params
from sim.state import (
    IN_CARE,
    NEVER,
    RESIDENTIAL,
    WAITING,
    HouseholdState,
    ResidentState,
    Week,
    WeekLedger,
    cells_of,
)

MIN_CAPACITY_SHARE = 0.25  # providers never shrink below a quarter of the contracted staff


@dataclass
class Providers:
    """The specialist providers' staff and prices, per domain."""

    contracted: np.ndarray    # float64 (domains,) staff hours a week the municipality contracted
    capacity: np.ndarray      # float64 (domains,) staff hours a week providers have now
    tariff_level: float = 1.0  # share of the original tariffs still paid (after tariff cuts)
    demand: np.ndarray = None  # float64 (domains,) hours asked last week (care and waiting)

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
                     demand=np.zeros(N_DOMAINS))


def customary_hours(state: ResidentState, params: Params, household_healthy_adults: np.ndarray
                    ) -> np.ndarray:
    """Hours of physical care a healthy adult at home is expected to give each resident.

    'Gebruikelijke zorg': formal help is granted only beyond what a healthy co-resident adult
    (a partner, a parent of a child) is expected to do.
    """
    expected = params.indication.customary_care_hours
    healthy_other = household_healthy_adults[state.household] - healthy_adult(state, params)
    return np.where(healthy_other > 0, expected, 0.0).astype(np.float32)


def healthy_adult(state: ResidentState, params: Params) -> np.ndarray:
    """Adults without a physical or mental problem that needs help."""
    threshold = params.problems.need_threshold
    return ((state.age >= 18) & (state.severity[:, PHYSICAL] < threshold)
            & (state.severity[:, MENTAL] < threshold))


def indicated(state: ResidentState, week: Week, params: Params) -> np.ndarray:
    """Weekly hours a client's indication asks per domain (for clients in care or waiting)."""
    sp = params.specialists
    need = week.need.copy()
    need[:, PHYSICAL] = np.maximum(need[:, PHYSICAL] - week.customary, 0.0)
    hours = np.minimum(need, np.minimum(MAX_FORMAL_HOURS, sp.max_direct_hours))
    hours *= params.help_seeking.take_up
    return hours.astype(np.float32)


def professionals_on(state: ResidentState, households: HouseholdState) -> np.ndarray:
    """Distinct professionals on each household.

    One per domain in specialist care, plus the team's generalist when the team holds the
    household's plan.
    """
    in_care = (state.care == IN_CARE) | (state.care == RESIDENTIAL)
    by_domain = np.zeros((households.n, N_DOMAINS), bool)
    rows, domains = cells_of(in_care)
    by_domain[state.household[rows], domains] = True
    return by_domain.sum(axis=1) + (households.team_since != NEVER)


def coordination_partners(professionals: np.ndarray, hub: np.ndarray) -> np.ndarray:
    """Colleagues each specialist on a household coordinates with.

    Without a plan holder every professional coordinates with every other one; when a
    generalist holds the plan, specialists coordinate with that generalist only (hub and spokes).
    """
    others = np.maximum(professionals - 1, 0)
    return np.where(hub, np.minimum(others, 1), others)


def admit(state: ResidentState, providers: Providers, hours: np.ndarray, params: Params,
          now: int, heavy_only: bool) -> np.ndarray:
    """Admit waiting clients, longest wait first, while each provider has hours for them.

    ``heavy_only`` (a budget ceiling) admits only heavy problems. Returns the admitted
    (resident, domain) mask.
    """
    sp = params.specialists
    in_care = state.care == IN_CARE
    load = (hours * in_care).sum(axis=0) + sp.travel_hours * in_care.sum(axis=0)
    free = providers.capacity - load
    admitted = np.zeros(state.care.shape, bool)
    heavy = state.severity >= params.problems.heavy_threshold
    for domain in range(N_DOMAINS):
        waiting = np.flatnonzero(state.care[:, domain] == WAITING)
        if heavy_only:
            waiting = waiting[heavy[waiting, domain]]
        if waiting.size == 0 or free[domain] <= 0:
            continue
        first = waiting[np.argsort(state.care_since[waiting, domain], kind="stable")]
        cost = hours[first, domain] + sp.travel_hours + sp.intake_hours
        take = first[np.cumsum(cost) <= free[domain]]
        admitted[take, domain] = True
    state.care[admitted] = IN_CARE
    state.care_since[admitted] = now
    return admitted


def deliver(state: ResidentState, households: HouseholdState, week: Week, providers: Providers,
            hours: np.ndarray, admitted_last: np.ndarray, params: Params,
            ledger: WeekLedger) -> np.ndarray:
    """Providers give their clients hours; fills ``week.specialist`` and the ledger.

    Returns coordination hours per household (all professionals' coordination on it).
    """
    sp = params.specialists
    in_care = state.care == IN_CARE
    professionals = professionals_on(state, households)
    hub = households.team_since != NEVER
    partners = coordination_partners(professionals, hub)[state.household]
    direct = hours * in_care
    clients = in_care.sum(axis=0).astype(np.float64)
    travel = sp.travel_hours * clients
    coordination_each = sp.coordination_hours * partners[:, None] * in_care
    coordination = coordination_each.sum(axis=0, dtype=np.float64)
    intake = sp.intake_hours * admitted_last.sum(axis=0)
    asked = direct.sum(axis=0, dtype=np.float64) + travel + coordination + intake
    scale = np.minimum(1.0, providers.capacity / np.maximum(asked, 1e-9))
    given = direct * scale.astype(np.float32)
    week.specialist[:] = given
    week.residential[:] = state.care == RESIDENTIAL
    state.formal_hours[:] = given.sum(axis=1)
    overhead = (travel + coordination + intake) * scale
    direct_total = given.sum(axis=0, dtype=np.float64)
    _book(providers, params, direct_total, overhead, clients, ledger,
          residential=int(week.residential.sum()))
    ledger.coordination_hours += float((coordination * scale).sum())
    waiting = (state.care == WAITING)
    providers.demand = asked + (hours * waiting).sum(axis=0) + sp.travel_hours * waiting.sum(
        axis=0)
    household_coordination = np.bincount(
        state.household, weights=(coordination_each * scale.astype(np.float32)).sum(axis=1),
        minlength=households.n)
    return household_coordination


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
