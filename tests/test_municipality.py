"""Every neighbourhood of a table run side by side (issue 10, step 2): each neighbourhood is
the run a single neighbourhood with its population would be, and municipal figures per
resident are the neighbourhoods' summed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijksim.analysis.municipal import COMPARE_OUTCOMES
from wijksim.analysis.summary import summarise_run
from wijksim.experiments.municipality import (
    MUNICIPALITY,
    municipal_summary,
    neighbourhood_seed,
    neighbourhood_specs,
    run_municipality,
)
from wijksim.experiments.neighbourhood_table import COLUMN_NAMES, parse_neighbourhood_table
from wijksim.experiments.runner import run_one
from wijksim.experiments.scenarios import load_scenario

TABLE = (",".join(COLUMN_NAMES) + "\n"
         "WK000101,Oost,1500,700,230,180,390,400,300,260,420,60,14,2500\n"
         "WK000102,West,1200,620,150,130,290,330,300,300,420,30,5,900\n")
YEARS = 0.25


@pytest.fixture(scope="module")
def runs():
    table = parse_neighbourhood_table(TABLE, "two.csv")
    scenario = load_scenario("scenarios/baseline.yaml")
    return table, scenario, run_municipality(scenario, table, seed=4, years=YEARS)


def as_own_run(weekly: pd.DataFrame, code: str) -> pd.DataFrame:
    """A neighbourhood's rows of a municipal table as its own run's table (its own seed)."""
    rows = weekly[weekly["neighbourhood"] == code].reset_index(drop=True)
    rows["seed"] = rows.pop("neighbourhood_seed")
    return rows.drop(columns="neighbourhood")


SHARE_NOTHING = {"municipality.shared_providers": False,
                 "municipality.ties_across": False,
                 "municipality.budget_allocation": "by_use"}


def test_a_neighbourhood_that_shares_nothing_is_its_own_run(runs):
    table, scenario, _ = runs
    weekly = run_municipality(scenario, table, seed=4, years=YEARS, overrides=SHARE_NOTHING)
    assert list(dict.fromkeys(weekly["neighbourhood"])) == ["WK000101", "WK000102"]
    specs = neighbourhood_specs(scenario, table, seed=4, years=YEARS, overrides=SHARE_NOTHING)
    alone = run_one(specs[1])  # West, run by itself
    west = as_own_run(weekly, "WK000102")
    pd.testing.assert_frame_equal(west, alone)
    assert int(alone["residents"].iloc[-1]) == 1200
    assert specs[0].seed != specs[1].seed == neighbourhood_seed(4, 1)


def test_neighbourhoods_sharing_providers_differ_from_their_runs_alone(runs):
    table, scenario, weekly = runs
    specs = neighbourhood_specs(scenario, table, seed=4, years=YEARS)
    alone = run_one(specs[1])
    west = as_own_run(weekly, "WK000102")
    assert west["week"].tolist() == alone["week"].tolist()
    # the last year of the warm-up is shared too: the run starts from the municipality's
    # settled state (the same population, other ties and another share of the providers)
    assert west["residents"].iloc[0] == alone["residents"].iloc[0]
    assert west["specialist_capacity"].iloc[0] != alone["specialist_capacity"].iloc[0]
    assert west["informal_from_elsewhere"].iloc[1:].gt(0).all()
    assert not np.allclose(west["specialist_capacity"], alone["specialist_capacity"])


def test_municipal_flows_per_resident_are_the_neighbourhoods_summed(runs):
    _, _, weekly = runs
    summary = municipal_summary(weekly)
    assert list(summary["neighbourhood"]) == ["WK000101", "WK000102", MUNICIPALITY]
    parts = summary.iloc[:2]
    town = summary.iloc[2]
    assert town["residents"] == 2700
    for flow in ("cost_total", "informal_hours", "unmet_need_hours"):
        total = float((parts[flow] * parts["residents"]).sum())  # per year, whole town
        assert np.isclose(town[flow] * town["residents"], total, rtol=1e-12)
    east = summarise_run(weekly[weekly["neighbourhood"] == "WK000101"]
                         .drop(columns="neighbourhood"))
    assert np.isclose(parts.iloc[0]["cost_total"], east["cost_total"])
    # the deprived Oost (14% low income) and the well-off West differ
    assert parts.iloc[0]["cost_total"] != parts.iloc[1]["cost_total"]


def test_a_population_change_the_table_sets_is_refused(runs):
    table, scenario, _ = runs
    with pytest.raises(ValueError, match="population.n_residents: set by the neighbourhood"):
        neighbourhood_specs(scenario, table, seed=1, years=YEARS,
                            overrides={"population.n_residents": 500})


def test_wijksim_run_municipality_writes_and_prints_both_levels(tmp_path, capsys):
    from wijksim.cli.main import main

    table = tmp_path / "two.csv"
    table.write_text(TABLE)
    code = main(["run", "scenarios/baseline.yaml", "--municipality", str(table), "--years",
                 "0.1", "--seed", "2", "--out", str(tmp_path), "--format", "csv"])
    assert code == 0
    out, err = capsys.readouterr()
    printed = pd.read_csv(io.StringIO(out))
    assert "Who falls behind where: the worst-off 10% are worst off in " in err
    assert (tmp_path / "baseline_two_seed2_map.png").stat().st_size > 10_000
    assert list(printed["neighbourhood"]) == ["WK000101", "WK000102", MUNICIPALITY]
    assert list(printed["name"].fillna("")) == ["Oost", "West", ""]
    written = pd.read_csv(tmp_path / "baseline_two_seed2.csv")
    assert np.allclose(written["cost_total"], printed["cost_total"])
    assert (tmp_path / "baseline_two_seed2.parquet").stat().st_size > 1000
    assert main(["run", "scenarios/baseline.yaml", "--municipality", str(table),
                 "--residents", "500", "--years", "0.1", "--out", str(tmp_path)]) == 2
    assert "set by the neighbourhood table" in capsys.readouterr().err


TARGETED = """name: teams_in_oost
title: Teams in the most deprived neighbourhood
description: Teams from the start where the most households have a low income.
neighbourhoods:
  - where: {most_deprived: 1}
    from_year: 1
    set: {generalists.enabled: true}
