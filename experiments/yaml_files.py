"""Reading the project's YAML files: one loader, one problem record, shared by every reader.

Scenarios, experiments, exercises, teaching texts, evidence targets and calibration files are
all read here: YAML 1.2 core-schema plain values (``020`` is 20, ``on`` is text), nothing ever
executed, tags, anchors and aliases refused, at most ``MAX_YAML_BYTES`` and ``MAX_YAML_DEPTH``.
Mappings and lists remember the line of every key and item (:class:`YamlMap`,
:class:`YamlSeq`).

Problems are records, not strings: a :class:`Problem` has the source (a file path or
``<text>``), the 1-based line if known, the path it is about (a parameter or key) and the
message; ``str(problem)`` is the ``file:line: path: message`` line users see. A reader collects
them in a :class:`ProblemReport` and raises :class:`YamlProblems` with all of them at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wijksim.sim.params import shown


@dataclass(frozen=True)
class Problem:
    """One problem in one input: where (source, line, path) and what (message)."""

    source: str
    line: int | None
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.what}" if where else self.what

    @property
    def what(self) -> str:
        """The problem without where it is: ``path: message`` (or the message alone)."""
        return f"{self.path}: {self.message}" if self.path else self.message


class YamlProblems(Exception):
    """Every problem found in one input; ``items`` as records, ``problems`` as lines.

    Takes :class:`Problem` records or ready-made lines (kept as records with only a message).
    """

    def __init__(self, problems: Iterable[Problem | str]):
        items = [p if isinstance(p, Problem) else Problem("", None, str(p)) for p in problems]
        self.items: list[Problem] = list(dict.fromkeys(items))
        self.problems: list[str] = list(dict.fromkeys(str(p) for p in self.items))
        super().__init__("\n".join(self.problems))


class YamlMap(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}


class YamlSeq(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    def __init__(self, line: int, lines: list[int]):
        super().__init__()
        self.line = line
        self.lines = lines


MAX_YAML_BYTES = 1_000_000  # the largest file (or pasted text) the project reads
MAX_YAML_DEPTH = 40         # the deepest nesting of lists and mappings


class _Loader(yaml.SafeLoader):
    """Safe YAML loader recording key lines and duplicate keys; executes nothing.

    Anchors and aliases (``&name``, ``*name``) are refused when the file is composed, before
    anything is built: no project file needs them, and a few hundred bytes of nested aliases
    (a "billion laughs") would otherwise expand into gigabytes wherever the value is used.
    Nesting deeper than ``MAX_YAML_DEPTH`` is refused at the line where it happens.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self.duplicates: list[tuple[int, str]] = []
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed: write each "
                "value out in full", event.start_mark)
        self.depth += 1
        if self.depth > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = YamlMap(node.start_mark.line + 1)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", key_node.start_mark)
        if key in data:
            loader.duplicates.append(
                (line, f"{key}: duplicate key, first given at line {data.lines[key]}, "
                       f"again at line {line}"))
        else:
            data.lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_seq(loader: _Loader, node: yaml.SequenceNode):
    data = YamlSeq(node.start_mark.line + 1, [item.start_mark.line + 1 for item in node.value])
    yield data
    data.extend(loader.construct_object(item, deep=True) for item in node.value)


def _construct_decimal(loader: _Loader, node: yaml.ScalarNode) -> int:
    """A YAML 1.2 integer: always decimal (``020`` is 20, never octal 16)."""
    return int(loader.construct_scalar(node), 10)


