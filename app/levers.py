"""Policy levers: app controls generated from the parameter metadata in ``sim.params``.

Every parameter becomes a :class:`Control` (label, unit, bounds, step, kind). A short list of
policy levers is shown by default; the rest sit in an "all parameters" panel grouped by section.
Values typed or dragged in the browser are coerced here to the parameter's own type, so that an
app run is the same run as the command line with the same settings.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from wijksim.analysis.language import param_label, unit_label
from wijksim.sim.params import ParamInfo, Params, parameter_table

APP_MAX_RESIDENTS = 5000
APP_MIN_RESIDENTS = 100
APP_MAX_YEARS = 10
DEFAULT_RESIDENTS = 2000
RESIDENTS_PATH = "population.n_residents"

POLICY_LEVERS: tuple[str, ...] = (
    "generalists.enabled",
    "generalists.shifted_specialists",
    "generalists.caseload",
    "generalists.outreach_share",
    "conferences.enabled",
    "community_centre.mode",
    "mutual_aid.enabled",
    "buddies.enabled",
    "municipality.budget_cut",
    "municipality.network_rationing",
    "specialists.per_1000_residents",
    "generalists.per_1000_residents",
)


@dataclass(frozen=True)
class Control:
    """One control in the page: what to draw and how to read its value back."""

    path: str
    label: str
    unit: str
    kind: str  # "int", "float", "bool" or "choice"
    lo: float | None
    hi: float | None
    step: float | None
    choices: tuple[str, ...]
    default: Any

    @property
    def title(self) -> str:
        """The label with its unit, e.g. ``Budget cut (share)``."""
        return self.title_in("en")

    def title_in(self, lang: str) -> str:
        """The label with its unit in ``lang``, e.g. ``Bezuiniging (aandeel)``."""
        label = param_label(self.path, lang, self.label)
        if self.kind in ("bool", "choice") or not self.unit:
            return label
        return f"{label} ({unit_label(self.unit, lang)})"


def nice_step(lo: float, hi: float, steps: int = 100) -> float:
    """A round slider step near ``(hi - lo) / steps``: 1, 2 or 5 times a power of ten."""
    raw = (hi - lo) / steps
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * 1.0001:
            return factor * power
    return 10 * power


def step_for(control: Control, value: Any) -> float:
    """The control's step, made finer until ``value`` lies on the slider's grid.

    A slider would otherwise snap a value such as 2.4 to 2.5 and change the run behind the
    user's back.
    """
    step = control.step or 1
    for _ in range(6):
        ticks = (float(value) - float(control.lo)) / step
        if abs(ticks - round(ticks)) < 1e-6:
            break
        step /= 10
    return int(step) if control.kind == "int" and step >= 1 else step


def control_for(info: ParamInfo) -> Control:
    """The control for one parameter, from its metadata."""
    lo, hi = info.lo, info.hi
    if info.path == RESIDENTS_PATH:
        lo, hi = 100, APP_MAX_RESIDENTS
    step = None
    if info.kind == "int":
        step = 1
    elif info.kind == "float":
        step = nice_step(lo, hi)
    return Control(info.path, info.label, info.unit, info.kind, lo, hi, step, info.choices,
                   info.default)


def all_controls() -> dict[str, Control]:
    """Every parameter's control by dotted path, in declaration order (a fresh dict)."""
    return dict(_controls())


@functools.cache
def _controls() -> dict[str, Control]:
    # the parameter table is fixed for the life of the process; a page asks for it on every
    # redraw of the levers
    return {path: control_for(info) for path, info in parameter_table().items()}


def policy_controls() -> list[Control]:
    """The policy levers shown by default."""
    controls = all_controls()
    return [controls[path] for path in POLICY_LEVERS]


def controls_by_section() -> dict[str, list[Control]]:
    """Every control except the resident count (set on its own), grouped by section."""
    sections: dict[str, list[Control]] = {}
    for path, control in all_controls().items():
        if path != RESIDENTS_PATH:
            sections.setdefault(path.split(".")[0], []).append(control)
    return sections


def coerce(control: Control, value: Any) -> Any:
    """A browser value as the parameter's own type (int, float, bool or choice text).

    Raises:
        ValueError: If the value cannot be read as that type.
    """
    if control.kind == "bool":
        return bool(value)
    if control.kind == "choice":
        if value not in control.choices:
            raise ValueError(f"{control.label}: expected one of {', '.join(control.choices)}")
        return str(value)
    number = float(value)
    if control.kind == "int":
        if number != int(number):
            raise ValueError(f"{control.label}: expected a whole number, got {value!r}")
        return int(number)
    return round(number, 10)


def value_of(params: Params, path: str) -> Any:
    """The value of a dotted parameter path in ``params``."""
    section, name = path.split(".")
    return getattr(getattr(params, section), name)


def changes_between(before: Params, after: Params) -> dict[str, Any]:
    """Dotted path -> value for every parameter that differs between two parameter sets."""
    return {path: value_of(after, path) for path in parameter_table()
            if value_of(after, path) != value_of(before, path)}


def parse_seed(text: Any) -> int:
    """A seed typed in the page as a non-negative integer (text inputs give strings).

    Raises:
        ValueError: With a message for the page if the text is not a whole number >= 0.
    """
    cleaned = str(text).strip()
    try:
        seed = int(cleaned)
    except ValueError:
        raise ValueError(f"the seed must be a whole number, got {cleaned!r}") from None
    if seed < 0:
        raise ValueError(f"the seed must be 0 or more, got {seed}")
    return seed