"""


def test_a_targeted_change_reaches_only_the_neighbourhoods_it_picks(runs, tmp_path):
    """Oost (14% low income) gets the teams. Sharing nothing, West's run is the baseline's to
    the last digit; sharing the providers, West feels Oost's teams through the waiting list."""
    from wijksim.experiments.scenarios import parse_scenario

    table, baseline_scenario, shared_baseline = runs
    scenario = parse_scenario(TARGETED, "teams.yaml")
    specs = neighbourhood_specs(scenario, table, seed=4, years=YEARS)
    assert specs[0].timeline.start.generalists.enabled
    assert not specs[1].timeline.start.generalists.enabled
    apart = run_municipality(scenario, table, seed=4, years=YEARS, overrides=SHARE_NOTHING)
    apart_baseline = run_municipality(baseline_scenario, table, seed=4, years=YEARS,
                                      overrides=SHARE_NOTHING)
    shared = run_municipality(scenario, table, seed=4, years=YEARS)
    for weekly, baseline, west_same in ((apart, apart_baseline, True),
                                        (shared, shared_baseline, False)):
        for code, same in (("WK000101", False), ("WK000102", west_same)):
            now = weekly[weekly["neighbourhood"] == code].drop(columns=["scenario"])
            before = baseline[baseline["neighbourhood"] == code].drop(columns=["scenario"])
            assert now.reset_index(drop=True).equals(before.reset_index(drop=True)) is same


def test_a_target_outside_the_table_is_a_file_line_error(runs):
    from wijksim.experiments.scenarios import ScenarioError, parse_scenario

    table, _, _ = runs
    text = TARGETED.replace("{most_deprived: 1}", "{codes: [WK000101, WK123456]}")
    with pytest.raises(ScenarioError) as caught:
        neighbourhood_specs(parse_scenario(text, "teams.yaml"), table, seed=1, years=YEARS)
    assert caught.value.problems == [
        "teams.yaml:5: neighbourhoods: where codes: WK123456 not in the neighbourhood table "
        "(its codes: WK000101, WK000102)"]
    text = TARGETED.replace("{most_deprived: 1}", "{most_deprived: 3}")
    with pytest.raises(ScenarioError, match="3 neighbourhoods asked, the table has 2"):
        neighbourhood_specs(parse_scenario(text, "teams.yaml"), table, seed=1, years=YEARS)


