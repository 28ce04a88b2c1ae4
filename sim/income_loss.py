"""Income lost through illness: the self-employed have no employer to pay them when ill.

Employees keep their pay when ill (the employer pays for up to two years) and the unemployed
keep their benefit, but a self-employed resident too ill to work loses income, unless insured or
covered by a mutual-aid circle. After a few weeks of buffer, each week without income adds to an
income and debt problem.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.domains import INCOME, MENTAL, PHYSICAL
from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import SELF_EMPLOYED, ResidentState

BUFFER_WEEKS = 4  # weeks a self-employed person bridges from savings (assumption)


def too_ill_to_work(state: ResidentState, params: Params) -> np.ndarray:
    """Self-employed residents whose physical or mental problem keeps them from working."""
    ill = np.zeros(state.n, np.bool_)
    _too_ill(state.work, state.severity, params.problems.work_limit, ill)
    return ill


@jit
def _too_ill(work, severity, limit, ill):  # pragma: no cover - compiled
    for i in range(work.shape[0]):
        ill[i] = work[i] == SELF_EMPLOYED and (severity[i, PHYSICAL] >= limit
                                               or severity[i, MENTAL] >= limit)


def count_ill_weeks(state: ResidentState, params: Params) -> np.ndarray:
    """Advance each resident's run of weeks too ill to work; returns who is ill now."""
    ill = too_ill_to_work(state, params)
    _count_weeks(ill, state.ill_weeks)
    return ill


@jit
def _count_weeks(ill, weeks):  # pragma: no cover - compiled
    for i in range(ill.shape[0]):
        weeks[i] = min(weeks[i] + 1, 30000) if ill[i] else 0


def lose_income(state: ResidentState, params: Params, covered: np.ndarray) -> int:
    """Income problems grow for the uncovered ill self-employed.

    ``covered`` (0-1 per resident) is the share of income replaced (a circle's payout). Returns
    how many residents lost income this week.
    """
    return _lose_income(state.work, state.severity, state.ill_weeks, state.insured,
                        covered.astype(np.float32), params.problems.work_limit,
                        np.float32(params.problems.lost_income_debt), BUFFER_WEEKS)


@jit
def _lose_income(work, severity, ill_weeks, insured, covered, limit, debt,
                 buffer_weeks):  # pragma: no cover - compiled
    hit = 0
    for i in range(work.shape[0]):
        ill = work[i] == SELF_EMPLOYED and (severity[i, PHYSICAL] >= limit
                                            or severity[i, MENTAL] >= limit)
        if not ill or ill_weeks[i] <= buffer_weeks or insured[i]:
            continue
        loss = debt * (np.float32(1.0) - covered[i])  # float32 throughout, as before
        if loss > 0:
            severity[i, INCOME] = min(np.float32(1.0),
                                      max(severity[i, INCOME], np.float32(0.04)) + loss)
            hit += 1
    return hit
