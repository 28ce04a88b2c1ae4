"""Neighbourhoods of one municipality stepped together: shared specialist providers, one budget.

Each neighbourhood is its own :class:`~wijksim.sim.model.WijkModel` (its residents, team,
centre, circles and random streams) and warms up on its own, the last weeks together with the
others. From then on they step in lockstep, and at the points of their week where a
neighbourhood meets the rest of the municipality (``sim.model.MEETING_POINTS``) this module
acts for all of them at once:

- **New year.** The municipal budget is the sum of the neighbourhoods' settled spending plus
  the headroom. At week 0 it is shared out by ``municipality.budget_allocation``: ``pooled``
  and ``by_use`` keep each neighbourhood's share at what it spends settled, ``per_capita``
  shares it by residents, ``need_weighted`` by hours of need (met or not) in the last settled
  week. Under shared providers a tariff cut (or a cut in contracted capacity) follows the
  *municipality's* overspend and applies to all neighbourhoods: tariffs are municipal.
- **Staff** (``municipality.shared_providers``). A provider's staff per domain is divided
  between the neighbourhoods in proportion to the hours their clients in care ask, so when
  staff is short every client in the municipality gets the same share of their hours.
  Contracted staff is the sum of the neighbourhoods' (a neighbourhood whose team took over
  specialists' staff brings less), and the provider grows or shrinks towards the
  municipality's demand.
- **Admission.** One waiting list per domain: the longest waits in the municipality are
  admitted first while the provider has hours free; clients who waited equally long are taken
  from the neighbourhoods in proportion to their numbers (each queue's place in its own order).
- **Settling.** Every neighbourhood books its spending on its share. Under ``pooled`` the
  measures (stricter indication, an admission ceiling, a late-year stop) follow the
  municipal forecast everywhere; otherwise each neighbourhood's follow its own share.

- **Informal care** (``municipality.ties_across``). Kin and friends "elsewhere in town" live
  in the other neighbourhoods (``sim.ties_across``, linked once, when they are coupled) and
  care across: one informal-care pass over the whole municipality, each carer's time shared
  by everyone who asks them, wherever they live.

With ``shared_providers`` and ``ties_across`` off and ``by_use`` allocation nothing is shared
and each neighbourhood runs exactly as it would alone (tested). The warm-up: each neighbourhood
warms up on its own, and its last weeks (a year in ``experiments.municipality``) together with
the others, sharing as the run will, so that the run starts from a settled municipality.
"""

from __future__ import annotations

from copy import deepcopy

import numpy as np

from wijksim.sim import informal_care, network, providers
from wijksim.sim.budget import (
    Budget,
    book_week,
    close_year,
    cut_providers,
    open_year,
    set_measures,
    settle_week,
)
from wijksim.sim.model import (
    ADMIT,
    INFORMAL,
    NEW_YEAR,
    SETTLE,
    STAFF,
    WEEKS_PER_YEAR,
    WijkModel,
)
from wijksim.sim.params import Params, Timeline
from wijksim.sim.rng import stream_key
from wijksim.sim.ties_across import link_across

# what must be the same in every neighbourhood: the municipality's rules, not a wijk's
MUNICIPAL_SETTINGS = (
    "municipality.budget_allocation", "municipality.shared_providers",
    "municipality.ties_across",
    "municipality.budget_headroom", "municipality.stricter_indication",
    "municipality.indication_gain", "municipality.indication_step",
    "municipality.admission_ceiling", "municipality.tariff_cut",
    "municipality.tariff_cut_per_overspend", "municipality.max_tariff_cut",
    "municipality.tariff_supply_elasticity", "municipality.late_year_stop",
    "municipality.late_year_week", "specialists.contract", "specialists.tariff",
    "specialists.occupancy_target", "specialists.max_growth",
    "specialists.capacity_adjust_weeks",
)


def setting(params: Params, dotted: str):
    """The value of a ``section.name`` parameter."""
    section, name = dotted.split(".")
    return getattr(getattr(params, section), name)


def coupled(params: Params) -> bool:
    """Whether neighbourhoods under ``params`` share anything (else they can run one by one)."""
    mun = params.municipality
    return mun.shared_providers or mun.ties_across or mun.budget_allocation != "by_use"


