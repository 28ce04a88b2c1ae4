"""Civil-society institutions.

The community centre, mutual-aid circles, buddy networks and family group conferences.

Institutions are few and hold their own small state; what they do to residents is applied to the
resident columns as array operations over their members.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.informal import strengthen_ties
from sim.params import Params
from sim.state import (
    HEALTH,
    INCOME,
    ISOLATION,
    NONE,
    HouseholdState,
    ResidentState,
    WeekLedger,
    problem_counts,
    row_any,
)

WEEKS_PER_YEAR = 52


def distance_from(state: ResidentState, x: int, y: int) -> np.ndarray:
    """Chebyshev (grid-step) distance of each resident's dwelling from a cell."""
    return np.maximum(np.abs(state.x - x), np.abs(state.y - y))


@dataclass
class CentreState:
    """The community centre's running state."""

    x: int
    y: int
    quality: float = 1.0      # share of the hours it needs that are covered (0-1)
    open: bool = True
    volunteer_hours: float = 0.0


def run_community_centre(centre: CentreState, state: ResidentState, params: Params,
                         rng: np.random.Generator, ledger: WeekLedger) -> None:
    """Run the community centre for a week.

    Staff, volunteers and hidden professional support keep the centre running; isolated
    residents nearby visit it, which relieves isolation and strengthens their ties. Volunteers
    are recruited among willing residents and quit faster when few carry the load.

    Draws a fixed number of uniforms per resident every week (stream alignment).
    """
    cc = params.community_centre
    u_visit, u_recruit, u_quit = rng.random((3, state.n), dtype=np.float32)
    if cc.mode == "none":
        centre.open, centre.quality = False, 0.0
        state.centre_volunteer[:] = False
        return
    near = distance_from(state, centre.x, centre.y) <= cc.catchment_radius
    staff, support = _paid_hours(params)
    gap = max(cc.volunteer_hours_needed - staff - support, 0.0)
    volunteers = state.centre_volunteer.copy()  # this week's volunteers, before quits
    n_volunteers = int(volunteers.sum())
    usual = params.volunteering.hours_per_week
    # Few volunteers carry the gap with long hours (up to 40 h); many share it at usual hours.
    each = min(40.0, max(usual, gap / n_volunteers)) if n_volunteers else 0.0
    volunteer_hours = min(each * n_volunteers, gap)
    needed = max(cc.volunteer_hours_needed, 1e-9)
    centre.quality = min(1.0, (staff + support + volunteer_hours) / needed)
    centre.open = centre.quality >= cc.closed_below
    centre.volunteer_hours = volunteer_hours
    ledger.volunteer_hours += volunteer_hours
    ledger.cost_civic += _centre_cost(params, staff, support)
    quit_chance = cc.volunteer_quit_per_week + cc.burnout_per_extra_hour * max(each - usual, 0)
    state.centre_volunteer[volunteers & (u_quit < quit_chance)] = False
    isolated = state.severity[:, ISOLATION] > 0
    if volunteer_hours < gap:  # the centre (or its founders) asks willing neighbours to help
        recruits = (near & state.willing_to_volunteer & ~volunteers & ~isolated
                    & (u_recruit < cc.recruit_per_visit * (0.3 + 0.7 * centre.quality)))
        state.centre_volunteer[recruits] = True
    if not centre.open:
        return
    visits = near & isolated & (u_visit < cc.visit_per_week * centre.quality)
    state.severity[visits, ISOLATION] = np.maximum(
        0.0, state.severity[visits, ISOLATION] - cc.isolation_relief)
    state.social_bonus[visits] += cc.visit_contact
    strengthen_ties(state, np.flatnonzero(visits), params.network.growth_per_use)


def _paid_hours(params: Params) -> tuple[float, float]:
    """Paid staff hours (municipal, after cuts) and hidden professional support (self-managed)."""
    cc = params.community_centre
    if cc.mode == "municipal":
        return cc.staff_hours * (1.0 - params.municipality.budget_cut), 0.0
    return 0.0, cc.professional_support_hours


def _centre_cost(params: Params, staff: float, support: float) -> float:
    cc = params.community_centre
    cost = (staff + support) * cc.staff_tariff
    if cc.mode == "self_managed":
        cost += cc.subsidy_per_year / WEEKS_PER_YEAR
    return cost


