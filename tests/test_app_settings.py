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


def test_a_link_round_trips_every_setting():
    from wijksim.app.share import read_view, view_query

    view = read_view("seed=7&residents=1500&years=3&a=austerity.yaml"
                     "&a.generalists.enabled=true&a@0.municipality.budget_cut=0.3"
                     "&b=generalist_teams.yaml&b.generalists.caseload=25")
    assert view.problems == []
    assert (view.seed, view.residents, view.years, view.compare) == (7, 1500, 3, True)
    assert view.settings["A"].overrides == {"generalists.enabled": True}
    assert view.settings["A"].dated == {(0, CUT): 0.3}
    assert view.settings["B"].overrides == {"generalists.caseload": 25}
    again = read_view(view_query(view.settings, view.seed, view.residents, view.years))
    assert again.settings == view.settings and again.seed == 7 and again.problems == []


def test_a_bad_link_names_each_bad_part_and_keeps_the_rest():
    from wijksim.app.share import read_view

    view = read_view("seed=x&residents=99999&years=3&a=austrity.yaml"
                     "&a.generalists.enabld=true&a.municipality.budget_cut=abc&c.x=1")
    problems = "\n".join(view.problems)
    assert "seed='x'" in problems
    assert "residents='99999': expected 100 to 5000" in problems
    assert "no such shipped scenario (did you mean austerity.yaml?)" in problems
    assert "generalists.enabld: no such parameter (did you mean generalists.enabled?)" in problems
    assert "a.municipality.budget_cut='abc': expected a number" in problems
    assert "c.x='1': not a setting of this page" in problems
    assert view.years == 3 and view.settings["A"].key == "baseline.yaml"
    dutch = "\n".join(problem.text("nl") for problem in view.problems)  # issue 13, item 8
    assert "residents='99999': verwacht 100 tot en met 5000" in dutch
    assert "geen meegeleverd scenario met die naam (bedoelt u austerity.yaml?)" in dutch
    assert "a.municipality.budget_cut='abc': verwacht een getal" in dutch
    assert "expected" not in dutch and "no such" not in dutch
    wrong = read_view("lang=fr&a.community_centre.mode=nowhere&a.generalists.caseload=2.5")
    assert [problem.key for problem in wrong.problems] == [
        "link.bad_lang", "link.expected_choice", "link.expected_whole"]


def test_an_uploaded_scenario_does_not_travel_in_a_link():
    from wijksim.app.session import SideSettings
    from wijksim.app.share import read_view, view_query
    from wijksim.experiments.scenarios import parse_scenario

    uploaded = SideSettings(parse_scenario("name: mine\ntitle: Mine\ndescription: x\n"),
                            "uploaded: mine").with_override("generalists.enabled", True)
    view = read_view(view_query({"A": uploaded}, 1, 2000, 5))
    assert "cannot travel" in view.problems[0]
    assert view.settings["A"].overrides == {"generalists.enabled": True}


def test_switching_compare_on_keeps_a_and_branches_b_from_it():
    """Issue 13 (item 7): B starts as a copy of A where A is; other changes start again."""
    from wijksim.app.page import next_runner
    from wijksim.app.session import runner_key

    settings = load_shipped("baseline.yaml")
    only_a = {"A": build_side(settings, 400).timeline}
    first = next_runner(None, only_a, 3, runner_key(only_a, 3))
    first.step(3)
    both = {"A": only_a["A"], "B": build_side(settings, 400).timeline}
    kept = next_runner(first, both, 3, runner_key(both, 3))
    assert kept.models["A"] is first.models["A"] and kept.week == 3
    kept.step(2)
    tables = kept.tables()
    assert tables["A"].equals(tables["B"])  # the copy goes on exactly as A
    teams = {"A": only_a["A"],
             "B": build_side(settings.with_override("generalists.enabled", True), 400).timeline}
    branched = next_runner(kept, teams, 3, runner_key(teams, 3))  # B changed: branch again
    assert branched.models["A"] is first.models["A"] and branched.week == 5
    assert branched.branch.week == 3
    branched.step(8)
    tables = branched.tables()
    weeks_before = tables["A"]["week"] <= 3
    assert tables["A"][weeks_before].equals(tables["B"][weeks_before])  # shared history
    assert not tables["A"]["cost_total"].equals(tables["B"]["cost_total"])  # teams after it
    bigger = {name: build_side(settings, 500).timeline for name in ("A", "B")}
    fresh = next_runner(branched, bigger, 3, runner_key(bigger, 3))  # A changed: start again
    assert fresh.week == 0 and fresh.branch is None


def test_replications_give_intervals_and_paired_differences():
    """Issue 13 (item 1): over seeds, each side's mean has a 95% interval and B - A is paired
    seed by seed; the sentence gives the cost difference with its interval."""
    from wijksim.app.page import interval_text
    from wijksim.app.session import run_replications

    settings = load_shipped("baseline.yaml")
    timelines = {"A": build_side(settings, 300).timeline,
                 "B": build_side(settings.with_override(CUT, 0.3), 300).timeline}
    text = interval_text(run_replications(timelines, [1, 2, 3], 13))
    assert text.startswith("3 seeds; 95% intervals over the seeds, B - A paired")
    cost_row = next(line for line in text.splitlines() if line.startswith("| Public cost ("))
    assert cost_row.count(" to ") == 3  # A, B and B - A each with an interval
    assert "B costs EUR" in text and "(95% interval" in text
