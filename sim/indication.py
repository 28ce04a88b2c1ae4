"""Indication: the eligibility assessment that grants specialist care, and the label it gives.

Whoever indicates — an agency's desk or a neighbourhood team referring a case — the resident
gets a label (labels fade over time). An eligible request joins the provider's waiting list, or
goes straight to residential care when the problem is that heavy. A request is denied when the
problem is below the eligibility threshold (raised while the municipality overspends, never
above the heavy threshold: the duty of care), or when the need for physical care is no more than
a healthy adult at home is expected to give. Under network rationing a resident with a visible
network may be told to rely on it instead (see :mod:`sim.policies.network_rationing`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijksim.sim.domains import HAS_RESIDENTIAL, PHYSICAL
from wijksim.sim.params import Params
from wijksim.sim.state import RESIDENTIAL, WAITING, ResidentState, Week, WeekLedger, cells_of


@dataclass
class Decision:
    """The outcome of assessing a set of (resident, domain) requests."""

    rows: np.ndarray
    domains: np.ndarray
    granted: np.ndarray   # bool per request
    rationed: np.ndarray  # bool per request: denied because of the network


def threshold(params: Params, tightening: float) -> float:
    """Severity needed for an indication now (heavy problems always qualify)."""
    base = params.indication.eligibility_threshold
    return min(base + tightening, max(base, params.problems.heavy_threshold))


def assess(state: ResidentState, week: Week, requests: np.ndarray, params: Params,
           tightening: float, ledger: WeekLedger) -> Decision:
    """The desk assesses every request (intake hours and administration are paid per request)."""
    rows, domains = cells_of(requests)
    ind = params.indication
    ledger.assessments += int(rows.size)
    ledger.cost_assessment += rows.size * (ind.intake_hours * ind.assessor_tariff
                                           + ind.admin_cost)
    eligible = state.severity[rows, domains] >= threshold(params, tightening)
    customary = (domains == PHYSICAL) & (week.need[rows, domains] <= week.customary[rows])
    granted = eligible & ~customary
    return Decision(rows, domains, granted, np.zeros(rows.size, bool))


def grant(state: ResidentState, rows: np.ndarray, domains: np.ndarray, params: Params,
          now: int, ledger: WeekLedger) -> None:
    """Indicate: label the resident and put them on the waiting list (or in residential care)."""
    if rows.size == 0:
        return
    ledger.indications += int(rows.size)
    np.add.at(state.labels, rows, 1.0)
    heavy = ((state.severity[rows, domains] >= params.problems.residential_threshold)
             & HAS_RESIDENTIAL[domains])
    state.care[rows, domains] = np.where(heavy, RESIDENTIAL, WAITING)
    state.care_since[rows, domains] = now


def deny(state: ResidentState, rows: np.ndarray, params: Params, now: int,
         ledger: WeekLedger) -> None:
    """Deny: trust falls and the resident waits before asking again."""
    rows = np.unique(rows)
    if rows.size == 0:
        return
    hs = params.help_seeking
    ledger.denials += int(rows.size)
    state.trust[rows] = np.maximum(0.0, state.trust[rows] - hs.trust_loss_on_denial)
    state.denied_until[rows] = now + hs.reapply_after_weeks


def fade_labels(state: ResidentState, params: Params) -> None:
    """Labels lose weight with their half-life."""
    state.labels *= np.float32(0.5 ** (1.0 / params.indication.label_half_life))
