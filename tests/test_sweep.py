"""Experiment designs, and sweeps that write each run once, resume after a kill and survive
failing runs, on one core, local processes and a real Dask cluster."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from wijksim.cli.main import main
from wijksim.experiments import store
from wijksim.experiments.design import ExperimentError, load_experiment, parse_experiment, run_seeds
from wijksim.experiments.sweep import run_sweep
from wijksim.sim.params import parameter_table

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "experiments" / "smoke.yaml"
WIJKSIM = Path(sys.executable).with_name("wijksim")

HEAD = """\
name: test_design
scenarios: [scenarios/baseline.yaml, scenarios/generalist_teams.yaml]
years: 0.1
residents: 100
replications: 3
master_seed: 42
"""


def experiment(tmp_path, text, name="exp.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_experiment(path)


def problems_of(tmp_path, text):
    with pytest.raises(ExperimentError) as caught:
        experiment(tmp_path, text)
    return caught.value.problems


# --------------------------------------------------------------------------- designs


def test_grid_runs_every_combination_on_shared_seeds(tmp_path):
    exp = experiment(tmp_path, HEAD + """\
design:
  kind: grid
  parameters:
    generalists.per_1000_residents: {values: [0.6, 1.2, 2.4]}
    generalists.step_down: {values: [true, false]}
""")
    assert len(exp.configs) == 2 * 3 * 2 * 3  # scenarios x values x values x seeds
    assert {c.point_id for c in exp.configs} == set(range(6))
    assert len({c.key for c in exp.configs}) == len(exp.configs)
    seeds = {(c.scenario_name, c.point_id): [] for c in exp.configs}
    for config in exp.configs:
        seeds[config.scenario_name, config.point_id].append(config.seed)
    assert all(s == list(exp.seeds) for s in seeds.values())  # paired everywhere
    assert all(c.overrides["population.n_residents"] == 100 for c in exp.configs)


def test_lhs_and_sobol_sizes_stay_within_bounds(tmp_path):
    lhs = experiment(tmp_path, HEAD.replace("replications: 3", "replications: 1") + """\
design:
  kind: lhs
  samples: 7
  parameters:
    generalists.caseload: {low: 10, high: 30}
    network.willing_kin: {}
""")
    points = {c.point_id: c.point for c in lhs.configs}
    assert len(points) == 7 and len(lhs.configs) == 14
    for point in points.values():
        assert isinstance(point["generalists.caseload"], int)
        assert 10 <= point["generalists.caseload"] <= 30
        assert 0.0 <= point["network.willing_kin"] <= 1.0  # the parameter's own bounds
    sobol = experiment(tmp_path, HEAD.replace("replications: 3", "replications: 1") + """\
design:
  kind: sobol
  samples: 4
  parameters:
    generalists.depth: {low: 0.2, high: 0.9}
    problems.clustering: {low: 0.0, high: 1.5}
