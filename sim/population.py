"""Build the neighbourhood: households in dwellings on a grid, and the people in them.

Households are singles, couples, couples with children and single parents in the shares CBS
reports; people have a sex, an age, a role in the household, an education, work and a household
income. Chronic conditions present at the start are drawn from their settled prevalence for each
person's age, so the warm-up starts near where it ends.

Everything here uses only the ``population`` stream and build-only parameters, so two runs on
the same seed start from the same neighbourhood whatever policies they switch on.
"""

from __future__ import annotations

import math

import numpy as np

from wijksim.sim import chronic
from wijksim.sim.domains import N_DOMAINS
from wijksim.sim.params import Params
from wijksim.sim.state import (
    CHILD,
    EMPLOYED,
    HH_COUPLE,
    HH_COUPLE_CHILDREN,
    HH_SINGLE,
    HH_SINGLE_PARENT,
    NEVER,
    NO_CARE,
    NONE,
    NOT_WORKING,
    PARTNER,
    RETIRED,
    SELF_EMPLOYED,
    SINGLE,
    SINGLE_PARENT,
    STUDENT,
    YOUNG,
    HouseholdState,
    ResidentState,
)

RETIREMENT_AGE = 67
# Low income by kind of household, relative to the average (assumption after CBS: single
# parents and singles are over-represented among low-income households).
LOW_INCOME_RISK = np.array([1.4, 0.6, 0.7, 3.0])
# Ages of the first adult by kind of household: (youngest, oldest, weight) bands (assumption,
# chosen so that ~19% of residents are 65+, ~5% 80+ and ~20% under 18, as in CBS's age
# structure: 37296ned, 1 Jan 2019: 65-80 14.6%, 80+ 4.6%, under 20 21.9%).
ADULT_AGE_BANDS = {
    HH_SINGLE: ((18, 35, 0.27), (35, 65, 0.35), (65, 80, 0.25), (80, 97, 0.12)),
    HH_COUPLE: ((22, 40, 0.33), (40, 65, 0.25), (65, 80, 0.36), (80, 93, 0.06)),
    HH_COUPLE_CHILDREN: ((27, 56, 1.0),),
    HH_SINGLE_PARENT: ((24, 56, 1.0),),
}


def grid_side(params: Params) -> int:
    """Width (= height) of the square grid for the population size."""
    cells = params.population.n_residents / params.population.residents_per_cell
    return max(3, math.ceil(math.sqrt(cells)))


def _household_kinds(params: Params, rng: np.random.Generator, count: int) -> np.ndarray:
    pop = params.population
    shares = np.array([pop.share_single_person, pop.share_couple_no_children,
                       1.0 - pop.share_single_person - pop.share_couple_no_children
                       - pop.share_single_parent, pop.share_single_parent])
    return rng.choice(4, size=count, p=shares / shares.sum()).astype(np.int8)


