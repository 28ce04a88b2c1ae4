"""Income lost through illness: the self-employed have no employer to pay them when ill.

Employees keep their pay when ill (the employer pays for up to two years) and the unemployed
keep their benefit, but a self-employed resident too ill to work loses income, unless insured or
covered by a mutual-aid circle. After a few weeks of buffer, each week without income adds to an
income and debt problem.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.domains import INCOME, MENTAL, PHYSICAL
from wijksim.sim.params import Params
from wijksim.sim.state import SELF_EMPLOYED, ResidentState

BUFFER_WEEKS = 4  # weeks a self-employed person bridges from savings (assumption)


def too_ill_to_work(state: ResidentState, params: Params) -> np.ndarray:
    """Self-employed residents whose physical or mental problem keeps them from working."""
    limit = params.problems.work_limit
    return (state.work == SELF_EMPLOYED) & (
        (state.severity[:, PHYSICAL] >= limit) | (state.severity[:, MENTAL] >= limit))


def count_ill_weeks(state: ResidentState, params: Params) -> np.ndarray:
    """Advance each resident's run of weeks too ill to work; returns who is ill now."""
    ill = too_ill_to_work(state, params)
    state.ill_weeks[:] = np.where(ill, np.minimum(state.ill_weeks + 1, 30000), 0)
    return ill


def lose_income(state: ResidentState, params: Params, covered: np.ndarray) -> int:
    """Income problems grow for the uncovered ill self-employed.

    ``covered`` (0-1 per resident) is the share of income replaced (a circle's payout). Returns
    how many residents lost income this week.
    """
    losing = (too_ill_to_work(state, params) & (state.ill_weeks > BUFFER_WEEKS)
              & ~state.insured)
    loss = np.where(losing, params.problems.lost_income_debt * (1.0 - covered), 0.0)
    hit = loss > 0
    state.severity[hit, INCOME] = np.minimum(
        1.0, np.maximum(state.severity[hit, INCOME], 0.04) + loss[hit]).astype(np.float32)
    return int(hit.sum())
