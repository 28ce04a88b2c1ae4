"""Generalist neighbourhood teams (sociale wijkteams): a first line in front of specialists.

Eligibility: every household that asks for help, and households the team finds by outreach.
Timing: while ``generalists.enabled``. Effect:

- Front door: a household asks the team, not an agency's desk; a kitchen-table conversation
  (no label) takes the household on when a generalist has room in their caseload.
- One plan per household: the team's hours go to the household's needs that no specialist is
  working on, in proportion to those needs, at less depth than a specialist hour. Only hours
  given count: a household on the caseload that gets no hours gets no relief.
- Referral: a problem beyond what the generalist can carry goes to a specialist. How far a
  generalist can carry a case follows from their expertise, the team's load (an overloaded team
  refers sooner) and the specialist waiting lists (long waits keep cases in the team). A
  referral is an indication: it labels the resident, and it must pass the eligibility threshold
  in force.
- Step-down: a specialist hands a case back once the team can carry it again.
- The team mobilises the household's visible network; the generalist is the hub that
  specialists coordinate with.
- Money: generalists are salaried; their full hours are paid whatever they are spent on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim import indication
from wijksim.sim.domains import PHYSICAL
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy
from wijksim.sim.state import IN_CARE, NEVER, NO_CARE, WAITING, cells_of, row_any

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

HALF_YEAR = 26.0
STEP_DOWN_MARGIN = 0.1


class GeneralistTeams(Policy):
    """The neighbourhood team: front door, one plan per household, referral and step-down."""

    name = "generalist teams"

    def __init__(self):
        self.other_hours = 0.0  # intake and referral hours this week

    def active(self, params: Params) -> bool:
        """In force while ``generalists.enabled``."""
        return params.generalists.enabled

    # --- eligibility and size --------------------------------------------------------------
    def hours(self, model: WijkModel) -> float:
        """Contract hours of the team a week (own staff plus specialists moved into it)."""
        gen, sp = model.params.generalists, model.params.specialists
        fte = gen.per_1000_residents + sp.per_1000_residents * gen.shifted_specialists
        return fte * model.residents.n / 1000.0 * gen.hours_per_week

    def caseload_capacity(self, model: WijkModel) -> int:
        """Households the team can hold."""
        gen = model.params.generalists
        return int(self.hours(model) / gen.hours_per_week * gen.caseload)

    def referral_limit(self, model: WijkModel, team_pressure: float) -> float:
        """Severity from which the team refers a problem this week.

        Lower when the team is over-asked, higher when specialist waits are long; never below
        the eligibility threshold in force (a referral is an indication).
        """
        gen = model.params.generalists
        limit = (gen.expertise_limit - gen.overload_referral * max(team_pressure - 1.0, 0.0)
                 + gen.wait_holding * min(model.mean_specialist_wait() / HALF_YEAR, 2.0))
        return max(limit, indication.threshold(model.params, model.budget.tightening))

    # --- effect ------------------------------------------------------------------------------
    def front_door(self, model: WijkModel, requests: np.ndarray) -> np.ndarray:
        """Households that ask come to the team; outreach finds more; the team takes them on."""
        hh, state = model.households, model.residents
        self.other_hours = 0.0
        asking = np.unique(state.household[row_any(requests)])
        new = asking[(hh.team_since[asking] == NEVER) & (hh.team_waiting_since[asking] == NEVER)]
        hh.team_waiting_since[new] = model.week
        self._outreach(model)
        self._take_on(model)
        return np.zeros_like(requests)

    def _outreach(self, model: WijkModel) -> None:
        """Generalists go out ("erop af") and find households with needs that did not ask."""
        gen, hh, state = model.params.generalists, model.households, model.residents
        hours = self.hours(model) * gen.outreach_share
        rng = model.streams["services"]
        found_count = rng.poisson(hours * gen.outreach_find_rate) if hours > 0 else 0
        outside = (hh.team_since == NEVER) & (hh.team_waiting_since == NEVER)
        need = row_any(state.severity >= model.params.problems.need_threshold)
        candidates = np.flatnonzero(need & outside[state.household]
                                    & ~row_any(state.care != NO_CARE))
        found_count = min(candidates.size, found_count)
        if found_count:
            found = rng.choice(candidates, size=found_count, replace=False)
            hh.team_waiting_since[state.household[found]] = model.week

    def _take_on(self, model: WijkModel) -> None:
        hh = model.households
        free = self.caseload_capacity(model) - int((hh.team_since != NEVER).sum())
        waiting = np.flatnonzero(hh.team_waiting_since != NEVER)
        if free <= 0 or waiting.size == 0:
            return
        first = waiting[np.argsort(hh.team_waiting_since[waiting], kind="stable")][:free]
        hh.team_since[first] = model.week
        hh.team_waiting_since[first] = NEVER
        self.other_hours += first.size * model.params.generalists.intake_hours

    def _team_cells(self, model: WijkModel) -> np.ndarray:
        """(resident, domain) needs in team households that no specialist works on."""
        state = model.residents
        in_team = (model.households.team_since != NEVER)[state.household]
        no_specialist = (state.care == NO_CARE) | (state.care == WAITING)
        return in_team[:, None] & no_specialist & (model.week_arrays.need > 0)

    def refer(self, model: WijkModel) -> None:
        """Refer problems beyond the team's reach to specialist care (an indication)."""
        state, week = model.residents, model.week_arrays
        cells = self._team_cells(model) & (state.care == NO_CARE)
        limit = self.referral_limit(model, self.pressure(model))
        customary = np.zeros_like(cells)
        customary[:, PHYSICAL] = week.need[:, PHYSICAL] <= week.customary
        refer = cells & (state.severity >= limit) & ~customary
        rows, domains = cells_of(refer)
        indication.grant(state, rows, domains, model.params, model.week, model.ledger)
        model.ledger.referrals += int(rows.size)
        self.other_hours += rows.size * model.params.generalists.referral_hours

    def pressure(self, model: WijkModel) -> float:
        """Hours the team's households ask, over the team's hours for direct help."""
        asked = float(np.minimum(model.week_arrays.need, model.params.specialists.max_direct_hours)
                      [self._team_cells(model)].sum())
        return asked / max(self._direct_hours(model), 1e-9)

    def _direct_hours(self, model: WijkModel) -> float:
        gen, sp, hh = model.params.generalists, model.params.specialists, model.households
        held = int((hh.team_since != NEVER).sum())
        hub = float((model.professionals_per_household[hh.team_since != NEVER] - 1).clip(0).sum())
        overhead = (self.hours(model) * gen.outreach_share + self.other_hours
                    + held * sp.travel_hours + hub * sp.coordination_hours)
        return max(self.hours(model) - overhead, 0.0)

    def deliver(self, model: WijkModel) -> None:
        """The team's hours go to its households' needs, in proportion to them; salaries paid."""
        gen, sp = model.params.generalists, model.params.specialists
        week, ledger = model.week_arrays, model.ledger
        ask = np.where(self._team_cells(model), np.minimum(week.need, sp.max_direct_hours), 0.0)
        total = float(ask.sum())
        available = self._direct_hours(model)
        share = min(1.0, available / total) if total > 0 else 0.0
        given = (ask * share).astype(np.float32)
        week.generalist[:] = given
        model.residents.formal_hours += given.sum(axis=1)
        direct = float(given.sum())
        hours = self.hours(model)
        ledger.generalist_direct_hours += direct
        ledger.generalist_other_hours += max(hours - direct, 0.0)
        hub = model.professionals_per_household[model.households.team_since != NEVER] - 1
        ledger.coordination_hours += float(hub.clip(0).sum() * sp.coordination_hours)
        ledger.cost_generalist += hours * gen.cost_per_hour

    def boost(self, model: WijkModel) -> np.ndarray:
        """The team mobilises the visible network of the households it holds."""
        state = model.residents
        in_team = (model.households.team_since != NEVER)[state.household]
        return (model.params.generalists.mobilisation * (in_team & ~state.hides_network)
                ).astype(np.float32)

    def discharge(self, model: WijkModel) -> None:
        """Step-down of specialist cases the team can carry; households with no need leave."""
        state, hh, params = model.residents, model.households, model.params
        in_team = (hh.team_since != NEVER)[state.household]
        if params.generalists.step_down:
            limit = self.referral_limit(model, self.pressure(model)) - STEP_DOWN_MARGIN
            back = ((state.care == IN_CARE) & in_team[:, None] & ~state.chronic
                    & (state.severity < limit))
            state.care[back] = NO_CARE
            state.care_since[back] = NEVER
        need = row_any(state.severity >= params.problems.need_threshold)
        household_need = np.bincount(state.household, weights=need, minlength=hh.n) > 0
        hh.team_since[~household_need] = NEVER
        hh.team_waiting_since[~household_need] = NEVER

    def stop(self, model: WijkModel) -> None:
        """The teams are switched off: their households are let go (they may ask again)."""
        model.households.team_since[:] = NEVER
        model.households.team_waiting_since[:] = NEVER
