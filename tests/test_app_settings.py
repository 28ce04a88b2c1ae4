"""The app's side settings: levers set the start, dated changes stay and can be edited."""

from __future__ import annotations

from wijksim.app.exports import settings_yaml
from wijksim.app.session import build_side, load_shipped
from wijksim.experiments.scenarios import parse_scenario

CUT = "municipality.budget_cut"


def cut_by_week(built) -> list[tuple[int, float]]:
    return [(week, params.municipality.budget_cut) for week, params in built.timeline.stages]


def test_a_lever_on_a_dated_parameter_sets_the_start_and_keeps_the_dated_change():
    settings = load_shipped("austerity.yaml").with_override(CUT, 0.1)
    assert settings.later_changes(CUT) == [(52, 0.25)]
    assert cut_by_week(build_side(settings, 1000)) == [(0, 0.1), (52, 0.25)]


def test_a_dated_change_can_be_edited_and_a_bad_value_names_its_date():
    settings = load_shipped("austerity.yaml").with_dated(0, CUT, 0.4)
    assert settings.edited and settings.later_changes(CUT) == [(52, 0.4)]
    assert cut_by_week(build_side(settings, 1000)) == [(0, 0.0), (52, 0.4)]
    bad = build_side(load_shipped("austerity.yaml").with_dated(0, CUT, 7.0), 1000)
    assert bad.timeline is None
    assert any("7.0" in p and "from week 52" in p and CUT in p for p in bad.problems)


def test_levers_without_dated_changes_hold_for_the_whole_run():
    settings = load_shipped("austerity.yaml").with_override("generalists.enabled", True)
    stages = build_side(settings, 1000).timeline.stages
    assert [params.generalists.enabled for _, params in stages] == [True, True]


def test_the_export_keeps_the_edited_dated_change():
    settings = load_shipped("austerity.yaml").with_override(CUT, 0.1).with_dated(0, CUT, 0.3)
    text = settings_yaml(settings, build_side(settings, 1000).timeline)
    again = parse_scenario(text).build()
    assert [(w, p.municipality.budget_cut) for w, p in again.stages] == [(0, 0.1), (52, 0.3)]
    assert "from week 52" in text
