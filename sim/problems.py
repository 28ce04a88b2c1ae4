"""Problems in the life domains: onset that clusters, natural recovery, own strength.

All rules are whole-population array operations.
"""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.state import HEALTH, HouseholdState, ResidentState, cells_of, row_any, row_counts, row_sums

WEEKS_PER_YEAR = 52
RESOLVED = 0.02  # severity below which a problem is gone


def onset(state: ResidentState, households: HouseholdState, params: Params,
          rng: np.random.Generator) -> int:
    """New problems appear.

    The hazard rises with problems already present (own and household), vulnerability, low own
    strength, and (health domain) carer strain.

    One uniform draw per resident and domain every week, whatever the state, so that this stream
    stays aligned between a baseline and a policy run. Returns the number of new problems.
    """
    prob = params.problems
    active = state.severity >= prob.need_threshold
    own_active = row_counts(active)
    household_active = np.bincount(state.household, weights=own_active, minlength=households.n)
    others = household_active[state.household] - own_active
    hazard = (prob.onset_per_year / WEEKS_PER_YEAR
              * np.where(state.vulnerable, prob.vulnerability_multiplier, 1.0)
              * (1.0 + prob.clustering * own_active)
              * (1.0 + prob.household_spillover * others)
              * (1.5 - state.own_strength))
    hazard = hazard.astype(np.float32)
    health_hazard = hazard * (1.0 + state.carer_strain)
    u = rng.random(state.severity.shape, dtype=np.float32)
    new = u < hazard[:, None]
    new[:, HEALTH] = u[:, HEALTH] < health_hazard
    new &= state.severity == 0.0
    rows, domains = cells_of(new)
    if rows.size == 0:
        return 0
    row_hazard = np.where(domains == HEALTH, health_hazard[rows], hazard[rows])
    # u / hazard is uniform on (0, 1) given onset: reuse it for the severity (no extra draws).
    level = np.minimum(1.0, 2.0 * prob.severity_mean * u[rows, domains]
                       / np.maximum(row_hazard, 1e-12))
    state.severity[rows, domains] = np.maximum(level, RESOLVED * 2)
    return int(rows.size)


def recover(state: ResidentState, params: Params, formal: np.ndarray) -> np.ndarray:
    """Natural recovery driven by own strength; heavy needs without formal help get worse.

    ``formal`` is a boolean (resident, domain) array of problems under professional care.
    Returns the severity relieved by the resident's own strength this week, per resident.
    """
    prob = params.problems
    relieved = np.zeros(state.n)
    rows = np.flatnonzero(row_any(state.severity > 0.0))  # only residents with a problem
    if rows.size == 0:
        return relieved
    before = state.severity[rows]
    relief = np.float32(prob.natural_recovery) * state.own_strength[rows, None] * (before > 0)
    worsen = np.float32(prob.worsening_unmet) * ((before >= prob.heavy_threshold) & ~formal[rows])
    after = np.clip(before - relief + worsen, 0.0, 1.0)
    after[after < RESOLVED] = 0.0
    state.severity[rows] = after
    relieved[rows] = row_sums(np.maximum(before - after, 0.0))
    return relieved


def update_own_strength(state: ResidentState, params: Params, solved_alone: np.ndarray,
                        in_care: np.ndarray) -> None:
    """Update own strength.

    Own strength grows with problems solved without professionals, shrinks with dependency, and
    drifts slowly back to the resident's usual level.

    (Labelling is applied at the moment of an assessment, in ``services``.)
    """
    os_ = params.own_strength
    grow = os_.growth_on_success * solved_alone
    shrink = params.specialists.dependency_strength_loss * in_care
    drift = os_.return_to_usual * (state.usual_strength - state.own_strength)
    state.own_strength[:] = np.clip(state.own_strength + grow - shrink + drift, 0.0, 1.0)
