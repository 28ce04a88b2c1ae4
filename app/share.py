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
from wijksim.app.texts import TEXTS
from wijksim.experiments.scenarios import ScenarioError

SIDES = ("A", "B")


class LinkProblem(str):
    """A part of a link that could not be used: the English text, and any language's.

    A string (the English text), so that it can be shown, joined and searched as one; its
    ``key`` and ``params`` give the text in another language (:meth:`text`).
    """

    key: str
    params: dict

    def __new__(cls, key: str, /, **params: Any) -> LinkProblem:
        """The problem ``key`` of the link texts (``app/texts.py``) with ``params``."""
        problem = super().__new__(cls, TEXTS(key, "en", **params))
        problem.key, problem.params = key, params
        return problem

    def text(self, lang: str) -> str:
        """The problem in ``lang``."""
        return TEXTS(self.key, lang, **self.params)


class _Refused(ValueError):
    """A link value that cannot be read as its parameter's type (key and params of the text)."""

    def __init__(self, key: str, /, **params: Any):
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class View:
    """Everything a link sets; ``problems`` holds what could not be read (``link: ...``)."""

    settings: dict[str, SideSettings]
    seed: int = 1
    residents: int = DEFAULT_RESIDENTS
    years: int = 5
    lang: str | None = None  # None: the link does not say
    problems: list[LinkProblem] = field(default_factory=list)

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
            view.problems.append(LinkProblem("link.bad_lang", raw=repr(values["lang"]),
                                             choices=", ".join(LANGUAGES)))
    try:
        view.seed = parse_seed(values.get("seed", "1"))
    except ValueError:
        view.problems.append(LinkProblem("link.bad_seed", raw=repr(values["seed"])))
    for name, lo, hi in (("residents", APP_MIN_RESIDENTS, APP_MAX_RESIDENTS),
                         ("years", 1, APP_MAX_YEARS)):
        if name not in values:
            continue
        raw = values[name]
        try:
            number = int(raw)
        except ValueError:
            view.problems.append(LinkProblem("link.not_whole", name=name, raw=repr(raw)))
            continue
        if not lo <= number <= hi:
            view.problems.append(LinkProblem("link.out_of_range", name=name, raw=repr(raw),
                                             lo=lo, hi=hi))
            continue
        setattr(view, name, number)


def _scenario(name: str, side: str, problems: list[LinkProblem]) -> SideSettings:
    if name == "uploaded":
        problems.append(LinkProblem("link.uploaded", side=side))
        return initial_settings()
    if name not in shipped():
        close = difflib.get_close_matches(name, list(shipped()), n=1)
        problems.append(_with_hint("link.no_scenario", close, key=side.lower(), raw=repr(name)))
        return initial_settings()
    try:
        return load_shipped(name)
    except ScenarioError as error:  # a shipped file that does not load names its line (English)
        problems.append(LinkProblem("link.scenario_error", key=side.lower(), raw=repr(name),
                                    problem=error.problems[0]))
        return initial_settings()


def _with_hint(key: str, close: list[str], /, **params: Any) -> LinkProblem:
    """A problem with "did you mean ...?" when there is a close name."""
    if close:
        return LinkProblem(f"{key}_hint", close=close[0], **params)
    return LinkProblem(key, **params)


def _read_change(name: str, raw: str, view: View) -> None:
    side_key, _, path = name.partition(".")
    side_key, _, index_text = side_key.partition("@")
    side = side_key.upper()
    if side not in SIDES or not path:
        view.problems.append(LinkProblem("link.not_a_setting", name=name, raw=repr(raw)))
        return
    if side not in view.settings:
        view.problems.append(LinkProblem("link.side_missing", name=name, side=side))
        return
    controls = all_controls()
    if path not in controls:
        close = difflib.get_close_matches(path, list(controls), n=1)
        view.problems.append(_with_hint("link.no_parameter", close, name=name))
        return
    try:
        value = _parse(controls[path], raw)
    except _Refused as refused:
        view.problems.append(LinkProblem(refused.key, name=name, raw=repr(raw),
                                         **refused.params))
        return
    settings = view.settings[side]
    if not index_text:
        view.settings[side] = settings.with_override(path, value)
        return
    timeline = settings.scenario.timeline
    if not index_text.isdigit() or int(index_text) >= len(timeline) or (
            path not in timeline[int(index_text)].set):
        view.problems.append(LinkProblem("link.no_dated", name=name))
        return
    view.settings[side] = settings.with_dated(int(index_text), path, value)


def _parse(control, raw: str) -> Any:
    """The value of a link's lever, or :class:`_Refused` naming what was expected."""
    if control.kind == "bool":
        if raw not in ("true", "false"):
            raise _Refused("link.expected_bool")
        return raw == "true"
    if control.kind == "choice" and raw not in control.choices:
        raise _Refused("link.expected_choice", choices=", ".join(control.choices))
    if control.kind in ("int", "float"):
        try:
            number = float(raw)
        except ValueError:
            raise _Refused("link.expected_number") from None
        if control.kind == "int" and number != int(number):
            raise _Refused("link.expected_whole")
    return coerce(control, raw)
