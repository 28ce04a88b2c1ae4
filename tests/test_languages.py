"""Dutch and English (issue 13, item 8): every text exists in both, none is left untranslated.

The app's page code may write no text of its own: every text a reader sees goes through a
catalogue (``Texts``) or the model's labels. The browser test in ``tests/web/test_app.py``
checks the rendered Dutch page for English words.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from wijksim.analysis import (  # noqa: F401 (their catalogues)
    labels_nl,
    language,
    municipal,
    report_texts,
)
from wijksim.analysis.language import CATALOGUES, money, number, significant
from wijksim.app import page, texts  # noqa: F401  (makes the app's catalogues)
from wijksim.app.workshop import i18n  # noqa: F401
from wijksim.sim.outcomes import GROUPS, OUTCOMES
from wijksim.sim.params import Params, parameter_table

ROOT = Path(__file__).resolve().parents[1]
# the modules that draw the what-if page
PAGE_CODE = ("app/page.py", "app/components.py", "app/charts.py", "app/municipality_view.py")
# solara calls whose first argument or label is text a reader sees
SHOWN = {"Text", "Markdown", "Button", "Select", "SliderInt", "SliderFloat", "Switch",
         "Checkbox", "Details", "Card", "Title", "Warning", "Error", "Info", "Success",
         "InputText", "InputTextArea", "FileDrop", "FileDownload", "ToggleButtonsSingle",
         "Charts", "EChart", "MenuLabel"}
SHOWN_KEYWORDS = {"label", "title", "message"}
# identical in both languages (names, symbols, words Dutch borrowed)
SAME_IN_DUTCH = {"step", "grid_title", "chart_side", "chart_difference", "chart_band",
                 "week_axis", "week_counter", "line.specialist", "line.generalist",
                 "scenario_side", "gallery_team", "gallery_budget_line", "fac_team_a",
                 "line.per_hour"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda c: c.where)
def test_every_text_is_in_both_languages_with_the_same_placeholders(catalogue):
    english, dutch = catalogue.by_language["en"], catalogue.by_language["nl"]
    assert set(english) == set(dutch), set(english) ^ set(dutch)
    for key, text in english.items():
        assert _placeholders(text) == _placeholders(dutch[key]), key


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda c: c.where)
def test_no_dutch_text_is_the_english_left_untranslated(catalogue):
    english, dutch = catalogue.by_language["en"], catalogue.by_language["nl"]
    copies = {key for key, text in dutch.items() if text == english[key]} - SAME_IN_DUTCH
    assert not copies, sorted(copies)


def test_every_model_label_has_a_dutch_one():
    table = parameter_table()
    assert list(labels_nl.PARAMS_NL) == list(table)
    assert list(labels_nl.OUTCOMES_NL) == [o.name for o in OUTCOMES]
    assert list(labels_nl.GROUPS_NL) == [g.name for g in GROUPS]
    assert list(labels_nl.SECTIONS_NL) == list(Params.model_fields)
    units = {info.unit for info in table.values()} | {o.unit for o in OUTCOMES}
    assert units <= set(labels_nl.UNITS_NL), units - set(labels_nl.UNITS_NL)
    choices = {c for info in table.values() for c in info.choices}
    assert choices <= set(labels_nl.CHOICES_NL), choices - set(labels_nl.CHOICES_NL)
    untranslated = [path for path, info in table.items()
                    if labels_nl.PARAMS_NL[path] == info.label]
    assert not untranslated, untranslated


def _literal_text(node: ast.AST) -> str:
    """The letters a reader would see if ``node`` were shown as it is ("" if none)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values
                       if isinstance(part, ast.Constant) and isinstance(part.value, str))
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def _written_texts(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        if name not in SHOWN:
            continue
        shown = node.args[:2] + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for arg in shown:
            text = _literal_text(arg)
            if re.search(r"[A-Za-z]{2,}", text):
                found.append((arg.lineno, text))
    return found


@pytest.mark.parametrize("module", PAGE_CODE)
def test_the_page_code_writes_no_text_of_its_own(module):
    """Every shown text goes through a catalogue: a literal word in a shown call is English
    that a Dutch reader would see."""
    assert _written_texts(ROOT / module) == []


def test_the_check_for_written_texts_catches_one(tmp_path):
    source = tmp_path / "page.py"
    source.write_text('import solara\nsolara.Button(f"Run {n} weeks")\n'
                      'solara.Text(TEXTS("ok", lang))\nsolara.Markdown(f"**{x}**")\n')
    assert _written_texts(source) == [(2, "Run  weeks")]


def test_numbers_and_money_follow_the_language():
    assert number(1234.5, "nl", ",.1f") == "1.234,5"
    assert number(1234.5, "en", ",.1f") == "1,234.5"
    assert number(0.256, "nl", ".0%") == "26%"
    assert number(12.5, "nl", "+.1f") == "+12,5"
    assert number(-12.5, "en", "+.1f") == "-12.5"
    assert money(21345.4, "nl") == "€ 21.345" and money(21345.4, "en") == "EUR 21,345"
    assert money(-21.4, "nl", sign=True) == "-€ 21"
    assert significant(0.004123, "nl") == "0,00412"
    assert significant(-1234.5, "en", sign=True) == "-1,230"
    with pytest.raises(KeyError, match="unknown language 'fr'"):
        language.outcome_label("cost_total", "fr")


def _averages(cost: float, p10: float, unmet: float) -> pd.Series:
    return pd.Series({"cost_total": cost, "wellbeing_p10": p10, "unmet_need_hours": unmet})


def test_the_sentence_in_words_is_dutch_with_dutch_numbers():
    a, b = _averages(1500.0, 6.1, 20.0), _averages(1478.6, 6.1234, 18.5)
    dutch = page.in_words(a, b, "nl")
    assert dutch.startswith("Tot nu toe kost B € 21 per inwoner per jaar minder dan A")
    assert "0,0234 punt hoger" in dutch and "1,5 uur per inwoner per jaar lager" in dutch
    english = page.in_words(a, b, "en")
    assert "EUR 21 per resident per year less than A" in english and "0.0234" in english


def test_the_summary_table_has_dutch_labels_and_units():
    weeks = pd.DataFrame({"week": range(3)})
    from wijksim.sim.outcomes import OUTCOME_BY_NAME
    table = pd.concat([weeks, pd.DataFrame({name: [1.0, 2.0, 3.0]
                                            for name in OUTCOME_BY_NAME})], axis=1)
    text = page.summary_text({"A": table}, lang="nl")
    assert "Gemiddelden over week 1-2" in text
    assert labels_nl.OUTCOMES_NL["cost_total"] in text and "per inwoner per jaar" in text
    assert "resident" not in text


def test_a_placeholder_may_be_called_text_or_lang():
    """Placeholders are free names: the lookup's own arguments are positional only."""
    assert page.TEXTS("bad_seed", "nl", text="abc").endswith("ingevuld: 'abc'")