@pytest.mark.parametrize("table_name", ["example_town", "example_city"])
def test_the_shipped_municipal_scenario_builds_for_the_example_tables(table_name):
    from pathlib import Path

    from wijksim.experiments.neighbourhood_table import read_neighbourhood_table

    folder = Path(__file__).resolve().parents[1] / "scenarios" / "municipalities"
    scenario = load_scenario(folder / "teams_first_in_deprived.yaml")
    table = read_neighbourhood_table(folder / f"{table_name}.csv")
    specs = neighbourhood_specs(scenario, table, seed=1, years=3)
    early = [n for n, s in zip(table, specs, strict=True) if s.timeline.start.generalists.enabled]
    assert len(early) == 2
    assert min(n.share_low_income for n in early) >= max(
        n.share_low_income for n in table if n not in early)
    assert all(s.timeline.stages[-1][1].generalists.enabled for s in specs)  # all from year 3


MUNICIPAL_SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios"
                              / "municipalities").glob("*.yaml"))


@pytest.mark.parametrize("path", MUNICIPAL_SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_municipal_scenario_targets_some_neighbourhoods_of_both_tables(path):
    """Each loads and, in both example tables, changes some neighbourhoods' start (not all)."""
    from wijksim.experiments.neighbourhood_table import read_neighbourhood_table

    scenario = load_scenario(path)
    baseline = load_scenario(path.parents[1] / "baseline.yaml")
    for table_name in ("example_town", "example_city"):
        table = read_neighbourhood_table(path.parent / f"{table_name}.csv")
        starts = [[spec.timeline.start for spec in neighbourhood_specs(s, table, seed=1,
                                                                       years=2)]
                  for s in (baseline, scenario)]
        changed = sum(a != b for a, b in zip(*starts, strict=True))
        assert 1 <= changed < len(table), (path.name, table_name, changed)


def test_wijksim_compare_municipality_pairs_seeds_per_neighbourhood(tmp_path, capsys):
    """B - A per neighbourhood: where B changes nothing (and nothing is shared) the difference
    is exactly 0."""
    from wijksim.cli.main import main

    table = tmp_path / "two.csv"
    table.write_text(TABLE)
    scenario = tmp_path / "teams.yaml"
    scenario.write_text(TARGETED)
    code = main(["compare", "scenarios/baseline.yaml", str(scenario), "--municipality",
                 str(table), "--seeds", "2", "--years", "0.1", "--format", "csv",
                 "--set", "municipality.shared_providers=false",
                 "--set", "municipality.ties_across=false",
                 "--set", "municipality.budget_allocation=by_use"])
    assert code == 0
    long = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(dict.fromkeys(long["neighbourhood"])) == ["WK000101", "WK000102", MUNICIPALITY]
    west = long[long["neighbourhood"] == "WK000102"]
    assert (west["difference"] == 0).all() and len(west) == len(COMPARE_OUTCOMES)
    oost = long[(long["neighbourhood"] == "WK000101") & (long["outcome"] == "cost_total")]
    assert oost["difference"].iloc[0] != 0  # the teams are paid for where they start


MUNICIPAL_SWEEP = """name: two_wijken
scenarios: [scenarios/baseline.yaml, scenarios/generalist_teams.yaml]
municipality: two.csv
geojson: two.geojson
years: 0.1
replications: 2
master_seed: 3
"""
# two squares side by side, coded as the table
SHAPES = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"statcode": code},
     "geometry": {"type": "Polygon",
                  "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}}
    for code, x in (("WK000101", 0), ("WK000102", 1))]})


def municipal_experiment(tmp_path, text=MUNICIPAL_SWEEP, table=TABLE):
    from wijksim.experiments.design import load_experiment

    (tmp_path / "two.csv").write_text(table)
    (tmp_path / "two.geojson").write_text(SHAPES)
    (tmp_path / "exp.yaml").write_text(text)
    return load_experiment(tmp_path / "exp.yaml")


@pytest.fixture(scope="module")
def municipal_sweep(tmp_path_factory):
    from wijksim.experiments.sweep import run_sweep

    folder = tmp_path_factory.mktemp("municipal_sweep")
    experiment = municipal_experiment(folder)
    run_sweep(experiment.configs, folder / "out", executor="serial", progress=False,
              experiment=experiment)
    return experiment, folder / "out"