def _institution_count(per_1000: float, residents: int) -> int:
    """How many circles or networks a switched-on policy sets up.

    At least one (while enough people qualify), otherwise in proportion to the population.
    """
    return max(1, round(per_1000 * residents / 1000.0)) if per_1000 > 0 else 0


def _gather_near(state: ResidentState, pool: np.ndarray, size: int,
                 rng: np.random.Generator) -> tuple[int, np.ndarray]:
    """A random founder from ``pool`` and the ``size`` pool members living nearest to them."""
    founder = int(rng.choice(pool))
    distance = np.maximum(np.abs(state.x[pool] - state.x[founder]),
                          np.abs(state.y[pool] - state.y[founder]))
    return founder, pool[np.argsort(distance + rng.random(pool.size), kind="stable")[:size]]


@dataclass
class Circle:
    """A mutual-aid circle: members who deposit monthly and pay a sick member."""

    members: np.ndarray
    fund: float = 0.0
    paid_total: float = 0.0


def form_circles(state: ResidentState, params: Params, rng: np.random.Generator
                 ) -> list[Circle]:
    """Form mutual-aid circles.

    Working-age residents with middle or high education who live near each other form circles
    (trust needs everyone to know everyone).
    """
    ma = params.mutual_aid
    count = _institution_count(ma.circles_per_1000_residents, state.n)
    eligible = (state.age >= 18) & (state.age < 67) & (state.education >= 1) & (state.circle < 0)
    circles: list[Circle] = []
    for number in range(count):
        pool = np.flatnonzero(eligible & (state.circle < 0))
        if pool.size < ma.members:
            break
        _, members = _gather_near(state, pool, ma.members, rng)
        state.circle[members] = number
        circles.append(Circle(members=members))
    return circles


def run_circles(circles: list[Circle], state: ResidentState, params: Params,
                ledger: WeekLedger) -> None:
    """Run the mutual-aid circles for a week.

    Members deposit; members too ill to work (a health problem) draw a payout, capped in time
    and by the fund, which relieves their income problems; long drawing brings social pressure.
    A member who has used up the cap draws nothing until they recover.
    """
    ma = params.mutual_aid
    deposit = ma.deposit_per_month * 12 / WEEKS_PER_YEAR
    payout = ma.payout_per_month * 12 / WEEKS_PER_YEAR
    need = params.problems.need_threshold
    for circle in circles:
        members = circle.members
        circle.fund += deposit * members.size
        ill = state.severity[members, HEALTH] >= need
        state.drawing_weeks[members[~ill]] = 0  # recovered: a new spell may draw again
        drawers = members[ill & (state.drawing_weeks[members] < ma.max_weeks)]
        if drawers.size:
            paid = min(payout * drawers.size, circle.fund)
            circle.fund -= paid
            circle.paid_total += paid
            ledger.mutual_aid_paid += paid
            asked = payout * drawers.size
            share = paid / asked if asked > 0 else 0.0
            state.drawing_weeks[drawers] += 1
            state.severity[drawers, INCOME] = np.maximum(
                0.0, state.severity[drawers, INCOME] - ma.income_relief * share)
    ledger.cost_civic += ma.facilitation_per_year / WEEKS_PER_YEAR * len(circles)


def circle_pressure(state: ResidentState, params: Params) -> np.ndarray:
    """Strain (0-1) from social pressure on members who have drawn for a long time."""
    if not params.mutual_aid.enabled:
        return np.zeros(state.n, np.float32)
    over = state.drawing_weeks.astype(np.float32) - params.mutual_aid.pressure_after_weeks
    return np.clip(over / 52.0, 0.0, 1.0) * (state.circle >= 0)


@dataclass
class BuddyNetwork:
    """A KeyRing-style network: members living near each other and one volunteer."""

    members: np.ndarray
    volunteer: int = NONE
    x: int = 0
    y: int = 0


def form_buddy_networks(state: ResidentState, params: Params, rng: np.random.Generator
                        ) -> list[BuddyNetwork]:
    """Networks gather isolated or vulnerable adults who live near each other."""
    bd = params.buddies
    count = _institution_count(bd.networks_per_1000_residents, state.n)
    candidates = (state.age >= 18) & ((state.severity[:, ISOLATION] > 0) | state.vulnerable)
    networks: list[BuddyNetwork] = []
    for number in range(count):
        pool = np.flatnonzero(candidates & (state.buddy_network < 0))
        if pool.size < bd.members:
            break
        centre, members = _gather_near(state, pool, bd.members, rng)
        state.buddy_network[members] = number
        networks.append(BuddyNetwork(members, NONE, int(state.x[centre]), int(state.y[centre])))
    return networks


