"""Life satisfaction (0-10, as CBS asks it) from problems, help, income, say and strain.

Each problem lowers life satisfaction in proportion to its severity, by an amount per domain
taken from studies of life satisfaction (see the parameters' sources and docs/ODD.md); help that
meets the problem's need takes part of that harm away. A low household income, carer burden and
having no say over one's own life lower it too; contact through a centre or a buddy network
raises it; so does social pressure on a circle member who draws for long (like strain); living
with a partner raises it. Everyone has their own usual level.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.domains import DOMAINS
from wijksim.sim.jit import jit
from wijksim.sim.params import Params
from wijksim.sim.state import PARTNER, ResidentState, Week, rows_or_all


def harms(params: Params) -> np.ndarray:
    """Harm of each domain's problem at full severity (points of life satisfaction)."""
    wb = params.wellbeing
    return np.array([getattr(wb, f"harm_{name}") for name in DOMAINS], np.float32)


def update_wellbeing(state: ResidentState, week: Week, params: Params,
                     rows: np.ndarray | None = None) -> None:
    """Compute need and unmet hours, say and life satisfaction for every resident.

    ``rows`` (:func:`~wijksim.sim.state.active_rows`, ascending): the residents who can have a
    problem or a need; the others' problems are not looked at.
    """
    wb = params.wellbeing
    _wellbeing(state.severity, week.need, week.specialist, week.generalist, week.informal,
               week.residential, harms(params), state.own_strength, state.labels,
               state.plan_strength, state.usual_wellbeing, state.low_income, state.burden,
               state.contact, week.pressure, state.role == PARTNER, wb.relief_when_met,
               wb.labels_for_no_say, wb.say_from_strength, params.conferences.say_boost,
               wb.harm_low_income, wb.harm_carer_burden, wb.harm_no_say, wb.partner_gain,
               wb.contact_gain, rows_or_all(rows, state.n), state.need_hours, state.unmet_hours,
               state.say, state.wellbeing)


@jit
def _wellbeing(severity, need, specialist, generalist, informal, residential, harm, strength,
               labels, plan, usual, low_income, burden, contact, pressure, partnered,
               relief_when_met, labels_for_no_say, say_from_strength, say_boost,
               harm_low_income, harm_burden, harm_no_say, partner_gain, contact_gain, rows,
               need_total, unmet_total, say, wellbeing):  # pragma: no cover - compiled
    n, domains = severity.shape
    next_row = 0  # the next active row (rows ascend)
    for i in range(n):
        needed = 0.0
        unmet = 0.0
        problem_harm = 0.0
        active = next_row < rows.shape[0] and rows[next_row] == i
        next_row += active
        for d in range(domains if active else 0):
            met_share = 0.0
            if need[i, d] > 0.0:
                met = need[i, d] if residential[i, d] else min(
                    specialist[i, d] + generalist[i, d] + informal[i, d], need[i, d])
                met_share = met / need[i, d]
                needed += need[i, d]
                unmet += need[i, d] - met
            if severity[i, d] > 0.0:
                problem_harm += harm[d] * severity[i, d] * (1.0 - relief_when_met * met_share)
        need_total[i] = needed
        unmet_total[i] = max(unmet, 0.0)
        labelled = min(1.0, labels[i] / labels_for_no_say)
        say[i] = min(1.0, say_from_strength * strength[i] + (1.0 - say_from_strength)
                     * (1.0 - labelled) + say_boost * plan[i])
        strain = min(1.0, burden[i] + pressure[i])
        score = (usual[i] - problem_harm - (harm_low_income if low_income[i] else 0.0)
                 - harm_burden * strain - harm_no_say * (1.0 - say[i])
                 + contact_gain * min(contact[i], 1.0)
                 + (partner_gain if partnered[i] else 0.0))
        wellbeing[i] = min(max(score, 0.0), 10.0)
