"""Build the initial neighbourhood: households in dwellings on a grid, residents, their ties.

Everything here uses only the ``population`` and ``network`` streams and the parameters listed
in ``sim.params.BUILD_ONLY`` (population, problems at the start, network, own strength, help
seeking, volunteering), so two runs on the same seed start from the same neighbourhood whatever
policies they switch on.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from sim.params import Params
from sim.rng import Streams
from sim.state import N_DOMAINS, NONE, HouseholdState, ResidentState

HOUSEHOLD_TIES = 2  # tie slots reserved for co-residents


def grid_side(params: Params) -> int:
    """Width (= height) of the square grid for the population size."""
    cells = params.population.n_residents / params.population.residents_per_cell
    return max(3, math.ceil(math.sqrt(cells)))


def _household_sizes(n: int, mean: float, rng: np.random.Generator) -> np.ndarray:
    """Household sizes (at least 1) that add up to exactly ``n`` residents."""
    guess = int(n / mean) + 16
    sizes = 1 + rng.poisson(max(mean - 1.0, 0.0), size=guess)
    while sizes.sum() < n:
        sizes = np.concatenate([sizes, 1 + rng.poisson(max(mean - 1.0, 0.0), size=guess)])
    cumulative = np.cumsum(sizes)
    last = int(np.searchsorted(cumulative, n))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= cumulative[last] - n
    return sizes.astype(np.int16)


def _deprivation(side: int, rng: np.random.Generator) -> np.ndarray:
    """A smooth per-cell deprivation field (mean 1): a few blocks of poorer housing."""
    yy, xx = np.mgrid[0:side, 0:side]
    field = np.full((side, side), 0.3)
    for _ in range(3):
        cx, cy = rng.uniform(0, side, size=2)
        spread = max(side / 6, 1.0)
        field += np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * spread**2))
    return (field / field.mean()).ravel()


def build_households(params: Params, side: int, rng: np.random.Generator) -> HouseholdState:
    """Households: size, dwelling cell (vulnerable ones cluster in deprived blocks)."""
    pop = params.population
    sizes = _household_sizes(pop.n_residents, pop.mean_household_size, rng)
    n_households = sizes.shape[0]
    deprivation = _deprivation(side, rng)
    cells = rng.integers(0, side * side, size=n_households)
    p_vulnerable = np.minimum(1.0, pop.share_vulnerable_households * deprivation[cells])
    vulnerable = rng.random(n_households) < p_vulnerable
    return HouseholdState(
        x=(cells % side).astype(np.int32),
        y=(cells // side).astype(np.int32),
        size=sizes,
        vulnerable=vulnerable,
        generalist=np.full(n_households, NONE, np.int32),
        team_waiting_since=np.full(n_households, NONE, np.int32),
        conference_offered=np.zeros(n_households, bool),
    )


def _ages(households: HouseholdState, share_65: float, rng: np.random.Generator) -> np.ndarray:
    """Ages: each household's first member is an adult, later members may be children."""
    household = np.repeat(np.arange(households.n), households.size)
    first = np.r_[True, household[1:] != household[:-1]]
    n = household.shape[0]
    adult = rng.integers(18, 65, size=n)
    older = rng.integers(65, 96, size=n)
    young = rng.integers(0, 65, size=n)
    is_older = rng.random(n) < share_65
    age = np.where(first, adult, young)
    return np.where(is_older, older, age).astype(np.int16)