def test_a_sweep_of_municipalities_keys_its_runs_by_the_table_too(tmp_path):
    from wijksim.experiments.design import ExperimentError

    experiment = municipal_experiment(tmp_path)
    assert len(experiment.configs) == 4
    assert all(c.municipality.endswith("two.csv") and len(c.municipality_hash) == 64
               for c in experiment.configs)
    changed = municipal_experiment(tmp_path, table=TABLE.replace(",1500,", ",1520,"))
    assert {c.key for c in changed.configs}.isdisjoint(c.key for c in experiment.configs)
    with pytest.raises(ExperimentError, match=r"exp.yaml:9: population.share_low_income: set "
                                              r"by the neighbourhood table"):
        municipal_experiment(tmp_path, MUNICIPAL_SWEEP
                             + "fixed:\n  population.share_low_income: 0.2\n")
    with pytest.raises(ExperimentError, match=r"exp.yaml:8: residents: a municipality's "):
        municipal_experiment(tmp_path, MUNICIPAL_SWEEP + "residents: 300\n")
    (tmp_path / "bad.csv").write_text(TABLE.replace(",14,", ",140,"))
    with pytest.raises(ExperimentError, match=r"bad.csv:2: HuishoudensMetEenLaagInkomen"):
        municipal_experiment(tmp_path, MUNICIPAL_SWEEP.replace("two.csv", "bad.csv"))


def test_a_sweep_of_municipalities_stores_every_neighbourhood_and_the_municipality(
        municipal_sweep):
    from wijksim.analysis.results import load_results
    from wijksim.experiments import store

    _, out = municipal_sweep
    town = store.load_run_tables(out)  # read like neighbourhoods' runs: the municipality's
    assert "neighbourhood" not in town.columns and town["key"].nunique() == 4
    assert (town["residents"] == 2700).all()
    every = store.load_run_tables(out, neighbourhoods=True)
    assert set(every["neighbourhood"]) == {"WK000101", "WK000102", MUNICIPALITY}
    results = load_results(out)
    assert len(results.summary) == 4 and len(results.neighbourhoods) == 8
    for key, rows in results.neighbourhoods.groupby("key"):
        whole = results.summary.set_index("key").loc[key]
        for flow in ("cost_total", "unmet_need_hours"):  # per resident per year
            summed = float((rows[flow] * rows["residents"]).sum())
            assert np.isclose(whole[flow] * 2700, summed, rtol=1e-9), (key, flow)


@pytest.mark.parametrize("lang, heading, row", [("en", "## Neighbourhoods", "| municipality |"),
                                                ("nl", "## Wijken", "| gemeente |")])
def test_the_report_of_a_municipal_sweep_has_a_section_per_neighbourhood(
        municipal_sweep, tmp_path, lang, heading, row):
    from wijksim.analysis.report import build_report

    _, out = municipal_sweep
    report = build_report(out, tmp_path / lang, lang=lang)
    markdown = report.read_text(encoding="utf-8")
    section = markdown[markdown.index(heading):]
    assert "two.csv" in section and row in section and "WK000101" in section
    assert ("Means over 2 runs" if lang == "en" else "Gemiddelden over 2 runs") in section
    for scenario in ("baseline", "generalist_teams"):
        assert (report.parent / "figures" / f"neighbourhoods_{scenario}.png").stat().st_size
    table = pd.read_csv(report.parent / "tables" / "neighbourhoods.csv")
    assert len(table) == 4 and set(table["neighbourhood"]) == {"WK000101", "WK000102"}


def test_a_municipal_sweeps_geojson_is_checked_when_the_experiment_loads(tmp_path):
    from wijksim.experiments.design import ExperimentError

    alone = MUNICIPAL_SWEEP.replace("municipality: two.csv\n", "")
    with pytest.raises(ExperimentError, match=r"exp.yaml:3: geojson: .*municipality: "):
        municipal_experiment(tmp_path, alone)
    (tmp_path / "points.geojson").write_text(SHAPES.replace('"Polygon"', '"Point"', 1))
    with pytest.raises(ExperimentError, match=r"points.geojson:1: WK000101: geometry Point"):
        municipal_experiment(tmp_path, MUNICIPAL_SWEEP.replace("two.geojson",
                                                               "points.geojson"))


