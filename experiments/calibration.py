"""Calibration: fit uncertain assumptions to the calibration facts with ABC-SMC (pyabc).

Why ABC-SMC: wijksim is stochastic and cheap enough to simulate directly (no emulator), ABC
needs only the simulator and a distance, and its result is a weighted posterior sample — the
plausible set of assumptions that reproduce the facts, which the robustness analysis can sample
from, not a single best point. pyabc (ICB, maintained) stores every generation in a database,
so an interrupted calibration resumes where it stopped, and runs on local processes or a Dask
cluster.

A calibration file names the targets file, the assumptions to fit with uniform priors (inside
each parameter's own bounds; levers cannot be fitted), the run size, the population size and
the number of generations. Only facts whose role is ``calibration`` enter the distance: for
each, the squared distance from the middle of its band in half-widths of the band (inside the
band is at most 1 each).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import logging
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijksim.experiments.evidence import REPO_ROOT, EvidenceError, RunSize, Targets, load_targets
from wijksim.experiments.scenarios import (
    ScenarioError,
)
from wijksim.experiments.yaml_files import (
    ProblemReport,
    YamlMap,
    check_keys,
    describe_value,
    read_text_file,
    read_yaml,
)
from wijksim.sim.params import LEVER, parameter_table, shown

KEYS = ("name", "targets", "parameters", "residents", "years", "population", "generations",
        "min_epsilon")
REQUIRED = ("name", "targets", "parameters")
MISSING_PENALTY = 100.0  # distance of a fact the run could not measure (NaN)


@dataclasses.dataclass(frozen=True)
class CalibrationConfig:
    """A calibration file, checked."""

    name: str
    targets: Targets
    priors: dict[str, tuple[float, float]]
    residents: int = 2000
    years: float = 2.0
    population: int = 64
    generations: int = 8
    min_epsilon: float = 0.0
    source: str = ""
    sha256: str = ""


def load_config(path: str | Path) -> CalibrationConfig:
    """Read and check a calibration file; problems are ``file:line: ...`` lines."""
    path = Path(path)
    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as error:
        raise EvidenceError([f"{path}:1: cannot be read: {error}"]) from None
    try:
        data, duplicates = read_yaml(text, str(path))
    except ScenarioError as error:
        raise EvidenceError(error.problems) from None
    report = ProblemReport(str(path), duplicates)
    if not isinstance(data, YamlMap):
        raise EvidenceError([f"{path}:1: expected a mapping with name, targets and parameters"])
    check_keys(data, KEYS, REQUIRED, "", report, 1, "top-level key")
    targets = _targets(data, path, report)
    priors = _priors(data.get("parameters"), data.lines.get("parameters", 1), report)
    numbers = {key: _number(data, key, report) for key in ("residents", "years", "population",
                                                           "generations", "min_epsilon")}
    if report.items:
        raise EvidenceError([f"{path}:{line}: {msg}"
                             for line, msg in sorted(report.items, key=lambda p: p[0])])
    if targets is not None and not targets.of_role("calibration"):
        raise EvidenceError([f"{path}:{data.lines['targets']}: {targets.source} has no fact "
                             "whose role is calibration"])
    defaults = CalibrationConfig("", targets, priors)
    values = {key: value if value is not None else getattr(defaults, key)
              for key, value in numbers.items()}
    return CalibrationConfig(str(data["name"]), targets, priors,
                             int(values["residents"]), float(values["years"]),
                             int(values["population"]), int(values["generations"]),
                             float(values["min_epsilon"]), str(path),
                             hashlib.sha256(text.encode("utf-8")).hexdigest())


def _targets(data: YamlMap, path: Path, report: ProblemReport) -> Targets | None:
    value = data.get("targets")
    if value is None:
        return None
    candidate = (path.parent / str(value)) if not (REPO_ROOT / str(value)).is_file() else (
        REPO_ROOT / str(value))
    try:
        return load_targets(candidate)
    except EvidenceError as error:
        for problem in error.problems:
            report.add(data.lines["targets"], f"targets: {problem}")
        return None


def _priors(value: Any, line: int, report: ProblemReport) -> dict[str, tuple[float, float]]:
    table = parameter_table()
    if not isinstance(value, YamlMap) or not value:
        report.add(line, "parameters: expected a mapping of parameter path to [low, high]")
        return {}
    priors = {}
    for path, bounds in value.items():
        at = value.lines[path]
        info = table.get(path)
        if info is None:
            report.add(at, f"parameters: {path}: unknown parameter")
            continue
        if info.role == LEVER:
            report.add(at, f"parameters: {path} is a policy lever; only assumptions are fitted")
            continue
        if info.kind not in ("float", "int"):
            report.add(at, f"parameters: {path} is not a number ({info.kind})")
            continue
        ok = (isinstance(bounds, list) and len(bounds) == 2
              and all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds))
        if not ok:
            report.add(at, f"parameters: {path}: expected [low, high], not "
                       f"{describe_value(bounds)}")
            continue
        low, high = float(bounds[0]), float(bounds[1])
        if not low < high:
            report.add(at, f"parameters: {path}: low {low:g} is not below high {high:g}")
        elif low < info.lo or high > info.hi:
            report.add(at, f"parameters: {path}: prior [{low:g}, {high:g}] is outside the "
                       f"parameter's bounds [{info.lo:g}, {info.hi:g}] {info.unit}")
        else:
            priors[path] = (low, high)
    return priors


def _number(data: YamlMap, key: str, report: ProblemReport) -> float | None:
    if key not in data:
        return None
    value = data[key]
    limits = {"residents": (100, 200_000), "years": (0.25, 50), "population": (4, 100_000),
              "generations": (1, 100), "min_epsilon": (0.0, 1e9)}[key]
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not limits[0] <= value <= limits[1] or value != value):
        report.add(data.lines[key], f"{key}: bad value {shown(value)}: expected a number from "
                   f"{limits[0]:g} to {limits[1]:g}")
        return None
    return value


# --------------------------------------------------------------------------- distance, model


def distance(simulated: dict, observed: dict) -> float:
    """Sum over facts of the squared distance from the band's middle, in half-widths."""
    total = 0.0
    for name, (middle, half) in observed.items():
        value = simulated.get(name, math.nan)
        if value is None or not math.isfinite(value):
            total += MISSING_PENALTY
        else:
            total += ((value - middle) / half) ** 2
    return total


