"""Leaving care: episodes that end, long-term support reviewed, waiting lists that empty.

An episode for an acute problem ends when the problem is small. Long-term support for a chronic
problem is reviewed once a review period has passed: the client leaves when the problem is
below the eligibility threshold in force (so a stricter municipality also ends support). A
chronic problem that ends (remission, a move, death) ends its care. Residential care steps down
to care at home once the problem is no longer heavy. Residents whose need resolved while waiting
leave the list.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import (
    IN_CARE,
    NEVER,
    NO_CARE,
    RESIDENTIAL,
    WAITING,
    ResidentState,
    rows_or_all,
)


def discharge(state: ResidentState, params: Params, now: int, eligibility: float,
              rows: np.ndarray | None = None) -> int:
    """Apply every discharge rule; returns the number of episodes and supports ended.

    ``rows`` (:func:`~wijksim.sim.state.active_rows`) includes everyone in care or waiting.
    """
    sp, prob = params.specialists, params.problems
    return _discharge(state.care, state.care_since, state.severity, state.chronic, now,
                      sp.discharge_severity, sp.review_weeks, eligibility, prob.heavy_threshold,
                      prob.need_threshold, NEVER, NO_CARE, WAITING, IN_CARE, RESIDENTIAL,
                      rows_or_all(rows, state.n))


@jit
def _discharge(care, since, severity, is_chronic, now, done_below, review_weeks, eligibility,
               heavy, need_threshold, never, no_care, waiting, in_care,
               residential, rows):  # pragma: no cover - compiled
    ended = 0
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(care.shape[1]):
            status = care[i, d]
            if status == no_care:
                continue
            s = severity[i, d]
            if status == in_care:
                if is_chronic[i, d]:
                    due = now > since[i, d] and (now - since[i, d]) % review_weeks == 0
                    done = s == 0.0 or (due and s < eligibility)
                else:
                    done = s < done_below
                if done:
                    care[i, d] = no_care
                    since[i, d] = never
                    ended += 1
            elif status == residential:
                if s < heavy:  # steps down to care at home
                    care[i, d] = in_care
                    since[i, d] = now
            elif status == waiting and s < need_threshold:
                care[i, d] = no_care
                since[i, d] = never
    return ended
