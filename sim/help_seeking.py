"""Help seeking: who asks for formal help this week, and for what.

A resident asks about needs that are still unmet after informal care and that no professional
is already working on, if they are not among those who never ask, are not waiting out a recent
denial, and — with a chance that grows with their trust in institutions — decide to ask this
week. The request goes to the front door: the agencies' desks, or the neighbourhood team.
"""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.state import NO_CARE, ResidentState, Week

UNMET_TO_ASK = 0.5  # hours a week of unmet need before a need is worth asking about


def requests(state: ResidentState, week: Week, params: Params, now: int,
             rng: np.random.Generator) -> np.ndarray:
    """Boolean (resident, domain): the needs each resident asks about this week.

    One uniform per resident every week (stream alignment).
    """
    u = rng.random(state.n, dtype=np.float32)
    asks = (~state.never_asks & (state.denied_until <= now)
            & (u < params.help_seeking.ask_per_week * state.trust))
    unserved = ((state.severity >= params.problems.need_threshold) & (state.care == NO_CARE)
                & (week.unmet() > UNMET_TO_ASK))
    return unserved & asks[:, None]
