"""Wellbeing from unmet need, connectedness, say over one's own life, and strain."""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.state import ResidentState, row_sums

LABELS_FOR_NO_SAY = 5.0  # after this many assessments a resident's file, not they, has the say


def update_wellbeing(state: ResidentState, params: Params, extra_strain: np.ndarray) -> None:
    """Compute unmet hours, connectedness, say and wellbeing (all 0-1 except hours)."""
    wb = params.wellbeing
    state.unmet_hours[:] = np.maximum(
        state.need_hours - state.formal_hours - state.informal_received, 0.0)
    met_share = np.where(state.need_hours > 0,
                         1.0 - state.unmet_hours / np.maximum(state.need_hours, 1e-9), 1.0)
    load = np.minimum(1.0, row_sums(state.severity))
    need_part = 1.0 - load * (1.0 - 0.5 * met_share)  # help halves the harm of a problem
    slots = max(state.ties.shape[1], 1)
    state.connectedness[:] = np.minimum(
        1.0, state.tie_total / slots + state.social_bonus)
    labelled = np.minimum(1.0, state.labels / LABELS_FOR_NO_SAY)
    state.say[:] = np.minimum(1.0, 0.6 * state.own_strength + 0.4 * (1.0 - labelled)
                              + params.conferences.say_boost * state.plan_strength)
    strain = np.minimum(1.0, state.carer_strain + extra_strain)
    state.wellbeing[:] = (wb.weight_unmet * need_part + wb.weight_connected * state.connectedness
                          + wb.weight_say * state.say + wb.weight_strain * (1.0 - strain))
