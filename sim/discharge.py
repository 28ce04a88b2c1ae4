"""Leaving care: episodes that end, long-term support reviewed, waiting lists that empty.

An episode for an acute problem ends when the problem is small. Long-term support for a chronic
problem is reviewed once a review period has passed: the client leaves when the problem is
below the eligibility threshold in force (so a stricter municipality also ends support). A
chronic problem that ends (remission, a move, death) ends its care. Residential care steps down
to care at home once the problem is no longer heavy. Residents whose need resolved while waiting
leave the list.
"""

from __future__ import annotations

from sim.params import Params
from sim.state import IN_CARE, NEVER, NO_CARE, RESIDENTIAL, WAITING, ResidentState


def discharge(state: ResidentState, params: Params, now: int, eligibility: float) -> int:
    """Apply every discharge rule; returns the number of episodes and supports ended."""
    sp, prob = params.specialists, params.problems
    severity, care = state.severity, state.care
    in_care = care == IN_CARE
    done_acute = in_care & ~state.chronic & (severity < sp.discharge_severity)
    reviewed = in_care & state.chronic & ((now - state.care_since) % sp.review_weeks == 0) & (
        now > state.care_since)
    done_chronic = (reviewed & (severity < eligibility)) | (in_care & (severity == 0.0))
    done = done_acute | done_chronic
    care[done] = NO_CARE
    state.care_since[done] = NEVER
    step_down = (care == RESIDENTIAL) & (severity < prob.heavy_threshold)
    care[step_down] = IN_CARE
    state.care_since[step_down] = now
    gone = (care == WAITING) & (severity < prob.need_threshold)
    care[gone] = NO_CARE
    state.care_since[gone] = NEVER
    return int(done.sum())