""", name="sobol.yaml")
    points = {c.point_id: c.point for c in sobol.configs}
    assert len(points) == 4 * (2 * 2 + 2)
    assert all(0.2 <= p["generalists.depth"] <= 0.9 for p in points.values())
    assert sobol.describe()["design"]["problem"]["bounds"] == [[0.2, 0.9], [0.0, 1.5]]


def test_seeds_and_keys_are_reproducible_from_the_master_seed(tmp_path):
    assert run_seeds(42, 3) == run_seeds(42, 3) == run_seeds(42, 5)[:3]
    assert run_seeds(42, 3) != run_seeds(43, 3)
    text = HEAD + "design: {kind: lhs, samples: 3, parameters: {generalists.depth: {}}}\n"
    first = parse_experiment(text, "a.yaml")
    again = parse_experiment(text, "a.yaml")
    assert [c.key for c in first.configs] == [c.key for c in again.configs]
    assert [c.point for c in first.configs] == [c.point for c in again.configs]
    assert list(first.seeds) == run_seeds(42, 3)


@pytest.mark.parametrize("tail, line, words", [
    ("replicatons: 2\n", 7, ["unknown top-level key", "did you mean replications"]),
    ("design:\n  kind: lhs\n  samples: 4\n  parameters:\n"
     "    generalists.depth: {low: -0.5, high: 0.9}\n", 11, ["-0.5", "outside", "0 to 1"]),
    ("design:\n  kind: sobol\n  samples: 48\n  parameters:\n"
     "    generalists.depth: {}\n", 9, ["48 is not a power of 2", "32 or 64"]),
    ("design:\n  kind: grid\n  parameters:\n    generalists.dept: {values: [0.5]}\n", 10,
     ["unknown parameter", "generalists.depth"]),
    ("design:\n  kind: lhs\n  samples: 4\n  parameters:\n    generalists.enabled: {}\n", 11,
     ["only in a grid"]),
    ("fixed: {generalists.caseload: 500}\n", 7, ["500", "from 1 to 200"]),
])
def test_bad_experiment_files_name_file_and_line(tmp_path, tail, line, words):
    problems = problems_of(tmp_path, HEAD + tail)
    assert any(p.startswith(f"{tmp_path / 'exp.yaml'}:{line}: ") and all(w in p for w in words)
               for p in problems), problems


def test_bad_experiment_exits_2_without_traceback(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "years: 2\n", encoding="utf-8")
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:7: years: duplicate key" in err and "Traceback" not in err


def test_sampled_bounds_default_to_parameter_metadata(tmp_path):
    exp = experiment(tmp_path, HEAD + "design: {kind: sobol, samples: 2, parameters: "
                     "{specialists.coordination_hours: {}}}\n")
    info = parameter_table()["specialists.coordination_hours"]
    assert exp.design.factors[0].low == info.lo and exp.design.factors[0].high == info.hi


# --------------------------------------------------------------------------- sweeps


def result_files(out):
    return sorted((out / "runs").glob("*.parquet"))


def without_timing(table):
    return table.drop(columns="run_seconds").sort_values(["key", "week"]).reset_index(drop=True)


def test_serial_and_process_sweeps_write_one_file_per_run(tmp_path):
    exp = load_experiment(SMOKE)
    serial = run_sweep(exp.configs, tmp_path / "a", executor="serial", progress=False,
                       experiment=exp)
    processes = run_sweep(exp.configs, tmp_path / "b", executor="processes", workers=2,
                          progress=False, experiment=exp)
    assert (serial.done, serial.failed, processes.done, processes.failed) == (4, 0, 4, 0)
    for out in (tmp_path / "a", tmp_path / "b"):
        assert [p.stem for p in result_files(out)] == sorted(c.key for c in exp.configs)
    a, b = store.load_run_tables(tmp_path / "a"), store.load_run_tables(tmp_path / "b")
    pd.testing.assert_frame_equal(without_timing(a), without_timing(b))
    assert len(a) == 4 * (exp.configs[0].weeks + 1)
    manifest = store.load_manifest(tmp_path / "a")
    assert manifest["name"] == "smoke" and manifest["seeds"] == list(exp.seeds)
    assert manifest["versions"]["mesa"] == "3.3.1" and len(manifest["experiment_hash"]) == 64
    design = store.load_design(tmp_path / "a")
    assert sorted(design["key"]) == sorted(c.key for c in exp.configs)


def test_resume_redoes_only_what_is_missing(tmp_path):
    exp = load_experiment(SMOKE)
    out = tmp_path / "out"
    run_sweep(exp.configs, out, executor="serial", progress=False)
    result_files(out)[0].unlink()
    again = run_sweep(exp.configs, out, executor="serial", progress=False)
    assert (again.done, again.skipped, again.failed) == (1, 3, 0)
    assert len(result_files(out)) == 4


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path):
    doomed = tmp_path / "doomed.yaml"
    shutil.copy(ROOT / "scenarios" / "generalist_teams.yaml", doomed)
    exp = experiment(tmp_path, HEAD.replace("scenarios/generalist_teams.yaml", str(doomed)))
    doomed.unlink()  # validated, then gone before the runs start
    out = tmp_path / "out"
    summary = run_sweep(exp.configs, out, executor="serial", progress=False)
    assert (summary.done, summary.failed) == (3, 3)
    bad = {c.key for c in exp.configs if c.scenario_name == "generalist_teams"}
    assert store.failed_keys(out) == bad and len(result_files(out)) == 3
    record = store.read_error(out, sorted(bad)[0])
    assert "FileNotFoundError" in record["traceback"] and record["config"]["seed"] in exp.seeds
    shutil.copy(ROOT / "scenarios" / "generalist_teams.yaml", doomed)
    retry = run_sweep(exp.configs, out, executor="serial", progress=False)
    assert (retry.done, retry.skipped, retry.failed) == (3, 3, 0)
    assert store.failed_keys(out) == set() and not list((out / "runs").glob("*.error.json"))


def test_killed_sweep_resumes_without_losing_or_duplicating_runs(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("""\
name: long
scenarios: [scenarios/generalist_teams.yaml]
years: 1.5
residents: 2000
replications: 24
master_seed: 5
""", encoding="utf-8")
    out = tmp_path / "out"
    command = [str(WIJKSIM), "sweep", str(path), "--out", str(out), "--workers", "2",
               "--no-progress"]
    sweep = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(store.done_keys(out)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(sweep.pid, signal.SIGKILL)
    sweep.wait()
    first = len(store.done_keys(out))
    assert 3 <= first < 24, "the sweep should be killed part-way"
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    done = int(again.stdout.split(" done, ")[0].split()[-1])
    skipped = int(again.stdout.split(" skipped")[0].split()[-1])
    assert skipped >= first and done + skipped == 24
    design = store.load_design(out)
    assert len(design) == 24 and set(design["key"]) == store.done_keys(out)
    assert len(result_files(out)) == 24 and not list((out / "runs").glob("*.error.json"))
    results = store.load_run_tables(out)
    assert results.groupby("key").size().eq(results["week"].max() + 1).all()
    assert results["key"].nunique() == 24


@pytest.mark.dask
def test_dask_sweep_on_a_real_cluster(tmp_path, capsys):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        code = main(["sweep", str(SMOKE), "--out", str(tmp_path / "dask"), "--scheduler",
                     cluster.scheduler_address, "--no-progress"])
    assert code == 0
    assert "4 done, 0 skipped (already done), 0 failed" in capsys.readouterr().out
    exp = load_experiment(SMOKE)
    run_sweep(exp.configs, tmp_path / "serial", executor="serial", progress=False)
    pd.testing.assert_frame_equal(without_timing(store.load_run_tables(tmp_path / "dask")),
                                  without_timing(store.load_run_tables(tmp_path / "serial")))
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["runs"] == 4


@pytest.fixture
def shell_cluster(tmp_path):
    """A Dask scheduler and two workers started from the shell as separate processes, as a
    user starts them on a cluster (``dask scheduler``, ``dask worker``)."""
    dask = Path(sys.executable).with_name("dask")
    address_file = tmp_path / "scheduler.json"
    logs = open(tmp_path / "cluster.log", "w")  # noqa: SIM115 - closed below
    processes = [subprocess.Popen([str(dask), "scheduler", "--scheduler-file",
                                   str(address_file), "--port", "0", "--dashboard-address",
                                   ":0"], cwd=tmp_path, stdout=logs, stderr=logs)]
    deadline = time.monotonic() + 60
    while not address_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    processes += [subprocess.Popen([str(dask), "worker", "--scheduler-file", str(address_file),
                                    "--nthreads", "1", "--no-dashboard"], cwd=tmp_path,
                                   stdout=logs, stderr=logs) for _ in range(2)]
    try:
        from dask.distributed import Client

        with Client(scheduler_file=str(address_file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
            yield client
    finally:
        for process in processes[::-1]:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()


@pytest.mark.dask
def test_a_sweep_of_municipalities_on_a_scheduler_and_two_workers_from_the_shell(
        tmp_path, shell_cluster):
    """Issue 10 (item 8): a sweep of municipalities on a cluster started from the shell. Every
    run is submitted at once under a task name of scenario, point and seed; both workers run
    runs; results are those of a serial sweep; the scheduler serves its dashboard (bokeh)."""
    import urllib.request

    from tests.test_municipality import MUNICIPAL_SWEEP, SHAPES, TABLE

    (tmp_path / "two.csv").write_text(TABLE)
    (tmp_path / "two.geojson").write_text(SHAPES)
    experiment_file = tmp_path / "exp.yaml"
    experiment_file.write_text(MUNICIPAL_SWEEP)
    configs = load_experiment(experiment_file).configs
    client = shell_cluster
    client.get_task_stream()  # start recording on the scheduler
    out = tmp_path / "cluster"
    done = subprocess.run([str(WIJKSIM), "sweep", str(experiment_file), "--out", str(out),
                           "--scheduler", client.scheduler.address, "--no-progress"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "4 done, 0 skipped (already done), 0 failed" in done.stdout
    assert "Dask dashboard: http" in done.stderr
    tasks = client.get_task_stream()  # the scheduler's record of the tasks run
    names = {task["key"].rsplit("-", 1)[0] for task in tasks}  # less this sweep's token
    assert names == {f"{c.scenario_name}-point{c.point_id}-seed{c.seed}-{c.key[:8]}"
                     for c in configs}
    assert len({task["key"].rsplit("-", 1)[1] for task in tasks}) == 1
    assert len({task["worker"] for task in tasks}) == 2  # both workers ran runs
    run_sweep(configs, tmp_path / "serial", executor="serial", progress=False)
    for neighbourhoods in (False, True):
        pd.testing.assert_frame_equal(
            without_timing(store.load_run_tables(out, neighbourhoods=neighbourhoods)),
            without_timing(store.load_run_tables(tmp_path / "serial",
                                                 neighbourhoods=neighbourhoods)))
    with urllib.request.urlopen(client.dashboard_link, timeout=30) as page:
        assert page.status == 200


def test_task_names_say_scenario_point_and_seed():
    from wijksim.experiments.sweep import task_key

    config = load_experiment(SMOKE).configs[3]
    key = task_key(config)
    assert key.startswith(f"{config.scenario_name}-point{config.point_id}-seed{config.seed}-")
    from dask.utils import key_split

    assert key_split(key) == config.scenario_name  # the dashboard's group: the scenario


def test_dashboard_without_bokeh_is_a_clear_error(monkeypatch, capsys):
    import wijksim.cli.sweep as sweep_command

    monkeypatch.setattr(sweep_command, "dashboard_available", lambda: False)
    assert main(["sweep", str(SMOKE), "--dashboard", "--no-progress"]) == 2
    assert "pip install 'wijksim[dashboard]'" in capsys.readouterr().err


def test_a_dying_worker_fails_only_its_own_run(tmp_path, monkeypatch):
    """A run that kills its worker is failed; the runs in flight with it on live workers are
    run again and succeed."""
    import wijksim.experiments.sweep as sweep_module
    from tests import sweep_helpers

    exp = experiment(tmp_path, HEAD.replace("replications: 3", "replications: 4"))
    out = tmp_path / "out"
    out.mkdir()
    killer = exp.configs[1]
    (out / sweep_helpers.KILLER_SEED_FILE).write_text(str(killer.seed), encoding="utf-8")
    monkeypatch.setattr(sweep_module, "execute", sweep_helpers.execute_or_die)
    summary = run_sweep(exp.configs, out, executor="processes", workers=2, progress=False)
    failed = store.failed_keys(out)
    killed = {c.key for c in exp.configs if c.seed == killer.seed}
    assert failed == killed and summary.failed == len(killed)
    assert store.done_keys(out) == {c.key for c in exp.configs} - killed
    assert "died" in store.read_error(out, killer.key)["error"]


def test_two_sweeps_on_one_folder_cannot_run_at_once(tmp_path):
    out = tmp_path / "out"
    with store.locked(out):
        with pytest.raises(store.StoreBusy, match=f"process {os.getpid()}"):
            with store.locked(out):
                pass
    with store.locked(out):  # freed when the first one ends
        pass
