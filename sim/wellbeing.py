"""Life satisfaction (0-10, as CBS asks it) from problems, help, income, say and strain.

Each problem lowers life satisfaction in proportion to its severity, by an amount per domain
taken from studies of life satisfaction (see the parameters' sources and docs/ODD.md); help that
meets the problem's need takes part of that harm away. A low household income, carer burden and
having no say over one's own life lower it too; contact through a centre or a buddy network
raises it. Everyone has their own usual level.
"""

from __future__ import annotations

import numpy as np

from sim.domains import DOMAINS
from sim.params import Params
from sim.state import ResidentState, Week, row_sums


def harms(params: Params) -> np.ndarray:
    """Harm of each domain's problem at full severity (points of life satisfaction)."""
    wb = params.wellbeing
    return np.array([getattr(wb, f"harm_{name}") for name in DOMAINS], np.float32)


def update_wellbeing(state: ResidentState, week: Week, params: Params) -> None:
    """Compute unmet hours, say and life satisfaction for every resident."""
    wb = params.wellbeing
    met = week.met()
    unmet = np.maximum(week.need - met, 0.0)
    state.need_hours[:] = row_sums(week.need)
    state.unmet_hours[:] = row_sums(unmet)
    met_share = np.where(week.need > 0, met / np.maximum(week.need, 1e-9), 0.0)
    harm = row_sums(harms(params) * state.severity * (1.0 - wb.relief_when_met * met_share))
    labelled = np.minimum(1.0, state.labels / wb.labels_for_no_say)
    state.say[:] = np.minimum(1.0, wb.say_from_strength * state.own_strength
                              + (1.0 - wb.say_from_strength) * (1.0 - labelled)
                              + params.conferences.say_boost * state.plan_strength)
    score = (state.usual_wellbeing - harm - wb.harm_low_income * state.low_income
             - wb.harm_carer_burden * state.burden - wb.harm_no_say * (1.0 - state.say)
             + wb.contact_gain * np.minimum(state.contact, 1.0))
    state.wellbeing[:] = np.clip(score, 0.0, 10.0)