def _education(age: np.ndarray, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Education level: 0 low, 1 middle, 2 high."""
    u = rng.random(age.shape[0])
    low, high = params.population.share_low_education, params.population.share_high_education
    return np.where(u < low, 0, np.where(u < low + high, 2, 1)).astype(np.int8)


def _initial_severity(n: int, vulnerable: np.ndarray, params: Params,
                      rng: np.random.Generator) -> np.ndarray:
    """Problems present at the start, concentrated in vulnerable households."""
    prob = params.problems
    base = prob.initial_prevalence
    p = np.where(vulnerable, base * prob.vulnerability_multiplier, base)[:, None]
    u = rng.random((n, N_DOMAINS), dtype=np.float32)
    present = u < p
    level = np.minimum(1.0, 2.0 * prob.severity_mean * rng.random((n, N_DOMAINS)))
    return np.where(present, level, 0.0).astype(np.float32)


def build_residents(params: Params, households: HouseholdState, streams: Streams) -> ResidentState:
    """Residents of the households, with problems, own strength, trust and ties."""
    rng = streams["population"]
    household = np.repeat(np.arange(households.n, dtype=np.int32), households.size)
    n = household.shape[0]
    age = _ages(households, params.population.share_aged_65_plus, rng)
    education = _education(age, params, rng)
    vulnerable = households.vulnerable[household]
    strength = params.own_strength
    own = rng.normal(strength.initial_mean, 0.15, n) - vulnerable * strength.vulnerable_penalty
    trust = rng.normal(params.help_seeking.initial_trust, 0.15, n)
    never_asks = rng.random(n) < params.help_seeking.never_ask_share
    willing = rng.random(n) < _volunteer_willingness(age, education, params)
    severity = _initial_severity(n, vulnerable, params, rng)
    ties, tie_strength = build_ties(params, households, household, streams["network"])
    zeros = np.zeros(n, np.float32)
    return ResidentState(
        household=household,
        x=households.x[household],
        y=households.y[household],
        age=age,
        education=education,
        vulnerable=vulnerable,
        severity=severity,
        own_strength=np.clip(own, 0.0, 1.0).astype(np.float32),
        usual_strength=np.clip(own, 0.0, 1.0).astype(np.float32),
        trust=np.clip(trust, 0.0, 1.0).astype(np.float32),
        never_asks=never_asks,
        denied_until=np.zeros(n, np.int32),
        hides_network=np.zeros(n, bool),
        ties=ties,
        tie_strength=tie_strength,
        tie_total=tie_strength.sum(axis=1),
        willing_to_volunteer=willing,
        carer_strain=zeros.copy(),
        carer_paused_until=np.full(n, NONE, np.int32),
        labels=np.zeros(n, np.int32),
        specialist=np.full((n, N_DOMAINS), NONE, np.int32),
        waiting_since=np.full((n, N_DOMAINS), NONE, np.int32),
        plan_strength=zeros.copy(),
        appeal_hours=zeros.copy(),
        circle=np.full(n, NONE, np.int32),
        drawing_weeks=np.zeros(n, np.int16),
        buddy_network=np.full(n, NONE, np.int32),
        centre_volunteer=np.zeros(n, bool),
        formal_hours=zeros.copy(),
        informal_received=zeros.copy(),
        informal_given=zeros.copy(),
        need_hours=zeros.copy(),
        unmet_hours=zeros.copy(),
        connectedness=zeros.copy(),
        say=zeros.copy(),
        wellbeing=zeros.copy(),
        social_bonus=zeros.copy(),
    )


def _volunteer_willingness(age: np.ndarray, education: np.ndarray, params: Params) -> np.ndarray:
    """Chance of being willing to volunteer, graded by education and age; none under 15."""
    vol = params.volunteering
    by_education = np.array([vol.share_low_education, vol.share_mid_education,
                             vol.share_high_education])[education]
    age_factor = np.where(age >= 75, vol.old_age_factor, 1.0)
    return np.where(age >= 15, by_education * age_factor, 0.0)


def build_ties(params: Params, households: HouseholdState, household: np.ndarray,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Tie slots per resident: co-residents, kin anywhere, neighbours within the radius."""
    net = params.network
    n = household.shape[0]
    household_ties = _co_resident_ties(households, household)
    kin = rng.integers(0, n, size=(n, net.kin_ties), dtype=np.int32)
    neighbours = _neighbour_ties(households, household, net.neighbour_ties, net.neighbour_radius,
                                 grid_side(params), rng)
    outside = np.concatenate([kin, neighbours], axis=1)
    outside[rng.random(outside.shape) < net.missing_tie_share] = NONE
    ties = np.concatenate([household_ties, outside], axis=1)
    ties[ties == np.arange(n)[:, None]] = NONE
    strength = np.where(ties >= 0, net.initial_strength * rng.uniform(0.5, 1.5, ties.shape), 0.0)
    return ties, np.clip(strength, 0.0, 1.0).astype(np.float32)


@functools.lru_cache(maxsize=16)
def slot_weights(params: Params) -> np.ndarray:
    """How much each tie slot is asked for care: co-residents most, then kin, then neighbours.

    Care flows mostly along kin ties and proximity raises caring (domain-figures.md, SCP 2015
    via Movisie: ~80% of carers help family, ~18% friends or neighbours).
    """
    net = params.network
    return np.concatenate([np.full(HOUSEHOLD_TIES, net.household_tie_weight),
                           np.full(net.kin_ties, 1.0),
                           np.full(net.neighbour_ties, net.neighbour_tie_weight)]
                          ).astype(np.float32)


def _co_resident_ties(households: HouseholdState, household: np.ndarray) -> np.ndarray:
    """Up to two other members of the same household (the next ones in the list)."""
    n = household.shape[0]
    start = np.r_[0, np.cumsum(households.size)[:-1]][household]
    size = households.size[household].astype(np.int64)
    position = np.arange(n) - start
    slots = np.full((n, HOUSEHOLD_TIES), NONE, np.int32)
    for offset in range(1, HOUSEHOLD_TIES + 1):
        other = start + (position + offset) % size
        slots[:, offset - 1] = np.where(size > offset, other, NONE)
    return slots


def _neighbour_ties(households: HouseholdState, household: np.ndarray, k: int, radius: int,
                    side: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` residents living within ``radius`` cells (own block if the target block is empty)."""
    n = household.shape[0]
    if k == 0:
        return np.empty((n, 0), np.int32)
    cell = (households.y * side + households.x)[household]
    order = np.argsort(cell, kind="stable").astype(np.int32)
    counts = np.bincount(cell, minlength=side * side)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    x, y = cell % side, cell // side
    tx = np.clip(x[:, None] + rng.integers(-radius, radius + 1, (n, k)), 0, side - 1)
    ty = np.clip(y[:, None] + rng.integers(-radius, radius + 1, (n, k)), 0, side - 1)
    target = ty * side + tx
    target = np.where(counts[target] > 0, target, cell[:, None])
    pick = starts[target] + (rng.random((n, k)) * counts[target]).astype(np.int64)
    return order[pick]
