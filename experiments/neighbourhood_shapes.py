"""Neighbourhood shapes from GeoJSON, for drawing a municipality's map (issue 10).

A GeoJSON ``FeatureCollection`` of ``Polygon`` or ``MultiPolygon`` features, one per
neighbourhood, such as CBS/PDOK's "wijken" geometries exported as GeoJSON. Features are matched
to a neighbourhood table by the property whose values are the table's codes (CBS calls it
``statcode`` or ``wijkcode``; any name works: the property that matches most codes is used).
Coordinates are drawn as given (RD New metres or longitude/latitude alike); only their shape
matters for a map.

Problems are ``file:line`` errors (:class:`~wijksim.experiments.yaml_files.YamlProblems`): text
that is not JSON (the line of the syntax error), no features, a feature of another geometry
type (the line where that feature starts), or no feature carrying a code of the table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wijksim.experiments.yaml_files import Problem, YamlProblems

FEATURE_START = re.compile(r'"type"\s*:\s*"Feature"')


@dataclass(frozen=True)
class Shapes:
    """The rings of each neighbourhood's outline, by code, and the codes without a shape."""

    rings: dict[str, list[np.ndarray]]  # code -> outer rings, each (points, 2)
    missing: tuple[str, ...]
    code_property: str


def read_shapes(path: Path | str, codes: list[str]) -> Shapes:
    """The shapes of the neighbourhoods ``codes`` from a GeoJSON file.

    Raises:
        YamlProblems: for a file that is not usable, at its line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise YamlProblems([Problem(str(path), 1, f"not UTF-8 text (byte {error.start})")]) \
            from None
    return parse_shapes(text, str(path), codes)


def parse_shapes(text: str, source: str, codes: list[str]) -> Shapes:
    """The shapes of ``codes`` from GeoJSON text; ``source`` names it in messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _refuse(source, error.lineno, f"not JSON: {error.msg} (column {error.colno})")
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        _refuse(source, 1, "expected a GeoJSON FeatureCollection with a 'features' list of "
                "neighbourhood shapes")
    lines = _feature_lines(text, len(features))
    for place, feature in enumerate(features):
        if not (isinstance(feature, dict) and isinstance(feature.get("properties") or {}, dict)):
            _refuse(source, lines[place], f"feature {place + 1}: expected an object with "
                    f"'properties' and 'geometry', not {json.dumps(feature)[:60]}")
    prop = _code_property(features, codes, source)
    rings: dict[str, list[np.ndarray]] = {}
    for place, feature in enumerate(features):
        code = str((feature.get("properties") or {}).get(prop, ""))
        if code not in codes:
            continue
        rings[code] = _outer_rings(feature.get("geometry"), source, lines[place], code)
    missing = tuple(code for code in codes if code not in rings)
    return Shapes(rings, missing, prop)


def _code_property(features: list, codes: list[str], source: str) -> str:
    """The property whose values match most of the table's codes."""
    wanted = set(codes)
    counts: dict[str, int] = {}
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        for key, value in (properties or {}).items():
            if str(value) in wanted:
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        first = (features[0].get("properties") or {}) if isinstance(features[0], dict) else {}
        _refuse(source, 1, "no feature has a property holding a code of the neighbourhood "
                f"table (its codes: {', '.join(codes[:4])}{', ...' if len(codes) > 4 else ''}; "
                f"the first feature's properties: {', '.join(map(str, first)) or 'none'})")
    return max(counts, key=counts.get)


def _outer_rings(geometry, source: str, line: int, code: str) -> list[np.ndarray]:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    try:
        if kind == "Polygon":
            return [np.asarray(geometry["coordinates"][0], float)[:, :2]]
        if kind == "MultiPolygon":
            return [np.asarray(polygon[0], float)[:, :2]
                    for polygon in geometry["coordinates"]]
    except (KeyError, IndexError, TypeError, ValueError):
        _refuse(source, line, f"{code}: the {kind}'s coordinates are not a list of rings of "
                "[x, y] points")
    _refuse(source, line, f"{code}: geometry {kind or 'missing'}, expected Polygon or "
            "MultiPolygon")
    return []  # not reached


def _feature_lines(text: str, count: int) -> list[int]:
    """The line each feature starts on (its ``"type": "Feature"``), or 1 when not found."""
    starts = [text.count("\n", 0, match.start()) + 1 for match in FEATURE_START.finditer(text)]
    return starts if len(starts) == count else [1] * count


def _refuse(source: str, line: int, message: str) -> None:
    raise YamlProblems([Problem(source, line, message)])
