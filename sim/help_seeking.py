"""Help seeking: who asks for formal help this week, and for what.

A resident asks about needs that are still unmet after informal care and that no professional
is already working on, if they are not among those who never ask, are not waiting out a recent
denial, and — with a chance that grows with their trust in institutions — decide to ask this
week. The request goes to the front door: the agencies' desks, or the neighbourhood team.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import ResidentState, Week, rows_or_all

UNMET_TO_ASK = 0.5  # hours a week of unmet need before a need is worth asking about


def requests(state: ResidentState, week: Week, params: Params, now: int,
             rng: np.random.Generator, rows: np.ndarray | None = None) -> np.ndarray:
    """Boolean (resident, domain): the needs each resident asks about this week.

    One uniform per resident every week (stream alignment). ``rows``
    (:func:`~wijksim.sim.state.active_rows`): the residents who can have a need.
    """
    u = rng.random(state.n, dtype=np.float32)
    out = np.zeros(state.severity.shape, bool)
    _requests(state.never_asks, state.denied_until, state.trust, state.severity, state.care,
              week.need, week.specialist, week.generalist, week.informal, week.residential, u,
              params.help_seeking.ask_per_week, params.problems.need_threshold, now,
              UNMET_TO_ASK, rows_or_all(rows, state.n), out)
    return out


@jit
def _requests(never, denied_until, trust, severity, care, need, specialist, generalist,
              informal, residential, u, ask, need_threshold, now, unmet_to_ask, rows,
              out):  # pragma: no cover - compiled
    for r in range(rows.shape[0]):
        i = rows[r]
        if never[i] or denied_until[i] > now or not u[i] < ask * trust[i]:
            continue
        for d in range(severity.shape[1]):
            if severity[i, d] < need_threshold or care[i, d] != 0 or residential[i, d]:
                continue
            unmet = need[i, d] - specialist[i, d] - generalist[i, d] - informal[i, d]
            out[i, d] = unmet > unmet_to_ask
