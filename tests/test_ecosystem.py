"""Fitting the ecosystem (issue 12): numpy values, readable files, honest provenance, Dask."""

import json
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from wijksim.experiments.design import load_experiment
from wijksim.experiments.provenance import code_version, model_source_hash
from wijksim.experiments.results_file import read_metadata
from wijksim.experiments.runner import write_atomically
from wijksim.experiments.sweep import run_sweep
from wijksim.sim.params import ParameterError, Params, with_changes

ROOT = Path(__file__).resolve().parents[1]

EXPERIMENT = """\
name: eco
scenarios: [{root}/scenarios/baseline.yaml]
years: 0.1
residents: 200
replications: 2
master_seed: 3
"""


# --------------------------------------------------------------------------- numpy values


def test_numpy_and_pandas_scalars_pass_the_same_checks_as_python_values():
    params = with_changes(Params(), {"generalists.caseload": np.int64(25),
                                     "municipality.budget_cut": np.float64(0.25),
                                     "generalists.enabled": np.bool_(True),
                                     "population.n_residents": pd.Series([800]).iloc[0]})
    assert params.generalists.caseload == 25 and type(params.generalists.caseload) is int
    assert params.municipality.budget_cut == 0.25
    assert params.generalists.enabled is True
    assert params.population.n_residents == 800
    with pytest.raises(ParameterError, match="from 1 to 200"):
        with_changes(Params(), {"generalists.caseload": np.int64(2500)})
    with pytest.raises(ParameterError, match="bad value True"):  # a bool is not a number
        with_changes(Params(), {"generalists.caseload": np.bool_(True)})


# --------------------------------------------------------------------------- permissions


