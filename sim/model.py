"""The wijksim model.

A neighbourhood where residents, professionals and institutions interact, one step per week.
"""

from __future__ import annotations

import functools
import math
from copy import deepcopy

import mesa
import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid

from wijksim.sim import (
    carers,
    discharge,
    experience,
    help_seeking,
    income_loss,
    indication,
    informal_care,
    network,
    problems,
    providers,
    volunteering,
    warmup,
)
from wijksim.sim.agents import Generalist, Institution, Municipality, Resident, Specialist
from wijksim.sim.blocks import BLOCK_LAYERS, fill_block_layers
from wijksim.sim.budget import Budget, new_year, settle_week
from wijksim.sim.domains import DOMAINS, ISOLATION, N_DOMAINS
from wijksim.sim.outcomes import OUTCOMES, measure
from wijksim.sim.params import (
    Params,
    Timeline,
    build_only_changes,
    warmup_params,
    with_changes,
)
from wijksim.sim.policies import Policy, all_policies
from wijksim.sim.population import build_households, build_residents, grid_side
from wijksim.sim.rng import STREAM_NAMES, Streams, as_seed
from wijksim.sim.state import (
    IN_CARE,
    NEVER,
    NONE,
    RESIDENTIAL,
    WAITING,
    Week,
    WeekLedger,
    active_rows,
    cells_of,
    row_any,
    row_sums,
)
from wijksim.sim.wellbeing import update_wellbeing
from wijksim.sim.yearly import (
    YearTracker,
    multi_problem,
    record_week,
    resident_cost,
    yearly_outcomes,
)

WEEKS_PER_YEAR = 52
# the points of a week where a neighbourhood meets the rest of its municipality
NEW_YEAR, STAFF, INFORMAL, ADMIT, SETTLE = "new year", "staff", "informal care", "admit", \
    "settle"
MEETING_POINTS = (NEW_YEAR, STAFF, INFORMAL, ADMIT, SETTLE)


def _latest(model: WijkModel, name: str) -> float:
    """DataCollector reporter: an outcome of the latest week (picklable via partial)."""
    return model.latest[name]


class WeeklyOutcomes(mesa.DataCollector):
    """Mesa's DataCollector with one reporter per outcome, collected in one loop.

    Every reporter reads the week's outcome from ``model.latest`` (floats, which need no copy),
    so collecting appends those values directly instead of calling 100-odd reporters and
    deep-copying each result (about 5% of the step at 10,000 residents, profiled). The table
    it builds (``get_model_vars_dataframe``) is the one Mesa's would.
    """

    def __init__(self, names: list[str]):
        super().__init__(model_reporters={
            name: functools.partial(_latest, name=name) for name in names})

    def collect(self, model: WijkModel) -> None:
        """Append the latest week's outcomes."""
        latest = model.latest
        for name, column in self.model_vars.items():
            column.append(latest[name])


def with_overrides(params: Params | Timeline | None, overrides: dict) -> Timeline:
    """The run's timeline with Mesa-style keyword changes (``section__name``) at every stage."""
    timeline = params if isinstance(params, Timeline) else Timeline.constant(params)
    if not overrides:
        return timeline
    dotted = {key.replace("__", ".", 1): value for key, value in overrides.items()}
    return Timeline(tuple((week, with_changes(stage, dotted)) for week, stage in timeline.stages))


