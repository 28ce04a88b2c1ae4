"""Evidence: the stylised facts a targets file lists, and the model measured against them.

A targets file (``evidence/targets.yaml``) lists facts: what a source says, the declared outcome
that measures it in the model, a band, the population and period, the source, and a role
(``calibration``: assumptions may be fitted to it; ``validation``: never fitted). Loading checks
every entry and reports problems as ``file:line: ...`` lines. :func:`measure` runs the scenarios
the facts need on a number of seeds, after the warm-up, and returns one value per fact and seed.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.experiments.runner import RunSpec, run_one
from wijksim.experiments.scenarios import (
    ScenarioError,
    load_scenario,
)
from wijksim.experiments.sweep import worker_context
from wijksim.experiments.yaml_files import (
    ProblemReport,
    YamlMap,
    YamlProblems,
    YamlSeq,
    check_keys,
    describe_value,
    read_yaml,
)
from wijksim.sim.outcomes import OUTCOME_BY_NAME
from wijksim.sim.params import shown

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TARGETS = REPO_ROOT / "evidence" / "targets.yaml"
BASELINE = "scenarios/baseline.yaml"
ROLES = ("calibration", "validation")
FILE_KEYS = ("name", "description", "facts")
FACT_KEYS = ("name", "fact", "outcome", "band", "unit", "population", "period", "role",
             "source", "scenario", "note", "input")
REQUIRED = ("name", "fact", "outcome", "band", "unit", "population", "period", "role", "source")
SOURCE_KEYS = ("title", "year", "url")
NAME = re.compile(r"[a-z0-9_]+")
MAX_BYTES = 1_000_000


class EvidenceError(YamlProblems):
    """Every problem found in a targets file, one ``file:line: message`` string each."""


@dataclass(frozen=True)
class Fact:
    """One stylised fact and how the model measures it."""

    name: str
    fact: str
    outcome: str
    low: float
    high: float
    unit: str
    population: str
    period: str
    role: str
    source: dict = field(hash=False)
    scenario: str = BASELINE
    note: str = ""
    input: bool = False
    line: int = 1

    def holds(self, value: float) -> bool:
        """Whether a value lies inside the band (inclusive)."""
        return bool(self.low <= value <= self.high)


@dataclass(frozen=True)
class Targets:
    """A targets file: its facts, where it came from and its content hash."""

    name: str
    description: str
    facts: tuple[Fact, ...]
    source: str
    sha256: str

    def of_role(self, role: str) -> tuple[Fact, ...]:
        """The facts with one role."""
        return tuple(f for f in self.facts if f.role == role)

    def scenarios(self) -> list[str]:
        """The scenario files the facts are measured in, the baseline first."""
        return sorted({f.scenario for f in self.facts}, key=lambda s: (s != BASELINE, s))


def load_targets(path: str | Path = DEFAULT_TARGETS) -> Targets:
    """Read and check a targets file; raises :class:`EvidenceError` with every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as error:
        raise EvidenceError([f"{path}: cannot be read: {error.strerror}"]) from None
    if len(raw) > MAX_BYTES:
        raise EvidenceError([f"{path}:1: the file is larger than {MAX_BYTES:,} bytes"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EvidenceError([f"{path}:1: not a UTF-8 text file"]) from None
    return parse_targets(text, str(path))


def parse_targets(text: str, source: str = "<text>") -> Targets:
    """Check targets text; raises :class:`EvidenceError` with every problem."""
    try:
        data, duplicates = read_yaml(text, source)
    except ScenarioError as error:
        raise EvidenceError(error.problems) from None
    report = ProblemReport(source, duplicates)
    if not isinstance(data, YamlMap):
        what = "empty" if data is None else describe_value(data)
        raise EvidenceError([f"{source}:1: the file is {what}; a targets file needs name: and "
                             "facts:"])
    check_keys(data, FILE_KEYS, ("name", "facts"), "", report, 1, "top-level key")
    facts = _facts(data.get("facts"), data.lines.get("facts", 1), report)
    if report.items:
        raise EvidenceError([f"{source}:{line}: {msg}"
                             for line, msg in sorted(report.items, key=lambda p: p[0])])
    return Targets(str(data.get("name", "")), str(data.get("description", "")).strip(),
                   tuple(facts), source, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _facts(value: Any, line: int, report: ProblemReport) -> list[Fact]:
    if not isinstance(value, YamlSeq) or not value:
        report.add(line, "facts: expected a list of facts")
        return []
    facts, seen = [], {}
    for index, (item, item_line) in enumerate(zip(value, value.lines, strict=True)):
        fact = _fact(item, item_line, f"facts[{index}].", report)
        if fact is None:
            continue
        if fact.name in seen:
            report.add(item_line, f"facts[{index}].name: {shown(fact.name)} is used twice "
                       f"(first at line {seen[fact.name]})")
            continue
        seen[fact.name] = item_line
        facts.append(fact)
    return facts


def _fact(item: Any, line: int, where: str, report: ProblemReport) -> Fact | None:
    if not isinstance(item, YamlMap):
        report.add(line, f"{where[:-1]}: expected a mapping with {', '.join(REQUIRED)}")
        return None
    before = len(report.items)
    check_keys(item, FACT_KEYS, REQUIRED, where, report, item.line)

    def at(key: str) -> int:
        return item.lines.get(key, item.line)

    texts = {key: _text(item, key, where, at(key), report)
             for key in ("name", "fact", "unit", "population", "period", "note")}
    if texts["name"] and not NAME.fullmatch(texts["name"]):
        report.add(at("name"), f"{where}name: {shown(texts['name'])} is not an identifier: use "
                   "lower-case letters, digits and _ only")
    outcome = _outcome(item.get("outcome"), where, at("outcome"), report)
    band = _band(item.get("band"), where, at("band"), report)
    role = item.get("role")
    if "role" in item and role not in ROLES:
        report.add(at("role"), f"{where}role: {_short(role)} is not one of {', '.join(ROLES)}")
    source = _source(item.get("source"), where, at("source"), report)
    scenario = _scenario(item.get("scenario", BASELINE), where, at("scenario"), report)
    flag = item.get("input", False)
    if not isinstance(flag, bool):
        report.add(at("input"), f"{where}input: expected true or false, not {_short(flag)}")
    if len(report.items) > before or band is None:
        return None
    return Fact(texts["name"], texts["fact"], outcome, band[0], band[1], texts["unit"],
                texts["population"], texts["period"], role, source, scenario,
                texts["note"] or "", bool(flag), line)


def _text(item: YamlMap, key: str, where: str, line: int, report: ProblemReport) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        report.add(line, f"{where}{key}: expected text, not {describe_value(value)}")
        return None
    return value.strip()


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _outcome(value: Any, where: str, line: int, report: ProblemReport) -> str | None:
    if value is None:
        return None
    if value in OUTCOME_BY_NAME:
        return value
    close = difflib.get_close_matches(str(value), list(OUTCOME_BY_NAME), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    report.add(line, f"{where}outcome: {_short(value)} is not an outcome the model "
               f"produces{hint}")
    return None


def _band(value: Any, where: str, line: int, report: ProblemReport) -> tuple[float, float] | None:
    if value is None:
        return None
    numbers = (isinstance(value, list) and len(value) == 2
               and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value))
    if not numbers:
        report.add(line, f"{where}band: expected [low, high], two numbers, not {_short(value)}")
        return None
    low, high = float(value[0]), float(value[1])
    if not (low == low and high == high) or abs(low) == float("inf") or abs(high) == float("inf"):
        report.add(line, f"{where}band: {_short(value)} must be finite numbers")
        return None
    if low > high:
        report.add(line, f"{where}band: low {low:g} is above high {high:g}")
        return None
    return low, high


def _source(value: Any, where: str, line: int, report: ProblemReport) -> dict:
    if value is None:
        return {}
    if not isinstance(value, YamlMap):
        report.add(line, f"{where}source: expected a mapping with title, year and url")
        return {}
    check_keys(value, SOURCE_KEYS, SOURCE_KEYS, f"{where}source.", report, value.line)
    return {key: value.get(key) for key in SOURCE_KEYS}


def _scenario(value: Any, where: str, line: int, report: ProblemReport) -> str:
    if not isinstance(value, str) or not (REPO_ROOT / value).is_file():
        report.add(line, f"{where}scenario: no scenario file {_short(value)} (a path relative "
                   "to the repository root)")
        return BASELINE
    problem = _scenario_problem(str(REPO_ROOT / value))
    if problem:
        report.add(line, f"{where}scenario: {value} does not load: {problem}")
    return value


@functools.lru_cache(maxsize=32)
def _scenario_problem(path: str) -> str | None:
    """The first problem of a scenario file, or None (each file is read once)."""
    try:
        load_scenario(path)
    except ScenarioError as error:
        return error.problems[0]
    return None


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class RunSize:
    """How the model is run for the evidence: residents, seeds, years after the warm-up."""

    residents: int = 5000
    seeds: int = 10
    years: float = 5.0
    changes: tuple[tuple[str, Any], ...] = ()  # parameter changes (calibrated values)


def measure(targets: Targets, size: RunSize, workers: int = 1,
            progress=None) -> pd.DataFrame:
    """Run every scenario the facts need on seeds 1..K; one row per fact and seed.

    Columns: ``fact``, ``seed``, ``value``. Runs of one seed go to one worker, so its scenarios
    share the warm-up.
    """
    scenarios = targets.scenarios()
    tasks = [(seed, scenarios, size) for seed in range(1, size.seeds + 1)]
    summaries: list[pd.DataFrame] = []
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=worker_context()) as pool:
            for table in pool.map(_run_seed, tasks):
                summaries.append(table)
                if progress:
                    progress(len(summaries), len(tasks))
    else:
        for task in tasks:
            summaries.append(_run_seed(task))
            if progress:
                progress(len(summaries), len(tasks))
    summary = pd.concat(summaries, ignore_index=True)
    rows = []
    for fact in targets.facts:
        runs = summary[summary["scenario_path"] == fact.scenario]
        rows += [{"fact": fact.name, "seed": int(seed), "value": float(value)}
                 for seed, value in zip(runs["seed"], runs[fact.outcome], strict=True)]
    return pd.DataFrame(rows)


def _run_seed(task: tuple) -> pd.DataFrame:
    """Every scenario on one seed (in a worker); their summaries with the scenario path."""
    from wijksim.analysis.summary import summarise_run

    seed, scenarios, size = task
    overrides = {"population.n_residents": size.residents, **dict(size.changes)}
    rows = []
    for path in scenarios:
        scenario = load_scenario(REPO_ROOT / path)
        spec = RunSpec.make(scenario, seed=seed, years=size.years, overrides=overrides)
        rows.append({**summarise_run(run_one(spec)).to_dict(), "scenario_path": path,
                     "seed": seed})
    return pd.DataFrame(rows)
