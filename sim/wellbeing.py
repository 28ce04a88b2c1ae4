"""Wellbeing from unmet need, connectedness, say over one's own life, and strain."""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.state import ResidentState, row_sums


def update_wellbeing(state: ResidentState, params: Params, extra_strain: np.ndarray) -> None:
    """Compute unmet hours, connectedness, say and wellbeing (all 0-1 except hours)."""
    wb = params.wellbeing
    state.unmet_hours[:] = np.maximum(
        state.need_hours - state.formal_hours - state.informal_received, 0.0)
    met_share = np.where(state.need_hours > 0,
                         1.0 - state.unmet_hours / np.maximum(state.need_hours, 1e-9), 1.0)
    load = np.minimum(1.0, row_sums(state.severity))
    need_part = 1.0 - load * (1.0 - wb.relief_when_met * met_share)
    slots = max(state.ties.shape[1], 1)
    state.connectedness[:] = np.minimum(
        1.0, state.tie_total / slots + state.social_bonus)
    labelled = np.minimum(1.0, state.labels / wb.labels_for_no_say)
    state.say[:] = np.minimum(1.0, wb.say_from_strength * state.own_strength
                              + (1.0 - wb.say_from_strength) * (1.0 - labelled)
                              + params.conferences.say_boost * state.plan_strength)
    strain = np.minimum(1.0, state.carer_strain + extra_strain)
    state.wellbeing[:] = (wb.weight_unmet * need_part + wb.weight_connected * state.connectedness
                          + wb.weight_say * state.say + wb.weight_strain * (1.0 - strain))
