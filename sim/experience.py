"""What residents take from their experiences: own strength and trust.

The same rules hold in and out of care. Own strength grows when problems ease — fully when the
resident or their network solved them, in part when professionals did (a share that is itself
an uncertain assumption) — and falls when problems get worse, whatever the cause; it drifts back
to the resident's usual level. Trust falls with a denial and with every week on a waiting list,
rises when help starts, and drifts back to its usual level, so distrust fades.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.problems import Course
from wijksim.sim.state import WAITING, ResidentState


def update_own_strength(state: ResidentState, course: Course, params: Params) -> None:
    """Own strength after the week's course."""
    os_ = params.own_strength
    _own_strength(course.relief_alone, course.relief_specialist, course.relief_generalist,
                  course.worsening, state.usual_strength, state.own_strength,
                  np.float32(os_.formal_credit), np.float32(params.generalists.own_success_credit),
                  np.float32(os_.growth_on_relief), np.float32(os_.loss_on_worsening),
                  np.float32(os_.return_to_usual))


@jit
def _own_strength(alone, by_specialist, by_generalist, worsening, usual, strength,
                  formal_credit, generalist_credit, growth, loss,
                  back):  # pragma: no cover - compiled
    # float32 throughout (as the whole-array arithmetic this replaced)
    for i in range(strength.shape[0]):
        credited = (alone[i] + formal_credit * by_specialist[i]
                    + generalist_credit * by_generalist[i])
        change = (growth * credited - loss * worsening[i]
                  + back * (usual[i] - strength[i]))
        strength[i] = min(max(strength[i] + change, np.float32(0.0)), np.float32(1.0))


def update_trust(state: ResidentState, params: Params, helped: np.ndarray) -> None:
    """Trust after the week: help started, weeks waited, and the drift back to usual."""
    hs = params.help_seeking
    _trust(state.care, helped, state.usual_trust, state.trust, WAITING,
           float(hs.trust_gain_on_help), float(hs.trust_loss_waiting),
           np.float32(hs.trust_return))


@jit
def _trust(care, helped, usual, trust, waiting_status, gain, loss,
           back):  # pragma: no cover - compiled
    # the steps in float64 and the drift in float32, as the whole-array arithmetic this replaced
    for i in range(trust.shape[0]):
        waiting = False
        for d in range(care.shape[1]):
            waiting |= care[i, d] == waiting_status
        drift = back * (usual[i] - trust[i])
        change = gain * helped[i] - loss * waiting + np.float64(drift)
        trust[i] = min(max(np.float64(trust[i]) + change, 0.0), 1.0)
