"""Chronic problems: who gets them, how long they last, and their settled prevalence.

A chronic problem (a physical limitation that comes with age or illness, a chronic mental
illness, lasting poverty and debt, lasting loneliness) does not resolve by itself: its severity
fluctuates around a personal level for years, care meets the need it brings more than it cures
it, and it ends at a low rate (remission, a move or death, the resident standing in for someone
alike, so the neighbourhood's age structure stays as it is).

Onset and end are hazards per year; in a stationary neighbourhood the share with a chronic
problem of each kind settles at ``onset / (onset + end)`` for each person, which is also how the
conditions present at the start are drawn.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.domains import INCOME, ISOLATION, MENTAL, N_DOMAINS, PHYSICAL
from wijksim.sim.jit import inline, jit
from wijksim.sim.params import Params

WEEKS_PER_YEAR = 52
CHRONIC_DOMAINS = (PHYSICAL, MENTAL, INCOME, ISOLATION)
CHRONIC_FLOOR = 0.05


def rates(params: Params) -> tuple[float, ...]:
    """The chronic onset rates of ``params`` (for the compiled loops).

    A tuple, not an array: compiled code passes a tuple by value, whereas an array passed to a
    helper called once per resident and domain is reference-counted on every call (measured
    several times slower than the hazard itself).
    """
    prob = params.problems
    return tuple(float(x) for x in (prob.frailty_at_75, prob.frailty_doubling_years,
                                    prob.chronic_physical_adult, prob.chronic_mental,
                                    prob.chronic_debt, prob.chronic_isolation))


@jit
def hazard_of(domain, age, low_income, lonely, rate):  # pragma: no cover - compiled
    """Onset hazard (per year) of a chronic problem in ``domain`` for one person.

    Frailty doubles every few years of age from a rate at 75 (from 40 on); chronic illness or
    disability below old age at a low rate (less in children); chronic mental illness twice as
    often on a low income; lasting poverty and debt mostly on a low income; lasting loneliness
    mostly without people to fall back on. Other domains have no chronic problems.
    """
    adult = age >= 18
    if domain == PHYSICAL:
        frailty = rate[0] * 2.0 ** ((age - 75.0) / rate[1]) if age >= 40 else 0.0
        return rate[2] * (1.0 if adult else 0.3) + frailty
    if not adult:
        return 0.0
    if domain == MENTAL:
        return rate[3] * (2.0 if low_income else 1.0)
    if domain == INCOME:
        return rate[4] * (1.0 if low_income else 0.08)
    if domain == ISOLATION:
        return rate[5] * (0.1 + 0.9 * lonely)
    return 0.0


def physical_by_age(max_age: int, params: Params) -> np.ndarray:
    """The physical onset hazard (per year) at each whole age from 0 to ``max_age``.

    The same values as :func:`hazard_of` gives, looked up by age in the weekly onset loop
    instead of a power computed for every resident without a physical problem each week.
    """
    out = np.zeros(max_age + 1, np.float64)
    _physical_by_age(np.arange(max_age + 1, dtype=np.int16), rates(params), out)
    return out


@jit
def _physical_by_age(ages, rate, out):  # pragma: no cover - compiled
    for a in range(ages.shape[0]):
        out[a] = hazard_of(PHYSICAL, ages[a], False, 0.0, rate)


@jit
def level_of(age, domain, share, level_mean, need_threshold):  # pragma: no cover - compiled
    """The level a new chronic problem fluctuates around, from a uniform ``share``.

    Older people's physical limitations are heavier (assumption).
    """
    level = level_mean * (0.6 + 0.8 * share)
    if domain == PHYSICAL:
        level *= 1.0 + min(max((age - 70.0) / 60.0, 0.0), 0.4)
    return min(max(level, need_threshold + 0.05), 1.0)


def hazards_per_year(age: np.ndarray, low_income: np.ndarray, lonely_risk: np.ndarray,
                     params: Params) -> np.ndarray:
    """Onset hazard of a chronic problem per person and domain (per year; 0 where none).

    ``lonely_risk`` (0-1) is how far the person lacks a network to fall back on.
    """
    hazard = np.zeros((age.shape[0], N_DOMAINS), np.float32)
    _hazards(age, low_income, np.broadcast_to(lonely_risk, age.shape).astype(np.float32),
             rates(params), hazard)
    return hazard


@jit
def _hazards(age, low_income, lonely, rate, hazard):  # pragma: no cover - compiled
    for i in range(age.shape[0]):
        for d in range(hazard.shape[1]):
            hazard[i, d] = hazard_of(d, age[i], low_income[i], lonely[i], rate)


def levels(age: np.ndarray, u: np.ndarray, params: Params) -> np.ndarray:
    """The level new chronic problems fluctuate around, from uniforms ``u`` (n, domains)."""
    prob = params.problems
    out = np.zeros(u.shape, np.float32)
    _levels(age, u, prob.chronic_level_mean, prob.need_threshold, out)
    return out


@jit
def _levels(age, u, level_mean, need_threshold, out):  # pragma: no cover - compiled
    for i in range(u.shape[0]):
        for d in range(u.shape[1]):
            out[i, d] = level_of(age[i], d, u[i, d], level_mean, need_threshold)


def settled_start(age: np.ndarray, low_income: np.ndarray, params: Params,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Severity, chronic flags and levels at the start, drawn from the settled prevalence.

    Loneliness risk at the start is approximated from age and income (the network is built
    afterwards); the warm-up then settles it.
    """
    n = age.shape[0]
    risk = np.clip(0.15 + 0.25 * (age >= 75) + 0.2 * low_income, 0.0, 1.0)
    hazard = hazards_per_year(age, low_income, risk, params)
    end = params.problems.chronic_end_per_year
    prevalence = hazard / (hazard + end + 1e-12)
    u = rng.random((n, N_DOMAINS), dtype=np.float32)
    present = u < prevalence
    level = np.where(present, levels(age, rng.random((n, N_DOMAINS)), params), 0.0)
    return level.astype(np.float32), present, level.astype(np.float32)