def test_wijksim_report_names_and_draws_the_neighbourhoods(municipal_sweep, tmp_path, capsys):
    """The CLI reads the table and outlines the experiment named: names in the section, the
    map from the outlines."""
    from wijksim.cli.main import main

    _, out = municipal_sweep
    assert main(["report", str(out), "--out", str(tmp_path / "r")]) == 0
    section = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    section = section[section.index("## Neighbourhoods"):]
    assert "| Oost |" in section and "| West |" in section
    assert "worst off in Oost" in section or "worst off in West" in section
    assert "schematic" not in section  # drawn from the outlines, not as tiles


def test_scenarios_differing_only_in_their_targets_are_different_runs(tmp_path):
    """A sweep of municipalities keys a run by the scenario's neighbourhoods: entries too."""
    for count in (1, 2):
        (tmp_path / f"t{count}.yaml").write_text(TARGETED.replace("teams_in_oost", f"t{count}")
                                                 .replace("most_deprived: 1",
                                                          f"most_deprived: {count}"))
    text = MUNICIPAL_SWEEP.replace("[scenarios/baseline.yaml, scenarios/generalist_teams.yaml]",
                                   "[t1.yaml, t2.yaml]")
    configs = municipal_experiment(tmp_path, text).configs
    assert len({c.key for c in configs}) == len(configs) == 4


def test_a_municipal_run_carries_the_runs_seed_and_each_neighbourhoods_own(runs):
    _, _, weekly = runs
    assert (weekly["seed"] == 4).all()
    own = weekly.groupby("neighbourhood")["neighbourhood_seed"].first()
    assert own["WK000102"] == neighbourhood_seed(4, 1) and own.nunique() == 2


SAME_AS_BASELINE = """name: baseline_again
title: The baseline under another name
description: Nothing changes.
changes: {}
"""


def test_compare_municipality_from_a_week_branches_b_from_as_state(tmp_path, capsys):
    """Branched at week 6 under the same rules, B goes on exactly as A (every difference 0);
    with teams in Oost from the branch, Oost's cost after it moves; a week outside the run is
    a clear error."""
    from wijksim.cli.main import main

    table = tmp_path / "two.csv"
    table.write_text(TABLE)
    same, teams = tmp_path / "same.yaml", tmp_path / "teams.yaml"
    same.write_text(SAME_AS_BASELINE)
    teams.write_text(TARGETED)
    common = ["--municipality", str(table), "--seeds", "2", "--years", "0.2", "--format", "csv",
              "--from-week", "6"]
    assert main(["compare", "scenarios/baseline.yaml", str(same), *common]) == 0
    long = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert (long["difference"] == 0).all()
    assert main(["compare", "scenarios/baseline.yaml", str(teams), *common]) == 0
    captured = capsys.readouterr()
    long = pd.read_csv(io.StringIO(captured.out))
    oost = long[(long["neighbourhood"] == "WK000101") & (long["outcome"] == "cost_total")]
    assert oost["difference"].iloc[0] != 0
    assert "branched from A at week 6" in captured.err
    assert main(["compare", "scenarios/baseline.yaml", str(same), *common[:-1], "999"]) != 0
    assert "the branch week must be from 0 to 9" in capsys.readouterr().err


def test_a_branched_municipality_shares_as_history_up_to_the_branch():
    from wijksim.experiments.municipality import run_municipality_branched
    from wijksim.experiments.scenarios import parse_scenario

    table = parse_neighbourhood_table(TABLE, "two.csv")
    teams = parse_scenario(TARGETED, "teams.yaml")
    first, second = run_municipality_branched(load_scenario("scenarios/baseline.yaml"), teams,
                                              table, seed=3, years=0.2, from_week=5)
    outcomes = [c for c in first.columns if c not in ("scenario",)]
    before = first["week"] <= 5
    pd.testing.assert_frame_equal(first.loc[before, outcomes], second.loc[before, outcomes])
    oost = (first["neighbourhood"] == "WK000101") & ~before
    assert not np.allclose(first.loc[oost, "cost_total"], second.loc[oost, "cost_total"])


