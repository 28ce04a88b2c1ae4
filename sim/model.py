"""The wijksim model.

A neighbourhood where residents, professionals and institutions interact, one step per week.
"""

from __future__ import annotations

import functools

import mesa
import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid

from sim import civic, informal, problems, services
from sim.agents import (
    BuddyNetworkAgent,
    CommunityCentreAgent,
    Generalist,
    Institution,
    Municipality,
    MutualAidCircleAgent,
    Resident,
    Specialist,
    SpecialistAgency,
)
from sim.outcomes import OUTCOMES, measure
from sim.params import Params, Timeline
from sim.population import build_households, build_residents, grid_side
from sim.rng import Streams
from sim.state import N_DOMAINS, NONE, WeekLedger, cells_of, row_any
from sim.wellbeing import update_wellbeing

WEEKS_PER_YEAR = 52


def _latest(model: WijkModel, name: str) -> float:
    """DataCollector reporter: an outcome of the latest week (picklable via partial)."""
    return model.latest[name]


class WijkModel(mesa.Model):
    """A Dutch neighbourhood under a care policy, stepped weekly.

    Order of events in one step (the only place it is written down; ``step`` follows it):

    1. Policy: the parameters in force this week are applied (dated changes); when staffing
       changes, professionals are re-hired and their clients go back on the waiting lists.
    2. Onset: new problems appear; they cluster within persons and households.
    3. Help seeking: residents with unmet needs may ask. In the specialist system each problem
       goes to its agency's desk for an eligibility assessment (a label); with generalist
       teams the household asks the team. Under network rationing, assessors deny help to
       residents with a visible network, who may learn to hide it.
    4. Outreach: generalists find residents with needs who did not ask.
    5. Admission and referral: the team takes waiting households into free caseload slots;
       generalists refer heavier problems to specialists (second line); then each agency fills
       its free slots from its waiting list, longest wait first.
    6. Family group conferences: offered, funded or refused, declined or held, plan or not.
    7. Formal care: specialists, then generalists, split their hours between intake,
       coordination (growing with the professionals on a household), travel and direct help.
    8. Informal care: remaining need is asked of ties; carers give within their capacity; long
       hours strain them and some stop; ties used for care grow, the ties of residents with an
       isolation problem fade.
    9. Civic institutions: community centre, mutual-aid circles, buddy networks.
    10. Recovery: own strength drives natural recovery; heavy problems without professional
        care worsen; own strength grows with problems solved alone, shrinks with dependency and
        drifts back to its usual level; plans fade.
    11. Discharge from specialist care (step-down to the team) and from the team.
    12. Wellbeing from unmet need, connectedness, say and strain.
    13. Municipality books the week's spending against the budget and may tighten eligibility.
    14. Professionals move to a client's home (drawing only; no effect on outcomes).
    15. Outcomes are measured and collected.
    """

    def __init__(self, params: Params | Timeline | None = None, *, seed: int = 0):
        """Build the neighbourhood.

        Args:
            params: a ``Params`` (no dated changes) or a ``Timeline``; defaults to the baseline.
            seed: integer seed; every random stream of the run is derived from it.
        """
        timeline = params if isinstance(params, Timeline) else Timeline.constant(params)
        self.streams = Streams(seed)  # validates the seed before anything is built
        super().__init__(seed=int(seed))
        self.timeline = timeline
        self.params = timeline.start
        self.week = 0
        self.ledger = WeekLedger()
        side = grid_side(self.params)
        self.grid = OrthogonalMooreGrid((side, side), torus=False, random=self.random)
        self.households = build_households(self.params, side, self.streams["population"])
        self.residents = build_residents(self.params, self.households, self.streams)
        self.resident_agents = [Resident(self, i) for i in range(self.residents.n)]
        centre_cell = self.grid[(side // 2, side // 2)]
        self.municipality = Municipality(self, centre_cell)
        self.agencies = [SpecialistAgency(self, self.grid[(0, d % side)], d)
                         for d in range(N_DOMAINS)]
        self.centre = civic.CentreState(side // 2, side // 2)
        CommunityCentreAgent(self, centre_cell, self.centre)
        self.circles: list[civic.Circle] = []
        self.buddy_networks: list[civic.BuddyNetwork] = []
        self.professionals: list = []
        self.workforce = None
        self.professionals_per_household = np.zeros(self.households.n, np.int64)
        self.coordination_per_household = np.zeros(self.households.n)
        self._apply_policy(self.params)
        self.residents.need_hours[:] = informal.need_hours(self.residents, self.params)
        update_wellbeing(self.residents, self.params, np.zeros(self.residents.n, np.float32))
        self.latest = measure(self)
        self.datacollector = mesa.DataCollector(model_reporters={
            outcome.name: functools.partial(_latest, name=outcome.name) for outcome in OUTCOMES})
        self.datacollector.collect(self)

    # --- policy -------------------------------------------------------------------------
    def _apply_policy(self, params: Params) -> None:
        """Put ``params`` in force: re-staff if needed, set up civic institutions switched on."""
        self.params = params
        workforce = services.staff(params, self.residents.n)
        if self.workforce is None or not _same_workforce(workforce, self.workforce):
            if self.workforce is not None:
                services.release_all(self.residents, self.households, workforce, params,
                                     self.week)
            self.workforce = workforce
            self._hire_professionals()
        if params.mutual_aid.enabled and not self.circles:
            self.circles = civic.form_circles(self.residents, params, self.streams["mutual_aid"])
            for circle in self.circles:
                MutualAidCircleAgent(self, self._cell_of(circle.members[0]), circle)
        if params.buddies.enabled and not self.buddy_networks:
            self.buddy_networks = civic.form_buddy_networks(self.residents, params,
                                                            self.streams["buddies"])
            for network in self.buddy_networks:
                BuddyNetworkAgent(self, self.grid[(network.x, network.y)], network)
        if params.conferences.enabled and not any(
                getattr(a, "name", "") == "family group conferences"
                for a in self.agents_by_type.get(Institution, [])):
            Institution(self, self.grid[(0, 0)], "family group conferences")

    def _hire_professionals(self) -> None:
        for professional in self.professionals:
            professional.remove()
        office = self.grid[(0, 0)]
        self.professionals = [Specialist(self, i, office, int(d))
                              for i, d in enumerate(self.workforce.spec_domain)]
        self.professionals += [Generalist(self, i, office)
                               for i in range(self.workforce.n_generalists)]

    def _cell_of(self, resident: int):
        return self.grid[(int(self.residents.x[resident]), int(self.residents.y[resident]))]

    # --- the weekly step ----------------------------------------------------------------
    def step(self) -> None:
        """Advance one week, in the order written in the class docstring."""
        params = self.timeline.params_at(self.week)
        if params is not self.params:
            self._apply_policy(params)
        if self.week % WEEKS_PER_YEAR == 0:
            self.municipality.new_year()
        state, households, s = self.residents, self.households, self.streams
        self.ledger = ledger = WeekLedger()
        state.formal_hours[:] = 0.0
        state.social_bonus[:] = 0.0
        problems.onset(state, households, params, s["onset"])
        self._seek_help(params, ledger)
        intake_hours = self._admit_and_refer(params, ledger)
        if params.conferences.enabled:
            civic.run_conferences(state, households, params, s["conferences"], ledger)
        formal = self._formal_care(params, intake_hours, ledger)
        self._informal_care(params)
        self._civic_institutions(params, ledger)
        self._recover(params, formal)
        services.discharge(state, households, params)
        update_wellbeing(state, params, civic.circle_pressure(state, params))
        self._settle_budget(params, ledger)
        self._move_professionals()
        self.week += 1
        self.latest = measure(self)
        self.datacollector.collect(self)

    def _seek_help(self, params: Params, ledger: WeekLedger) -> None:
        state, households = self.residents, self.households
        requests = services.unmet_requests(state, households, params, self.week,
                                           self.streams["help_seeking"])
        self._agency_intake = np.zeros(N_DOMAINS)
        # drawn every week, teams or not, so the stream stays aligned between policies
        assessment_draws = self.streams["assessment"].random((2, state.n), dtype=np.float32)
        if params.generalists.enabled:
            services.ask_team(households, state, requests, self.week)
            services.outreach(state, households, params, self.week, self.workforce,
                              self.streams["services"])
        else:
            threshold = params.specialists.eligibility_threshold + self.municipality.tightening
            self._agency_intake = services.assess(state, requests, params, threshold, self.week,
                                                  assessment_draws, ledger)

    def _admit_and_refer(self, params: Params, ledger: WeekLedger) -> np.ndarray:
        state, households, workforce = self.residents, self.households, self.workforce
        team_hours = services.admit_team_households(households, workforce, params, ledger)
        referral_hours, referral_intake = services.refer_heavy_cases(
            state, households, params, self.week, workforce, ledger,
            self.municipality.tightening)
        team_hours = team_hours + referral_hours
        self._agency_intake = self._agency_intake + referral_intake
        services.admit_specialist_clients(state, workforce)
        return team_hours

    def _formal_care(self, params: Params, team_hours: np.ndarray,
                     ledger: WeekLedger) -> np.ndarray:
        state, households, workforce = self.residents, self.households, self.workforce
        state.need_hours[:] = informal.need_hours(state, params)
        self.professionals_per_household = services.professionals_per_household(
            state, households, workforce)
        self.coordination_per_household = np.zeros(households.n)
        spec = services.deliver_specialist_care(state, households, params, workforce,
                                                self.professionals_per_household,
                                                self._agency_intake, ledger,
                                                self.coordination_per_household)
        gen = services.deliver_generalist_care(state, households, params, workforce,
                                               self.professionals_per_household, team_hours,
                                               ledger, self.coordination_per_household)
        for professional, row in zip(self.professionals, np.vstack([spec, gen]), strict=True):
            professional.record_hours(row)
        in_team = (households.generalist >= 0)[state.household]
        return (state.specialist >= 0) | (in_team[:, None]
                                          & (state.severity >= params.problems.need_threshold))

    def _informal_care(self, params: Params) -> None:
        state, households = self.residents, self.households
        boost = np.zeros(state.n, np.float32)
        if params.generalists.enabled:
            in_team = (households.generalist >= 0)[state.household]
            boost += params.generalists.mobilisation * (in_team
                                                        & services.disclosed_network(state))
        boost += params.conferences.network_boost * state.plan_strength
        receivers, given = informal.give_informal_care(state, params, self.week, boost,
                                                       self.streams["informal_care"])
        self._informal_relief = informal.relieve_with_informal_care(state, params)
        informal.strain_carers(state, params, self.week, self.streams["carers"])
        informal.update_ties(state, params, receivers, given)
        # appeals are repeated less and less, and end when the need is gone
        state.appeal_hours *= np.float32(params.municipality.appeal_repeat)
        state.appeal_hours[(state.need_hours <= 0) | (state.appeal_hours < 0.5)] = 0.0

    def _civic_institutions(self, params: Params, ledger: WeekLedger) -> None:
        state = self.residents
        civic.run_community_centre(self.centre, state, params, self.streams["community"], ledger)
        if params.mutual_aid.enabled:
            civic.run_circles(self.circles, state, params, ledger)
        if params.buddies.enabled:
            civic.run_buddy_networks(self.buddy_networks, state, params, self.streams["buddies"],
                                     ledger)

    def _recover(self, params: Params, formal: np.ndarray) -> None:
        state = self.residents
        natural = problems.recover(state, params, formal)
        in_care = row_any(formal)
        solved_alone = np.where(in_care, 0.0, natural + self._informal_relief)
        problems.update_own_strength(state, params, solved_alone, in_care)
        civic.fade_plans(state, params)

    def _settle_budget(self, params: Params, ledger: WeekLedger) -> None:
        mun = params.municipality
        weekly_budget = (mun.budget_per_resident * self.residents.n * (1.0 - mun.budget_cut)
                         / WEEKS_PER_YEAR)
        most = max(params.problems.heavy_threshold - params.specialists.eligibility_threshold,
                   0.0)
        self.municipality.settle_week(ledger.cost_total, weekly_budget, mun.ration_step,
                                      mun.ration_when_overspent, most)

    def _move_professionals(self) -> None:
        """Each professional visits one client household, cycling through the caseload."""
        state, households = self.residents, self.households
        rows, domains = cells_of(state.specialist >= 0)
        owners = state.specialist[rows, domains]
        held = np.flatnonzero(households.generalist >= 0)
        gen_owner = households.generalist[held] + self.workforce.n_specialists
        owner = np.concatenate([owners, gen_owner])
        x = np.concatenate([state.x[rows], households.x[held]])
        y = np.concatenate([state.y[rows], households.y[held]])
        if owner.size == 0:
            return
        order = np.argsort(owner, kind="stable")
        first_owner, start, count = np.unique(owner[order], return_index=True,
                                              return_counts=True)
        pick = order[start + self.week % count]
        for who, px, py in zip(first_owner, x[pick], y[pick], strict=True):
            self.professionals[who].visit(self.grid[(int(px), int(py))])


def _same_workforce(a: services.Workforce, b: services.Workforce) -> bool:
    return (a.spec_hours.shape == b.spec_hours.shape and a.gen_hours.shape == b.gen_hours.shape
            and np.allclose(a.spec_hours, b.spec_hours) and np.allclose(a.gen_hours, b.gen_hours)
            and np.array_equal(a.spec_cap, b.spec_cap) and np.array_equal(a.gen_cap, b.gen_cap))


__all__ = ["WijkModel", "NONE"]
