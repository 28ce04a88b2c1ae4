"""The public Python API: run scenarios and compare them, returning tables.

Used by the command line (``wijksim compare``, ``wijksim overview``); scripts and notebooks call
it as ``wijksim.run(...)`` and ``wijksim.compare(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

BASELINE_FILE = "scenarios/baseline.yaml"
HEADLINE = ("cost_total", "cost_total_per_hour", "cost_total_per_client", "cost_total_capacity",
            "budget_binding", "wellbeing_mean", "wellbeing_p10", "share_low_wellbeing",
            "unmet_need_hours", "informal_hours", "share_carers_overloaded",
            "professionals_per_mph", "waiting_weeks")


def changes_of(residents: int | None, changes: Mapping[str, Any] | None,
               overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Parameter changes as dotted paths from ``residents``, a dict and Mesa-style keywords."""
    dotted = dict(changes or {})
    dotted.update({key.replace("__", ".", 1): value for key, value in overrides.items()})
    if residents is not None:
        dotted["population.n_residents"] = residents
    return dotted


def _scenario(scenario):
    from wijksim.experiments.scenarios import Scenario, load_scenario

    return scenario if isinstance(scenario, Scenario) else load_scenario(Path(scenario))


def _seeds(seeds: int | Iterable[int]) -> list[int]:
    if isinstance(seeds, bool):
        raise TypeError("seeds must be a number of seeds or a list of seeds, not a bool")
    return list(range(1, int(seeds) + 1)) if isinstance(seeds, int) else [int(s) for s in seeds]


def run(scenario: str | Path | Any = BASELINE_FILE, *, seeds: int | Iterable[int] = 1,
        years: float = 5.0, residents: int | None = None,
        changes: Mapping[str, Any] | None = None, progress=None, **overrides) -> pd.DataFrame:
    """Run a scenario on some seeds; one row per run, every outcome summarised.

    Args:
        scenario: A scenario file (path) or a loaded ``Scenario``; default the baseline.
        seeds: A number K (seeds 1..K) or the seeds themselves.
        years: Simulated years after the warm-up.
        residents: Residents (``population.n_residents``).
        changes: Parameter changes by dotted path, e.g. ``{"generalists.caseload": 25}``.
        progress: Optional wrapper of the list of runs (e.g. ``tqdm``) to show progress.
        overrides: Parameter changes as keywords, ``__`` for the dot (``generalists__caseload``).

    Returns:
        Columns ``scenario``, ``seed`` and one per outcome, in the CLI's units: flows per
        resident per year, levels averaged over the weeks (week 0 left out).

    Raises:
        ScenarioError: For a bad file or a bad change (with file and line or parameter path).
    """
    from wijksim.analysis.summary import summarise_run
    from wijksim.experiments.runner import RunSpec, run_one

    loaded = _scenario(scenario)
    dotted = changes_of(residents, changes, overrides)
    specs = [RunSpec.make(loaded, seed=seed, years=years, overrides=dotted)
             for seed in _seeds(seeds)]
    rows = [summarise_run(run_one(spec)).rename((spec.scenario.name, spec.seed))
            for spec in (progress(specs) if progress else specs)]
    table = pd.DataFrame(rows)
    table.index = pd.MultiIndex.from_tuples(table.index, names=["scenario", "seed"])
    return table.reset_index()


def compare(a: str | Path | Any = BASELINE_FILE, b: str | Path | Any = BASELINE_FILE, *,
            seeds: int | Iterable[int] = 5, years: float = 5.0, residents: int | None = None,
            changes: Mapping[str, Any] | None = None, outcomes: Iterable[str] = HEADLINE,
            progress=None, from_week: int | None = None, **overrides) -> pd.DataFrame:
    """B minus A on the same seeds: one row per outcome with both means and the difference.

    Arguments as for :func:`run`; ``outcomes`` chooses the rows (default the headline ones).
    With ``from_week``, A runs to that week and B branches from A's state there ("branch
    here": same neighbourhood, same random streams); both are summarised over the weeks after
    the branch only.

    Returns:
        Columns ``outcome``, ``unit``, A's name, B's name, ``difference``, ``low`` and
        ``high`` (the 95% interval of the paired difference).
    """
    from wijksim.analysis.summary import paired_differences, scenario_table, unit_of_summary

    first, second = _scenario(a), _scenario(b)
    if first.name == second.name:
        raise ValueError(f"both scenarios are named {first.name!r}; compare two different ones")
    names = list(outcomes)
    if from_week is None:
        summary = pd.concat([run(s, seeds=seeds, years=years, residents=residents,
                                 changes=changes, progress=progress, **overrides)
                             for s in (first, second)], ignore_index=True)
    else:
        summary = _branched(first, second, _seeds(seeds), years, from_week,
                            changes_of(residents, changes, overrides), progress)
    diff = paired_differences(summary, names, reference=first.name)
    means = scenario_table(summary, names).set_index("scenario")
    return pd.DataFrame([{"outcome": n, "unit": unit_of_summary(n),
                          first.name: means.loc[first.name, n],
                          second.name: means.loc[second.name, n],
                          "difference": diff[n].iloc[0], "low": diff[f"{n}_lo"].iloc[0],
                          "high": diff[f"{n}_hi"].iloc[0]} for n in names])


def _branched(first, second, seeds: list[int], years: float, from_week: int,
              dotted: dict[str, Any], progress) -> pd.DataFrame:
    """Per seed: A to ``from_week``, B branched there; summaries of the weeks after it."""
    from wijksim.analysis.summary import summarise_run
    from wijksim.experiments.runner import RunSpec
    from wijksim.sim.run import run_branched, weeks_after

    rows = []
    for seed in (progress(seeds) if progress else seeds):
        spec_a = RunSpec.make(first, seed=seed, years=years, overrides=dotted)
        spec_b = RunSpec.make(second, seed=seed, years=years, overrides=dotted)
        if not 0 <= from_week < spec_a.weeks:
            raise ValueError(f"the branch week must be from 0 to {spec_a.weeks - 1} (the run "
                             f"has {spec_a.weeks} weeks), got {from_week}")
        tables = run_branched(spec_a.timeline, spec_b.timeline, weeks=spec_a.weeks, seed=seed,
                              from_week=from_week)
        for scenario, table in zip((first, second), tables, strict=True):
            rows.append(summarise_run(weeks_after(table, from_week)).rename((scenario.name,
                                                                             seed)))
    summary = pd.DataFrame(rows)
    summary.index = pd.MultiIndex.from_tuples(summary.index, names=["scenario", "seed"])
    return summary.reset_index()