def test_the_municipal_wait_is_the_mean_over_everyone_on_its_lists():
    """One waits 10 weeks in a small neighbourhood, three wait 2 weeks in a large one: the
    municipality's mean wait is (10 + 3 x 2) / 4 = 4 weeks, not a residents-weighted mean;
    nobody waiting anywhere is a wait of 0."""
    from wijksim.analysis.municipal import municipal_weeks

    weekly = pd.DataFrame({"neighbourhood": ["a", "b", "a", "b"], "week": [1, 1, 2, 2],
                           "residents": [1000, 9000, 1000, 9000],
                           "waiting_weeks": [10.0, 2.0, 0.0, 0.0],
                           "specialist_waiting": [1.0, 3.0, 0.0, 0.0],
                           "cost_total": [5.0, 7.0, 1.0, 1.0]})
    town = municipal_weeks(weekly).set_index("week")
    assert town.loc[1, "waiting_weeks"] == pytest.approx(4.0)
    assert town.loc[2, "waiting_weeks"] == 0.0
    assert town.loc[1, "specialist_waiting"] == 4.0 and town.loc[1, "cost_total"] == 12.0


def test_a_table_without_the_places_on_the_lists_has_no_municipal_wait():
    """A table stored before the places on the lists were counted gives an unknown municipal
    wait (NaN), not the residents-weighted mean of the neighbourhoods' waits."""
    from wijksim.analysis.municipal import municipal_weeks

    weekly = pd.DataFrame({"neighbourhood": ["a", "b"], "week": [1, 1],
                           "residents": [1000, 9000], "waiting_weeks": [10.0, 2.0],
                           "cost_total": [5.0, 7.0]})
    town = municipal_weeks(weekly).set_index("week")
    assert np.isnan(town.loc[1, "waiting_weeks"])
    assert town.loc[1, "cost_total"] == 12.0


def test_the_municipal_rules_are_in_every_municipal_run_key(monkeypatch, tmp_path):
    """The stored municipal rows are made by analysis.municipal's rules: a change to them gives
    municipal runs new keys (stored rows made under the old rules are not reused); a single
    neighbourhood's keys do not depend on them."""
    from wijksim.analysis import municipal
    from wijksim.experiments import design
    from wijksim.experiments.design import load_experiment

    table = Path(__file__).resolve().parents[1] / "scenarios" / "municipalities" / \
        "example_town.csv"
    single, town = tmp_path / "single.yaml", tmp_path / "town.yaml"

    def keys(path):
        return [c.key for c in load_experiment(path).configs]

    scenarios = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
    common = f"scenarios: [{scenarios}]\nreplications: 1\nyears: 1\nmaster_seed: 1\n"
    single.write_text(f"name: single\n{common}residents: 2000\n")
    town.write_text(f"name: town\n{common}municipality: {table}\n")
    before_single, before_town = keys(single), keys(town)
    municipal.rules_hash.cache_clear()
    monkeypatch.setattr(municipal, "WEIGHTED_BY", {})
    try:
        assert keys(single) == before_single
        assert keys(town) != before_town
    finally:
        municipal.rules_hash.cache_clear()
    monkeypatch.undo()
    assert keys(town) == before_town
    # the code that builds and runs the neighbourhoods (an edit of experiments.municipality)
    monkeypatch.setattr(design, "municipal_code_hash", lambda: "edited")
    assert keys(single) == before_single
    assert keys(town) != before_town


def test_the_municipal_code_hash_covers_the_files_that_build_and_run_a_municipality(tmp_path):
    """Any edit of those modules' files changes the hash that is part of municipal run keys."""
    from wijksim.experiments.provenance import (
        MUNICIPAL_MODULES,
        municipal_code_hash,
        source_files_hash,
    )

    root = Path(__file__).resolve().parents[1]
    files = [root / "experiments" / "neighbourhood_table.py",
             root / "experiments" / "municipality.py", root / "analysis" / "municipal.py"]
    assert len(MUNICIPAL_MODULES) == len(files)
    assert municipal_code_hash() == source_files_hash(files)
    copies = []
    for path in files:
        copies.append(tmp_path / path.name)
        copies[-1].write_bytes(path.read_bytes())
    assert source_files_hash(copies) == municipal_code_hash()
    copies[1].write_bytes(copies[1].read_bytes() + b"# an edit\n")
    assert source_files_hash(copies) != municipal_code_hash()
