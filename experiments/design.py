"""Experiment files: scenarios x a parameter design x replications, as a list of run configs.

An experiment file (``experiments/*.yaml``) is read with the scenario loader (safe YAML, line
numbers, duplicate keys are errors) and validated as strictly: every problem is reported as
``file:line: message``, unknown keys with the closest valid key. Schema::

    name: policies_20_seeds           # identifier: lower-case letters, digits and _
    description: ...                  # optional
    scenarios: [scenarios/baseline.yaml, scenarios/generalist_teams.yaml]   # or: all
    years: 5
    residents: 2000                   # optional; sets population.n_residents
    replications: 20                  # seeds per design point
    master_seed: 20261128             # every run seed is derived from it
    fixed: {generalists.caseload: 25} # optional; overrides for every run
    design:                           # optional; absent = one point (the scenarios as they are)
      kind: grid | lhs | sobol
      parameters:
        generalists.per_1000_residents: {values: [0.6, 1.2, 2.4]}   # grid
        generalists.depth: {low: 0.3, high: 0.9}                    # lhs / sobol
      samples: 64                     # lhs: points; sobol: N base samples (a power of 2)
    reference: baseline               # optional; the scenario others are compared with
    outcomes:                         # optional; what is better, for `wijksim robustness`
      cost_total: minimize
      wellbeing_p10: maximize

For ``wijksim robustness`` the three roles are: the design's parameters are the uncertainties
(the plausible worlds), the scenario files are the levers (the policies, compared with the
reference on the same worlds and seeds) and ``outcomes`` are the objectives with a direction.

Scenario paths are relative to the experiment file or to the repository root. ``lhs`` and
``sobol`` bounds default to the parameter's own bounds (``sim.params``); bounds outside them are
errors. Integer parameters sampled by lhs/sobol are rounded; on/off switches and choices can be
varied only in a grid. Sobol designs use SALib's Saltelli-type sampler (``N * (2D + 2)`` points
with second-order terms, ``N * (D + 2)`` for a single parameter), in SALib's order, so that
``SALib.analyze.sobol`` can be applied to the outputs by ``point_id``.

Seeds: ``replications`` seeds from ``numpy.random.SeedSequence(master_seed)``; the same seeds
for every scenario and design point, so that comparisons are paired. Adding replications keeps
the earlier seeds. LHS and Sobol draws use a separate stream of the same master seed.

Every run config has a ``key``: the SHA-256 of its inputs (the hash of the full parameters over
time, the seed, the number of weeks and the code version), so that a results directory can tell
which runs are already done. Every distinct scenario and override set is built (validated)
before any run starts.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wijksim.analysis.municipal import rules_hash
from wijksim.experiments.neighbourhood_shapes import read_shapes
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.experiments.provenance import code_version, municipal_code_hash, timeline_hash
from wijksim.experiments.scenarios import (
    BASELINE_NAME,
    NAME_PATTERN,
    WEEKS_PER_YEAR,
    Scenario,
    ScenarioError,
    load_scenario,
    param_block,
    shipped_scenarios,
)
from wijksim.experiments.yaml_files import (
    ProblemReport,
    YamlMap,
    YamlProblems,
    YamlSeq,
    check_keys,
    describe_value,
    read_text_file,
    read_yaml,
)
from wijksim.sim.outcomes import OUTCOME_BY_NAME
from wijksim.sim.params import (
    ParameterError,
    ParamInfo,
    Params,
    closest_paths,
    parameter_table,
    shown,
    with_changes,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
EXPERIMENT_KEYS = ("name", "description", "scenarios", "years", "residents", "replications",
                   "master_seed", "fixed", "design", "reference", "outcomes", "levers",
                   "search", "municipality", "geojson")
SEARCH_KEYS = ("nfe", "population", "epsilons")
MAX_NFE = 100_000
DIRECTIONS = ("minimize", "maximize")
REQUIRED_KEYS = ("name", "scenarios", "years", "replications", "master_seed")
DESIGN_KEYS = ("kind", "parameters", "samples", "from")
KINDS = ("grid", "lhs", "sobol", "plausible")
WEIGHT_COLUMN = "weight"  # optional column of a plausible set (a posterior sample's weights)
GRID_KEYS = ("values",)
RANGE_KEYS = ("low", "high")
RESIDENTS_PATH = "population.n_residents"
SAMPLING_STREAM = 1  # SeedSequence spawn key of the lhs/sobol draws (apart from the run seeds)
MAX_PROBLEMS = 25
# Limits on the work a small file can ask for, checked before anything runs or is written.
MAX_YEARS = 200
MAX_REPLICATIONS = 10_000
MAX_SEED = 2**63 - 1       # seeds are stored as 64-bit integers in the result files
MAX_SAMPLES = 2**16        # lhs/sobol base samples
MAX_RUNS = 100_000         # scenarios x design points x replications (allow_large goes past)


class ExperimentError(ScenarioError):
    """Every problem found in an experiment file, one ``file:line: message`` string each."""


# --------------------------------------------------------------------------- public data


@dataclass(frozen=True)
class RunConfig:
    """One run of a sweep: a scenario file, overrides, a seed and a length, plus its key.

    ``overrides`` holds every change applied on top of the scenario (fixed, residents and the
    design point); ``point`` only the design parameters varied at this point.
    """

    scenario_path: str
    scenario_name: str
    overrides: dict[str, Any] = field(hash=False)
    seed: int
    years: float
    point_id: int
    key: str = ""
    point: dict[str, Any] = field(default_factory=dict, hash=False)
    timeline_hash: str = ""
    municipality: str = ""       # a neighbourhood table: the run is a municipality's
    municipality_hash: str = ""  # the table file's SHA-256 (in the key)

    @property
    def weeks(self) -> int:
        """Number of weekly steps."""
        return round(self.years * WEEKS_PER_YEAR)


@dataclass(frozen=True)
class Factor:
    """One varied parameter: grid values, or low and high bounds for lhs/sobol."""

    path: str
    kind: str  # the parameter's kind: "int", "float", "bool" or "choice"
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Design:
    """A parameter design: ``grid``, ``lhs`` or ``sobol`` over some factors."""

    kind: str
    factors: tuple[Factor, ...]
    samples: int | None = None
    # a "plausible" design draws its worlds from these rows (e.g. the calibration posterior)
    rows: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)
    weights: tuple[float, ...] = field(default=(), compare=False, hash=False)
    source: str = ""

    @property
    def names(self) -> list[str]:
        """The varied parameter paths, in file order."""
        return [factor.path for factor in self.factors]

    @property
    def second_order(self) -> bool:
        """Whether a Sobol design includes the second-order sample blocks."""
        return self.kind == "sobol" and len(self.factors) > 1

    def problem(self) -> dict[str, Any]:
        """The SALib problem definition (names and bounds) of an lhs/sobol design."""
        return {"num_vars": len(self.factors), "names": self.names,
                "bounds": [[factor.low, factor.high] for factor in self.factors]}

    def size(self) -> int:
        """How many design points :meth:`points` gives (without making them)."""
        if self.kind == "grid":
            return math.prod(len(factor.values) for factor in self.factors)
        if self.kind == "sobol":
            per_sample = 2 * len(self.factors) + 2 if self.second_order else len(self.factors) + 2
            return self.samples * per_sample
        return self.samples

    def points(self, seed: int) -> list[dict[str, Any]]:
        """The design points (path -> value) in a stable order; ``seed`` drives lhs/sobol."""
        if self.kind == "grid":
            combos = itertools.product(*(factor.values for factor in self.factors))
            return [dict(zip(self.names, combo, strict=True)) for combo in combos]
        if self.kind == "plausible":
            weights = np.asarray(self.weights, dtype=float)
            chosen = np.random.default_rng(seed).choice(
                len(self.rows), size=self.samples, replace=True, p=weights / weights.sum())
            return [{factor.path: _cast(factor, self.rows[i][factor.path])
                     for factor in self.factors} for i in chosen]
        matrix = _sample(self, seed)
        return [{factor.path: _cast(factor, value) for factor, value in zip(
            self.factors, row, strict=True)} for row in matrix]

    def describe(self) -> dict[str, Any]:
        """Plain-data description for the manifest (enough to rerun SALib's analysis)."""
        info: dict[str, Any] = {"kind": self.kind, "parameters": {}}
        if self.kind == "plausible":
            info.update({"from": self.source, "rows": len(self.rows), "samples": self.samples})
        for factor in self.factors:
            info["parameters"][factor.path] = (
                {"values": list(factor.values)} if self.kind == "grid"
                else {"low": factor.low, "high": factor.high, "kind": factor.kind})
        if self.kind != "grid":
            info["samples"] = self.samples
            info["problem"] = self.problem()
        if self.kind == "sobol":
            info["calc_second_order"] = self.second_order
        return info


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: its settings, seeds and every run config."""

    name: str
    description: str
    source: str
    file_hash: str
    scenario_paths: tuple[str, ...]
    years: float
    replications: int
    master_seed: int
    fixed: dict[str, Any] = field(hash=False)
    design: Design | None
    seeds: tuple[int, ...]
    configs: tuple[RunConfig, ...] = field(hash=False)
    reference: str = "baseline"
    outcomes: dict[str, str] = field(default_factory=dict, hash=False)
    levers: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)
    search: dict[str, Any] = field(default_factory=dict, hash=False)
    municipality: str = ""  # a neighbourhood table: every run is a municipality's
    geojson: str = ""  # the neighbourhoods' outlines, for the report's maps

    @property
    def varied(self) -> list[str]:
        """Paths of the parameters the design varies (none without a design)."""
        return self.design.names if self.design else []

    def describe(self) -> dict[str, Any]:
        """Plain-data description for the results manifest."""
        return {"name": self.name, "description": self.description,
                "experiment_file": self.source, "experiment_hash": self.file_hash,
                "scenarios": list(self.scenario_paths), "years": self.years,
                "municipality": self.municipality or None, "geojson": self.geojson or None,
                "replications": self.replications, "master_seed": self.master_seed,
                "seeds": list(self.seeds), "fixed": dict(self.fixed),
                "design": self.design.describe() if self.design else None,
                "runs": len(self.configs), "reference": self.reference,
                "outcomes": dict(self.outcomes)}


# --------------------------------------------------------------------------- seeds and keys


def run_seeds(master_seed: int, replications: int) -> list[int]:
    """The run seeds derived from the master seed (a prefix stays when replications grow)."""
    state = np.random.SeedSequence(master_seed).generate_state(replications, dtype=np.uint32)
    return [int(seed) for seed in state]


def sampling_seed(master_seed: int) -> int:
    """The seed of the lhs/sobol draws: a stream of the master seed apart from the run seeds."""
    sequence = np.random.SeedSequence(master_seed, spawn_key=(SAMPLING_STREAM,))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


def run_key(scenario_hash: str, seed: int, weeks: int, version: str | None = None) -> str:
    """SHA-256 of the canonical JSON of a run's inputs: parameters over time, seed, weeks, code."""
    inputs = {"timeline": scenario_hash, "seed": int(seed), "weeks": int(weeks),
              "code": code_version() if version is None else version}
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


def load_experiment(path: str | Path, *, allow_large: bool = False,
                    allow_outside: bool = False) -> Experiment:
    """Read, validate and expand an experiment file into its run configs.

    Raises:
        ExperimentError: With every problem, each as ``file:line: message``.
    """
    path = Path(path)
    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ExperimentError([f"{path}:1: cannot read the file: {exc}"]) from None
    return parse_experiment(text, source=str(path), base_dir=path.resolve().parent,
                            allow_large=allow_large, allow_outside=allow_outside)


def parse_experiment(text: str, source: str = "<text>",
                     base_dir: Path | None = None, *, allow_large: bool = False,
                     allow_outside: bool = False) -> Experiment:
    """Validate experiment YAML text and expand it into run configs.

    Args:
        text: The YAML text.
        source: Name used in error messages, usually the file path.
        base_dir: Folder that relative scenario paths are looked up in first (then the
            repository root).
        allow_large: Go past ``MAX_RUNS`` runs knowingly.
        allow_outside: Read scenario files outside the repository and the experiment's folder.

    Raises:
        ExperimentError: With every problem found.
    """
    data, duplicates = _read(text, source)
    report = ProblemReport(source, duplicates)
    settings = _Settings(data, report, base_dir or Path.cwd(), allow_outside)
    if report.items or settings.outside:
        raise ExperimentError(_limit(_formatted(report) + settings.outside))
    _check_size(settings, source, allow_large)
    seeds = run_seeds(settings.master_seed, settings.replications)
    configs = _expand(settings, seeds, report)
    return Experiment(
        name=settings.name, description=settings.description, source=source,
        file_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        scenario_paths=tuple(s.source for s in settings.scenarios), years=settings.years,
        replications=settings.replications, master_seed=settings.master_seed,
        fixed=dict(settings.fixed), design=settings.design, seeds=tuple(seeds),
        configs=tuple(configs), reference=settings.reference, outcomes=settings.outcomes,
        levers=settings.levers, search=settings.search, municipality=settings.municipality,
        geojson=settings.geojson)


def _check_size(settings: _Settings, source: str, allow_large: bool) -> None:
    """Refuse a design that would ask for more than ``MAX_RUNS`` runs, before making it."""
    points = settings.design.size() if settings.design else 1
    runs = len(settings.scenarios) * points * settings.replications
    if runs > MAX_RUNS and not allow_large:
        line = settings.line("design" if points > 1 else "replications")
        raise ExperimentError([
            f"{source}:{line}: this experiment asks for {runs:,} runs ({len(settings.scenarios)} "
            f"scenarios x {points:,} design points x {settings.replications:,} replications); "
            f"the limit is {MAX_RUNS:,}: make the design smaller, or pass --allow-large to "
            "run it knowingly"])


def _read(text: str, source: str) -> tuple[YamlMap, list[tuple[int, str]]]:
    try:
        data, duplicates = read_yaml(text, source)
    except ScenarioError as error:
        raise ExperimentError(error.problems) from None
    if not isinstance(data, YamlMap):
        what = "the file is empty" if data is None else f"the top level is {describe_value(data)}"
        raise ExperimentError([f"{source}:{getattr(data, 'line', 1)}: {what}; an experiment "
                               "needs name:, scenarios:, years:, replications: and master_seed:"])
    return data, duplicates


def _formatted(report: ProblemReport) -> list[str]:
    return [f"{report.source}:{line}: {msg}"
            for line, msg in sorted(report.items, key=lambda item: item[0])]


def _limit(problems: list[str]) -> list[str]:
    problems = list(dict.fromkeys(problems))
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS} more problems"]