def observed(targets: Targets) -> dict[str, tuple[float, float]]:
    """Each calibration fact's band as (middle, half-width)."""
    return {f.name: ((f.low + f.high) / 2, max((f.high - f.low) / 2, 1e-12))
            for f in targets.of_role("calibration")}


def simulate(parameters: dict, *, targets_path: str, residents: int, years: float) -> dict:
    """One model evaluation: the calibration facts on one random seed (runs in a worker)."""
    from wijksim.experiments.evidence import _run_seed

    targets = load_targets(targets_path)
    facts = targets.of_role("calibration")
    changes = tuple((path, _typed(path, value)) for path, value in parameters.items())
    seed = int(np.random.randint(1, 2**31 - 1))
    summary = _run_seed((seed, sorted({f.scenario for f in facts}),
                         RunSize(residents, 1, years, changes)))
    out = {}
    for fact in facts:
        row = summary[summary["scenario_path"] == fact.scenario].iloc[0]
        out[fact.name] = float(row[fact.outcome])
    return out


def _typed(path: str, value: float):
    info = parameter_table()[path]
    return int(round(float(value))) if info.kind == "int" else float(value)


# --------------------------------------------------------------------------- running


def run(config: CalibrationConfig, out_dir: Path, *, workers: int = 1,
        scheduler: str | None = None, generations: int | None = None,
        population: int | None = None) -> dict:
    """Run (or resume) the calibration; writes the database, posterior and summary files.

    Returns the summary written to ``calibration.json``.
    """
    import pyabc

    logging.getLogger("ABC").setLevel(logging.INFO)
    out_dir.mkdir(parents=True, exist_ok=True)
    population = population or config.population
    generations = generations or config.generations
    prior = pyabc.Distribution(**{path: pyabc.RV("uniform", low, high - low)
                                  for path, (low, high) in config.priors.items()})
    model = functools.partial(simulate, targets_path=str(config.targets.source),
                              residents=config.residents, years=config.years)
    sampler = _sampler(pyabc, workers, scheduler)
    abc = pyabc.ABCSMC(model, prior, distance, population_size=population, sampler=sampler)
    db = f"sqlite:///{(out_dir / 'calibration.db').resolve()}"
    state_file = out_dir / "calibration_state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    started = datetime.datetime.now(datetime.UTC)
    if state.get("config_sha256") == config.sha256 and state.get("run_id"):
        history = abc.load(db, state["run_id"])
        done = history.max_t + 1
        print(f"resuming run {state['run_id']}: {done} generations done", flush=True)
    else:
        history = abc.new(db, observed(config.targets))
        done = 0
        state = {"config_sha256": config.sha256, "run_id": history.id}
        state_file.write_text(json.dumps(state))
    if generations > done:
        history = abc.run(max_nr_populations=generations - done,
                          minimum_epsilon=config.min_epsilon)
    seconds = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    return write_results(config, history, out_dir, seconds)