def run_buddy_networks(networks: list[BuddyNetwork], state: ResidentState, params: Params,
                       rng: np.random.Generator, ledger: WeekLedger) -> None:
    """Run the buddy networks for a week.

    A network with a volunteer relieves its members' isolation and gives light support; a
    volunteer carrying long hours may quit, and a new one must be found nearby.
    """
    bd = params.buddies
    usual = params.volunteering.hours_per_week
    quit_chance = (params.community_centre.volunteer_quit_per_week
                   + params.community_centre.burnout_per_extra_hour * max(bd.volunteer_hours
                                                                          - usual, 0.0))
    for network in networks:
        if network.volunteer == NONE:
            network.volunteer = _find_volunteer(state, network, params, rng)
        if network.volunteer == NONE:
            continue
        members = network.members
        state.severity[members, ISOLATION] = np.maximum(
            0.0, state.severity[members, ISOLATION] - bd.isolation_relief)
        state.social_bonus[members] += bd.contact
        support = _light_support(state, members, bd.volunteer_hours * bd.support_share)
        ledger.volunteer_hours += bd.volunteer_hours - support  # the rest is informal care
        ledger.cost_civic += bd.cost_per_year / WEEKS_PER_YEAR
        if rng.random() < quit_chance:
            network.volunteer = NONE


def _light_support(state: ResidentState, members: np.ndarray, hours: float) -> float:
    """Share up to ``hours`` of the volunteer's help among members with unmet need.

    The help counts as informal care received; returns the hours given.
    """
    remaining = np.maximum(state.need_hours[members] - state.formal_hours[members]
                           - state.informal_received[members], 0.0)
    if remaining.sum() <= 0:
        return 0.0
    given = np.minimum(remaining, hours * remaining / remaining.sum())
    state.informal_received[members] += given.astype(np.float32)
    return float(given.sum())


def _find_volunteer(state: ResidentState, network: BuddyNetwork, params: Params,
                    rng: np.random.Generator) -> int:
    """A willing resident within a few blocks who is not a member (a small chance a week)."""
    if rng.random() > params.buddies.volunteer_search:
        return NONE
    near = distance_from(state, network.x, network.y) <= params.buddies.volunteer_radius
    pool = np.flatnonzero(near & state.willing_to_volunteer & (state.buddy_network < 0)
                          & (state.age >= 18))
    return int(rng.choice(pool)) if pool.size else NONE


def run_conferences(state: ResidentState, households: HouseholdState, params: Params,
                    rng: np.random.Generator, ledger: WeekLedger) -> None:
    """Offer family group conferences to multi-problem households in contact with services.

    The municipality may refuse funding; many families decline; most conferences end in a plan.
    A plan makes the network give more and gives the family more say, and fades over months.
    """
    fgc = params.conferences
    problems = np.bincount(state.household,
                           weights=problem_counts(state, params.problems.need_threshold),
                           minlength=households.n)
    in_contact_res = row_any((state.specialist >= 0) | (state.waiting_since >= 0))
    in_contact = np.bincount(state.household, weights=in_contact_res, minlength=households.n) > 0
    in_contact |= (households.generalist >= 0) | (households.team_waiting_since >= 0)
    qualifies = (problems >= fgc.min_problems) & in_contact & ~households.conference_offered
    candidates = np.flatnonzero(qualifies)
    if candidates.size == 0:
        return
    u = rng.random((4, candidates.size))
    offered = candidates[u[0] < fgc.offer_per_week]
    households.conference_offered[offered] = True
    keep = (u[0] < fgc.offer_per_week)
    held_mask = keep & (u[1] < fgc.funding_approval) & (u[2] >= fgc.decline)
    held = candidates[held_mask]
    ledger.conferences_held += int(held.size)
    ledger.cost_conferences += fgc.cost * held.size
    planned = candidates[held_mask & (u[3] < fgc.plan_rate)]
    ledger.plans_made += int(planned.size)
    members = np.flatnonzero(np.isin(state.household, planned))
    state.plan_strength[members] = 1.0
    strengthen_ties(state, members, 2 * params.network.growth_per_use)


def fade_plans(state: ResidentState, params: Params) -> None:
    """Plans are used less and less: exponential fading with the evidence's half-life."""
    state.plan_strength *= np.float32(0.5 ** (1.0 / params.conferences.plan_half_life))