class _Settings:
    """The top-level values of an experiment file, each checked and reported at its line."""

    def __init__(self, data: YamlMap, report: ProblemReport, base_dir: Path,
                 allow_outside: bool = False):
        self.data, self.report, self.base_dir = data, report, base_dir
        self.allow_outside = allow_outside
        self.outside: list[str] = []  # problems in the scenario files themselves
        self.lines: dict[str, int] = {}  # override path -> line in the experiment file
        check_keys(data, EXPERIMENT_KEYS, REQUIRED_KEYS, "", report, 1, "top-level key")
        self.name = self._name()
        self.description = self._description()
        self.years = self._number("years", integer=False, minimum=1 / WEEKS_PER_YEAR,
                                  maximum=MAX_YEARS)
        self.replications = self._number("replications", integer=True, minimum=1,
                                         maximum=MAX_REPLICATIONS)
        self.master_seed = self._number("master_seed", integer=True, minimum=0,
                                        maximum=MAX_SEED)
        self.residents = self._number("residents", integer=True, minimum=1,
                                      maximum=_table()["population.n_residents"].hi)
        self.scenarios = self._scenarios()
        self.municipality, self.municipality_hash = self._municipality()
        self.geojson = self._geojson()
        self.fixed = self._fixed()
        self.design = _parse_design(self)
        self._check_table_settings()
        self.reference = self._reference()
        self.outcomes = self._outcomes()
        self.levers = self._levers()
        self.search = self._search()

    def _levers(self) -> dict[str, dict[str, Any]]:
        """Policy parameters to search over: {low, high} or {values: [...]}, checked."""
        value = self.data.get("levers")
        if value is None:
            return {}
        if not isinstance(value, YamlMap):
            self.report.add(self.line("levers"), "levers: expected a mapping of parameter "
                            "paths to {low: ..., high: ...} or {values: [...]}")
            return {}
        table, levers = _table(), {}
        for path, spec in value.items():
            line = value.lines[path]
            if path not in table:
                hint = closest_paths(str(path))
                self.report.add(line, f"levers.{shown(path)}: unknown parameter"
                                + (f"; did you mean {', '.join(hint)}?" if hint else ""))
                continue
            checked = _lever_spec(path, spec, table[path], line, self.report)
            if checked is not None:
                levers[path] = checked
        return levers

    def _search(self) -> dict[str, Any]:
        """How long to search (nfe), the population and the epsilons per objective."""
        value = self.data.get("search")
        if value is None:
            return {}
        line = self.line("search")
        if not isinstance(value, YamlMap):
            self.report.add(line, "search: expected a mapping with nfe:, population: and "
                            "epsilons:")
            return {}
        check_keys(value, SEARCH_KEYS, ("nfe",), "search.", self.report, line)
        search: dict[str, Any] = {}
        for key, low, high in (("nfe", 1, MAX_NFE), ("population", 2, 10_000)):
            number = value.get(key)
            if key in value and (isinstance(number, bool) or not isinstance(number, int)
                                 or not low <= number <= high):
                self.report.add(value.lines[key], f"search.{key}: bad value {shown(number)}: "
                                f"expected a whole number from {low} to {high:,}")
            elif key in value:
                search[key] = number
        epsilons = value.get("epsilons", {})
        if not isinstance(epsilons, dict):
            self.report.add(line, "search.epsilons: expected a mapping of outcome -> number")
            epsilons = {}
        for name, eps in epsilons.items():
            eps_line = epsilons.lines[name] if isinstance(epsilons, YamlMap) else line
            if name not in self.outcomes:
                self.report.add(eps_line, f"search.epsilons.{shown(name)}: not one of the "
                                "outcomes: above")
            elif isinstance(eps, bool) or not isinstance(eps, (int, float)) or not (
                    math.isfinite(eps) and eps > 0):
                self.report.add(eps_line, f"search.epsilons.{name}: bad value {shown(eps)}: "
                                "expected a positive number")
        search["epsilons"] = {k: float(v) for k, v in epsilons.items()
                              if k in self.outcomes and isinstance(v, (int, float))}
        return search

    def _reference(self) -> str:
        """The scenario the others are compared with (default: baseline)."""
        if "reference" not in self.data:  # checked where it is used (robustness, report)
            return BASELINE_NAME
        value = self.data["reference"]
        names = [scenario.name for scenario in self.scenarios]
        if not isinstance(value, str) or (names and value not in names):
            self.report.add(self.line("reference"), f"reference: {shown(value)} is not one of "
                            f"the experiment's scenarios ({', '.join(names)})")
            return BASELINE_NAME
        return value

    def _outcomes(self) -> dict[str, str]:
        """Outcomes with the direction that is better (for robustness), checked by name."""
        value = self.data.get("outcomes")
        if value is None:
            return {}
        if not isinstance(value, YamlMap):
            self.report.add(self.line("outcomes"), "outcomes: expected a mapping of outcome "
                            "names to minimize or maximize, like cost_total: minimize")
            return {}
        chosen = {}
        for name, direction in value.items():
            line = value.lines[name]
            if name not in OUTCOME_BY_NAME:
                close = difflib.get_close_matches(str(name), list(OUTCOME_BY_NAME), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                self.report.add(line, f"outcomes.{shown(name)}: unknown outcome{hint}")
            elif direction not in DIRECTIONS:
                self.report.add(line, f"outcomes.{name}: bad direction {shown(direction)}: "
                                "expected minimize or maximize")
            else:
                chosen[name] = direction
        return chosen

    def line(self, key: str) -> int:
        """Line of a top-level key (1 if absent)."""
        return self.data.lines.get(key, 1)

    def _name(self) -> str:
        value = self.data.get("name")
        if "name" in self.data and not (isinstance(value, str) and NAME_PATTERN.fullmatch(value)):
            self.report.add(self.line("name"), f"name: {shown(value)} is not an identifier: use "
                            "lower-case letters, digits and _ only")
        return value if isinstance(value, str) else ""

    def _description(self) -> str:
        value = self.data.get("description", "")
        if not isinstance(value, str):
            self.report.add(self.line("description"),
                            f"description: expected text, not {describe_value(value)}")
            return ""
        return value.strip()

    def _number(self, key: str, *, integer: bool, minimum: float, maximum: float) -> Any:
        """A top-level number within its limits (NaN and infinities refused), else None."""
        if key not in self.data:
            return None
        value = self.data[key]
        numeric = (int,) if integer else (int, float)
        if (isinstance(value, bool) or not isinstance(value, numeric)
                or not math.isfinite(value) or not minimum <= value <= maximum):
            kind = "a whole number" if integer else "a number"
            low = f"{minimum:g}" if integer else ("one week (0.02)" if minimum < 1 else minimum)
            self.report.add(self.line(key), f"{key}: bad value {shown(value)}: expected {kind} "
                            f"from {low} to {maximum:,}")
            return None
        return value

    def _scenarios(self) -> list[Scenario]:
        value = self.data.get("scenarios")
        if value == "all":
            return self._load([(str(path), self.line("scenarios"))
                               for path in shipped_scenarios()])
        if not isinstance(value, YamlSeq) or not value:
            if "scenarios" in self.data:
                self.report.add(self.line("scenarios"), "scenarios: expected a list of scenario "
                                "files (relative to the experiment file or the repository "
                                "root) or the word all")
            return []
        items = []
        for index, (item, line) in enumerate(zip(value, value.lines, strict=True)):
            path = self.resolve(item, f"scenarios[{index}]", line)
            if path is not None:
                items.append((str(path), line))
        return self._load(items)

    def resolve(self, item: Any, where: str, line: int) -> Path | None:
        """A file named in the experiment, relative to it or to the project.

        Kept inside both unless --allow-outside; problems are reported at ``line`` as ``where``.
        """
        if not isinstance(item, str) or not item.strip():
            self.report.add(line, f"{where}: expected a file path, not "
                            f"{describe_value(item)}")
            return None
        path = Path(item)
        candidates = [path] if path.is_absolute() else [self.base_dir / path, REPO_ROOT / path]
        for candidate in candidates:
            if candidate.is_file():
                resolved = candidate.resolve()
                if not (self.allow_outside or resolved.is_relative_to(REPO_ROOT)
                        or resolved.is_relative_to(self.base_dir.resolve())):
                    self.report.add(line, f"{where}: {shown(item)} is outside the "
                                    "project and the experiment's folder; pass "
                                    "--allow-outside to read it")
                    return None
                return resolved
        looked = " or ".join(str(c) for c in candidates)
        self.report.add(line, f"{where}: no such file {shown(item)} "
                              f"(looked for {looked})")
        return None

    def _check_table_settings(self) -> None:
        """Refuse fixed: or design settings that the neighbourhood table sets.

        The table sets every neighbourhood's population; setting it again would make one of
        the two silently lose.
        """
        if not self.municipality:
            return
        table_sets = set(read_neighbourhood_table(self.municipality)[0].changes())
        varied = set(self.design.names) if self.design else set()
        for path in sorted((set(self.fixed) | varied) & table_sets):
            line = self.lines.get(path, self.line("design" if path in varied else "fixed"))
            self.report.add(line, f"{path}: set by the neighbourhood table (municipality:) in "
                            "every neighbourhood; leave it out")

    def _geojson(self) -> str:
        """The neighbourhoods' outlines for the report's maps (needs municipality:), checked."""
        if "geojson" not in self.data:
            return ""
        line = self.line("geojson")
        path = self.resolve(self.data["geojson"], "geojson", line)
        if path is None:
            return ""
        if not self.municipality:
            if "municipality" not in self.data:
                self.report.add(line, "geojson: draws a municipality's neighbourhoods: give "
                                "municipality: TABLE.csv too")
            return ""
        codes = [n.code for n in read_neighbourhood_table(self.municipality)]
        try:
            read_shapes(path, codes)
        except YamlProblems as error:
            self.outside += error.problems
            return ""
        return str(path)

    def _municipality(self) -> tuple[str, str]:
        """The neighbourhood table every run is a municipality of (path, file hash), checked."""
        if "municipality" not in self.data:
            return "", ""
        line = self.line("municipality")
        path = self.resolve(self.data["municipality"], "municipality", line)
        if path is None:
            return "", ""
        if "residents" in self.data:
            self.report.add(self.line("residents"), "residents: a municipality's residents "
                            "come from its neighbourhood table (municipality:); leave it out")
        try:
            read_neighbourhood_table(path)
        except YamlProblems as error:
            self.outside += error.problems
            return "", ""
        return str(path), hashlib.sha256(path.read_bytes()).hexdigest()

    def _load(self, items: list[tuple[str, int]]) -> list[Scenario]:
        scenarios: list[Scenario] = []
        first_line: dict[str, int] = {}
        for path, line in items:
            try:
                scenario = load_scenario(path)
            except ScenarioError as error:
                self.outside += error.problems
                continue
            if scenario.name in first_line:
                self.report.add(line, f"scenarios: {shown(scenario.name)} is listed twice "
                                f"(first at line {first_line[scenario.name]})")
                continue
            first_line[scenario.name] = line
            scenarios.append(scenario)
        return scenarios

    def _fixed(self) -> dict[str, Any]:
        fixed: dict[str, Any] = {}
        if self.residents is not None:
            fixed[RESIDENTS_PATH] = self.residents
            self.lines[RESIDENTS_PATH] = self.line("residents")
        block = param_block(self.data.get("fixed"), self.line("fixed"), "fixed", self.report)
        for path, value in (block or {}).items():
            line = block.lines[path]
            if path in fixed:
                self.report.add(line, f"fixed: {path} is already set by residents:")
            elif self.check_path(path, line, "fixed"):
                fixed[path] = value
                self.lines[path] = line
        return fixed

    def check_path(self, path: str, line: int, where: str) -> bool:
        """Whether ``path`` is a parameter; if not, report it with the closest valid paths."""
        if path in _table():
            return True
        hint = closest_paths(path)
        suggestion = f"; did you mean {', '.join(hint)}?" if hint else ""
        self.report.add(line, f"{where}: {path}: unknown parameter{suggestion}")
        return False


@functools.cache
def _table() -> dict[str, ParamInfo]:
    return parameter_table()


# --------------------------------------------------------------------------- the design block


def _parse_design(settings: _Settings) -> Design | None:
    """The design block, or None when absent or invalid (problems are reported)."""
    block, report = settings.data.get("design"), settings.report
    if "design" not in settings.data:
        return None
    if not isinstance(block, YamlMap):
        report.add(settings.line("design"), "design: expected a mapping with kind:, "
                   "parameters: and (for lhs and sobol) samples:")
        return None
    kind = _design_kind(block, report)
    required = ("kind", "from") if kind == "plausible" else ("kind", "parameters")
    allowed = ("kind", "from", "samples") if kind == "plausible" else \
        tuple(k for k in DESIGN_KEYS if k != "from")
    check_keys(block, allowed, required, "design.", report, block.line)
    samples = _samples(block, kind, report)
    if kind == "plausible":
        return _plausible_design(block, samples, settings)
    factors = _factors(block, kind, settings)
    if kind is None or factors is None or (kind != "grid" and samples is None):
        return None
    return Design(kind, tuple(factors), samples)


def _lever_spec(path: str, spec: Any, info: ParamInfo, line: int,
                report: ProblemReport) -> dict[str, Any] | None:
    """A lever's range {low, high} or its values {values: [...]}, checked by building it."""
    where = f"levers.{path}"
    if not isinstance(spec, YamlMap) or not (set(spec) == {"values"}
                                             or set(spec) == {"low", "high"}):
        report.add(line, f"{where}: expected {{low: ..., high: ...}} or {{values: [...]}}")
        return None
    if "values" in spec:
        values = spec["values"]
        if not isinstance(values, list) or len(values) < 2:
            report.add(line, f"{where}.values: expected a list of at least two values")
            return None
        candidates = list(values)
    else:
        low, high = spec["low"], spec["high"]
        if info.kind not in ("int", "float") or any(
                isinstance(v, bool) or not isinstance(v, (int, float)) for v in (low, high)) \
                or not low < high:
            report.add(line, f"{where}: low and high must be numbers with low < high (for an "
                       "on/off switch or a choice, give values:)")
            return None
        candidates = [low, high]
    for candidate in candidates:
        try:
            with_changes(Params(), {path: candidate})
        except ParameterError as error:
            report.add(line, f"{where}: {error.problems[0][1]}")
            return None
    return {"values": list(values)} if "values" in spec else {"low": low, "high": high}


def _plausible_design(block: YamlMap, samples: int | None,
                      settings: _Settings) -> Design | None:
    """Worlds drawn (by weight) from a table of plausible parameter sets.

    A CSV with a header of parameter paths and an optional ``weight`` column, such as the
    calibration posterior (docs/calibration_posterior.csv).
    """
    line = block.lines.get("from", block.line)
    path = settings.resolve(block.get("from"), "design.from", line) if "from" in block else None
    if path is None or samples is None:
        return None
    rows, weights = _read_plausible(path, line, settings.report)
    if not rows:
        return None
    table = _table()
    factors = tuple(Factor(name, table[name].kind, low=min(r[name] for r in rows),
                           high=max(r[name] for r in rows)) for name in rows[0])
    return Design("plausible", factors, samples, tuple(rows), tuple(weights), str(path))


def _read_plausible(path: Path, line: int,
                    report: ProblemReport) -> tuple[list[dict[str, float]], list[float]]:
    """The rows of a plausible-set CSV, each checked against its parameter's bounds."""
    import csv
    import io

    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        report.add(line, f"design.from: cannot read {path}: {exc}")
        return [], []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    table = _table()
    unknown = [name for name in header if name != WEIGHT_COLUMN and name not in table]
    for name in unknown:
        hint = closest_paths(name)
        report.add(line, f"design.from: {path}:1: {shown(name)} is not a parameter"
                   + (f"; did you mean {hint[0]}?" if hint else ""))
    names = [name for name in header if name != WEIGHT_COLUMN]
    if unknown or not names:
        if not names:
            report.add(line, f"design.from: {path}:1: expected a header of parameter paths")
        return [], []
    rows, weights = [], []
    for number, cells in enumerate(reader, start=2):
        if not cells:
            continue
        values = _plausible_row(cells, header, number, path, line, report)
        if values is not None:
            weights.append(values.pop(WEIGHT_COLUMN, 1.0))
            rows.append(values)
    if not rows or sum(weights) <= 0:
        report.add(line, f"design.from: {path}: no usable rows (or all weights zero)")
        return [], []
    return rows, weights


def _plausible_row(cells: list[str], header: list[str], number: int, path: Path, line: int,
                   report: ProblemReport) -> dict[str, float] | None:
    where = f"design.from: {path}:{number}"
    if len(cells) != len(header):
        report.add(line, f"{where}: {len(cells)} values for {len(header)} columns")
        return None
    values: dict[str, float] = {}
    for name, cell in zip(header, cells, strict=True):
        try:
            value = float(cell)
        except ValueError:
            report.add(line, f"{where}: {name}: {shown(cell)} is not a number")
            return None
        info = _table().get(name)
        low, high = (0.0, math.inf) if info is None else (info.lo, info.hi)
        if not math.isfinite(value) or not low <= value <= high:
            report.add(line, f"{where}: {name}: {value:g} is outside {low:g} to {high:g}")
            return None
        values[name] = value
    return values


def _design_kind(block: YamlMap, report: ProblemReport) -> str | None:
    kind = block.get("kind")
    if "kind" in block and kind not in KINDS:
        close = difflib.get_close_matches(str(kind), KINDS, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        report.add(block.lines["kind"], f"design.kind: {shown(kind)} is not one of "
                   f"{', '.join(KINDS)}{hint}")
        return None
    return kind


def _samples(block: YamlMap, kind: str | None, report: ProblemReport) -> int | None:
    value, line = block.get("samples"), block.lines.get("samples", block.line)
    if kind == "grid":
        if "samples" in block:
            report.add(line, "design.samples: only for lhs and sobol designs (a grid runs every "
                       "combination of its values)")
        return None
    if kind is None:
        return None
    if "samples" not in block:
        report.add(line, f"design.samples: required for a {kind} design")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SAMPLES:
        report.add(line, f"design.samples: bad value {shown(value)}: expected a whole number "
                   f"from 1 to {MAX_SAMPLES:,}")
        return None
    if kind == "sobol" and value & (value - 1):
        below = 1 << (value.bit_length() - 1)
        report.add(line, f"design.samples: {value} is not a power of 2, which Sobol sampling "
                   f"needs; use {below} or {below * 2}")
        return None
    return value


def _factors(block: YamlMap, kind: str | None, settings: _Settings) -> list[Factor] | None:
    value, report = block.get("parameters"), settings.report
    line = block.lines.get("parameters", block.line)
    if not isinstance(value, YamlMap) or not value:
        if "parameters" in block:
            report.add(line, "design.parameters: expected a mapping of parameter paths to "
                       "{values: [...]} (grid) or {low: ..., high: ...} (lhs, sobol)")
        return None
    factors, ok = [], True
    for path, spec in value.items():
        factor = _factor(str(path), spec, value.lines[path], kind, settings)
        ok = ok and factor is not None
        if factor is not None:
            factors.append(factor)
    return factors if ok and kind is not None else None


def _factor(path: str, spec: Any, line: int, kind: str | None,
            settings: _Settings) -> Factor | None:
    where = f"design.parameters.{path}"
    if not settings.check_path(path, line, "design.parameters"):
        return None
    if path in settings.fixed:
        settings.report.add(line, f"{where}: is also set in fixed: (or by residents:); a "
                            "parameter is either fixed or varied")
        return None
    settings.lines[path] = line
    if kind is None:
        return None
    keys = GRID_KEYS if kind == "grid" else RANGE_KEYS
    if not isinstance(spec, YamlMap):
        shape = "{values: [...]}" if kind == "grid" else "{low: ..., high: ...} (or {})"
        settings.report.add(line, f"{where}: expected {shape} for a {kind} design, not "
                            f"{describe_value(spec)}")
        return None
    check_keys(spec, keys, keys if kind == "grid" else (), f"{where}.", settings.report, line)
    info = _table()[path]
    if kind == "grid":
        return _grid_factor(info, spec, where, settings.report)
    return _range_factor(info, spec, line, where, kind, settings.report)


def _grid_factor(info: ParamInfo, spec: YamlMap, where: str,
                 report: ProblemReport) -> Factor | None:
    values = spec.get("values")
    if "values" not in spec:
        return None
    if not isinstance(values, YamlSeq) or not values:
        report.add(spec.lines["values"], f"{where}.values: expected a non-empty list of values")
        return None
    kept, ok = [], True
    for value, line in zip(values, values.lines, strict=True):
        value = float(value) if info.kind == "float" and _is_number(value) else value
        problem = _value_problem(info, value)
        if problem is None and value in kept:
            problem = f"bad value {shown(value)}: listed twice"
        if problem:
            report.add(line, f"{where}.values: {problem}")
            ok = False
        kept.append(value)
    return Factor(info.path, info.kind, values=tuple(kept)) if ok else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value_problem(info: ParamInfo, value: Any) -> str | None:
    """Why a single value is invalid for a parameter (type and bounds), or None."""
    try:
        with_changes(Params(), {info.path: value})
    except ParameterError as error:
        own = [message for path, message in error.problems if path == info.path]
        return own[0] if own else None  # cross-parameter checks are made per scenario later
    return None


def _range_factor(info: ParamInfo, spec: YamlMap, line: int, where: str, kind: str,
                  report: ProblemReport) -> Factor | None:
    if info.kind in ("bool", "choice"):
        report.add(line, f"{where}: {info.kind} parameters can be varied only in a grid design "
                   "(give them values: in a grid, or set them in fixed:)")
        return None
    low = _bound(info, spec, "low", info.lo, where, report)
    high = _bound(info, spec, "high", info.hi, where, report)
    if low is None or high is None:
        return None
    if not low < high:
        report.add(spec.lines.get("high", line), f"{where}: low ({low:g}) must be below high "
                   f"({high:g})")
        return None
    return Factor(info.path, info.kind, low=float(low), high=float(high))


def _bound(info: ParamInfo, spec: YamlMap, key: str, default: float | None, where: str,
           report: ProblemReport) -> float | None:
    if key not in spec:
        return default
    value, line = spec[key], spec.lines[key]
    if not _is_number(value):
        report.add(line, f"{where}.{key}: bad value {shown(value)}: expected a number")
        return None
    if (info.lo is not None and value < info.lo) or (info.hi is not None and value > info.hi):
        report.add(line, f"{where}.{key}: {shown(value)} is outside the parameter's bounds "
                   f"{info.lo:g} to {info.hi:g} {info.unit}")
        return None
    return float(value)


def _sample(design: Design, seed: int) -> np.ndarray:
    """The unit-scaled sample matrix of an lhs/sobol design (SALib)."""
    from SALib.sample import latin, sobol

    if design.kind == "lhs":
        return latin.sample(design.problem(), design.samples, seed=seed)
    return sobol.sample(design.problem(), design.samples,
                        calc_second_order=design.second_order, seed=seed)


def _cast(factor: Factor, value: float) -> int | float:
    """A sampled value as the parameter's type: integers rounded and kept in bounds."""
    if factor.kind == "int":
        return int(min(max(round(value), factor.low), factor.high))
    return float(value)


# --------------------------------------------------------------------------- expansion


def _expand(settings: _Settings, seeds: list[int], report: ProblemReport) -> list[RunConfig]:
    """Build every scenario x design point once (validating it) and make the run configs."""
    design = settings.design
    points = design.points(sampling_seed(settings.master_seed)) if design else [{}]
    weeks = round(settings.years * WEEKS_PER_YEAR)
    configs: list[RunConfig] = []
    problems: list[str] = []
    for point_id, point in enumerate(points):
        overrides = {**settings.fixed, **point}
        for scenario in settings.scenarios:
            try:
                hashed = timeline_hash(scenario.build(overrides))
            except ScenarioError as error:
                problems += _build_problems(error.problems, scenario, point_id, settings)
                continue
            # a municipality's run also depends on its table, the scenario's changes in some
            # neighbourhoods (outside a municipality they do nothing), the code that builds and
            # runs the neighbourhoods, and how the stored municipal rows are made from theirs
            inputs = hashed + (settings.municipality_hash + targets_hash(scenario)
                               + rules_hash() + municipal_code_hash()
                               if settings.municipality else "")
            configs += [RunConfig(scenario.source, scenario.name, overrides, seed,
                                  settings.years, point_id, run_key(inputs, seed, weeks),
                                  dict(point), hashed, settings.municipality,
                                  settings.municipality_hash) for seed in seeds]
    if problems:
        raise ExperimentError(_limit(problems))
    return configs


def targets_hash(scenario: Scenario) -> str:
    """SHA-256 of a scenario's changes made only in some neighbourhoods (``neighbourhoods:``)."""
    entries = [[t.rule, list(t.argument) if isinstance(t.argument, tuple) else t.argument,
                t.change.week, sorted((k, repr(v)) for k, v in t.change.set.items())]
               for t in scenario.targets]
    return hashlib.sha256(json.dumps(entries, sort_keys=True).encode("utf-8")).hexdigest()


def _build_problems(problems: Iterable[str], scenario: Scenario, point_id: int,
                    settings: _Settings) -> list[str]:
    """Scenario build problems, placed at the experiment line of the override involved."""
    found = []
    for problem in problems:
        line = _override_line(problem, settings)
        found.append(f"{settings.report.source}:{line}: scenario {scenario.name}, design point "
                     f"{point_id}: {problem.removeprefix(scenario.source + ': ')}")
    return found


def _override_line(problem: str, settings: _Settings) -> int:
    for path, line in settings.lines.items():
        if f"{path} (override)" in problem or f" {path.split('.')[0]}:" in f" {problem}":
            return line
    return settings.line("design") if "design" in settings.data else settings.line("fixed")