def course(severity: np.ndarray, is_chronic: np.ndarray, level: np.ndarray, u: np.ndarray,
           params: Params) -> np.ndarray:
    """One week of chronic course: endings, pull to the level, fluctuation.

    ``u`` holds one uniform per cell (shared with acute onset, which only uses cells without a
    problem). A chronic problem ends when ``u`` falls below the weekly end hazard; otherwise ``u``
    sets its fluctuation (uniform noise with the given standard deviation). Returns the boolean
    mask of problems that ended this week.
    """
    ended = np.zeros(severity.shape, bool)
    _course(severity, is_chronic, row_words(is_chronic), level, u, course_terms(params), ended)
    return ended


def row_words(is_chronic: np.ndarray) -> np.ndarray:
    """The (n, 8) chronic flags seen as one 64-bit word per resident (0: nothing chronic)."""
    assert is_chronic.flags.c_contiguous and is_chronic.shape[1] == 8
    return is_chronic.view(np.uint64).ravel()


def course_terms(params: Params) -> tuple[np.float32, ...]:
    """The weekly end hazard, pull to the level, spread of the noise and floor (compiled loops)."""
    prob = params.problems
    return (np.float32(prob.chronic_end_per_year / WEEKS_PER_YEAR), np.float32(prob.chronic_pull),
            np.float32(np.sqrt(12.0) * prob.chronic_fluctuation), np.float32(CHRONIC_FLOOR))


@jit
def _course(severity, is_chronic, words, level, u, terms, ended):  # pragma: no cover
    for i in range(severity.shape[0]):
        course_row(i, severity, is_chronic, words, level, u, terms, ended)


@inline
def course_row(i, severity, is_chronic, words, level, u, terms,
               ended):  # pragma: no cover - compiled
    """One resident's week of chronic course (see :func:`course`).

    ``words``: :func:`row_words` of ``is_chronic`` (the same memory), so that the four residents
    in five with nothing chronic cost one test.
    """
    if words[i] == 0:
        return
    end_week, pull, spread, floor = terms
    for d in range(severity.shape[1]):
        if not is_chronic[i, d]:
            continue
        if u[i, d] < end_week:
            ended[i, d] = True
            severity[i, d] = 0.0
            is_chronic[i, d] = False
            level[i, d] = 0.0
        else:
            moved = severity[i, d] + pull * (level[i, d] - severity[i, d]) + (
                u[i, d] - 0.5) * spread
            severity[i, d] = min(max(moved, floor), 1.0)  # never quite gone while it lasts
