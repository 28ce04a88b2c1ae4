"""The evidence suite and calibration: targets files, the report, --strict, and a tiny ABC-SMC
run (the machinery, never the values)."""

import json

import pandas as pd
import pytest

from wijksim.cli.main import main
from wijksim.experiments.calibration import load_config
from wijksim.experiments.evidence import DEFAULT_TARGETS, EvidenceError, load_targets, parse_targets

GOOD = """\
name: tiny
facts:
  - name: satisfied
    fact: Most adults are satisfied with their life.
    outcome: share_satisfied
    band: [0.5, 1.0]
    unit: share of adults
    population: residents aged 18 and over
    period: a week
    role: calibration
    source: {title: CBS, year: 2023, url: "https://www.cbs.nl"}
  - name: impossible
    fact: Nobody is ever lonely.
    outcome: share_lonely
    band: [-1.0, -0.5]
    unit: share of adults
    population: residents aged 18 and over
    period: a week
    role: validation
    source: {title: none, year: 2020, url: "https://example.org"}
"""


def test_the_shipped_targets_load_and_cover_the_themes():
    targets = load_targets(DEFAULT_TARGETS)
    assert len(targets.facts) >= 25
    assert {"calibration", "validation"} == {f.role for f in targets.facts}
    outcomes = {f.outcome for f in targets.facts}
    for needed in ("carers_year", "wmo_clients_per_1000", "cost_total", "mpg_share_households",
                   "volunteers_year", "circle_claims_year", "share_satisfied"):
        assert needed in outcomes
    assert all(f.source.get("url", "").startswith("http") for f in targets.facts)


@pytest.mark.parametrize("old, new, expected", [
    ("    role: calibration\n", "    role: calibration\n    colour: red\n",
     "<t>:11: facts[0].colour: unknown key"),
    ("band: [0.5, 1.0]", "band: [1.0, 0.5]", "<t>:6: facts[0].band: low 1 is above high 0.5"),
    ("outcome: share_satisfied", "outcome: share_satisfyed",
     "<t>:5: facts[0].outcome: 'share_satisfyed' is not an outcome the model produces; did you "
     "mean share_satisfied"),
    ("role: calibration", "role: maybe", "<t>:10: facts[0].role: 'maybe' is not one of"),
    ("band: [0.5, 1.0]", "band: [0.5]", "<t>:6: facts[0].band: expected [low, high]"),
])
def test_bad_targets_are_file_line_errors(old, new, expected):
    with pytest.raises(EvidenceError) as error:
        parse_targets(GOOD.replace(old, new, 1), "<t>")
    assert any(p.startswith(expected) for p in error.value.problems), error.value.problems


def test_a_prior_outside_the_parameter_bounds_or_on_a_lever_is_refused(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text(f"name: x\ntargets: {DEFAULT_TARGETS}\nparameters:\n"
                    "  wellbeing.usual_mean: [7.0, 11.0]\n"
                    "  municipality.budget_cut: [0.0, 0.5]\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as error:
        load_config(path)
    problems = "\n".join(error.value.problems)
    assert f"{path}:4: parameters: wellbeing.usual_mean: prior [7, 11] is outside" in problems
    assert f"{path}:5: parameters: municipality.budget_cut is a policy lever" in problems


def test_evidence_writes_a_report_and_strict_fails_on_a_validation_fact(tmp_path, capsys):
    targets = tmp_path / "targets.yaml"
    targets.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "report"
    args = ["evidence", "--targets", str(targets), "--seeds", "2", "--residents", "600",
            "--years", "1", "--workers", "1", "--out", str(out)]
    assert main(args) == 0
    assert main([*args, "--strict"]) == 1
    captured = capsys.readouterr()
    assert "0 of 1 validation facts hold" in captured.out and "impossible" in captured.err
    table = pd.read_csv(out / "tables" / "evidence.csv")
    assert list(table["fact"]) == ["satisfied", "impossible"]
    assert (out / "evidence.html").read_text(encoding="utf-8").count("<img") == 2


def test_evidence_reports_a_bad_targets_file_without_a_traceback(tmp_path, capsys):
    targets = tmp_path / "bad.yaml"
    targets.write_text(GOOD.replace("band: [0.5, 1.0]", "band: [2, 1]"), encoding="utf-8")
    assert main(["evidence", "--targets", str(targets)]) == 2
    err = capsys.readouterr().err
    assert f"{targets}:6: facts[0].band: low 2 is above high 1" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_tiny_calibration_runs_and_resumes(tmp_path, capsys):
    targets = tmp_path / "targets.yaml"
    targets.write_text(GOOD, encoding="utf-8")
    config = tmp_path / "cal.yaml"
    config.write_text(f"name: tiny\ntargets: {targets}\nparameters:\n"
                      "  wellbeing.usual_mean: [7.8, 9.0]\nresidents: 300\nyears: 0.5\n"
                      "population: 4\ngenerations: 2\n", encoding="utf-8")
    out = tmp_path / "cal"
    assert main(["calibrate", str(config), "--out", str(out), "--workers", "1"]) == 0
    posterior = pd.read_csv(out / "posterior.csv")
    assert list(posterior.columns) == ["wellbeing.usual_mean", "weight"]
    assert posterior["weight"].sum() == pytest.approx(1.0)
    assert posterior["wellbeing.usual_mean"].between(7.8, 9.0).all()
    assert main(["calibrate", str(config), "--out", str(out), "--workers", "1",
                 "--generations", "3"]) == 0
    summary = json.loads((out / "calibration.json").read_text())
    assert summary["generations"] == 3
    sizes = summary["effective_sample_sizes"]
    assert len(sizes) == 3 and all(1.0 - 1e-9 <= s <= 4 + 1e-9 for s in sizes)
    record = (out / "calibration.md").read_text()
    assert "`wellbeing.usual_mean` | 7.8 to 9 |" in record and (out / "posterior.png").exists()
    assert "resuming" in capsys.readouterr().out


def test_effective_sample_size_is_one_when_one_particle_holds_all_weight():
    from wijksim.experiments.calibration import effective_sample_sizes

    class History:
        max_t = 1

        def get_distribution(self, t):
            return None, [[1, 1, 1, 1], [1e-9, 1e-9, 1e-9, 1.0]][t]

    sizes = effective_sample_sizes(History())
    assert sizes[0] == pytest.approx(4.0) and sizes[1] == pytest.approx(1.0, abs=1e-6)