class SharedCare:
    """The neighbourhoods of one municipality, their shared providers and their budget."""

    def __init__(self, models: list[WijkModel], names: list[str] | None = None):
        """Couple neighbourhoods, settle them together and start the run.

        The neighbourhoods are either all warmed up to week 0 and started (they couple at
        week 0), or all stopped the same number of weeks before week 0
        (``WijkModel(..., together_weeks=K)``): they are coupled there, warm up those last
        weeks together (under their warm-up parameters, sharing as the run will) and then start
        the run, so that the run starts from a municipality settled as one.

        Raises:
            ValueError: if the neighbourhoods are not all at the same week (0 and started, or
                before 0 and not started), or a municipal rule (``MUNICIPAL_SETTINGS``)
                differs between them, naming it.
        """
        if not models:
            raise ValueError("a municipality needs at least one neighbourhood")
        week = models[0].week
        if any(m.week != week or m.started != (week == 0) for m in models) or week > 0:
            raise ValueError("neighbourhoods are coupled at one week: week 0 before their first "
                             "step, or all warmed up to the same week before 0 (together_weeks)")
        self.models = models
        self.names = names or [str(i) for i in range(len(models))]
        self._check_same(models[0].params_now())
        for model, name in zip(models, self.names, strict=True):
            check_sharing_fixed(model.timeline, name)
        self.providers = providers.Providers(
            contracted=self._sum("contracted"), capacity=self._sum("capacity"),
            demand=self._sum("demand"), load=self._sum("load"))
        # the municipal budget goes on from the neighbourhoods' settled spending rate
        self.budget = Budget(rate=sum(m.budget.rate for m in models),
                             year_budget=self._sum_budget("year_budget"))
        self.ties_across = 0  # ties that lead to another neighbourhood
        self.linked = len(models) > 1 and models[0].params_now().municipality.ties_across
        if self.linked:
            streams = np.random.SeedSequence([m.seed for m in models] + [stream_key("ties")])
            self.ties_across = link_across([m.residents for m in models],
                                           [m.residents.household for m in models],
                                           np.random.default_rng(streams))
            for model in models:  # who one can fall back on, with the ties as they are now
                model.fallback = network.fallback_strength(model.residents, model.params)
        for _ in range(-week):  # the last weeks of the warm-up, together
            self._week_together([m.warmup for m in models])
        for model in models:
            if not model.started:
                model.start_run()
        # hours of need in the last settled week (for a need-weighted budget)
        self.need = np.array([float(m.week_arrays.need.sum()) for m in models])

    def fork(self, timelines: list[Timeline]) -> SharedCare:
        """Branch here: a copy of the municipality going on under other rules.

        ``timelines``: one per neighbourhood, in order, counting weeks from the run's week 0.
        The copy shares nothing with this municipality (residents, ties across, providers,
        budgets and random streams are copied), so a copy under the same rules goes on exactly
        as this one does.

        Raises:
            ValueError: If a timeline changes how the neighbourhoods share
                (``FIXED_FOR_THE_RUN``) or what a neighbourhood was built as, naming it.
        """
        if len(timelines) != len(self.models):
            raise ValueError(f"{len(timelines)} timelines for {len(self.models)} "
                             "neighbourhoods")
        now = self.models[0].week
        self._check_same(timelines[0].params_at(now), [t.params_at(now) for t in timelines])
        for model, timeline, name in zip(self.models, timelines, self.names, strict=True):
            model._check_branch(timeline)
            check_sharing_fixed(timeline, name)
            for dotted in FIXED_FOR_THE_RUN:
                if setting(timeline.start, dotted) != setting(model.params_now(), dotted):
                    raise ValueError(f"{dotted} differs between the branch and the run it "
                                     f"branches from (neighbourhood {name}): how the "
                                     "neighbourhoods share is set for the whole run")
        copy = deepcopy(self)
        for model, timeline in zip(copy.models, timelines, strict=True):
            model.follow(timeline)
        return copy

    # --- the week -----------------------------------------------------------------------
    def step(self) -> None:
        """One reported week of every neighbourhood, in lockstep."""
        weeks = [m.params_now() for m in self.models]
        self._check_same(weeks[0], weeks)
        self._week_together(weeks)
        for model in self.models:
            model.record_week()
            model.running = model.week < model.run_weeks

    def _week_together(self, weeks: list[Params]) -> None:
        """One week of every neighbourhood (under ``weeks``, one per neighbourhood)."""
        points = [m.week_points(p) for m, p in zip(self.models, weeks, strict=True)]
        answers = [None] * len(points)
        while True:
            reached = {_resume(gen, answer) for gen, answer in zip(points, answers, strict=True)}
            if len(reached) != 1:  # the order of events is the same in every neighbourhood
                raise RuntimeError(f"neighbourhoods out of step: {sorted(map(str, reached))}")
            point = reached.pop()
            if point is None:  # every neighbourhood's week is over
                break
            answers = self._together(point)

    def _together(self, point: str) -> list:
        shared = self.models[0].params.municipality.shared_providers
        if point == NEW_YEAR:
            self._new_year(shared)
        elif point == STAFF and shared:
            self._share_staff()
        elif point == INFORMAL:
            if not self.linked:  # (linked: one pass, even if no tie happened to cross)
                return [m.decide_alone(INFORMAL) for m in self.models]
            return informal_care.give_together([m.informal_part() for m in self.models],
                                               self.models[0].week)
        elif point == ADMIT:
            return self._admit() if shared else [m.decide_alone(ADMIT) for m in self.models]
        elif point == SETTLE:
            self._settle(shared)
        return [None] * len(self.models)

    def _new_year(self, shared: bool) -> None:
        models, now = self.models, self.models[0].week
        over = _over(self._sum_budget("spent_this_year"), self._sum_budget("budget_this_year"))
        own_over = []
        for model in models:
            started = model.budget.started
            close_year(model.budget, model.params, now)
            own_over.append(model.budget.last_year_over if started else 0.0)
        if now == 0:
            self._allocate()
        if shared:
            self._cut_shared(over)
        else:
            for model, last in zip(models, own_over, strict=True):
                cut_providers(model.providers, model.params, last, model._specialist_share)
        for model in models:
            open_year(model.budget, model.params)
        self.budget.year_budget = self._sum_budget("year_budget")
        self.budget.spent_this_year = self.budget.budget_this_year = 0.0
        self.budget.started = True

    def _allocate(self) -> None:
        """Share the municipal budget out at week 0 (``municipality.budget_allocation``)."""
        rule = self.models[0].params.municipality.budget_allocation
        if rule in ("pooled", "by_use"):  # each keeps the share it spends when settled
            return
        bases = np.array([m.budget.base for m in self.models])
        weights = (np.array([m.residents.n for m in self.models], float)
                   if rule == "per_capita" else self.need)
        shares = weights / weights.sum() if weights.sum() > 0 else np.full(bases.size,
                                                                           1 / bases.size)
        for model, share in zip(self.models, shares, strict=True):
            model.budget.base = float(bases.sum() * share)

    def _cut_shared(self, over: float) -> None:
        """Tariffs (or contracted capacity) cut once, for the whole municipality."""
        first = self.models[0]
        spent = np.array([m.budget.spent_this_year for m in self.models])
        share = np.array([m._specialist_share for m in self.models])
        municipal_share = float((spent * share).sum() / spent.sum()) if spent.sum() > 0 \
            else float(share.mean())
        self.providers.contracted = self._sum("contracted")
        before = self.providers.contracted.copy()
        cut_providers(self.providers, first.params, over, municipal_share)
        kept = self.providers.contracted / np.maximum(before, 1e-12)
        for model in self.models:
            model.providers.tariff_level = self.providers.tariff_level
            model.providers.contracted = model.providers.contracted * kept

    def _share_staff(self) -> None:
        """Each neighbourhood gets the provider's staff in proportion to the hours it asks."""
        self.providers.contracted = self._sum("contracted")
        asked = np.array([providers.asked_hours(
            m.residents, m.households, m.indicated_hours, m._admitted_last, m.params,
            m.professionals_per_household, m.active_rows) for m in self.models])
        residents = np.array([m.residents.n for m in self.models], float)[:, None]
        total = asked.sum(axis=0)
        # a domain nobody asks for: its staff is divided by residents
        share = np.where(total > 0, asked / np.where(total > 0, total, 1.0),
                         residents / residents.sum())
        for model, part in zip(self.models, share, strict=True):
            model.providers.capacity[:] = self.providers.capacity * part

    def _admit(self) -> list[np.ndarray]:
        """One waiting list per domain: the municipality's longest waits first."""
        queues = [providers.waiting(m.residents, m.indicated_hours, m.params, m.budget.ceiling)
                  for m in self.models]
        owner = np.concatenate([np.full(len(q), i) for i, q in enumerate(queues)])
        domains = np.concatenate([q.domains for q in queues])
        since = np.concatenate([q.since for q in queues])
        cost = np.concatenate([q.cost for q in queues])
        place = np.concatenate([_place_in_queue(q.domains, q.since) for q in queues])
        order = np.lexsort((place, since, domains))
        free = self.providers.capacity - self._sum("load")
        take = np.zeros(owner.size, bool)
        take[order] = providers.who_fits(domains[order], cost[order], free)
        admitted = []
        for i, (model, queue) in enumerate(zip(self.models, queues, strict=True)):
            mine = take[owner == i]
            admitted.append(providers.enter_care(model.residents, queue.rows[mine],
                                                 queue.domains[mine], model.week))
        return admitted

    def _settle(self, shared: bool) -> None:
        week_of_year = self.models[0].week % WEEKS_PER_YEAR
        pooled = self.models[0].params.municipality.budget_allocation == "pooled"
        for model in self.models:
            if pooled:  # its share is booked; the measures are the municipality's
                book_week(model.budget, model.ledger.cost_total, week_of_year)
            else:
                settle_week(model.budget, model.ledger.cost_total, model.params, week_of_year)
        if pooled:
            self._pooled_measures(week_of_year)
        if shared:
            self.providers.demand = self._sum("demand")
            providers.adjust_capacity(self.providers, self.models[0].params,
                                      1.0 - self.providers.tariff_level)
            return
        for model in self.models:
            providers.adjust_capacity(model.providers, model.params,
                                      1.0 - model.providers.tariff_level)

    def _pooled_measures(self, week_of_year: int) -> None:
        """One budget: the measures everywhere follow the municipality's forecast."""
        municipal = self.budget
        spending = sum(m.ledger.cost_total for m in self.models)
        if not book_week(municipal, spending, week_of_year):
            for model in self.models:
                model.budget.tightening, model.budget.ceiling, model.budget.stop = 0.0, False, \
                    False
            return
        over_to_date = municipal.spent_this_year > municipal.budget_this_year
        for model in self.models:
            set_measures(model.budget, model.params, week_of_year, municipal.forecast_over,
                         over_to_date)

    # --- helpers ------------------------------------------------------------------------
    def _sum(self, name: str) -> np.ndarray:
        return np.sum([getattr(m.providers, name) for m in self.models], axis=0).astype(float)

    def _sum_budget(self, name: str) -> float:
        return float(sum(getattr(m.budget, name) for m in self.models))

    def _check_same(self, first: Params, every: list[Params] | None = None) -> None:
        every = every or [m.params_now() for m in self.models]
        for dotted in MUNICIPAL_SETTINGS:
            value = setting(first, dotted)
            for name, params in zip(self.names, every, strict=True):
                if setting(params, dotted) != value:
                    raise ValueError(
                        f"{dotted} is {setting(params, dotted)!r} in neighbourhood {name} and "
                        f"{value!r} in {self.names[0]}: it is the municipality's rule, the same "
                        "in every neighbourhood (leave it out of targeted changes)")