def _children(kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Children living at home: 1-3 in couples with children, 1-2 (mostly) in single parents."""
    count = np.zeros(kind.shape[0], np.int16)
    with_children = kind == HH_COUPLE_CHILDREN
    count[with_children] = 1 + rng.binomial(2, 0.4, with_children.sum())
    single_parent = kind == HH_SINGLE_PARENT
    count[single_parent] = 1 + rng.binomial(2, 0.3, single_parent.sum())
    return count


def _household_sizes(kind: np.ndarray, children: np.ndarray) -> np.ndarray:
    adults = np.where((kind == HH_COUPLE) | (kind == HH_COUPLE_CHILDREN), 2, 1)
    return (adults + children).astype(np.int16)


def _draw_households(params: Params, rng: np.random.Generator):
    """Kinds and sizes of households that hold exactly ``n_residents`` people."""
    n = params.population.n_residents
    kinds, sizes, total = [], [], 0
    while total < n:
        batch = max(16, int((n - total) / 2.1) + 16)
        kind = _household_kinds(params, rng, batch)
        size = _household_sizes(kind, _children(kind, rng))
        kinds.append(kind)
        sizes.append(size)
        total += int(size.sum())
    kind, size = np.concatenate(kinds), np.concatenate(sizes)
    cumulative = np.cumsum(size)
    last = int(np.searchsorted(cumulative, n))
    kind, size = kind[: last + 1].copy(), size[: last + 1].copy()
    size[-1] -= cumulative[last] - n
    # a household cut short keeps a coherent kind: one person left is a single
    if size[-1] == 1:
        kind[-1] = HH_SINGLE
    elif kind[-1] in (HH_SINGLE,):
        kind[-1] = HH_COUPLE
    return kind, size


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
    """Households: kind, size, income and dwelling cell (low incomes cluster in some blocks)."""
    kind, size = _draw_households(params, rng)
    count = kind.shape[0]
    deprivation = _deprivation(side, rng)
    cells = rng.integers(0, side * side, size=count)
    risk = LOW_INCOME_RISK[kind] * deprivation[cells]
    p_low = np.minimum(1.0, params.population.share_low_income * risk / risk.mean())
    low_income = rng.random(count) < p_low
    return HouseholdState(
        x=(cells % side).astype(np.int32),
        y=(cells // side).astype(np.int32),
        size=size,
        kind=kind,
        low_income=low_income,
        centre=np.zeros(count, np.int16),
        team_since=np.full(count, NEVER, np.int32),
        team_waiting_since=np.full(count, NEVER, np.int32),
        conference_offered=np.zeros(count, bool),
    )


def _band_ages(kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Age of each household's first adult, from the bands of its kind."""
    age = np.zeros(kind.shape[0], np.int16)
    for k, bands in ADULT_AGE_BANDS.items():
        rows = np.flatnonzero(kind == k)
        weights = np.array([w for _, _, w in bands])
        band = rng.choice(len(bands), size=rows.size, p=weights / weights.sum())
        lo = np.array([b[0] for b in bands])[band]
        hi = np.array([b[1] for b in bands])[band]
        age[rows] = lo + (rng.random(rows.size) * (hi - lo)).astype(np.int16)
    return age


def _members(households: HouseholdState, rng: np.random.Generator):
    """Age, sex and role of every resident, household by household."""
    household = np.repeat(np.arange(households.n, dtype=np.int32), households.size)
    start = np.r_[0, np.cumsum(households.size)[:-1]]
    position = np.arange(household.size) - start[household]
    kind = households.kind[household]
    first_age = _band_ages(households.kind, rng)[household]
    n = household.size
    couple = (kind == HH_COUPLE) | (kind == HH_COUPLE_CHILDREN)
    adults = np.where(couple, 2, 1)
    is_adult = position < adults
    role = np.where(~is_adult, CHILD,
                    np.where(couple, PARTNER,
                             np.where(kind == HH_SINGLE_PARENT, SINGLE_PARENT, SINGLE)))
    partner_gap = rng.integers(-4, 5, n)
    # children are 0 to 24, at least 18 years younger than the first adult
    child_age = np.minimum(rng.integers(0, 25, n), np.maximum(first_age - 18, 0))
    age = np.where(position == 0, first_age,
                   np.where(is_adult, np.clip(first_age + partner_gap, 18, 99), child_age))
    female = _sex(role, position, age, rng)
    return household, age.astype(np.int16), female, role.astype(np.int8)


def _sex(role, position, age, rng):
    """Partners are a woman and a man; single parents are mostly women, older singles too."""
    u = rng.random(role.size)
    first_partner_female = rng.random(role.size) < 0.5
    p_single_female = np.where(age >= 75, 0.7, 0.5)
    female = np.where(role == SINGLE_PARENT, u < 0.85,
                      np.where(role == SINGLE, u < p_single_female, u < 0.5))
    # the second partner has the other sex than the first (who sits one row earlier)
    partner = role == PARTNER
    first = partner & (position == 0)
    female[first] = first_partner_female[first]
    second = np.flatnonzero(partner & (position == 1))
    female[second] = ~female[second - 1]
    return female


def _education(age: np.ndarray, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Education level: 0 low, 1 middle, 2 high (children get their expected level)."""
    u = rng.random(age.shape[0])
    low, high = params.population.share_low_education, params.population.share_high_education
    return np.where(u < low, 0, np.where(u < low + high, 2, 1)).astype(np.int8)


def _work(age, education, low_income, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Work status by age, education and household income."""
    pop = params.population
    u_study, u_work, u_self = rng.random((3, age.shape[0]))
    working_age = (age >= 18) & (age < RETIREMENT_AGE)
    student = ((age >= 16) & (age < 18)) | ((age >= 18) & (age < 25) & (u_study < 0.55))
    # employment by education and income (assumption: low education and low income work less)
    p_work = pop.employment_rate * np.array([0.85, 1.0, 1.1])[education]
    p_work = np.minimum(np.where(low_income, p_work * 0.45, p_work), 0.98)
    works = working_age & ~student & (u_work < p_work)
    self_employed = works & (u_self < pop.share_self_employed)
    work = np.full(age.shape[0], YOUNG, np.int8)
    work[working_age | (age >= 16)] = NOT_WORKING
    work[student] = STUDENT
    work[works] = EMPLOYED
    work[self_employed] = SELF_EMPLOYED
    work[age >= RETIREMENT_AGE] = RETIRED
    return work


def _volunteer_propensity(age: np.ndarray, education: np.ndarray,
                          params: Params) -> np.ndarray:
    """Long-run chance of being a volunteer in a year, graded by education and age."""
    vol = params.volunteering
    by_education = np.array([vol.share_low_education, vol.share_mid_education,
                             vol.share_high_education])[education]
    age_factor = np.where(age >= 75, vol.old_age_factor, 1.0)
    return np.where(age >= 15, by_education * age_factor, 0.0).astype(np.float32)


def build_residents(params: Params, households: HouseholdState,
                    rng: np.random.Generator) -> ResidentState:
    """Residents of the households, with their chronic conditions, attitudes and baselines.

    Ties are added afterwards by :func:`sim.network.build_ties`.
    """
    household, age, female, role = _members(households, rng)
    n = household.size
    education = _education(age, params, rng)
    low_income = households.low_income[household]
    work = _work(age, education, low_income, params, rng)
    insured = (work == SELF_EMPLOYED) & (
        rng.random(n) < params.population.share_self_employed_insured)
    spread = params.problems.vulnerability_spread
    household_risk = np.exp(rng.normal(-spread**2 / 2, spread, households.n))
    minors = np.bincount(household, weights=(role == CHILD) & (age < 18),
                         minlength=households.n)
    children_home = (role != CHILD) & (minors[household] > 0)
    strength = params.own_strength
    own = np.clip(rng.normal(strength.initial_mean, 0.15, n)
                  - low_income * strength.low_income_penalty, 0.0, 1.0).astype(np.float32)
    trust = np.clip(rng.normal(params.help_seeking.initial_trust, 0.15, n), 0.0,
                    1.0).astype(np.float32)
    wb = params.wellbeing
    usual = np.clip(rng.normal(wb.usual_mean, wb.usual_sd, n), 0.0, 10.0).astype(np.float32)
    never_asks = rng.random(n) < params.help_seeking.never_ask_share
    severity, is_chronic, level = chronic.settled_start(age, low_income, params, rng)
    propensity = _volunteer_propensity(age, education, params)
    volunteer = (rng.random(n) < propensity).astype(np.int8)  # settled share volunteers
    zeros = np.zeros(n, np.float32)
    empty_ties = np.full((n, 9), NONE, np.int32)
    return ResidentState(
        household=household,
        x=households.x[household],
        y=households.y[household],
        age=age,
        female=female,
        role=role,
        education=education,
        work=work,
        low_income=low_income,
        insured=insured,
        children_home=children_home,
        vulnerability=household_risk[household].astype(np.float32),
        never_asks=never_asks,
        usual_strength=own.copy(),
        usual_trust=trust.copy(),
        usual_wellbeing=usual,
        volunteer_propensity=propensity,
        severity=severity,
        chronic=is_chronic,
        chronic_level=level,
        care=np.full((n, N_DOMAINS), NO_CARE, np.int8),
        care_since=np.full((n, N_DOMAINS), NEVER, np.int32),
        own_strength=own,
        trust=trust,
        labels=zeros.copy(),
        denied_until=np.full(n, NEVER, np.int32),
        hides_network=np.zeros(n, bool),
        ties=empty_ties,
        tie_kind=np.zeros((n, 9), np.int8),
        tie_distance=np.zeros((n, 9), np.int8),
        tie_strength=np.zeros((n, 9), np.float32),
        tie_u=np.ones((n, 9), np.float32),
        tie_total=zeros.copy(),
        burden=zeros.copy(),
        carer_stopped_until=np.full(n, NEVER, np.int32),
        supported=np.zeros(n, bool),
        volunteer=volunteer,
        plan_strength=zeros.copy(),
        appeal_hours=zeros.copy(),
        circle=np.full(n, NONE, np.int32),
        ill_weeks=np.zeros(n, np.int16),
        drawing_weeks=np.zeros(n, np.int16),
        buddy_network=np.full(n, NONE, np.int32),
        need_hours=zeros.copy(),
        formal_hours=zeros.copy(),
        informal_received=zeros.copy(),
        informal_given=zeros.copy(),
        unmet_hours=zeros.copy(),
        contact=zeros.copy(),
        say=zeros.copy(),
        wellbeing=usual.copy(),
    )


__all__ = ["build_households", "build_residents", "grid_side", "EMPLOYED", "RETIRED"]
