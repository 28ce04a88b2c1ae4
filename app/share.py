"""A link that holds the view: scenarios, lever changes, dated edits, seed, residents, years.

The page writes its settings into the address bar's query string as they change, so the address
is always a link to the view; opening it (or going Back to it) shows the same settings, and the
same seed gives the same run. The format, one key per setting::

    ?lang=nl&seed=7&residents=2000&years=5&a=austerity.yaml&a.generalists.enabled=true
     &a@0.municipality.budget_cut=0.3&b=generalist_teams.yaml

``lang`` is the page's language (``en`` or ``nl``; without it, the browser's choice).
``a``/``b`` name a shipped scenario file (``b`` only when comparing); ``a.<parameter>`` is a
lever change; ``a@<i>.<parameter>`` an edit of the scenario's dated change number ``i``
(counted from 0). An uploaded scenario cannot travel in a link: the link keeps its levers on
the baseline and says so. Anything in a link that cannot be read is reported (naming the key
and value) and left out; the rest of the link still applies.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from wijksim.analysis.language import LANGUAGES
from wijksim.app.levers import (
    APP_MAX_RESIDENTS,
    APP_MAX_YEARS,
    APP_MIN_RESIDENTS,
    DEFAULT_RESIDENTS,
    all_controls,
    coerce,
    parse_seed,
)
from wijksim.app.session import SideSettings, initial_settings, load_shipped, shipped
from wijksim.experiments.scenarios import ScenarioError

SIDES = ("A", "B")


@dataclass
class View:
    """Everything a link sets; ``problems`` holds what could not be read (``link: ...``)."""

    settings: dict[str, SideSettings]
    seed: int = 1
    residents: int = DEFAULT_RESIDENTS
    years: int = 5
    lang: str | None = None  # None: the link does not say
    problems: list[str] = field(default_factory=list)

    @property
    def compare(self) -> bool:
        """Whether the link compares two scenarios."""
        return "B" in self.settings


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # a float's shortest text that reads back as the same number


def view_query(settings: dict[str, SideSettings], seed: int, residents: int, years: int,
               lang: str | None = None) -> str:
    """The query string (without ``?``) of a view; sides in ``settings`` ("A", maybe "B")."""
    pairs: list[tuple[str, str]] = [("lang", lang)] if lang else []
    pairs += [("seed", str(seed)), ("residents", str(residents)), ("years", str(years))]
    for side, side_settings in settings.items():
        key = side.lower()
        name = side_settings.key if side_settings.key in shipped() else "uploaded"
        pairs.append((key, name))
        pairs += [(f"{key}.{path}", _text(v)) for path, v in side_settings.overrides.items()]
        pairs += [(f"{key}@{index}.{path}", _text(v))
                  for (index, path), v in side_settings.dated.items()]
    return urlencode(pairs)


def read_view(search: str | None) -> View:
    """The view a query string asks for (the defaults where it says nothing)."""
    view = View({"A": initial_settings()})
    pairs = parse_qsl(search or "", keep_blank_values=True)
    values = dict(pairs)
    _read_numbers(values, view)
    for side in SIDES:
        key = side.lower()
        if key in values:
            view.settings[side] = _scenario(values[key], side, view.problems)
    for name, raw in pairs:
        if name in ("lang", "seed", "residents", "years", "a", "b"):
            continue
        _read_change(name, raw, view)
    return view


def _read_numbers(values: dict[str, str], view: View) -> None:
    if "lang" in values:
        if values["lang"] in LANGUAGES:
            view.lang = values["lang"]
        else:
            view.problems.append(f"link: lang={values['lang']!r}: expected one of "
                                 f"{', '.join(LANGUAGES)}")
    try:
        view.seed = parse_seed(values.get("seed", "1"))
    except ValueError as error:
        view.problems.append(f"link: seed={values['seed']!r}: {error}")
    for name, lo, hi in (("residents", APP_MIN_RESIDENTS, APP_MAX_RESIDENTS),
                         ("years", 1, APP_MAX_YEARS)):
        if name not in values:
            continue
        raw = values[name]
        try:
            number = int(raw)
        except ValueError:
            view.problems.append(f"link: {name}={raw!r}: expected a whole number")
            continue
        if not lo <= number <= hi:
            view.problems.append(f"link: {name}={raw!r}: expected {lo} to {hi}")
            continue
        setattr(view, name, number)


def _scenario(name: str, side: str, problems: list[str]) -> SideSettings:
    if name == "uploaded":
        problems.append(f"link: scenario {side} was uploaded in the session that made the link "
                        "and cannot travel in it; its lever changes are shown on the baseline "
                        "(export the scenario as YAML to share it)")
        return initial_settings()
    if name not in shipped():
        close = difflib.get_close_matches(name, list(shipped()), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"link: {side.lower()}={name!r}: no such shipped scenario{hint}")
        return initial_settings()
    try:
        return load_shipped(name)
    except ScenarioError as error:  # a shipped file that does not load names its line
        problems.append(f"link: {side.lower()}={name!r}: {error.problems[0]}")
        return initial_settings()


def _read_change(name: str, raw: str, view: View) -> None:
    side_key, _, path = name.partition(".")
    side_key, _, index_text = side_key.partition("@")
    side = side_key.upper()
    if side not in SIDES or not path:
        view.problems.append(f"link: {name}={raw!r}: not a setting of this page")
        return
    if side not in view.settings:
        view.problems.append(f"link: {name}: scenario {side} is not in the link")
        return
    controls = all_controls()
    if path not in controls:
        close = difflib.get_close_matches(path, list(controls), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        view.problems.append(f"link: {name}: no such parameter{hint}")
        return
    try:
        value = _parse(controls[path], raw)
    except ValueError as error:
        view.problems.append(f"link: {name}={raw!r}: {error}")
        return
    settings = view.settings[side]
    if not index_text:
        view.settings[side] = settings.with_override(path, value)
        return
    timeline = settings.scenario.timeline
    if not index_text.isdigit() or int(index_text) >= len(timeline) or (
            path not in timeline[int(index_text)].set):
        view.problems.append(f"link: {name}: the scenario has no such dated change")
        return
    view.settings[side] = settings.with_dated(int(index_text), path, value)


def _parse(control, raw: str) -> Any:
    if control.kind == "bool":
        if raw not in ("true", "false"):
            raise ValueError("expected true or false")
        return raw == "true"
    if control.kind in ("int", "float"):
        try:
            float(raw)
        except ValueError:
            raise ValueError(f"expected a number for {control.label}") from None
    return coerce(control, raw)