def _sampler(pyabc, workers: int, scheduler: str | None):
    if scheduler:
        from distributed import Client

        return pyabc.sampler.DaskDistributedSampler(dask_client=Client(scheduler))
    if workers > 1:
        return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers)
    return pyabc.sampler.SingleCoreSampler()


def write_results(config: CalibrationConfig, history, out_dir: Path, seconds: float) -> dict:
    """The plausible set (last generation, weighted), the calibrated values and a summary."""
    frame, weights = history.get_distribution()
    posterior = frame.copy()
    posterior["weight"] = weights / weights.sum()
    posterior.to_csv(out_dir / "posterior.csv", index=False)
    summary = {
        "name": config.name, "targets": config.targets.source,
        "targets_sha256": config.targets.sha256, "config": config.source,
        "config_sha256": config.sha256, "date": datetime.date.today().isoformat(),
        "generations": int(history.max_t + 1), "population": int(len(frame)),
        "evaluations": int(history.total_nr_simulations), "seconds_this_session": seconds,
        "epsilons": [float(e) for e in history.get_all_populations()["epsilon"]
                     if np.isfinite(e)],
        "effective_sample_sizes": effective_sample_sizes(history),
        "parameters": {path: _posterior_of(posterior, path, config.priors[path])
                       for path in config.priors},
        "calibration_facts": [f.name for f in config.targets.of_role("calibration")],
    }
    (out_dir / "calibration.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    changes = {path: round(info["mean"], 4) for path, info in summary["parameters"].items()}
    (out_dir / "calibrated.yaml").write_text(
        "# Posterior means of the calibrated assumptions (wijksim calibrate); use as --set or as\n"
        f"# scenario changes. Calibrated to {config.targets.source} on {summary['date']}.\n"
        + "".join(f"{path}: {value}\n" for path, value in changes.items()), encoding="utf-8")
    return summary


def effective_sample_sizes(history) -> list[float]:
    """Kish's effective sample size of each generation's weights (1 = all weight on one particle).

    A last generation whose effective size is far below the population means the posterior rests
    on a few particles: run more particles or generations before trusting its spread.
    """
    sizes = []
    for t in range(history.max_t + 1):
        _, weights = history.get_distribution(t=t)
        weights = np.asarray(weights, dtype=float)
        sizes.append(float(weights.sum() ** 2 / np.sum(weights**2)))
    return sizes


def _posterior_of(posterior: pd.DataFrame, path: str, prior: tuple[float, float]) -> dict:
    values, weights = posterior[path].to_numpy(), posterior["weight"].to_numpy()
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    low, high = (float(values[order][np.searchsorted(cumulative, q)]) for q in (0.05, 0.95))
    return {"prior": list(prior), "mean": float(np.sum(values * weights)), "p05": low,
            "p95": high}


def plausible_set(path: str | Path) -> pd.DataFrame:
    """The plausible set of a calibration (``posterior.csv``).

    One row per particle: its parameter values and normalised weight. The robustness analysis
    samples from it.
    """
    return pd.read_csv(path)
