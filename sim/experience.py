"""What residents take from their experiences: own strength and trust.

The same rules hold in and out of care. Own strength grows when problems ease — fully when the
resident or their network solved them, in part when professionals did (a share that is itself
an uncertain assumption) — and falls when problems get worse, whatever the cause; it drifts back
to the resident's usual level. Trust falls with a denial and with every week on a waiting list,
rises when help starts, and drifts back to its usual level, so distrust fades.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.params import Params
from wijksim.sim.problems import Course
from wijksim.sim.state import WAITING, ResidentState, row_any


def update_own_strength(state: ResidentState, course: Course, params: Params) -> None:
    """Own strength after the week's course."""
    os_ = params.own_strength
    credited = (course.relief_alone + os_.formal_credit * course.relief_specialist
                + params.generalists.own_success_credit * course.relief_generalist)
    change = (os_.growth_on_relief * credited - os_.loss_on_worsening * course.worsening
              + os_.return_to_usual * (state.usual_strength - state.own_strength))
    state.own_strength[:] = np.clip(state.own_strength + change, 0.0, 1.0)


def update_trust(state: ResidentState, params: Params, helped: np.ndarray) -> None:
    """Trust after the week: help started, weeks waited, and the drift back to usual."""
    hs = params.help_seeking
    waiting = row_any(state.care == WAITING)
    change = (hs.trust_gain_on_help * helped - hs.trust_loss_waiting * waiting
              + hs.trust_return * (state.usual_trust - state.trust))
    state.trust[:] = np.clip(state.trust + change, 0.0, 1.0)
