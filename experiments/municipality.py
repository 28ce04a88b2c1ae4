"""Run every neighbourhood of a neighbourhood table as one municipality (issue 10).

Each neighbourhood runs as its own model, built from the scenario with the population of its
row (:meth:`~wijksim.experiments.neighbourhood_table.Neighbourhood.changes`) and its own
random streams (derived from the run's seed and the neighbourhood's place in the table).
A scenario's ``neighbourhoods:`` entries (changes made only in some neighbourhoods, from a
date: "teams first in the two most deprived wijken") are applied to the neighbourhoods they
pick (:func:`picked`). By default the neighbourhoods share specialist providers (one waiting
list per domain), one budget, and kin and friends across their borders, stepped together by
``sim.shared_care``; a scenario that shares nothing (``municipality.shared_providers: false``,
``ties_across: false`` and ``budget_allocation: by_use``) runs them one at a time. The
municipal figures come from the neighbourhoods' weeks summed (flows and counts), or
weighted by residents (the rest; the wait by those waiting): :func:`municipal_summary`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijksim.analysis.municipal import MUNICIPALITY, municipal_weeks
from wijksim.analysis.summary import mean_interval, summarise_run
from wijksim.experiments.neighbourhood_table import Neighbourhood
from wijksim.experiments.runner import RunSpec, run_one
from wijksim.experiments.scenarios import Scenario, ScenarioError, Target
from wijksim.experiments.yaml_files import Problem
from wijksim.sim.model import WijkModel
from wijksim.sim.run import outcome_table, weeks_after
from wijksim.sim.shared_care import TOGETHER_WEEKS, SharedCare, check_sharing_fixed, coupled


def neighbourhood_seed(seed: int, place: int) -> int:
    """The seed of the neighbourhood at ``place`` (0-based) in its table, from the run's seed.

    Derived through numpy's SeedSequence, so that neighbourhoods get independent streams and
    the same run seed gives the same municipality.
    """
    return int(np.random.SeedSequence([int(seed), int(place)]).generate_state(1)[0])


def neighbourhood_specs(scenario: Scenario, table: tuple[Neighbourhood, ...], *, seed: int,
                        years: float, overrides: dict | None = None) -> list[RunSpec]:
    """One run per neighbourhood: the scenario with the neighbourhood's population.

    Raises:
        ValueError: if ``overrides`` set a population setting the table sets (the table would
            silently lose), naming it.
    """
    overrides = dict(overrides or {})
    chosen = [picked(target, table, scenario.source) for target in scenario.targets]
    specs = []
    for place, neighbourhood in enumerate(table):
        here = scenario.with_targets(target for target, codes in zip(
            scenario.targets, chosen, strict=True) if neighbourhood.code in codes)
        changes = neighbourhood.changes()
        clash = sorted(set(changes) & set(overrides))
        if clash:
            raise ValueError(f"{', '.join(clash)}: set by the neighbourhood table; leave it "
                             "out of the changes (--set, --residents)")
        specs.append(RunSpec.make(here, seed=neighbourhood_seed(seed, place), years=years,
                                  overrides={**overrides, **changes}))
    return specs


def picked(target: Target, table: tuple[Neighbourhood, ...], source: str) -> set[str]:
    """The codes of the neighbourhoods a targeted change applies to.

    ``most_deprived: N`` and ``least_deprived: N`` rank by the share of households on a low
    income (the table's ``HuishoudensMetEenLaagInkomen``: wijksim's measure of deprivation;
    ties keep table order).

    Raises:
        ScenarioError: for a code not in the table, or more neighbourhoods than it has, at the
            scenario file's line.
    """
    codes = [n.code for n in table]
    if target.rule in ("codes", "all_but"):
        unknown = [code for code in target.argument if code not in codes]
        if unknown:
            _refuse(target, source, f"{', '.join(unknown)} not in the neighbourhood table "
                    f"(its codes: {', '.join(codes[:6])}{', ...' if len(codes) > 6 else ''})")
        given = set(target.argument)
        return given if target.rule == "codes" else set(codes) - given
    if target.argument > len(table):
        _refuse(target, source, f"{target.argument} neighbourhoods asked, the table has "
                f"{len(table)}")
    ranked = sorted(table, key=lambda n: n.share_low_income,
                    reverse=target.rule == "most_deprived")
    return {n.code for n in ranked[:target.argument]}


def _refuse(target: Target, source: str, message: str) -> None:
    raise ScenarioError([Problem(source, target.line or None,
                                 f"neighbourhoods: where {target.rule}: {message}")])


def run_municipality(scenario: Scenario, table: tuple[Neighbourhood, ...], *, seed: int,
                     years: float, overrides: dict | None = None,
                     progress=None) -> pd.DataFrame:
    """Every neighbourhood's weekly table, one under the other, with a ``neighbourhood`` column.

    When the neighbourhoods share specialist providers or a budget (the default), they are
    built, then stepped together (:class:`~wijksim.sim.shared_care.SharedCare`); when they
    share nothing, one at a time (one model in memory at a time). ``progress`` may wrap the
    list of neighbourhoods to show how far the building (or the runs) are.
    """
    specs = neighbourhood_specs(scenario, table, seed=seed, years=years, overrides=overrides)
    pairs = list(zip(table, specs, strict=True))
    for neighbourhood, spec in pairs:
        check_sharing_fixed(spec.timeline, neighbourhood.code)
    if not coupled(specs[0].timeline.start):
        frames = [_labelled(run_one(spec), neighbourhood, seed)
                  for neighbourhood, spec in (progress(pairs) if progress else pairs)]
        return pd.concat(frames, ignore_index=True)
    together = _built(pairs, progress)
    for _ in range(specs[0].weeks):
        together.step()
    return _weekly(together, pairs, seed)


def run_municipality_branched(a: Scenario, b: Scenario, table: tuple[Neighbourhood, ...], *,
                              seed: int, years: float, from_week: int,
                              overrides: dict | None = None) -> tuple[pd.DataFrame, ...]:
    """A's municipality to ``from_week``, B branched from it there, both to the end.

    Both weekly tables (as :func:`run_municipality`'s) hold the shared history up to
    ``from_week`` and then their own weeks: a difference after the branch comes from B's
    rules alone, from the same state and random streams. The neighbourhoods are stepped
    together even when they share nothing (so both branches are copies of one state).

    Raises:
        ValueError: If ``from_week`` is outside the run, or B changes how the neighbourhoods
            share or what a neighbourhood was built as.
    """
    pairs_a, pairs_b = (list(zip(table, neighbourhood_specs(s, table, seed=seed, years=years,
                                                            overrides=overrides), strict=True))
                        for s in (a, b))
    weeks = pairs_a[0][1].weeks
    if not 0 <= from_week < weeks:
        raise ValueError(f"the branch week must be from 0 to {weeks - 1} (the run has {weeks} "
                         f"weeks), got {from_week}")
    for neighbourhood, spec in pairs_a:
        check_sharing_fixed(spec.timeline, neighbourhood.code)
    first = _built(pairs_a)
    for _ in range(from_week):
        first.step()
    second = first.fork([spec.timeline for _, spec in pairs_b])
    for _ in range(weeks - from_week):
        first.step()
        second.step()
    return _weekly(first, pairs_a, seed), _weekly(second, pairs_b, seed)


def _built(pairs: list, progress=None) -> SharedCare:
    """The neighbourhoods built, warmed up alone, then their last year together, started."""
    models = [WijkModel(spec.timeline, seed=spec.seed, resident_agents=False,
                        together_weeks=TOGETHER_WEEKS)
              for _, spec in (progress(pairs) if progress else pairs)]
    return SharedCare(models, [n.code for n, _ in pairs])


def _weekly(together: SharedCare, pairs: list, seed: int) -> pd.DataFrame:
    """Every neighbourhood's weekly table, one under the other."""
    frames = []
    for (neighbourhood, spec), model in zip(pairs, together.models, strict=True):
        frame = outcome_table(model)
        frame.insert(0, "seed", spec.seed)
        frame.insert(0, "scenario", spec.scenario.name)
        frames.append(_labelled(frame, neighbourhood, seed))
    return pd.concat(frames, ignore_index=True)


def _labelled(frame: pd.DataFrame, neighbourhood: Neighbourhood, seed: int) -> pd.DataFrame:
    """A neighbourhood's weekly table as part of its municipality's.

    Adds the ``neighbourhood`` column; ``seed`` becomes the run's seed, and the
    neighbourhood's own (derived from it) is kept as ``neighbourhood_seed``.
    """
    frame.insert(0, "neighbourhood", neighbourhood.code)
    frame.insert(frame.columns.get_loc("seed") + 1, "neighbourhood_seed", frame["seed"])
    frame["seed"] = int(seed)
    return frame


def municipal_summary(weekly: pd.DataFrame) -> pd.DataFrame:
    """One row per neighbourhood (its run summarised) and a last row for the municipality.

    The municipal row summarises the municipality's week-by-week table
    (:func:`~wijksim.analysis.municipal.municipal_weeks`): flows and counts are the
    neighbourhoods' summed, so flows per resident per year are exactly the municipal total per
    resident; per-resident figures and shares are residents-weighted (exact for shares of
    residents, an approximation for shares of households or carers and for percentiles); the
    wait is the mean over everyone waiting.
    """
    rows = []
    for code, run in weekly.groupby("neighbourhood", sort=False):
        summary = summarise_run(run.drop(columns=["neighbourhood"]))
        rows.append({"neighbourhood": code, "residents": int(run["residents"].iloc[-1]),
                     **summary.to_dict()})
    town = summarise_run(municipal_weeks(weekly).drop(columns=["neighbourhood"]))
    rows.append({"neighbourhood": MUNICIPALITY,
                 "residents": int(sum(row["residents"] for row in rows)), **town.to_dict()})
    return pd.DataFrame(rows)


def compare_municipality(a: Scenario, b: Scenario, table: tuple[Neighbourhood, ...], *,
                         seeds: list[int], years: float, outcomes: list[str],
                         overrides: dict | None = None, progress=None,
                         from_week: int | None = None) -> pd.DataFrame:
    """B minus A in every neighbourhood and the municipality, paired seed by seed.

    With ``from_week``, A's municipality runs to that week and B branches from its state there
    (:func:`run_municipality_branched`); both are summarised over the weeks after the branch.

    Returns one row per neighbourhood (the ``municipality`` row last) and outcome: both
    scenarios' means over the seeds, the mean paired difference and its 95% interval.
    """
    per_seed = []
    for seed in (progress(seeds) if progress else seeds):
        if from_week is None:
            weekly = [run_municipality(s, table, seed=seed, years=years, overrides=overrides)
                      for s in (a, b)]
        else:
            weekly = [weeks_after(side, from_week) for side in run_municipality_branched(
                a, b, table, seed=seed, years=years, from_week=from_week,
                overrides=overrides)]
        per_seed.append([municipal_summary(side).set_index("neighbourhood")
                         for side in weekly])
    rows = []
    for code in per_seed[0][0].index:
        for name in outcomes:
            first = pd.Series([sides[0].loc[code, name] for sides in per_seed])
            second = pd.Series([sides[1].loc[code, name] for sides in per_seed])
            mean, low, high = mean_interval(second - first)
            rows.append({"neighbourhood": code, "outcome": name, a.name: first.mean(),
                         b.name: second.mean(), "difference": mean, "low": low, "high": high})
    return pd.DataFrame(rows)