# the last weeks of the warm-up that a municipality's neighbourhoods spend together (sharing
# as the run will: one waiting list, one budget, kin across), so that the run starts settled;
# a year, because carers' burden took most of a year to settle when ties were linked at week 0
TOGETHER_WEEKS = WEEKS_PER_YEAR

# how the neighbourhoods share: set for the whole run (a change mid-run would need the shared
# providers rebuilt from neighbourhoods that went their own way)
FIXED_FOR_THE_RUN = ("municipality.shared_providers", "municipality.budget_allocation",
                     "municipality.ties_across")


def check_sharing_fixed(timeline: Timeline, name: str) -> None:
    """Refuse a dated change of how neighbourhoods share (``FIXED_FOR_THE_RUN``).

    Raises:
        ValueError: naming the setting, the week and the neighbourhood.
    """
    start = timeline.start
    for week, stage in timeline.stages[1:]:
        for dotted in FIXED_FOR_THE_RUN:
            if setting(stage, dotted) != setting(start, dotted):
                raise ValueError(f"{dotted} changes at week {week} in neighbourhood {name}: how "
                                 "the neighbourhoods share is set for the whole run")


def _resume(week_points, answer) -> str | None:
    """Send a neighbourhood's week on to its next meeting point (None: the week is over)."""
    try:
        return week_points.send(answer)
    except StopIteration:
        return None


def _over(spent: float, budget: float) -> float:
    return spent / budget - 1.0 if budget > 0 else 0.0


def _place_in_queue(domains: np.ndarray, since: np.ndarray) -> np.ndarray:
    """Each client's place among those in its queue who waited as long, as a share (0 to 1).

    "As long": the same domain and start. Equal waits are then taken from the neighbourhoods
    in proportion to how many of them waited that long.

    ``domains`` and ``since`` are in admission order (sorted by domain, then start).
    """
    if domains.size == 0:
        return np.zeros(0)
    new_group = np.r_[True, (domains[1:] != domains[:-1]) | (since[1:] != since[:-1])]
    starts = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    sizes = np.diff(np.r_[starts, domains.size])
    return (np.arange(domains.size) - starts[group]) / sizes[group]
