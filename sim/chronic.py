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

from sim.domains import INCOME, ISOLATION, MENTAL, N_DOMAINS, PHYSICAL
from sim.params import Params

WEEKS_PER_YEAR = 52
CHRONIC_DOMAINS = (PHYSICAL, MENTAL, INCOME, ISOLATION)
CHRONIC_FLOOR = 0.05


def hazards_per_year(age: np.ndarray, low_income: np.ndarray, lonely_risk: np.ndarray,
                     params: Params) -> np.ndarray:
    """Onset hazard of a chronic problem per person and domain (per year; 0 where none).

    ``lonely_risk`` (0-1) is how far the person lacks a network to fall back on.
    """
    prob = params.problems
    hazard = np.zeros((age.shape[0], N_DOMAINS), np.float32)
    adult = age >= 18
    frailty = prob.frailty_at_75 * np.exp2((age.astype(np.float32) - 75.0)
                                           / prob.frailty_doubling_years)
    hazard[:, PHYSICAL] = (prob.chronic_physical_adult * np.where(adult, 1.0, 0.3)
                           + np.where(age >= 40, frailty, 0.0))
    hazard[:, MENTAL] = prob.chronic_mental * adult * np.where(low_income, 2.0, 1.0)
    hazard[:, INCOME] = prob.chronic_debt * adult * np.where(low_income, 1.0, 0.08)
    hazard[:, ISOLATION] = prob.chronic_isolation * adult * (0.1 + 0.9 * lonely_risk)
    return hazard


def levels(age: np.ndarray, u: np.ndarray, params: Params) -> np.ndarray:
    """The level a new chronic problem fluctuates around, from uniforms ``u`` (n, domains).

    Older people's physical limitations are heavier (assumption).
    """
    prob = params.problems
    base = prob.chronic_level_mean * (0.6 + 0.8 * u)
    older = 1.0 + np.clip((age.astype(np.float32) - 70.0) / 60.0, 0.0, 0.4)
    base[:, PHYSICAL] *= older
    return np.clip(base, prob.need_threshold + 0.05, 1.0).astype(np.float32)


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
    sets its fluctuation. Returns the boolean mask of problems that ended this week.
    """
    prob = params.problems
    end_week = np.float32(prob.chronic_end_per_year / WEEKS_PER_YEAR)
    ended = is_chronic & (u < end_week)
    noise = (u - np.float32(0.5)) * np.float32(np.sqrt(12.0) * prob.chronic_fluctuation)
    drift = np.float32(prob.chronic_pull) * (level - severity) + noise
    # a chronic problem never quite disappears while it lasts
    moved = np.where(is_chronic, np.clip(severity + drift, CHRONIC_FLOOR, 1.0), severity)
    severity[:] = np.where(ended, 0.0, moved)
    is_chronic[ended] = False
    level[ended] = 0.0
    return ended