class WijkModel(mesa.Model):
    """A Dutch neighbourhood under a care policy, stepped weekly.

    A run starts from a settled neighbourhood: the model is first run unreported for
    ``simulation.warmup_years`` under the baseline levers (the run's assumptions hold), so that
    waiting lists, burdens, trust, labels and chronic needs have settled; week 0 is the first
    reported week and the scenario's policies start there. A baseline and a policy run on one
    seed therefore share their whole warm-up.

    Order of events in one week (the only place it is written down; ``_week`` follows it):

    1. Policy: the parameters in force this week are applied (dated changes); policies that
       start are set up, policies that stop are let go. At a new year the budget opens (after a
       year over budget, with lower tariffs or less contracted capacity).
    2. Onset and chronic course: chronic problems drift around their level and may end; new
       acute and chronic problems appear (clustering in persons and households; carer burden
       raises the risk of illness). Self-employed residents too ill to work count their weeks.
    3. Need: hours of help each problem asks for.
    4. Formal care: providers give their clients the hours of their indication (less when
       demand exceeds their staff; coordination and travel take their share); residential care
       meets all of a need; policies deliver (teams' hours, respite).
    5. Informal care: what is left is asked of partner, household, kin, friends and neighbours
       (more willingly under a team's mobilisation or a family plan); buddy volunteers add
       light support.
    6. Help seeking and the front door: residents with unmet needs ask; a team takes the
       household's request, or the agencies' desks assess it (policies may change a decision:
       network rationing); grants are indications (labels) onto a waiting list or into
       residential care; denials cost trust.
    7. Referral and admission: teams refer cases beyond their reach (an indication); providers
       admit from their waiting lists while they have hours (a budget ceiling: heavy cases only).
    8. Volunteering and civic institutions: residents start and stop volunteering; community
       centres, mutual-aid circles, buddy networks and family group conferences act; income
       lost through illness becomes debt unless covered.
    9. Course: problems are relieved in proportion to the hours given, recover by themselves
       (acute ones), and worsen in proportion to unmet need (heavy ones); own strength and trust
       follow the same rules in and out of care; labels fade.
    10. Carers: burden moves towards the level of the load; overloaded carers may stop; ties
        used for care strengthen, ties of lonely residents fade.
    11. Discharge: episodes end, long-term support is reviewed, residential care steps down,
        teams hand back and close households.
    12. Wellbeing: life satisfaction from problems and need met, income, burden, say, contact.
    13. Budget: the week's spending is booked; measures are set for next week; providers grow
        or shrink towards demand.
    14. Measurement: the year's sums are kept (yearly outcomes at each year's end);
        professionals move to a client's home (drawing only); outcomes are collected.

    Five points of this week are where a neighbourhood meets the rest of its municipality
    (``MEETING_POINTS``: the new year of step 1, the staff of step 4, the informal care of
    step 5, the admission of step 7 and the budget of step 13). A neighbourhood on its own
    decides them itself; neighbourhoods stepped together as one municipality
    (``sim.shared_care``) have them decided for all at once (shared specialist providers, kin
    and friends across neighbourhoods, one budget).
    """

    def __init__(self, params: Params | Timeline | None = None, *, seed: int | str | None = None,
                 resident_agents: bool = True, together_weeks: int = 0, **kwargs):
        """Build the neighbourhood and warm it up.

        Args:
            params: a ``Params`` (no dated changes) or a ``Timeline``; defaults to the baseline.
            seed: integer seed (or a string of digits); every random stream of the run is
                derived from it. ``None`` draws a fresh seed, kept in ``self.seed``.
            resident_agents: give every resident a Mesa agent (``self.resident_agents``, a
                handle onto the resident columns, for Mesa's tools and the agent API). The
                model's rules read only the columns, so results are the same without; a
                municipality of many neighbourhoods leaves them out to save ~0.5 KiB per
                resident.
            together_weeks: warm up alone only to this many weeks before week 0 and do not
                start the run: the last weeks are warmed up together with the other
                neighbourhoods of a municipality, which then starts the run
                (``sim.shared_care.SharedCare``; :meth:`start_run`).
            kwargs: parameter changes as Mesa-style keywords, ``__`` for the dot
                (``generalists__caseload=25``), applied at every stage; so ``mesa.batch_run``
                and SolaraViz ``model_params`` can vary any parameter (Mesa's SolaraViz
                accepts unknown keywords only if this is named ``kwargs``).

        Raises:
            sim.params.ParameterError: for an unknown parameter or a bad value (with the
                nearest names and the bounds).
        """
        self.seed = as_seed(seed)  # validates the seed before anything is built
        timeline = with_overrides(params, kwargs)
        self.streams = Streams(self.seed)
        super().__init__(seed=self.seed)
        self.timeline = timeline
        start = timeline.start
        self.warmup = warmup_params(start)
        self.warmup_weeks = start.simulation.warmup_years * WEEKS_PER_YEAR
        self.params = self.warmup
        self.week = -self.warmup_weeks
        self._with_resident_agents = resident_agents
        self._build(start)
        together = min(max(int(together_weeks), 0), self.warmup_weeks)
        self._warm_up(self.seed, self.warmup_weeks - together)
        self.started = False
        if together == 0:
            self.start_run()

    def start_run(self) -> None:
        """After the warm-up: the run starts at week 0 (its first outcomes are collected)."""
        if self.week != 0 or self.started:
            raise RuntimeError(f"the run starts once, at week 0 (week {self.week})")
        self.yearly = None
        self.latest = measure(self)
        self.datacollector = WeeklyOutcomes([outcome.name for outcome in OUTCOMES])
        self.run_weeks = round(self.timeline.start.simulation.run_years * WEEKS_PER_YEAR)
        self.map_blocks()
        self.datacollector.collect(self)
        self.started = True

    # --- building ------------------------------------------------------------------------
    def _build(self, start: Params) -> None:
        self.grid_side = side = grid_side(start)
        self.grid = OrthogonalMooreGrid((side, side), torus=False, random=self.random)
        self.block_layers = {name: self.grid.create_property_layer(name, 0.0)
                             for name in BLOCK_LAYERS}
        rng = self.streams["population"]
        self.households = build_households(start, side, rng)
        self.residents = build_residents(start, self.households, rng)
        network.build_ties(self.residents, self.households, start, side, self.streams["network"])
        n = self.residents.n
        self.resident_agents = ([Resident(self, i) for i in range(n)]
                                if self._with_resident_agents else [])
        self.municipality = Municipality(self, self.grid[(side // 2, side // 2)])
        self.agencies = [Institution(self, self.grid[(0, d % side)], f"{name} agency", "agency")
                         for d, name in enumerate(DOMAINS)]
        self.institutions: list[Institution] = []
        self.providers = providers.start(self.warmup, n)
        self.budget = Budget()
        self.ledger = WeekLedger()
        self.week_arrays = Week.empty(n)
        self.tracker = YearTracker.start(n, self.households.n)
        self.professionals_per_household = np.zeros(self.households.n, np.int64)
        self.coordination_per_household = np.zeros(self.households.n)
        self.assessment_draws = np.zeros((2, n), np.float32)
        self.fallback = network.fallback_strength(self.residents, start)
        self.care = informal_care.CareGiven.none(n)
        self.care_boost = None  # this week's boost of ties' willingness (between points)
        self.active_rows = np.arange(n, dtype=np.int64)  # set each week after onset
        self._admitted_last = np.zeros(N_DOMAINS, np.int64)
        self._specialist_share = 0.6
        self.policies: list[Policy] = all_policies()
        self._active: set[str] = set()
        self.professionals: list = []
        self._apply(self.warmup)

    # the state that the warm-up settles, and that the warm-up cache stores
    _SETTLED = ("residents", "households", "providers", "budget", "tracker", "week", "fallback",
                "care",
                "professionals_per_household", "coordination_per_household",
                "_admitted_last", "_specialist_share", "_contract_basis", "ledger",
                "week_arrays")

    def _warm_up(self, seed: int, weeks: int) -> None:
        """Run ``weeks`` of the warm-up, or start from a stored copy of the same warm-up."""
        cache_key = warmup.key(self.warmup, seed,
                               None if weeks == self.warmup_weeks else weeks)
        snapshot = warmup.get(cache_key)
        if snapshot is None:
            for _ in range(weeks):
                self._week(self.warmup)
            warmup.put(cache_key, self._snapshot(), self.residents.n)
            return
        for name in self._SETTLED:
            setattr(self, name, snapshot[name])
        for name, state in snapshot["streams"].items():
            self.streams[name].bit_generator.state = state
        self.centres.restore(snapshot["centres"])

    def _snapshot(self) -> dict:
        snapshot = {name: getattr(self, name) for name in self._SETTLED}
        snapshot["streams"] = {name: self.streams[name].bit_generator.state
                               for name in STREAM_NAMES}
        snapshot["centres"] = self.centres.state()
        return snapshot

    def place_institution(self, kind: str, x: int, y: int, state=None) -> Institution:
        """Put an institution (a centre, a circle, a buddy network) on the grid."""
        side = self.grid_side
        cell = self.grid[(min(max(x, 0), side - 1), min(max(y, 0), side - 1))]
        agent = Institution(self, cell, kind.replace("_", " "), kind, state)
        self.institutions.append(agent)
        return agent

    # --- policy --------------------------------------------------------------------------
    def _apply(self, params: Params) -> None:
        """Put ``params`` in force: set up policies that start, let go of those that stop."""
        self.params = params
        for policy in self.policies:
            on = policy.active(params)
            if on and policy.name not in self._active:
                policy.setup(self)
                self._active.add(policy.name)
            elif not on and policy.name in self._active:
                if hasattr(policy, "stop"):
                    policy.stop(self)
                self._active.discard(policy.name)
        self._recontract(params)
        self._hire_professionals()

    def _recontract(self, params: Params) -> None:
        """A change in contracted capacity (a lever, or staff moved into teams) takes effect."""
        wanted = providers.contracted_hours(params, self.residents.n)
        if getattr(self, "_contract_basis", None) is None or not np.allclose(
                wanted, self._contract_basis):
            ratio = wanted / np.maximum(getattr(self, "_contract_basis", wanted), 1e-9)
            self.providers.contracted *= ratio
            if params.specialists.contract == "capacity":
                self.providers.capacity[:] = self.providers.contracted
            self._contract_basis = wanted

    def hooks(self, name: str) -> list:
        """The bound ``name`` methods of the policies in force, in their order."""
        return [getattr(p, name) for p in self.policies
                if p.name in self._active and hasattr(p, name)]

    def policy(self, name: str) -> Policy | None:
        """The policy component called ``name`` if it is in force."""
        return next((p for p in self.policies if p.name == name and name in self._active), None)

    # --- the weekly step ----------------------------------------------------------------
    def step(self) -> None:
        """Advance one reported week and collect its outcomes."""
        if not self.started:
            raise RuntimeError("this neighbourhood warms up its last weeks with the other "
                               "neighbourhoods of its municipality (sim.shared_care.SharedCare) "
                               "before its run starts")
        self._week(self.params_now())
        self.record_week()

    def params_now(self) -> Params:
        """The parameters in force in the coming week."""
        return self.timeline.params_at(max(self.week, 0))

    def record_week(self) -> None:
        """After a reported week: measure and collect its outcomes, refresh the grid layers."""
        self.latest = measure(self)
        self.map_blocks()
        self.datacollector.collect(self)
        if self.week >= self.run_weeks:  # so that Mesa's run_model() and batch_run stop
            self.running = False

    def fork(self, params: Params | Timeline | None = None, **kwargs) -> WijkModel:
        """Branch here: a copy of this neighbourhood as it is now, going on under other rules.

        The copy shares nothing with this model: residents, services, budget, random streams
        and the outcomes collected so far are copied, so both have the same history up to this
        week and a copy that keeps the same parameters goes on exactly as this model does. From
        the next step the copy follows ``params`` (a ``Params``, or a ``Timeline`` whose stages
        count weeks from the run's week 0; Mesa-style keywords apply on top). ``None`` keeps
        this model's timeline.

        Raises:
            ValueError: If the new parameters change what was used to build the neighbourhood
                (its size, households, grid): a branch cannot rebuild it.
        """
        timeline = self.timeline if params is None and not kwargs else with_overrides(
            params if params is not None else self.timeline, kwargs)
        self._check_branch(timeline)
        copy = deepcopy(self)
        copy.follow(timeline)
        return copy

    def follow(self, timeline: Timeline) -> None:
        """Go on from here under ``timeline`` (stages count weeks from the run's week 0).

        Used on a copy made to branch (:meth:`fork`, ``SharedCare.fork``).

        Raises:
            ValueError: If it changes what was used to build the neighbourhood.
        """
        self._check_branch(timeline)
        self.timeline = timeline
        self.running = self.week < self.run_weeks

    def _check_branch(self, timeline: Timeline) -> None:
        changed = build_only_changes(self.timeline.start, timeline.start)
        if changed:
            raise ValueError("a branch keeps the neighbourhood it was built as; these "
                             f"parameters can only be set at the start: {', '.join(changed)}")

    def map_blocks(self) -> None:
        """Refresh the grid's property layers (residents, wellbeing, unmet need per block)."""
        state = self.residents
        fill_block_layers(self.block_layers, state.x, state.y, state.wellbeing,
                          state.unmet_hours)

    def _week(self, params: Params) -> None:
        """One week of a neighbourhood on its own (its own providers and budget)."""
        points = self.week_points(params)
        answer = None
        while True:
            try:
                point = points.send(answer)
            except StopIteration:
                return
            answer = self.decide_alone(point)

    def week_points(self, params: Params):
        """One week, in the order written in the class docstring (a generator).

        It pauses at the points where a neighbourhood meets the rest of its municipality
        (``MEETING_POINTS``) and is sent back what was decided there: on its own the
        neighbourhood decides (:meth:`decide_alone`); in a municipality of neighbourhoods that share
        specialist providers and a budget, ``sim.shared_care`` decides for all at once.
        """
        if params is not self.params:
            self._apply(params)
        if self.week % WEEKS_PER_YEAR == 0:
            yield NEW_YEAR  # the budget opens; tariffs or contracted capacity may be cut
        state, now = self.residents, self.week
        self.ledger = WeekLedger()
        week = self.week_arrays
        week.reset()
        state.contact[:] = 0.0
        problems.onset(state, self.households, params, np.exp(-self.fallback),
                       self.streams["onset"])
        income_loss.count_ill_weeks(state, params)
        rows = self.active_rows = active_rows(state)
        problems.need_hours(state, params, rows, out=week.need)  # (zeroed by week.reset)
        week.customary[:] = providers.customary_hours(state, self.households, params)
        hours = self.indicated_hours = providers.indicated(state, week, params, rows)
        self.professionals_per_household = providers.professionals_on(
            state, self.households, rows)
        yield STAFF  # the providers' staff is there (a shared provider divides it)
        self._formal_care(params, hours)
        self.care_boost = self._ties_boost()
        care = self.care = yield INFORMAL  # informal care (ties may lead to other wijken)
        self._after_informal_care(params)
        self._front_door(params, now)
        for refer in self.hooks("refer"):
            refer(self)
        admitted = yield ADMIT  # admission from the waiting lists
        self.indicated_hours = None  # not kept between weeks (memory)
        self._admitted_last = admitted
        self.ledger.admissions += int(admitted.sum())
        self._civic(params)
        course = problems.recover(state, week, params, params.generalists.depth, rows)
        experience.update_own_strength(state, course, params)
        experience.update_trust(state, params, row_any((state.care == IN_CARE)
                                                       & (state.care_since == now)))
        indication.fade_labels(state, params)
        carers.update_burden(state, care, params, week.respite, now, self.streams["carers"])
        lonely = state.severity[:, ISOLATION] >= params.problems.need_threshold
        network.update_ties(state, params, care.used, lonely)
        self.fallback = network.fallback_strength(state, params)
        discharge.discharge(state, params, now,
                            indication.threshold(params, self.budget.tightening), rows)
        for hook in self.hooks("discharge"):
            hook(self)
        update_wellbeing(state, week, params, rows)
        self._keep_specialist_share()
        yield SETTLE  # the week's spending is booked; measures and staff for next week
        self._measure_week(params, care)
        self.week += 1
        self._year_end()

    def decide_alone(self, point: str):
        """What a neighbourhood on its own does at a meeting point of its week.

        Returns what the week is sent back (the admissions per domain at ``ADMIT``, else None).
        """
        params = self.params
        if point == NEW_YEAR:
            new_year(self.budget, self.providers, params, self.week, self._specialist_share)
        elif point == INFORMAL:
            if self.residents.away is not None:
                raise RuntimeError("this neighbourhood's kin and friends live in other "
                                   "neighbourhoods of its municipality: step it with them "
                                   "(sim.shared_care.SharedCare), not on its own")
            return informal_care.give_together([self.informal_part()], self.week)[0]
        elif point == ADMIT:
            return providers.admit(self.residents, self.providers, self.indicated_hours,
                                   params, self.week, heavy_only=self.budget.ceiling)
        elif point == SETTLE:
            settle_week(self.budget, self.ledger.cost_total, params, self.week % WEEKS_PER_YEAR)
            providers.adjust_capacity(self.providers, params,
                                      1.0 - self.providers.tariff_level)
        return None

    def _formal_care(self, params: Params, hours: np.ndarray) -> None:
        self.coordination_per_household = providers.deliver(
            self.residents, self.households, self.week_arrays, self.providers, hours,
            self._admitted_last, params, self.ledger, self.professionals_per_household,
            self.active_rows)
        for deliver in self.hooks("deliver"):
            deliver(self)

    def _ties_boost(self) -> np.ndarray:
        """How much more willing each resident's ties are this week (policies' boosts)."""
        boost = np.zeros(self.residents.n, np.float32)
        for hook in self.hooks("boost"):
            boost += hook(self)
        return boost

    def informal_part(self) -> informal_care.Asking:
        """This week's part of an informal-care pass (after formal care, before the front door)."""
        return informal_care.Asking(self.residents, self.week_arrays, self.params,
                                    self.care_boost, self.active_rows)

    def _after_informal_care(self, params: Params) -> None:
        state = self.residents
        self.care_boost = None  # not kept between weeks (memory)
        self.ledger.informal_from_elsewhere = self.care.from_elsewhere
        self.ledger.informal_to_elsewhere = self.care.to_elsewhere
        if params.simulation.all_needs_met:  # a sensitivity run, never a policy
            self.week_arrays.informal += self.week_arrays.unmet()
        for support in self.hooks("support"):
            support(self)
        # appeals are repeated less and less, and end when the need is gone
        state.appeal_hours *= np.float32(params.municipality.appeal_repeat)
        state.appeal_hours[(row_sums(self.week_arrays.need) <= 0)
                           | (state.appeal_hours < 0.5)] = 0.0

    def _front_door(self, params: Params, now: int) -> None:
        state, week = self.residents, self.week_arrays
        asks = help_seeking.requests(state, week, params, now, self.streams["help_seeking"],
                                     self.active_rows)
        # drawn every week, whoever asks, so the stream stays aligned between policies
        self.assessment_draws = self.streams["assessment"].random((2, state.n),
                                                                  dtype=np.float32)
        for front_door in self.hooks("front_door"):
            asks = front_door(self, asks)
        decision = indication.assess(state, week, asks, params, self.budget.tightening,
                                     self.ledger)
        for assess in self.hooks("assess"):
            assess(self, decision)
        granted = decision.granted
        if self.budget.stop:  # no new indications late in the year, heavy cases excepted
            heavy = state.severity[decision.rows, decision.domains] >= (
                params.problems.heavy_threshold)
            granted = granted & heavy
        indication.grant(state, decision.rows[granted], decision.domains[granted], params, now,
                         self.ledger)
        indication.deny(state, decision.rows[~granted], params, now, self.ledger)

    def _civic(self, params: Params) -> None:
        state = self.residents
        self.week_arrays.volunteer[:] = volunteering.update(state, params,
                                                            self.streams["volunteering"])
        for civic in self.hooks("civic"):
            civic(self)
        self.ledger.volunteer_hours += float(self.week_arrays.volunteer.sum())
        circles = self.policy("mutual-aid circles")
        covered = circles.covered if circles is not None and circles.covered is not None \
            else np.zeros(state.n, np.float32)
        income_loss.lose_income(state, params, covered)

    def _keep_specialist_share(self) -> None:
        """The share of spending that goes to specialist care (a slow average)."""
        ledger = self.ledger
        total = ledger.cost_total
        if total > 0:
            spec = ledger.cost_specialist + ledger.cost_residential
            self._specialist_share = 0.98 * self._specialist_share + 0.02 * spec / total

    def _measure_week(self, params: Params, care: informal_care.CareGiven) -> None:
        state, ledger = self.residents, self.ledger
        direct = max(ledger.specialist_direct_hours, 1e-9)
        overhead = (direct + ledger.specialist_overhead_hours) / direct
        gen_direct = max(ledger.generalist_direct_hours, 1e-9)
        gen_cost = ledger.cost_generalist / gen_direct if ledger.generalist_direct_hours else 0.0
        cost = resident_cost(self.week_arrays, self.providers.prices(params), overhead,
                             params.specialists.residential_cost_per_week
                             * self.providers.tariff_level, gen_cost, self.active_rows)
        prob = params.problems
        mpg = multi_problem(state, self.households, prob.need_threshold, prob.heavy_threshold,
                            self.active_rows)
        record_week(self.tracker, state, self.households, self.week_arrays, care.given,
                    self.week_arrays.volunteer, cost, mpg, self.active_rows)
        self._mph_cache = (self.week + 1, mpg)  # what the outcomes read after the week

    def _year_end(self) -> None:
        if self.week % WEEKS_PER_YEAR == 0 and self.tracker.weeks >= WEEKS_PER_YEAR:
            self.yearly = yearly_outcomes(self.tracker, self.residents, self.households)
            for year_end in self.hooks("year_end"):
                self.yearly.update(year_end(self))
            self.tracker.reset()
        else:
            self.yearly = None

    # --- what the outcomes and the app read ----------------------------------------------
    def mean_specialist_wait(self) -> float:
        """Mean weeks waited so far by residents on a specialist waiting list."""
        waiting = self.residents.care == WAITING
        if not waiting.any():
            return 0.0
        return float((self.week - self.residents.care_since[waiting]).mean())

    def centre_quality(self) -> float:
        """Share of the hours they need that the community centres have (0 if none)."""
        centres = next(p for p in self.policies if p.name == "community centres")
        if "community centres" not in self._active or centres.quality.size == 0:
            return 0.0
        return float(centres.quality.mean())

    @property
    def centres(self):
        """The community centres component (positions, quality)."""
        return next(p for p in self.policies if p.name == "community centres")

    # --- professionals on the grid (drawing only) ----------------------------------------
    def _hire_professionals(self) -> None:
        hours = self.params.specialists.hours_per_week
        spec = [max(1, round(h / hours)) for h in self.providers.contracted]
        teams = self.policy("generalist teams")
        gen = math.ceil(teams.hours(self) / self.params.generalists.hours_per_week) \
            if teams else 0
        wanted = (tuple(spec), gen)
        if getattr(self, "_staff_shape", None) == wanted:
            return
        for professional in self.professionals:
            professional.remove()
        office = self.grid[(0, 0)]
        self.professionals = [Specialist(self, office, d) for d, count in enumerate(spec)
                              for _ in range(count)]
        self.professionals += [Generalist(self, office) for _ in range(gen)]
        self._staff_shape = wanted

    def move_professionals(self) -> None:
        """Each professional visits one client household, cycling through the clients.

        Drawing only: the app calls this before it draws the grid (nothing in the model reads
        where professionals are, so the weekly step does not move them).
        """
        state = self.residents
        rows, domains = cells_of((state.care == IN_CARE) | (state.care == RESIDENTIAL))
        by_domain = {}
        for p in self.professionals:
            by_domain.setdefault(getattr(p, "domain_index", -1), []).append(p)
        for domain, staff in by_domain.items():
            if domain >= 0:
                clients = rows[domains == domain]
            else:
                held = np.flatnonzero(self.households.team_since != NEVER)
                clients = np.searchsorted(state.household, held)
            if clients.size == 0:
                continue
            for i, professional in enumerate(staff):
                pick = clients[(i + self.week * len(staff)) % clients.size]
                professional.visit(self.grid[(int(state.x[pick]), int(state.y[pick]))])


__all__ = ["WijkModel", "NONE"]
