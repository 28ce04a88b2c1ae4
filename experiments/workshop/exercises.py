"""Workshop exercises: a starting world, the levers teams may pull, a budget and a twist.

An exercise file (``docs/workshop/exercises/<name>.yaml``) is read with the scenario loader's
helpers (safe YAML, line numbers, duplicate keys are errors) and validated as strictly as a
scenario: every problem is reported as ``file:line: message``. Schema::

    name: multi_problem_family               # identifier: lower-case letters, digits and _
    title: {en: ..., nl: ...}                # both languages required
    description: {en: ..., nl: ...}          # optional
    scenario: scenarios/baseline.yaml        # the starting world (relative to this file or
                                             # to the repository root)
    years: 3                                 # run length (0.02-20 years)
    residents: 1500                          # population.n_residents of every run
    seeds: [11, 12, 13]                      # the room's common seeds (1-20 distinct integers)
    budget: 450                              # EUR per resident per year (public cost)
    outcomes: [wellbeing_p10]                # optional: extra outcomes shown in the gallery
    levers:                                  # parameter path -> allowed values
      generalists.enabled: [false, true]
      community_centre.mode: [municipal, self_managed]
      specialists.per_1000_residents: {low: 1.2, high: 3.6, step: 0.6}
    twist:                                   # optional; revealed by the facilitator
      from_year: 3                           # or from_week:
      set: {municipality.budget_cut: 0.25}
      text: {en: ..., nl: ...}

Every lever path must be a parameter (not ``population.n_residents``, which ``residents``
sets) and every allowed value must be valid on top of the starting world. A twist may not set
a lever's path: a team's choice is applied as an override for the whole run and would hide it.

A *package* is a team's choice: ``{lever path: one of its allowed values}``. Levers left out
keep their value in the starting world. :func:`run_package` runs a package on the exercise's
seeds (with the twist as a dated change once it is revealed) and returns one summary per seed
(:func:`analysis.summary.summarise_run`: flows per resident per year).

Lever costs: :func:`lever_costs` runs, for every lever value, the starting world with that one
change on every seed and reports the mean difference in public cost per resident per year. The
result is cached under ``<results_dir>/workshop_cache/`` in a file keyed by a hash of everything
that affects the runs (the exercise's levers, seeds, years, residents and twist, the full
parameters of the starting world and the code version), so it is computed once per exercise.
The *estimated* cost of a package (the live hint) is the starting world's cost plus the sum of
its lever costs; the *real* cost is that of the package's own runs, which includes the levers'
interactions. Only the real cost decides whether a submission is within budget.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wijksim import api
from wijksim.experiments.provenance import code_version, timeline_hash
from wijksim.experiments.runner import write_atomically
from wijksim.experiments.scenarios import (
    NAME_PATTERN,
    WEEKS_PER_YEAR,
    DatedChange,
    Scenario,
    ScenarioError,
    load_scenario,
    param_block,
)
from wijksim.experiments.yaml_files import (
    ProblemReport,
    YamlMap,
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
    parameter_table,
    shown,
    with_changes,
)

LANGUAGES = ("en", "nl")
EXERCISE_KEYS = ("name", "title", "description", "scenario", "years", "residents", "seeds",
                 "budget", "outcomes", "levers", "twist")
REQUIRED_KEYS = ("name", "title", "scenario", "years", "residents", "seeds", "budget", "levers")
TWIST_KEYS = ("from_year", "from_week", "set", "text")
RANGE_KEYS = ("low", "high", "step")
RESIDENTS_PATH = "population.n_residents"
COST = "cost_total"
WELLBEING = "wellbeing_mean"
MAX_YEARS = 20.0
MAX_RESIDENTS = 20_000
MAX_SEEDS = 20
MAX_LEVERS = 12
MAX_VALUES_PER_LEVER = 25
REPO_ROOT = Path(__file__).resolve().parents[2]
EXERCISE_DIR = REPO_ROOT / "docs" / "workshop" / "exercises"
CACHE_FOLDER = "workshop_cache"


class ExerciseError(ScenarioError):
    """Every problem found in one exercise file, one ``file:line: message`` string each."""


class PackageError(ValueError):
    """A team's package that the exercise does not allow; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Lever:
    """One parameter a team may change, with its allowed values and its starting value."""

    path: str
    label: str
    unit: str
    kind: str  # "bool", "int", "float" or "choice"
    values: tuple[Any, ...]
    start: Any
    requires: str | None = None

    def match(self, value: Any) -> Any:
        """The allowed value equal to ``value`` (text from a form is accepted), else raise.

        Raises:
            PackageError: If ``value`` is not one of the allowed values.
        """
        for allowed in self.values:
            if _same(allowed, value) or _same(allowed, _from_text(value, self.kind)):
                return allowed
        allowed = ", ".join(_show(v) for v in self.values)
        raise PackageError([f"{self.path}: {shown(value)} is not allowed in this exercise; "
                            f"choose one of {allowed}"])

    def is_start(self, value: Any) -> bool:
        """Whether ``value`` is the lever's value in the starting world (no change)."""
        return _same(self.start, value)


