"""Problems in the life domains: onset that clusters, natural recovery, own strength.

All rules are whole-population array operations.
"""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.state import HEALTH, N_DOMAINS, HouseholdState, ResidentState

WEEKS_PER_YEAR = 52
RESOLVED = 0.02  # severity below which a problem is gone


def onset(state: ResidentState, households: HouseholdState, params: Params,
          rng: np.random.Generator) -> int:
    """New problems appear; the hazard rises with problems already present (own and household),
    vulnerability, low own strength, and (health domain) carer strain.

    One uniform draw per resident and domain every week, whatever the state, so that this stream
    stays aligned between a baseline and a policy run. Returns the number of new problems.
    """
    prob = params.problems
    active = state.severity >= prob.need_threshold
    own_active = active.sum(axis=1)
    household_active = np.bincount(state.household, weights=own_active, minlength=households.n)
    others = household_active[state.household] - own_active
    hazard = (prob.onset_per_year / WEEKS_PER_YEAR
              * np.where(state.vulnerable, prob.vulnerability_multiplier, 1.0)
              * (1.0 + prob.clustering * own_active)
              * (1.0 + prob.household_spillover * others)
              * (1.5 - state.own_strength))
    hazard = np.repeat(hazard[:, None].astype(np.float32), N_DOMAINS, axis=1)
    hazard[:, HEALTH] *= 1.0 + state.carer_strain
    u = rng.random(state.severity.shape, dtype=np.float32)
    new = (state.severity == 0.0) & (u < hazard)
    # u / hazard is uniform on (0, 1) given onset: reuse it for the severity (no extra draws).
    level = np.minimum(1.0, 2.0 * prob.severity_mean * u / np.maximum(hazard, 1e-12))
    state.severity[new] = np.maximum(level[new], RESOLVED * 2)
    return int(new.sum())


def recover(state: ResidentState, params: Params, formal: np.ndarray) -> np.ndarray:
    """Natural recovery driven by own strength; heavy needs without formal help get worse.

    ``formal`` is a boolean (resident, domain) array of problems under professional care.
    Returns the severity relieved by the resident's own strength this week, per resident.
    """
    prob = params.problems
    present = state.severity > 0.0
    relief = np.where(present, prob.natural_recovery * state.own_strength[:, None], 0.0)
    worsen = np.where((state.severity >= prob.heavy_threshold) & ~formal, prob.worsening_unmet,
                      0.0)
    before = state.severity.copy()
    state.severity[:] = np.clip(state.severity - relief + worsen, 0.0, 1.0)
    state.severity[state.severity < RESOLVED] = 0.0
    return np.maximum(before - state.severity, 0.0).sum(axis=1)


def update_own_strength(state: ResidentState, params: Params, solved_alone: np.ndarray,
                        in_care: np.ndarray) -> None:
    """Own strength grows with problems solved without professionals, shrinks with dependency,
    and drifts slowly back to the resident's usual level.

    (Labelling is applied at the moment of an assessment, in ``services``.)
    """
    os_ = params.own_strength
    grow = os_.growth_on_success * solved_alone
    shrink = params.specialists.dependency_strength_loss * in_care
    drift = os_.return_to_usual * (state.usual_strength - state.own_strength)
    state.own_strength[:] = np.clip(state.own_strength + grow - shrink + drift, 0.0, 1.0)
