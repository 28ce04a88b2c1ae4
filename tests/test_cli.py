"""The command line on tiny cases: it runs, writes what it says, and reports bad input cleanly."""

import json

import pandas as pd
import pytest

from wijksim.cli.main import main


def test_run_writes_parquet_and_manifest(tmp_path, capsys):
    """`wijksim run` prints a summary and writes the weekly table and its provenance."""
    code = main(["run", "scenarios/generalist_teams.yaml", "--years", "0.2", "--seed", "3",
                 "--residents", "200", "--out", str(tmp_path)])
    assert code == 0
    assert "Life satisfaction, mean" in capsys.readouterr().out
    (table_file,) = tmp_path.glob("generalist_teams_seed3_*.parquet")
    table = pd.read_parquet(table_file)
    assert len(table) == 11 and (table["seed"] == 3).all()
    (manifest_file,) = tmp_path.glob("generalist_teams_seed3_*.manifest.json")
    manifest = json.loads(manifest_file.read_text())
    assert manifest["scenario_hash"].startswith(table_file.stem.rsplit("_", 1)[1])
    assert manifest["seed"] == 3 and manifest["versions"]["mesa"] == "3.3.1"
    assert manifest["parameters"][0]["parameters"]["generalists"]["enabled"] is True
    assert manifest["parameters"][0]["parameters"]["population"]["n_residents"] == 200


def test_compare_prints_paired_differences(capsys):
    """`wijksim compare` prints B minus A for the headline outcomes."""
    code = main(["compare", "scenarios/baseline.yaml", "scenarios/austerity.yaml", "--seeds",
                 "2", "--years", "1.2", "--residents", "200"])
    out = capsys.readouterr().out
    assert code == 0 and "difference" in out and "Public cost" in out


def test_overview_writes_chart(tmp_path, capsys):
    """`wijksim overview` (what `make run` does) writes a PNG and the tables."""
    code = main(["overview", "--seeds", "1", "--years", "0.1", "--residents", "150",
                 "--out", str(tmp_path)])
    assert code == 0
    assert (tmp_path / "cost_vs_wellbeing.png").stat().st_size > 10_000
    assert len(pd.read_csv(tmp_path / "scenarios.csv")) >= 8


def test_bad_scenario_is_reported_with_file_and_line(tmp_path, capsys):
    """A misspelt parameter exits 2 with file:line and the suggestion, no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: Bad\ndescription: x\nchanges:\n  generalists.enabld: true\n")
    code = main(["run", str(bad), "--years", "0.1", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.yaml:5" in err and "generalists.enabled" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.parquet"))


@pytest.mark.parametrize("args,expected", [
    (["--set", "generalists.caseload=0"], "from 1 to 200"),
    (["--set", "generalists.casload=3"], "did you mean"),
    (["--residents", "5"], "from 20 to"),
])
def test_bad_options_are_reported(args, expected, tmp_path, capsys):
    """Out-of-range or unknown parameters from the command line are errors with bounds."""
    code = main(["run", "scenarios/baseline.yaml", "--years", "0.1", "--out", str(tmp_path),
                 *args])
    assert code == 2 and expected in capsys.readouterr().err


def test_validate_reports_every_file(tmp_path, capsys):
    """`wijksim validate` says ok per good file and exits 2 if any file is bad."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: [unclosed\n")
    assert main(["validate", "scenarios/baseline.yaml"]) == 0
    assert main(["validate", "scenarios/baseline.yaml", str(bad)]) == 2
    assert "broken.yaml:" in capsys.readouterr().err


def test_runs_with_different_settings_do_not_overwrite_each_other(tmp_path):
    """Two runs of one scenario and seed with different overrides keep separate files."""
    for caseload in (20, 30):
        assert main(["run", "scenarios/generalist_teams.yaml", "--years", "0.1", "--residents",
                     "150", "--set", f"generalists.caseload={caseload}",
                     "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.parquet"))) == 2


def test_a_dated_change_after_the_end_is_pointed_out(tmp_path, capsys):
    """Austerity starts in year 2: a one-year run says the cut never happens."""
    assert main(["run", "scenarios/austerity.yaml", "--years", "1", "--residents", "150",
                 "--out", str(tmp_path)]) == 0
    assert "comes after the end of the run" in capsys.readouterr().err


@pytest.mark.parametrize("option,value", [("--years", "inf"), ("--years", "-1"),
                                          ("--seed", str(2**64)), ("--seed", "4.5")])
def test_unreasonable_options_are_refused(option, value, capsys):
    """Non-finite years and seeds that cannot be stored are refused up front."""
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "scenarios/baseline.yaml", option, value])
    assert exit_info.value.code == 2 and option in capsys.readouterr().err


def test_an_unusable_output_folder_is_a_message_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = main(["run", "scenarios/baseline.yaml", "--years", "0.05", "--residents", "200",
                 "--out", str(blocker / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "wijksim run: cannot use" in err and "Traceback" not in err


def test_a_full_disk_is_a_failed_run_exit_1(tmp_path, capsys, monkeypatch):
    import errno

    import wijksim.cli.main as cli_main

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.parquet"))

    monkeypatch.setattr(cli_main, "save_run", full)
    code = main(["run", "scenarios/baseline.yaml", "--years", "0.05", "--residents", "200",
                 "--out", str(tmp_path)])
    assert code == 1
    assert "No space left on device" in capsys.readouterr().err


def test_ctrl_c_is_exit_130_with_a_message(capsys, monkeypatch):
    import wijksim.cli.main as cli_main

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli_main.COMMANDS, "validate", interrupted)
    assert main(["validate", "scenarios/baseline.yaml"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_workshop_prepare_prices_the_levers_once(tmp_path, monkeypatch, capsys):
    """Issue 13 (item 10): ``wijksim workshop --prepare`` fills the server's lever-price cache
    before the workshop (a new room then has its prices at once); a second run finds them
    cached; an exercise that does not load is reported and makes the exit code 1."""
    monkeypatch.setenv("WIJKSIM_WORKSHOP_DIR", str(tmp_path / "rooms"))
    exercise = "tests/web/data/workshop_test.yaml"
    assert main(["workshop", "--prepare", exercise, "--workers", "1"]) == 0
    first = capsys.readouterr().out
    assert "workshop_test.yaml: lever prices at the start: ready" in first
    assert list((tmp_path / "workshop_cache").glob("*.json"))
    assert main(["workshop", "--prepare", exercise]) == 0
    assert "at the start: already in the cache" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nbudget: lots\n")
    assert main(["workshop", "--prepare", str(bad)]) == 1
    assert "bad.yaml" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["workshop", "--prepare", exercise, "--workers", "0"])
