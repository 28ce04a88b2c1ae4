"""Policy search: the Pareto set of policy packages, robust over plausible worlds (EMA).

A search experiment is an experiment file with a ``levers:`` block (the policy parameters to
search over) and a ``search:`` block; its design (``lhs`` or ``plausible``) gives the worlds,
its first scenario is the starting point, its ``outcomes:`` are the objectives and its seeds
are the replications::

    levers:
      generalists.per_1000_residents: {low: 0.0, high: 2.4}
      municipality.network_rationing: {low: 0.0, high: 0.5}
      community_centre.mode: {values: [municipal, self_managed]}
    search: {nfe: 400, epsilons: {cost_total: 10, wellbeing_p10: 0.002}}

Every candidate package is run in every world on every seed; its score on each objective is
the mean over the worlds (of the mean over the seeds). EMA's ``robust_optimize`` (epsilon-NSGA-II
from platypus) searches; nothing of the algorithm is re-implemented here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wijksim.experiments.design import Experiment
from wijksim.experiments.ema import evaluate, keyword, load_ema
from wijksim.sim.params import parameter_table

# Default epsilon (the resolution of the Pareto archive) per objective, in its summary unit.
DEFAULT_EPSILONS = {"cost_total": 10.0, "wellbeing_p10": 0.002, "wellbeing_mean": 0.002,
                    "unmet_need_hours": 0.5, "share_carers_overloaded": 0.001,
                    "share_low_wellbeing": 0.001}
FALLBACK_EPSILON = 0.01


@dataclass(frozen=True)
class SearchSettings:
    """What to search over and how long."""

    levers: dict[str, dict[str, Any]]  # path -> {"low", "high"} or {"values": [...]}
    nfe: int
    epsilons: dict[str, float]
    population: int = 20


def search_model(experiment: Experiment, settings: SearchSettings, residents: int | None):
    """The EMA model of a search: uncertainties from the design, levers from the settings."""
    import functools

    ema = load_ema()
    table = parameter_table()
    fixed = {path: value for path, value in experiment.fixed.items()
             if path != "population.n_residents"}
    function = functools.partial(evaluate, years=experiment.years, residents=residents,
                                 outcome_names=tuple(experiment.outcomes), changes=fixed)
    model = ema.ReplicatorModel("wijksimsearch", function=function)
    model.uncertainties = [
        (ema.IntegerParameter if factor.kind == "int" else ema.RealParameter)(
            keyword(factor.path), factor.low,
            factor.high if factor.high > factor.low else factor.low + 1e-9)
        for factor in experiment.design.factors]
    levers = []
    for path, spec in settings.levers.items():
        if "values" in spec:
            levers.append(ema.CategoricalParameter(keyword(path), list(spec["values"])))
        elif table[path].kind == "int":
            levers.append(ema.IntegerParameter(keyword(path), int(spec["low"]),
                                               int(spec["high"])))
        else:
            levers.append(ema.RealParameter(keyword(path), spec["low"], spec["high"]))
    model.levers = levers
    model.constants = [ema.Constant("scenario_file", experiment.scenario_paths[0])]
    kinds = {"minimize": ema.ScalarOutcome.MINIMIZE, "maximize": ema.ScalarOutcome.MAXIMIZE}
    model.outcomes = [ema.ScalarOutcome(name, kind=kinds[direction], function=np.mean)
                      for name, direction in experiment.outcomes.items()]
    model.replications = [{"seed": seed} for seed in experiment.seeds]
    return model


def worlds(experiment: Experiment) -> list:
    """The design's points as EMA scenarios (one per world)."""
    from wijksim.experiments.design import sampling_seed

    ema = load_ema()
    points = experiment.design.points(sampling_seed(experiment.master_seed))
    return [ema.Scenario(f"world_{i}", **{keyword(p): v for p, v in point.items()})
            for i, point in enumerate(points)]


def pareto_set(experiment: Experiment, settings: SearchSettings, residents: int | None,
               workers: int = 1) -> pd.DataFrame:
    """Search the levers; return the Pareto set: lever values and mean objectives.

    Objectives are the means over the worlds of the seed-averaged outcomes; columns use the
    dotted parameter paths.
    """
    ema = load_ema()
    model = search_model(experiment, settings, residents)
    robustness = [
        ema.ScalarOutcome(name, kind=outcome.kind, variable_name=name, function=np.mean)
        for name, outcome in ((o.name, o) for o in model.outcomes)]
    epsilons = [settings.epsilons.get(name, DEFAULT_EPSILONS.get(name, FALLBACK_EPSILON))
                for name in experiment.outcomes]
    evaluator = (ema.SequentialEvaluator(model) if workers <= 1
                 else ema.MultiprocessingEvaluator(model, n_processes=workers))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with evaluator:
            results = evaluator.robust_optimize(
                robustness, worlds(experiment), nfe=settings.nfe, epsilons=epsilons,
                population_size=settings.population)
    names = {keyword(path): path for path in settings.levers}
    results = results.rename(columns=names)
    for path, spec in settings.levers.items():  # EMA returns its Category objects
        if "values" in spec:
            results[path] = [getattr(value, "value", value) for value in results[path]]
    return results