@dataclass(frozen=True)
class Twist:
    """A dated change the facilitator reveals during the workshop."""

    week: int
    set: dict[str, Any] = field(hash=False)
    text: dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class Exercise:
    """A validated exercise; see the module docstring for the file format."""

    name: str
    title: dict[str, str] = field(hash=False)
    description: dict[str, str] = field(hash=False)
    scenario: Scenario = field(hash=False)
    scenario_file: str = ""
    years: float = 1.0
    residents: int = 1000
    seeds: tuple[int, ...] = ()
    budget: float = 0.0
    levers: tuple[Lever, ...] = ()
    twist: Twist | None = None
    outcomes: tuple[str, ...] = ()
    source: str = "<text>"
    file_hash: str = ""
    run_digest: str = ""

    def lever(self, path: str) -> Lever:
        """The lever at ``path``.

        Raises:
            PackageError: If the exercise has no such lever.
        """
        for lever in self.levers:
            if lever.path == path:
                return lever
        raise PackageError([f"{shown(path)} is not a lever in this exercise; levers: "
                            f"{', '.join(lever.path for lever in self.levers)}"])

    def validate_package(self, package: Mapping[str, Any]) -> dict[str, Any]:
        """Check a team's choices and return them with each value as the allowed value.

        Raises:
            PackageError: Listing every unknown lever and every value that is not allowed.
        """
        if not isinstance(package, Mapping):
            raise PackageError([f"a package is a mapping of lever to value, not "
                                f"{type(package).__name__}"])
        clean, problems = {}, []
        for path, value in package.items():
            try:
                clean[path] = self.lever(str(path)).match(value)
            except PackageError as error:
                problems += error.problems
        if problems:
            raise PackageError(problems)
        return {lever.path: clean[lever.path] for lever in self.levers if lever.path in clean}

    def scenario_for(self, twist: bool) -> Scenario:
        """The starting world, with the twist as a dated change when ``twist`` is true."""
        if not twist or self.twist is None:
            return self.scenario
        dated = DatedChange(self.twist.week, dict(self.twist.set))
        timeline = sorted((*self.scenario.timeline, dated), key=lambda d: d.week)
        return replace(self.scenario, timeline=tuple(timeline))

    def overrides(self, package: Mapping[str, Any]) -> dict[str, Any]:
        """Run overrides for a (validated) package: the residents plus the team's choices."""
        return {RESIDENTS_PATH: self.residents, **package}

    def within_budget(self, cost: float) -> bool:
        """Whether a public cost per resident per year is within the budget (to the cent)."""
        return bool(round(cost, 2) <= self.budget)

    def weeks(self) -> int:
        """The run length in weeks."""
        return round(self.years * WEEKS_PER_YEAR)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def _from_text(value: Any, kind: str) -> Any:
    """A form's text as the lever's type (``"true"``, ``"0.6"``), or the value unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if kind == "bool":
        return {"true": True, "false": False}.get(text, value)
    if kind in ("int", "float"):
        try:
            number = float(text)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value.strip()


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def value_key(value: Any) -> str:
    """A stable text key for a lever value (``true``, ``0.6``, ``"municipal"``)."""
    return json.dumps(value)


# --------------------------------------------------------------------------- loading


def load_exercise(path: str | Path) -> Exercise:
    """Read and validate an exercise file.

    Raises:
        ExerciseError: With every problem in the file, each as ``file:line: message``.
    """
    path = Path(path)
    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseError([f"{path}:1: cannot read the file: {exc}"]) from None
    return parse_exercise(text, source=str(path), base_dir=path.resolve().parent)


def shipped_exercises(directory: str | Path = EXERCISE_DIR) -> list[Path]:
    """The exercise files in ``directory`` (``docs/workshop/exercises``), by name."""
    directory = Path(directory)
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")], key=lambda p: p.name)


def parse_exercise(text: str, source: str = "<text>", base_dir: Path | None = None) -> Exercise:
    """Validate exercise YAML text and return the exercise.

    Args:
        text: The YAML text.
        source: Name used in error messages, usually the file path.
        base_dir: Folder that a relative ``scenario:`` path is looked up in first (then the
            repository root).

    Raises:
        ExerciseError: With every problem found, each as ``source:line: message``.
    """
    try:
        data, duplicates = read_yaml(text, source)
    except ScenarioError as error:
        raise ExerciseError(error.problems) from None
    report = ProblemReport(source, duplicates)
    if not isinstance(data, YamlMap):
        what = "the file is empty" if data is None else f"the top level is {describe_value(data)}"
        report.add(getattr(data, "line", 1), f"{what}; an exercise needs "
                   f"{', '.join(REQUIRED_KEYS)}")
        _raise(report)
    exercise = _Parser(data, report, base_dir or Path.cwd()).exercise(text)
    _raise(report)
    return exercise


def _raise(report: ProblemReport) -> None:
    try:
        report.raise_if_any()
    except ScenarioError as error:
        raise ExerciseError(error.problems) from None


class _Parser:
    """Reads one exercise document, reporting problems at their lines."""

    def __init__(self, data: YamlMap, report: ProblemReport, base_dir: Path):
        self.data, self.report, self.base_dir = data, report, base_dir

    def line(self, key: str) -> int:
        """The line of a top-level key, or 1."""
        return self.data.lines.get(key, 1)

    def exercise(self, text: str) -> Exercise | None:
        """The whole exercise, or None when something is wrong (problems are reported)."""
        check_keys(self.data, EXERCISE_KEYS, REQUIRED_KEYS, "", self.report, 1, "top-level key")
        name = self.name()
        title = self.bilingual(self.data, "title", "title", required=True)
        description = self.bilingual(self.data, "description", "description", required=False)
        scenario, start = self.scenario()
        years = self.number("years", 1 / WEEKS_PER_YEAR, MAX_YEARS)
        residents = self.residents()
        seeds = self.seeds()
        budget = self.number("budget", 0.0, 1e6)
        outcomes = self.outcomes()
        self.scenario_timeline = scenario.timeline if scenario is not None else ()
        levers = self.levers(start) if start is not None else ()
        twist = self.twist(scenario, years, levers, residents)
        if self.report.items:
            return None
        digest = run_digest(scenario, years, residents, seeds, levers, twist)
        return Exercise(
            name=name, title=title, description=description or {}, scenario=scenario,
            scenario_file=scenario.source, years=float(years), residents=residents,
            seeds=seeds, budget=float(budget), levers=levers, twist=twist, outcomes=outcomes,
            source=self.report.source, file_hash=hashlib.sha256(text.encode()).hexdigest(),
            run_digest=digest)

    # ----------------------------------------------------------------- simple values

    def name(self) -> str | None:
        value = self.data.get("name")
        if "name" in self.data and (not isinstance(value, str)
                                    or not NAME_PATTERN.fullmatch(value)):
            self.report.add(self.line("name"), f"name: {shown(value)} is not an identifier: use "
                            "lower-case letters, digits and _ only")
            return None
        return value

    def bilingual(self, block: YamlMap, key: str, where: str,
                  required: bool) -> dict[str, str] | None:
        """A ``{en: ..., nl: ...}`` mapping of non-empty texts."""
        if key not in block:
            return None
        value, line = block[key], block.lines[key]
        if not isinstance(value, YamlMap):
            self.report.add(line, f"{where}: expected a mapping with a text per language "
                            f"({', '.join(LANGUAGES)}), not {describe_value(value)}")
            return None
        check_keys(value, LANGUAGES, LANGUAGES, f"{where}.", self.report, line, "language")
        texts = {}
        for lang in LANGUAGES:
            text = value.get(lang)
            if lang in value and (not isinstance(text, str) or not text.strip()):
                self.report.add(value.lines[lang], f"{where}.{lang}: expected text, not "
                                f"{describe_value(text)}")
            elif isinstance(text, str):
                texts[lang] = " ".join(text.split())
        return texts

    def number(self, key: str, low: float, high: float) -> float | None:
        """A number within [low, high] (true/false are not numbers)."""
        value = self.data.get(key)
        if key not in self.data:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                low <= value <= high):
            self.report.add(self.line(key), f"{key}: bad value {shown(value)}: expected a number "
                            f"from {low:g} to {high:g}")
            return None
        return float(value)

    def residents(self) -> int | None:
        value = self.data.get("residents")
        if "residents" not in self.data:
            return None
        low = parameter_table()[RESIDENTS_PATH].lo
        if isinstance(value, bool) or not isinstance(value, int) or not (
                low <= value <= MAX_RESIDENTS):
            self.report.add(self.line("residents"), f"residents: bad value {shown(value)}: "
                            f"expected a whole number from {low:g} to {MAX_RESIDENTS} (a "
                            "workshop needs short runs)")
            return None
        return value

    def seeds(self) -> tuple[int, ...]:
        value = self.data.get("seeds")
        if "seeds" not in self.data:
            return ()
        if not isinstance(value, YamlSeq) or not 1 <= len(value) <= MAX_SEEDS:
            self.report.add(self.line("seeds"), f"seeds: expected a list of 1 to {MAX_SEEDS} "
                            "whole numbers, like [11, 12, 13]")
            return ()
        seeds = []
        for item, line in zip(value, value.lines, strict=True):
            if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                self.report.add(line, f"seeds: bad seed {shown(item)}: expected a whole number "
                                      ">= 0")
            elif item in seeds:
                self.report.add(line, f"seeds: seed {item} is given twice")
            else:
                seeds.append(item)
        return tuple(seeds)

    def outcomes(self) -> tuple[str, ...]:
        value = self.data.get("outcomes")
        if value is None:
            return ()
        if not isinstance(value, YamlSeq):
            self.report.add(self.line("outcomes"), "outcomes: expected a list of outcome names")
            return ()
        names = []
        for item, line in zip(value, value.lines, strict=True):
            if item in OUTCOME_BY_NAME:
                names.append(item)
            else:
                self.report.add(line, f"outcomes: {shown(item)} is not an outcome; see "
                                "sim/outcomes.py (e.g. wellbeing_p10, share_unmet_need)")
        return tuple(names)

    # ----------------------------------------------------------------- the world

    def scenario(self) -> tuple[Scenario | None, Params | None]:
        """The starting world and its week-0 parameters (with the exercise's residents)."""
        value = self.data.get("scenario")
        if value is None:
            return None, None
        line = self.line("scenario")
        if not isinstance(value, str) or not value.strip().endswith((".yaml", ".yml")):
            self.report.add(line, f"scenario: expected the path of a scenario file "
                            f"(.yaml), not {describe_value(value)}")
            return None, None
        path = self.resolve(value.strip())
        if path is None:
            self.report.add(line, f"scenario: {value} not found (looked next to the exercise "
                            "file and in the repository root)")
            return None, None
        try:
            scenario = load_scenario(path)
            residents = self.data.get("residents")
            overrides = {RESIDENTS_PATH: residents} if isinstance(residents, int) else {}
            start = scenario.build(overrides).start
        except ScenarioError as error:
            for problem in error.problems:
                self.report.add(line, f"scenario: {value} does not load: {problem}")
            return None, None
        return scenario, start

    def resolve(self, text: str) -> Path | None:
        """The scenario file, relative to the exercise file or the repository root."""
        path = Path(text)
        candidates = [path] if path.is_absolute() else [self.base_dir / path, REPO_ROOT / path]
        return next((p for p in candidates if p.is_file()), None)

    # ----------------------------------------------------------------- levers

    def levers(self, start: Params) -> tuple[Lever, ...]:
        value = self.data.get("levers")
        line = self.line("levers")
        if not isinstance(value, YamlMap) or not 1 <= len(value) <= MAX_LEVERS:
            self.report.add(line, f"levers: expected a mapping of 1 to {MAX_LEVERS} parameter "
                            "paths to allowed values, like generalists.enabled: [false, true]")
            return ()
        levers = []
        for path, spec in value.items():
            lever = self.lever(str(path), spec, value.lines[path], start)
            if lever is not None:
                levers.append(lever)
        return tuple(_with_requirements(levers))

    def lever(self, path: str, spec: Any, line: int, start: Params) -> Lever | None:
        table = parameter_table()
        where = f"levers.{path}"
        if path not in table:
            with_changes_problems = _check_value(start, path, None)
            self.report.add(line, f"{where}: {with_changes_problems[0]}")
            return None
        if path == RESIDENTS_PATH:
            self.report.add(line, f"{where}: the number of residents is set by residents:, "
                            "it cannot be a lever")
            return None
        dated = [d.week for d in self.scenario_timeline if path in d.set]
        if dated:
            self.report.add(line, f"{where}: the scenario changes it at week {dated[0]}; a "
                            "team's choice holds for the whole run and would hide that change")
            return None
        info = table[path]
        values = self.lever_values(info, spec, line, where)
        if not values:
            return None
        for value, value_line in values:
            for problem in _check_value(start, path, value):
                self.report.add(value_line, f"{where}: {problem}")
        section, name = path.split(".")
        return Lever(path, info.label, info.unit, info.kind, tuple(v for v, _ in values),
                     getattr(getattr(start, section), name))

    def lever_values(self, info: ParamInfo, spec: Any, line: int,
                     where: str) -> list[tuple[Any, int]]:
        """Allowed values with their lines: a list, or ``{low, high, step}`` for numbers."""
        if isinstance(spec, YamlSeq):
            values = list(zip(spec, spec.lines, strict=True))
        elif isinstance(spec, YamlMap):
            values = self.lever_range(info, spec, where)
        else:
            self.report.add(line, f"{where}: expected a list of allowed values, or "
                            "{low: ..., high: ..., step: ...} for a number")
            return []
        if not values and isinstance(spec, YamlSeq):
            self.report.add(line, f"{where}: no values given")
        if len(values) > MAX_VALUES_PER_LEVER:
            self.report.add(line, f"{where}: {len(values)} values; at most "
                            f"{MAX_VALUES_PER_LEVER} (each costs runs to price)")
            return []
        return self.without_repeats(values, where)

    def without_repeats(self, values: list[tuple[Any, int]], where: str) -> list[tuple[Any, int]]:
        kept: list[tuple[Any, int]] = []
        for value, line in values:
            if any(_same(value, other) for other, _ in kept):
                self.report.add(line, f"{where}: value {shown(value)} is given twice")
            else:
                kept.append((value, line))
        return kept

    def lever_range(self, info: ParamInfo, spec: YamlMap, where: str) -> list[tuple[Any, int]]:
        check_keys(spec, RANGE_KEYS, RANGE_KEYS, f"{where}.", self.report, spec.line)
        if info.kind not in ("int", "float"):
            self.report.add(spec.line, f"{where}: a range needs a number parameter; list the "
                            f"allowed values instead ({info.kind})")
            return []
        numbers = {key: spec.get(key) for key in RANGE_KEYS}
        if any(isinstance(v, bool) or not isinstance(v, int | float) for v in numbers.values()):
            if all(key in spec for key in RANGE_KEYS):
                self.report.add(spec.line, f"{where}: low, high and step must be numbers")
            return []
        low, high, step = numbers["low"], numbers["high"], numbers["step"]
        if step <= 0 or high < low:
            self.report.add(spec.line, f"{where}: expected low <= high and step > 0")
            return []
        count = math.floor((high - low) / step + 1e-9) + 1
        if count > MAX_VALUES_PER_LEVER:
            self.report.add(spec.line, f"{where}: the range gives {count} values; at most "
                            f"{MAX_VALUES_PER_LEVER}")
            return []
        values = [round(low + i * step, 10) for i in range(count)]
        if info.kind == "int":
            values = [int(v) if float(v).is_integer() else v for v in values]
        return [(v, spec.line) for v in values]

    # ----------------------------------------------------------------- twist

    def twist(self, scenario: Scenario | None, years: float | None, levers: tuple[Lever, ...],
              residents: int | None) -> Twist | None:
        value = self.data.get("twist")
        if value is None:
            return None
        line = self.line("twist")
        if not isinstance(value, YamlMap):
            self.report.add(line, "twist: expected from_year: (or from_week:), set: and text:")
            return None
        check_keys(value, TWIST_KEYS, ("set", "text"), "twist.", self.report, line)
        week = self.twist_week(value, line, years)
        block = param_block(value.get("set"), value.lines.get("set", line), "twist.set",
                            self.report)
        text = self.bilingual(value, "text", "twist.text", required=True)
        if week is None or not block or text is None or scenario is None:
            if block is not None and not block and "set" in value:
                self.report.add(value.lines["set"], "twist.set: no changes given")
            return None
        for path in block:
            if any(lever.path == path for lever in levers):
                self.report.add(block.lines[path], f"twist.set: {path} is also a lever; a "
                                "team's choice holds for the whole run and would hide the twist")
        twist = Twist(week, dict(block), text)
        self.check_twist(scenario, twist, residents, block)
        return twist

    def twist_week(self, value: YamlMap, line: int, years: float | None) -> int | None:
        given = [key for key in ("from_year", "from_week") if key in value]
        if len(given) != 1:
            self.report.add(line, "twist: give exactly one of from_year or from_week")
            return None
        key = given[0]
        number = value[key]
        if isinstance(number, bool) or not isinstance(number, int):
            self.report.add(value.lines[key], f"twist.{key}: expected a whole number")
            return None
        week = (number - 1) * WEEKS_PER_YEAR if key == "from_year" else number
        weeks = round((years or MAX_YEARS) * WEEKS_PER_YEAR)
        if not 1 <= week < weeks:
            self.report.add(value.lines[key], f"twist.{key}: {number} is outside the run; the "
                            f"twist must start after week 0 and before week {weeks}")
            return None
        return week

    def check_twist(self, scenario: Scenario, twist: Twist, residents: int | None,
                    block: YamlMap) -> None:
        exercise = Exercise(name="check", title={}, description={}, scenario=scenario,
                            twist=twist)
        overrides = {RESIDENTS_PATH: residents} if residents else {}
        try:
            exercise.scenario_for(True).build(overrides)
        except ScenarioError as error:
            for problem in error.items:
                self.report.add(block.line, f"twist.set: {problem.what}")


def _with_requirements(levers: list[Lever]) -> list[Lever]:
    """Mark levers whose section has an on/off ``enabled`` lever that starts off."""
    switches = {lv.path.split(".")[0]: lv.path for lv in levers
                if lv.path.endswith(".enabled") and lv.kind == "bool" and lv.start is False
                and True in lv.values}
    return [replace(lv, requires=switches.get(lv.path.split(".")[0]))
            if switches.get(lv.path.split(".")[0]) not in (None, lv.path) else lv
            for lv in levers]


def _check_value(start: Params, path: str, value: Any) -> list[str]:
    """Problems with setting ``path`` to ``value`` on top of ``start`` (none if it is fine)."""
    try:
        with_changes(start, {path: value})
    except ParameterError as error:
        return [message if where == path else f"{where}: {message}"
                for where, message in error.problems]
    return []


# --------------------------------------------------------------------------- runs


def run_digest(scenario: Scenario, years: float, residents: int, seeds: Iterable[int],
               levers: Iterable[Lever], twist: Twist | None) -> str:
    """SHA-256 of everything that decides an exercise's runs (not its texts or budget)."""
    start = scenario.build({RESIDENTS_PATH: residents})
    inputs = {
        "world": timeline_hash(start), "years": years, "residents": residents,
        "seeds": list(seeds), "levers": [[lv.path, list(lv.values)] for lv in levers],
        "twist": None if twist is None else [twist.week, twist.set],
        "code": code_version(),
    }
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_package(exercise: Exercise, package: Mapping[str, Any], *,
                twist: bool = False) -> list[dict[str, float]]:
    """Run a package on every seed of the exercise; one outcome summary per seed.

    Args:
        exercise: The exercise.
        package: Lever path -> allowed value (validated here).
        twist: Whether the twist (if any) applies, as a dated change.

    Raises:
        PackageError: If the package is not allowed or its combination of values is invalid.
    """
    clean = exercise.validate_package(package)
    scenario = exercise.scenario_for(twist)
    try:  # every seed's parameters are checked before any run starts
        table = api.run(scenario, seeds=list(exercise.seeds), years=exercise.years,
                        changes=exercise.overrides(clean))
    except ScenarioError as error:
        raise PackageError(problem.what for problem in error.items) from None
    outcomes = table.drop(columns=["scenario", "seed"])
    return [{name: float(value) for name, value in row.items()}
            for row in outcomes.to_dict("records")]


@dataclass(frozen=True)
class LeverCosts:
    """Estimated cost of each lever value: mean change in public cost vs the starting world.

    ``start_cost`` is the starting world's mean public cost per resident per year over the
    seeds; ``deltas[path][value_key(value)]`` is the mean change with that one lever value.
    """

    start_cost: float
    deltas: dict[str, dict[str, float]] = field(hash=False)

    def delta(self, path: str, value: Any) -> float:
        """The estimated cost of one lever value (EUR per resident per year, +/-)."""
        return self.deltas[path][value_key(value)]

    def estimate(self, exercise: Exercise, package: Mapping[str, Any]) -> float:
        """Estimated public cost of a (validated) package: start + the sum of lever costs.

        A lever whose required switch is off in the package adds nothing.
        """
        total = self.start_cost
        for path, value in package.items():
            requires = exercise.lever(path).requires
            if requires is None or package.get(requires) is True:
                total += self.delta(path, value)
        return total


_CACHE_LOCKS: dict[Path, threading.Lock] = {}
_CACHE_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    with _CACHE_LOCKS_GUARD:
        return _CACHE_LOCKS.setdefault(path, threading.Lock())


def cache_path(exercise: Exercise, results_dir: str | Path, twist: bool) -> Path:
    """The cache file of an exercise's start runs and lever costs (with or without twist)."""
    suffix = "-twist" if twist and exercise.twist is not None else ""
    name = f"{exercise.name}-{exercise.run_digest[:16]}{suffix}.json"
    return Path(results_dir) / CACHE_FOLDER / name


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_cache(path: Path, data: dict[str, Any]) -> None:
    write_atomically(path, lambda p: p.write_text(json.dumps(data, indent=1), encoding="utf-8"))


def start_summaries(exercise: Exercise, results_dir: str | Path, *,
                    twist: bool = False) -> list[dict[str, float]]:
    """The starting world's outcome summaries on every seed, cached on disk."""
    path = cache_path(exercise, results_dir, twist)
    with _lock_for(path):
        data = _read_cache(path)
        if "start" not in data:
            data = {"exercise": exercise.name, "digest": exercise.run_digest, "twist": twist,
                    "seeds": list(exercise.seeds),
                    "start": run_package(exercise, {}, twist=twist)}
            _write_cache(path, data)
        return data["start"]


def lever_costs(exercise: Exercise, results_dir: str | Path, *, twist: bool = False,
                workers: int = 1) -> LeverCosts:
    """Estimated cost of every lever value, computed once per exercise and cached on disk.

    Each lever value other than the starting value is run on every seed with that one change;
    its cost is the mean paired difference in public cost per resident per year. A lever that
    requires a switch (``generalists.outreach_share`` needs ``generalists.enabled``) is priced
    with that switch on.

    Args:
        exercise: The exercise.
        results_dir: Folder under which ``workshop_cache/`` is kept.
        twist: Price the levers in the world after the twist.
        workers: Processes to run in (1: in this thread).
    """
    start = start_summaries(exercise, results_dir, twist=twist)
    path = cache_path(exercise, results_dir, twist)
    with _lock_for(path):
        data = _read_cache(path)
        if "deltas" not in data:
            data["deltas"] = _compute_deltas(exercise, start, twist, workers)
            _write_cache(path, data)
    return LeverCosts(_mean(s[COST] for s in start), data["deltas"])


def prices_cached(exercise: Exercise, results_dir: str | Path, twist: bool = False) -> bool:
    """Whether the lever prices of ``exercise`` (before or after its twist) are in the cache."""
    return "deltas" in _read_cache(cache_path(exercise, results_dir, twist))


def _compute_deltas(exercise: Exercise, start: list[dict[str, float]], twist: bool,
                    workers: int) -> dict[str, dict[str, float]]:
    """Mean paired cost difference of every lever value against its reference runs.

    A lever that only acts when its section is switched on (see :attr:`Lever.requires`) is
    priced with the switch on, against the switch alone.
    """
    packages = [_priced_package(exercise, lever, value) for lever in exercise.levers
                for value in lever.values]
    wanted = {json.dumps(p, sort_keys=True): p for p in packages if p}
    costs = dict(zip(wanted, _run_costs(exercise, list(wanted.values()), twist, workers),
                     strict=True))
    costs["{}"] = [run[COST] for run in start]
    deltas: dict[str, dict[str, float]] = {}
    for lever in exercise.levers:
        reference = json.dumps(_priced_package(exercise, lever, lever.start), sort_keys=True)
        deltas[lever.path] = {}
        for value in lever.values:
            package = json.dumps(_priced_package(exercise, lever, value), sort_keys=True)
            deltas[lever.path][value_key(value)] = 0.0 if lever.is_start(value) else _mean(
                a - b for a, b in zip(costs[package], costs[reference], strict=True))
    return deltas


def _priced_package(exercise: Exercise, lever: Lever, value: Any) -> dict[str, Any]:
    """The one-change package that prices ``value`` (plus the switch it requires, if any)."""
    package = {lever.path: value} if not lever.is_start(value) else {}
    if lever.requires is not None:
        package[lever.requires] = True
    return package


def _run_costs(exercise: Exercise, packages: list[dict[str, Any]], twist: bool,
               workers: int) -> list[list[float]]:
    """Public cost per seed of each package, in a process pool when ``workers > 1``."""
    if workers <= 1 or len(packages) < 2:
        return [[run[COST] for run in run_package(exercise, p, twist=twist)] for p in packages]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_package, exercise, p, twist=twist) for p in packages]
        return [[run[COST] for run in future.result()] for future in futures]


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return float(sum(values) / len(values)) if values else float("nan")