def test_files_written_atomically_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a.json", lambda p: p.write_text("{}"))
        os.umask(0o077)
        write_atomically(tmp_path / "b.json", lambda p: p.write_text("{}"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o600


# --------------------------------------------------------------------------- provenance


def test_an_edit_of_the_model_source_changes_the_code_version(tmp_path):
    copy = tmp_path / "sim"
    shutil.copytree(ROOT / "sim", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = model_source_hash(copy)
    assert before == model_source_hash(ROOT / "sim")
    with (copy / "problems.py").open("a") as handle:  # an uncommitted edit
        handle.write("\n# changed\n")
    assert model_source_hash(copy) != before
    assert model_source_hash() in code_version()


def test_a_sweep_reruns_after_the_model_changes_and_files_carry_provenance(tmp_path,
                                                                           monkeypatch):
    path = tmp_path / "eco.yaml"
    path.write_text(EXPERIMENT.format(root=ROOT))
    out = tmp_path / "out"
    first = run_sweep(load_experiment(path).configs, out, executor="serial", progress=False)
    assert (first.done, first.skipped) == (2, 0)
    again = run_sweep(load_experiment(path).configs, out, executor="serial", progress=False)
    assert (again.done, again.skipped) == (0, 2)

    files = sorted((out / "runs").glob("*.parquet"))
    meta = read_metadata(files[0])
    assert meta["provenance"]["code_version"] == code_version()
    assert meta["provenance"]["seed"] in load_experiment(path).seeds
    assert meta["provenance"]["parameters"][0]["parameters"]["population"]["n_residents"] == 200
    assert meta["outcomes"]["cost_total"]["unit"].startswith("EUR")
    table = pd.read_parquet(files[0])
    assert table["start_state"].tolist() == [True] + [False] * (len(table) - 1)

    import wijksim.experiments.design as design  # the model "changed": other code, other keys
    monkeypatch.setattr(design, "code_version", lambda: "sim-edited")
    changed = run_sweep(load_experiment(path).configs, out, executor="serial", progress=False)
    assert (changed.done, changed.skipped) == (2, 0)


def test_the_report_warns_when_runs_come_from_different_code(tmp_path):
    from wijksim.analysis.report import build_report

    path = tmp_path / "eco.yaml"
    path.write_text(EXPERIMENT.format(root=ROOT))
    out = tmp_path / "out"
    run_sweep(load_experiment(path).configs, out, executor="serial", progress=False)
    one = sorted((out / "runs").glob("*.parquet"))[0]
    arrow = pq.read_table(one)
    meta = json.loads(arrow.schema.metadata[b"wijksim"])
    meta["provenance"]["code_version"] = "sim-older"
    pq.write_table(arrow.replace_schema_metadata(
        {**arrow.schema.metadata, b"wijksim": json.dumps(meta).encode()}), one)
    report = build_report(out).read_text()
    assert "2 different versions of the code" in report
    assert "sim-older: 1 runs" in report


# --------------------------------------------------------------------------- Dask


@pytest.mark.dask
def test_an_unreachable_scheduler_writes_nothing(tmp_path, monkeypatch):
    import wijksim.experiments.sweep as sweep
    monkeypatch.setattr(sweep, "CONNECT_TIMEOUT", "2s")
    path = tmp_path / "eco.yaml"
    path.write_text(EXPERIMENT.format(root=ROOT))
    out = tmp_path / "out"
    with pytest.raises(OSError):
        run_sweep(load_experiment(path).configs, out, executor="dask",
                  scheduler="tcp://127.0.0.1:9", progress=False)
    assert not out.exists()


# --------------------------------------------------------------------------- YAML 1.2


def scenario_text(changes: str) -> str:
    return f"name: yaml12\ntitle: YAML 1.2\ndescription: plain values\nchanges:\n{changes}"


def test_plain_values_follow_yaml_1_2_not_1_1():
    from wijksim.experiments.scenarios import parse_scenario

    scenario = parse_scenario(scenario_text("  generalists.caseload: 020\n"
                                            "  municipality.budget_cut: 1e-1\n"))
    assert scenario.changes == {"generalists.caseload": 20, "municipality.budget_cut": 0.1}
    from wijksim.experiments.scenarios import ScenarioError

    for text, shown in (("  generalists.enabled: on\n", "'on'"),
                        ("  generalists.caseload: 1:20\n", "'1:20'"),
                        ("  generalists.caseload: 0x10\n", "'0x10'")):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(scenario_text(text), source="s.yaml")
        assert caught.value.problems[0].startswith("s.yaml:5: ")
        assert f"bad value {shown}" in caught.value.problems[0]


def test_nested_parameter_keys_are_read_as_dotted_paths():
    from wijksim.experiments.scenarios import ScenarioError, parse_scenario

    scenario = parse_scenario(scenario_text("  generalists:\n    enabled: true\n"
                                            "    caseload: 20\n"
                                            "  municipality.budget_cut: 0.1\n"))
    assert scenario.changes == {"generalists.enabled": True, "generalists.caseload": 20,
                                "municipality.budget_cut": 0.1}
    with pytest.raises(ScenarioError, match="s.yaml:7: changes: generalists.enabled is given "
                                            "twice, at line 6 and at line 7"):
        parse_scenario(scenario_text("  generalists:\n    enabled: true\n"
                                     "  generalists.enabled: false\n"), source="s.yaml")
    with pytest.raises(ScenarioError, match="generalists.enabld: unknown parameter; did you "
                                            "mean generalists.enabled"):
        parse_scenario(scenario_text("  generalists: {enabld: true}\n"))


# --------------------------------------------------------------------------- Mesa conventions

QUICK = {"population__n_residents": 400, "simulation__warmup_years": 0}


def test_batch_run_varies_parameters_given_as_keywords():
    import mesa

    from wijksim.sim.model import WijkModel

    rows = mesa.batch_run(WijkModel, parameters={"generalists__enabled": True,
                                                 "generalists__per_1000_residents": [0.6, 2.4],
                                                 "seed": 7, **QUICK},
                          max_steps=4, display_progress=False)
    by_staff = {row["generalists__per_1000_residents"]: row for row in rows}
    assert set(by_staff) == {0.6, 2.4} and {row["Step"] for row in rows} == {4}
    assert by_staff[2.4]["cost_generalist"] > 3 * by_staff[0.6]["cost_generalist"]


def test_seeds_follow_mesa_conventions():
    from wijksim.sim.model import WijkModel

    assert WijkModel(seed="5", **QUICK).seed == 5  # Mesa's seed box sends text
    fresh = {WijkModel(**QUICK).seed for _ in range(3)}
    assert len(fresh) == 3  # seed=None draws a new seed each time, and records it
    with pytest.raises(TypeError, match="seed"):
        WijkModel(seed="five", **QUICK)


def test_run_model_returns_after_the_configured_years_and_blocks_carry_layers():
    from wijksim.sim.model import WijkModel

    model = WijkModel(seed=3, simulation__run_years=0.1, **QUICK)
    model.run_model()
    assert not model.running and model.week == round(0.1 * 52)
    residents = model.block_layers["residents"].data
    assert residents.sum() == model.residents.n
    agent = model.resident_agents[11]
    assert agent.pos == agent.coordinate
    x, y = agent.pos
    assert model.grid[(x, y)].wellbeing == pytest.approx(float(
        model.residents.wellbeing[(model.residents.x == x) & (model.residents.y == y)].mean()),
        rel=1e-5)


def test_solaraviz_model_params_with_a_slider_build_the_model():
    from mesa.visualization import Slider
    from mesa.visualization.solara_viz import _check_model_params, split_model_params

    from wijksim.sim.model import WijkModel

    model_params = {"generalists__caseload": Slider("Caseload", 20, 5, 60, 5),
                    "seed": "4", **QUICK}
    _check_model_params(WijkModel.__init__, model_params)  # what SolaraViz checks first
    sliders, fixed = split_model_params(model_params)
    values = {**fixed, **{name: 35 for name in sliders}}  # the slider moved to 35
    model = WijkModel(**values)  # how SolaraViz rebuilds the model
    assert model.timeline.start.generalists.caseload == 35 and model.seed == 4


# --------------------------------------------------------------------------- a CLI for scripts


def test_format_json_and_csv_give_only_data_on_standard_output(tmp_path, capsys):
    from wijksim.cli.main import main

    code = main(["run", "scenarios/baseline.yaml", "--years", "0.1", "--residents", "200",
                 "--out", str(tmp_path), "--format", "json"])
    captured = capsys.readouterr()
    records = json.loads(captured.out)  # nothing but JSON on standard output
    assert code == 0 and "wrote" in captured.err
    cost = next(r for r in records if r["outcome"] == "cost_total")
    assert cost["unit"] == "EUR per resident per year" and cost["value"] > 0

    assert main(["params", "--format", "csv"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert {"path", "default", "unit", "low", "high", "source"} <= set(table.columns)
    assert "generalists.caseload" in set(table["path"])


def test_version_and_help_name_every_command(capsys):
    from wijksim.cli.main import COMMANDS, build_parser, main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("wijksim ")
    text = build_parser().format_help()
    assert all(name in text for name in COMMANDS) and "``" not in text


def test_overview_table_fits_100_columns_with_units_and_intervals(tmp_path, capsys):
    from wijksim.cli.main import main

    assert main(["overview", "--seeds", "2", "--years", "0.1", "--residents", "150",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.split("\n\n")[0].splitlines()  # the title and the table (paths follow)
    assert len(lines) >= 10 and max(len(line) for line in lines) <= 100
    assert any("[EUR/res/yr]" in line for line in lines)
    assert sum("±" in line for line in lines) >= 8


# --------------------------------------------------------------------------- results as data


def test_consolidate_writes_one_dataset_and_a_runs_table(tmp_path, capsys):
    import pyarrow.dataset as ds

    from wijksim.analysis.summary import per_resident_per_year, summarise_run
    from wijksim.cli.main import main

    path = tmp_path / "eco.yaml"
    path.write_text(EXPERIMENT.format(root=ROOT) + "fixed: {generalists.caseload: 30}\n"
                    "design:\n  kind: grid\n  parameters:\n"
                    "    municipality.budget_cut: {values: [0.0, 0.2]}\n")
    out = tmp_path / "out"
    run_sweep(load_experiment(path).configs, out, executor="serial", progress=False)
    assert main(["results", "consolidate", str(out)]) == 0
    assert "duckdb" in capsys.readouterr().out

    dataset = ds.dataset(out / "dataset", format="parquet", partitioning="hive").to_table()
    frame = dataset.to_pandas()
    assert "municipality__budget_cut" in frame.columns and not any("." in c for c in
                                                                    frame.columns)
    assert set(frame["scenario"]) == {"baseline"} and frame["key"].nunique() == 4

    runs = pd.read_parquet(out / "runs_table.parquet")
    assert len(runs) == 4 and (runs["generalists__caseload"] == 30).all()
    assert (runs["population__n_residents"] == 200).all()
    assert sorted(runs["municipality__budget_cut"].unique()) == [0.0, 0.2]
    assert "simulation__warmup_years" not in runs  # unchanged parameters are left out
    one = pd.read_parquet(sorted((out / "runs").glob("*.parquet"))[0])
    row = runs.set_index("key").loc[one["key"].iloc[0]]
    assert row["cost_total"] == pytest.approx(summarise_run(one)["cost_total"])
    view = per_resident_per_year(one)  # the CLI's units, week by week
    assert view["week"].min() == 1
    assert view["cost_total"].mean() == pytest.approx(summarise_run(one)["cost_total"],
                                                      rel=0.02)


# --------------------------------------------------------------------------- one namespace, an API


def test_the_install_claims_only_the_wijksim_name(tmp_path):
    import subprocess
    import sys

    code = ("import importlib.util as u, wijksim.sim.params as p; "
            "print([n for n in ('sim', 'experiments', 'analysis', 'app', 'cli') "
            "if u.find_spec(n)], p.Params().generalists.caseload)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout  # outside the checkout
    assert out.strip() == "[] 20"


def test_python_api_runs_and_compares_scenarios():
    import wijksim

    runs = wijksim.run(ROOT / "scenarios" / "generalist_teams.yaml", seeds=[3, 4], years=0.2,
                       residents=300, generalists__caseload=25)
    assert list(runs["seed"]) == [3, 4] and (runs["scenario"] == "generalist_teams").all()
    assert (runs["cost_total"] > 0).all()
    diff = wijksim.compare(ROOT / "scenarios" / "baseline.yaml",
                           ROOT / "scenarios" / "generalist_teams.yaml", seeds=2, years=0.2,
                           residents=300, outcomes=["cost_generalist", "wellbeing_mean"])
    row = diff.set_index("outcome").loc["cost_generalist"]
    assert row["difference"] == pytest.approx(row["generalist_teams"] - row["baseline"])
    assert row["difference"] > 0 and row["low"] <= row["difference"] <= row["high"]
    with pytest.raises(Exception, match="generalists.caseloa"):
        wijksim.run(seeds=1, years=0.1, residents=300, generalists__caseloa=3)


def test_problems_are_records_with_source_line_and_path():
    from wijksim.experiments.scenarios import ScenarioError, parse_scenario
    from wijksim.experiments.yaml_files import Problem

    with pytest.raises(ScenarioError) as caught:
        parse_scenario(scenario_text("  generalists.enabld: true\n"), source="s.yaml")
    problem = caught.value.items[0]
    assert isinstance(problem, Problem) and (problem.source, problem.line) == ("s.yaml", 5)
    assert str(problem) == caught.value.problems[0] and str(problem).startswith("s.yaml:5: ")

    scenario = parse_scenario(scenario_text("  generalists.caseload: 20\n"), source="t.yaml")
    with pytest.raises(ScenarioError) as built:  # a bad override: no line, but a path
        scenario.build({"generalists.caseload": 0})
    record = built.value.items[0]
    assert (record.source, record.line, record.path) == ("t.yaml", None,
                                                         "generalists.caseload (override)")
    assert record.what.startswith("generalists.caseload (override): bad value 0")


def test_shell_completion_is_a_valid_bash_script(tmp_path, capsys):
    import subprocess

    from wijksim.cli.main import main

    assert main(["completion", "bash"]) == 0
    script = tmp_path / "wijksim.bash"
    script.write_text(capsys.readouterr().out)
    subprocess.run(["bash", "-n", str(script)], check=True)  # parses
    text = script.read_text()
    assert "consolidate" in text and "--format" in text


def test_ctrl_c_in_run_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    import wijksim.cli.main as cli_main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main, "run_one", interrupted)
    assert cli_main.main(["run", "scenarios/baseline.yaml", "--years", "0.1", "--out",
                          str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert "nothing was written" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- branch here


def test_a_fork_has_the_same_history_and_diverges_only_by_its_rules():
    from wijksim.sim.model import WijkModel

    model = WijkModel(seed=3, **QUICK)
    for _ in range(4):
        model.step()
    same = model.fork()
    teams = model.fork(generalists__enabled=True, **QUICK)
    for _ in range(6):
        for each in (model, same, teams):
            each.step()
    base, twin, other = (m.datacollector.get_model_vars_dataframe() for m in (model, same,
                                                                             teams))
    pd.testing.assert_frame_equal(base, twin)  # the same rules: the same future, bit for bit
    pd.testing.assert_frame_equal(base.iloc[:5], other.iloc[:5])  # shared history to week 4
    assert (other["cost_generalist"].iloc[5:] > 0).all()
    assert (base["cost_generalist"] == 0).all()
    with pytest.raises(ValueError, match="population.n_residents"):
        model.fork(population__n_residents=900)


def test_compare_from_a_branch_week():
    from wijksim import compare

    table = compare(ROOT / "scenarios" / "baseline.yaml",
                    ROOT / "scenarios" / "generalist_teams.yaml", seeds=2, years=0.4,
                    residents=300, from_week=10, outcomes=["cost_generalist"])
    row = table.iloc[0]
    assert row["baseline"] == 0 and row["generalist_teams"] > 0
    with pytest.raises(ValueError, match="branch week"):
        compare(ROOT / "scenarios" / "baseline.yaml",
                ROOT / "scenarios" / "generalist_teams.yaml", seeds=1, years=0.2,
                residents=300, from_week=50)
