"""Hostile YAML cannot hurt: aliases, deep nesting, control characters and huge files are
refused with a ``file:line`` message before any work, and bad values are shown shortened."""

from __future__ import annotations

import resource
import time

import pytest

from wijksim.cli.main import main
from wijksim.experiments.scenarios import (
    ScenarioError,
    load_scenario,
    parse_scenario,
)
from wijksim.experiments.yaml_files import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
)
from wijksim.sim.params import SHOWN_MAX, shown

# nine levels of ten aliases each: 10**9 strings if it were expanded
ALIAS_BOMB = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(8)) + "name: bomb\nchanges:\n  generalists.caseload: *i\n"


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, source="hostile.yaml")
    return caught.value.problems


def test_an_alias_bomb_is_refused_at_its_first_anchor_quickly_and_small():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    problems = _problems(ALIAS_BOMB)
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert problems == ["hostile.yaml:1: invalid YAML: anchors and aliases (&name, *name) are "
                        "not allowed: write each value out in full"]


def test_a_lone_anchor_or_alias_is_refused_with_its_line():
    assert _problems("name: x\nchanges:\n  generalists.caseload: &n 30\n")[0].startswith(
        "hostile.yaml:3: invalid YAML: anchors and aliases")


def test_nesting_deeper_than_the_limit_is_refused_at_its_line():
    deep = "name: x\nchanges: " + "[" * (MAX_YAML_DEPTH + 5) + "]" * (MAX_YAML_DEPTH + 5) + "\n"
    problems = _problems(deep)
    assert problems == [f"hostile.yaml:2: invalid YAML: nested more than {MAX_YAML_DEPTH} "
                        "levels deep"]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_a_message_with_a_line_not_a_traceback(char):
    problems = _problems(f"name: x\ntitle: a{char}b\n")
    assert problems[0].startswith("hostile.yaml:2: invalid YAML:")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("name: x\n" + "# filler\n" * (MAX_YAML_BYTES // 9 + 10), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems[0].startswith(f"{path}:1: the file is ")
    assert f"at most {MAX_YAML_BYTES:,} bytes" in caught.value.problems[0]


def test_a_huge_bad_value_is_shown_shortened():
    nested: list = ["x" * 1000] * 50
    for _ in range(30):
        nested = [nested] * 5
    assert len(shown(nested)) <= SHOWN_MAX
    assert len(shown("y" * 10_000)) <= SHOWN_MAX and shown(3) == "3"
    problems = _problems("name: x\nchanges:\n  generalists.caseload: '" + "z" * 5000 + "'\n")
    assert max(len(p) for p in problems) < 300


def test_set_with_malformed_yaml_or_an_alias_is_a_usage_error(capsys):
    for bad in ("generalists.caseload=[1, 2", "generalists.caseload=*a"):
        with pytest.raises(SystemExit) as caught:
            main(["run", "scenarios/baseline.yaml", "--set", bad])
        assert caught.value.code == 2
        assert "cannot read the value" in capsys.readouterr().err


def test_set_reads_numbers_as_scenario_files_do():
    from wijksim.cli.options import setting

    assert setting("municipality.budget_cut=1e-1") == ("municipality.budget_cut", 0.1)


# --------------------------------------------------------------------------- bounded work

EXPERIMENT = """\
name: big
scenarios: [scenarios/baseline.yaml]
years: {years}
residents: 100
replications: {replications}
master_seed: 1
"""


def _experiment_problems(text: str) -> list[str]:
    from wijksim.experiments.design import ExperimentError, parse_experiment

    with pytest.raises(ExperimentError) as caught:
        parse_experiment(text, "big.yaml")
    return caught.value.problems


@pytest.mark.parametrize("years", [".inf", ".nan", "-.inf", "1e308", "201"])
def test_years_that_are_not_finite_or_too_long_are_file_line_errors(years):
    problems = _experiment_problems(EXPERIMENT.format(years=years, replications=2))
    assert problems[0].startswith("big.yaml:3: years: bad value")
    assert "to 200" in problems[0]


def test_too_many_replications_or_samples_are_refused_before_any_work():
    from wijksim.experiments.design import MAX_REPLICATIONS, MAX_SAMPLES

    start = time.perf_counter()
    problems = _experiment_problems(EXPERIMENT.format(years=1, replications=10**9))
    assert problems == [f"big.yaml:5: replications: bad value 1000000000: expected a whole "
                        f"number from 1 to {MAX_REPLICATIONS:,}"]
    sobol = EXPERIMENT.format(years=1, replications=2) + (
        "design:\n  kind: sobol\n  samples: 1099511627776\n  parameters:\n"
        "    generalists.caseload: {low: 10, high: 40}\n")
    assert f"from 1 to {MAX_SAMPLES:,}" in _experiment_problems(sobol)[0]
    assert time.perf_counter() - start < 2.0


def test_a_design_over_the_run_limit_needs_allow_large():
    from wijksim.experiments.design import MAX_RUNS, parse_experiment

    grid = EXPERIMENT.format(years=0.1, replications=10_000) + (
        "design:\n  kind: grid\n  parameters:\n"
        "    generalists.caseload: {values: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}\n")
    problems = _experiment_problems(grid)
    assert problems == [f"big.yaml:7: this experiment asks for 110,000 runs (1 scenarios x 11 "
                        f"design points x 10,000 replications); the limit is {MAX_RUNS:,}: make "
                        "the design smaller, or pass --allow-large to run it knowingly"]
    allowed = parse_experiment(grid, "big.yaml", allow_large=True)
    assert len(allowed.configs) == 110_000


def test_an_endless_file_is_read_only_up_to_the_limit():
    with pytest.raises(ScenarioError) as caught:
        load_scenario("/dev/zero")
    assert caught.value.problems == [f"/dev/zero:1: the file is {MAX_YAML_BYTES + 1:,} bytes; "
                                     f"files of at most {MAX_YAML_BYTES:,} bytes are read"]


def test_an_experiment_cannot_read_files_outside_the_project_or_echo_them(tmp_path):
    from wijksim.experiments.design import ExperimentError, load_experiment

    secret = tmp_path.parent / f"{tmp_path.name}_secret.txt"
    secret.write_text("root SECRET-HASH 19000 0 99999 7\nmore SECRET lines\n", encoding="utf-8")
    folder = tmp_path / "exp"
    folder.mkdir()
    path = folder / "exp.yaml"
    path.write_text(f"name: x\nscenarios: [{secret}]\nyears: 1\nreplications: 1\n"
                    "master_seed: 1\n", encoding="utf-8")
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    assert "is outside the project and the experiment's folder" in caught.value.problems[0]
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path, allow_outside=True)
    assert "SECRET" not in "\n".join(caught.value.problems)
    assert "not a single text value" in caught.value.problems[0]