# YAML 1.2 core-schema resolution of plain scalars, replacing PyYAML's YAML 1.1 rules, which
# silently read 020 as 16 (octal), 1:20 as 80 (base 60), 1_000 as 1000 and yes/no/on/off as
# booleans. Stricter than the core schema in one point: integers are decimal only, so 0x10 and
# 0o20 stay text and a parameter check says they are not numbers. Dates stay text.
CORE_RESOLVERS = (
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
     list("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), list("-+.0123456789")))
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in CORE_RESOLVERS:
    _Loader.add_implicit_resolver(_tag, _pattern, _first)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_decimal)


def read_text_file(path: str | Path) -> str:
    """A text file's content, reading at most one byte past ``MAX_YAML_BYTES``.

    So ``/dev/zero`` or a huge file costs a megabyte, not the file; :func:`read_yaml` then
    refuses it by size. Raises OSError or UnicodeDecodeError as ``Path.read_text`` does.
    """
    with Path(path).open("rb") as handle:
        return handle.read(MAX_YAML_BYTES + 1).decode("utf-8")


def read_yaml(text: str, source: str) -> tuple[Any, list[tuple[int, str]]]:
    """Parse YAML text into YamlMap/YamlSeq/scalars plus duplicate-key problems.

    Refuses, as ``source:line`` problems and before any work: text over ``MAX_YAML_BYTES``,
    characters YAML does not allow (NUL and other control characters), anchors and aliases,
    and nesting deeper than ``MAX_YAML_DEPTH``.
    """
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_YAML_BYTES:
        raise YamlProblems([Problem(source, 1, f"the file is {size:,} bytes; files of at most "
                                    f"{MAX_YAML_BYTES:,} bytes are read")])
    loader = None
    try:
        loader = _Loader(text)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        problems = [*(loader.duplicates if loader else []), _yaml_problem(exc)]
        raise YamlProblems(format_problems(source, problems)) from None
    except yaml.YAMLError as exc:  # reader errors: bad characters, no marks
        line = text[: getattr(exc, "position", 0)].count("\n") + 1
        raise YamlProblems(format_problems(source, [(line, f"invalid YAML: {exc}")])) from None
    except RecursionError:
        raise YamlProblems([Problem(source, 1, "invalid YAML: nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, loader.duplicates


def _yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "could not be read"
    tag = re.search(r"constructor for the tag '([^']*)'", problem)
    if isinstance(exc, yaml.constructor.ConstructorError) and tag:
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return line, (f"tag {name} is not allowed: scenario files hold only plain values "
                      "(numbers, true/false, text), lists and mappings")
    context = ""
    if exc.context:
        where = f" at line {exc.context_mark.line + 1}" if exc.context_mark else ""
        context = f" ({exc.context}{where})"
    return line, f"invalid YAML: {problem}{context}"


def format_problems(source: str, problems: Iterable[tuple[int, str]]) -> list[Problem]:
    """(line, message) pairs of one source as problem records, in line order."""
    return [Problem(source, line, msg) for line, msg in sorted(problems, key=lambda p: p[0])]


class ProblemReport:
    """Collects (line, message) problems for one file."""

    def __init__(self, source: str, problems: Iterable[tuple[int, str]] = ()):
        self.source = source
        self.items: list[tuple[int, str]] = list(problems)

    def add(self, line: int, message: str) -> None:
        """Record one problem at a 1-based line."""
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        """Raise :class:`YamlProblems` with all problems, sorted by line, if there are any."""
        if self.items:
            raise YamlProblems(format_problems(self.source, self.items))


def describe_kind(value: Any) -> str:
    """What a value is (a list, text, a number ...), without showing it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single text value"
    return f"a single {type(value).__name__} value"


def describe_value(value: Any) -> str:
    """A value for a message: "a mapping", "a list" or the value itself, shortened."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the value {shown(value)}"


def check_keys(mapping: YamlMap, allowed: tuple[str, ...], required: tuple[str, ...], where: str,
               report: ProblemReport, missing_line: int, what: str = "key") -> None:
    """Report unknown keys (with the closest allowed one) and missing required keys."""
    for key in mapping:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"; did you mean {where}{close[0]}?" if close else ""
        report.add(mapping.lines[key], f"{where}{key}: unknown {what}; allowed keys: "
                   f"{', '.join(allowed)}{hint}")
    for key in required:
        if key not in mapping:
            report.add(missing_line, f"{where}{key}: required key is missing")
