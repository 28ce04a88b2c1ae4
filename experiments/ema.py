"""wijksim as an EMA Workbench model, and wijksim's sweep results in EMA's form.

EMA users describe uncertainties, levers and outcomes and run models with EMA's own evaluators
(sequential, multiprocessing, ipyparallel, MPI); :func:`ema_model` gives them wijksim in that
form::

    from ema_workbench import SequentialEvaluator, perform_experiments
    from wijksim.experiments.ema import ema_model

    model = ema_model(uncertainties={"network.willing_child": (0.3, 0.8)},
                      policies=["scenarios/baseline.yaml", "scenarios/generalist_teams.yaml"],
                      outcomes={"cost_total": "minimize", "wellbeing_p10": "maximize"},
                      years=2, residents=2000, seeds=[1, 2, 3])
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=64, policies=2)

Parameter names use Mesa's keyword form (``network__willing_child``); the lever
``scenario_file`` chooses a wijksim scenario file (EMA's own "scenarios" are the plausible
worlds); seeds are EMA replications, so every policy meets the same worlds on the same seeds.
:func:`to_ema` turns a wijksim sweep's run summary into EMA's
``(experiments, outcomes)`` pair, so PRIM, feature scoring and EMA's plots apply to sweeps too.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijksim.sim.params import parameter_table

SCENARIO_LEVER = "scenario_file"  # not "scenario": EMA calls its worlds scenarios


def keyword(path: str) -> str:
    """A dotted parameter path in Mesa's keyword form (``a.b`` -> ``a__b``)."""
    return path.replace(".", "__")


def evaluate(*, seed: int, scenario_file: str, years: float, residents: int | None,
             outcome_names: tuple[str, ...], changes: Mapping[str, Any] | None = None,
             **parameters: Any) -> dict[str, float]:
    """One wijksim run for EMA: a scenario file, parameter keywords and a seed -> outcomes.

    ``changes`` (dotted paths) hold for every run, under the keyword parameters.
    """
    from wijksim import api

    table = api.run(Path(scenario_file), seeds=[int(seed)], years=years, residents=residents,
                    changes=changes, **parameters)
    row = table.iloc[0]
    return {name: float(row[name]) for name in outcome_names}


def load_ema():
    """The ema_workbench package, imported without its notices about optional extras."""
    with warnings.catch_warnings():  # EMA announces optional extras it does not find
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        import ema_workbench
    return ema_workbench


def ema_model(*, uncertainties: Mapping[str, tuple[float, float]],
              policies: Iterable[str | Path], outcomes: Mapping[str, str],
              years: float, residents: int | None = None, seeds: Iterable[int] = (1,),
              name: str = "wijksim"):
    """Wijksim as an EMA ``ReplicatorModel``.

    Args:
        uncertainties: Dotted parameter path -> (low, high); integer parameters become EMA
            integer parameters.
        policies: Scenario files, offered as the categorical lever ``scenario_file``.
        outcomes: Outcome name -> ``minimize`` or ``maximize`` (EMA's ScalarOutcome kinds).
        years: Simulated years per run (after the warm-up).
        residents: Residents per run.
        seeds: One replication per seed (the same for every world and policy).
        name: The model's name in EMA.
    """
    ema = load_ema()
    table = parameter_table()
    function = functools.partial(evaluate, years=years, residents=residents,
                                 outcome_names=tuple(outcomes))
    model = ema.ReplicatorModel(name, function=function)
    model.uncertainties = [
        (ema.IntegerParameter if table[path].kind == "int" else ema.RealParameter)(
            keyword(path), low, high) for path, (low, high) in uncertainties.items()]
    model.levers = [ema.CategoricalParameter(SCENARIO_LEVER, [str(p) for p in policies])]
    kinds = {"minimize": ema.ScalarOutcome.MINIMIZE, "maximize": ema.ScalarOutcome.MAXIMIZE}
    model.outcomes = [ema.ScalarOutcome(outcome, kind=kinds[direction], function=np.mean)
                      for outcome, direction in outcomes.items()]
    model.replications = [{"seed": int(seed)} for seed in seeds]
    return model


def to_ema(summary: pd.DataFrame, uncertainties: Iterable[str],
           outcomes: Iterable[str]) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """A sweep's run summary as EMA's ``(experiments, outcomes)``.

    ``experiments`` has one row per run with the uncertainties (keyword names), ``seed``, and
    EMA's own columns: ``scenario`` (the world: the design point), ``policy`` (the wijksim
    scenario) and ``model``; ``outcomes`` maps each outcome name to an array in the same order.
    """
    names = list(uncertainties)
    experiments = summary[names].rename(columns=keyword).copy()
    experiments["seed"] = summary["seed"].to_numpy()
    experiments["scenario"] = summary["point_id"].to_numpy()
    experiments["policy"] = summary["scenario"].astype(str).to_numpy()
    experiments["model"] = "wijksim"
    return experiments.reset_index(drop=True), {
        name: summary[name].to_numpy(dtype=float) for name in outcomes}
