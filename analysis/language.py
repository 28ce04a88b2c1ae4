"""Dutch and English: texts by key, numbers in each language's notation, and model labels.

Every text a reader sees in the app, the workshop or the report comes from a :class:`Texts`
catalogue (one per interface, the same keys in both languages: a test checks every catalogue
made) or from the model's labels (:func:`param_label`, :func:`outcome_label`, ...: English where
they are defined, ``sim/params.py`` and ``sim/outcomes.py``; Dutch in
:mod:`wijksim.analysis.labels_nl`).

Numbers follow the reader's notation (Babel's CLDR data): Dutch groups thousands with a point and
writes a decimal comma, so "2,000 inwoners" would read as two.
"""

from __future__ import annotations

import math
import re
import string
from typing import Any

from babel.numbers import format_decimal

from wijksim.analysis import labels_nl
from wijksim.sim.outcomes import OUTCOME_BY_NAME

LANGUAGES = ("en", "nl")
LOCALES = {"en": "en_GB", "nl": "nl_NL"}
_SPEC = re.compile(r"^(?P<sign>\+)?(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fdg%]?)$")


def check_language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`.

    Raises:
        KeyError: Naming the unknown language and the ones there are.
    """
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; have {', '.join(LANGUAGES)}")
    return lang


def number(value: float, lang: str, spec: str = "") -> str:
    """``value`` written in ``lang``'s notation, from a Python format spec.

    The specs used: ``","`` (whole number, grouped), ``",.0f"`` / ``".3f"`` (fixed decimals,
    grouped or not), ``"g"`` (as short as it goes), ``".0%"`` (a percentage) and a leading
    ``"+"`` for a sign on positive numbers. Not a number is a dash.

    Raises:
        ValueError: For another spec (the message names it).
    """
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"number format {spec!r} is not one of the app's "
                         "(',', ',.Nf', '.Nf', 'g', 'd', '.N%', with an optional '+')")
    if isinstance(value, float) and math.isnan(value):
        return "–"
    whole = "#,##0" if match["group"] else "0"
    if match["kind"] == "%":
        digits = int(match["digits"] or 0)
        pattern = whole + ("." + "0" * digits if digits else "") + "%"
    elif match["kind"] == "f" or match["digits"] is not None:
        digits = int(match["digits"] or 6)
        pattern = whole + ("." + "0" * digits if digits else "")
    elif match["kind"] == "g" or (match["kind"] == "" and isinstance(value, float)):
        pattern = whole + ".######"
    else:
        pattern = whole
    if match["sign"]:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def significant(value: float, lang: str, digits: int = 3, sign: bool = False) -> str:
    """``value`` to ``digits`` significant figures, grouped, in ``lang``'s notation.

    As :func:`wijksim.analysis.document.number` does in English: 1,234 / 12.3 / 0.00412.
    """
    if not math.isfinite(value):
        return "–"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    places = digits - 1 - magnitude  # negative: round to tens, hundreds, ...
    pattern = "#,##0" + ("." + "#" * places if places > 0 else "")  # no trailing zeros
    if sign:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(round(value, places), format=pattern, locale=LOCALES[lang])


CURRENCY = {"en": "EUR ", "nl": "€ "}  # as the workshop's texts write it in each language


def money(value: float, lang: str, sign: bool = False) -> str:
    """A whole number of euros: "EUR 1,234" in English, "€ 1.234" in Dutch."""
    text = CURRENCY[check_language(lang)] + number(abs(value) if sign else value, lang, ",.0f")
    if sign and round(value):
        return ("+" if value > 0 else "-") + text
    return text


class _Notation(string.Formatter):
    """Fills ``{placeholders}``, writing numbers in one language's notation."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return number(value, self.lang, format_spec)
        return super().format_field(value, format_spec)


def fill(text: str, lang: str, /, **params: Any) -> str:
    """``text`` with its ``{placeholders}`` filled, numbers in ``lang``'s notation."""
    return _Notation(lang).format(text, **params) if params else text


class Texts:
    """One interface's texts in every language, looked up by key.

    ``where`` names the module that holds them (for messages). Every catalogue made is kept in
    :data:`CATALOGUES`, so that a test can check each has the same keys and placeholders in
    every language.
    """

    def __init__(self, where: str, **by_language: dict[str, str]):
        missing = [lang for lang in LANGUAGES if lang not in by_language]
        if missing:
            raise KeyError(f"{where}: no texts for {', '.join(missing)}")
        self.where = where
        self.by_language = by_language
        CATALOGUES.append(self)

    def __call__(self, key: str, lang: str, /, **params: Any) -> str:
        """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``.

        Raises:
            KeyError: For an unknown language or a key with no text in that language (the
                message names both and the module).
        """
        check_language(lang)
        try:
            text = self.by_language[lang][key]
        except KeyError:
            raise KeyError(f"no {lang} text for {key!r} in {self.where}") from None
        return fill(text, lang, **params)


CATALOGUES: list[Texts] = []


# --------------------------------------------------------------------------- model labels


def param_label(path: str, lang: str, english: str) -> str:
    """A parameter's label in ``lang`` (``english``: its label in ``sim/params.py``)."""
    return english if check_language(lang) == "en" else labels_nl.PARAMS_NL[path]


def section_label(name: str, lang: str) -> str:
    """A parameter section's title in ``lang``."""
    if check_language(lang) == "nl":
        return labels_nl.SECTIONS_NL[name]
    return name.replace("_", " ").capitalize()


def outcome_label(name: str, lang: str) -> str:
    """An outcome's label in ``lang``."""
    if check_language(lang) == "nl":
        return labels_nl.OUTCOMES_NL[name]
    return OUTCOME_BY_NAME[name].label


def group_label(name: str, english: str, lang: str) -> str:
    """A group's label in ``lang`` (``english``: its label in ``sim/outcomes.py``)."""
    return english if check_language(lang) == "en" else labels_nl.GROUPS_NL[name]


def unit_label(unit: str, lang: str) -> str:
    """A unit in ``lang``."""
    if check_language(lang) == "en" or not unit:
        return unit
    return labels_nl.UNITS_NL.get(unit, _BASE_UNITS_NL.get(unit, unit))


_BASE_UNITS_NL = {"h": "u", "count": "aantal"}


def summary_unit_label(name: str, lang: str) -> str:
    """The unit of an outcome after summarising (flows per resident per year) in ``lang``."""
    outcome = OUTCOME_BY_NAME[name]
    if outcome.aggregation != "sum":
        return unit_label(outcome.unit, lang)
    base = outcome.unit.replace("/week", "").replace("per week", "").strip() or "count"
    if check_language(lang) == "en":
        return f"{base} per resident per year"
    return f"{unit_label(base, lang)} per inwoner per jaar"


def choice_label(value: str, lang: str) -> str:
    """A choice's value as shown in ``lang``."""
    if check_language(lang) == "en":
        return value.replace("_", " ")
    return labels_nl.CHOICES_NL.get(value, value)
