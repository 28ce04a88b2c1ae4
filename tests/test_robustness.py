"""Robustness analysis (issue 11): shares over plausible worlds, regret, PRIM boxes in words,
feature scores, the EMA Workbench adapter and the command."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijksim.analysis.robustness import (
    failure_boxes,
    feature_scores,
    regret_table,
    robustness_table,
    satisficing_table,
    wilson,
)

ROOT = Path(__file__).resolve().parents[1]
OUTCOMES = {"cost_total": "minimize", "wellbeing_p10": "maximize"}


def hand_built(worlds: int = 60, seeds: int = 2) -> pd.DataFrame:
    """A policy that costs more exactly where x > 0.7 and is better on wellbeing everywhere."""
    rng = np.random.default_rng(4)
    x, z = rng.random(worlds), rng.random(worlds)
    rows = []
    for point in range(worlds):
        for seed in range(1, seeds + 1):
            noise = rng.normal(0, 0.01)
            rows.append({"scenario": "baseline", "seed": seed, "point_id": point, "x": x[point],
                         "z": z[point], "cost_total": 100.0 + noise, "wellbeing_p10": 6.0})
            extra = 5.0 if x[point] > 0.7 else -5.0
            rows.append({"scenario": "policy", "seed": seed, "point_id": point, "x": x[point],
                         "z": z[point], "cost_total": 100.0 + extra + noise,
                         "wellbeing_p10": 6.1})
    return pd.DataFrame(rows)


def test_shares_regret_and_satisficing_on_a_hand_built_sweep():
    summary = hand_built()
    failing = summary.groupby("point_id")["x"].first().gt(0.7).sum()
    table = robustness_table(summary, "baseline", OUTCOMES).set_index("outcome")
    cost = table.loc["cost_total"]
    assert cost["worlds"] == 60
    assert cost["share_worlds_better"] == pytest.approx(1 - failing / 60)
    assert cost["low"] < cost["share_worlds_better"] < cost["high"]
    assert table.loc["wellbeing_p10", "share_worlds_better"] == 1.0
    assert cost["max_regret"] == pytest.approx(5.0, abs=0.05)  # where x > 0.7 the baseline wins
    regret = regret_table(summary, OUTCOMES)
    assert regret[(regret.scenario == "baseline")
                  & (regret.outcome == "wellbeing_p10")]["regret"].max() == pytest.approx(0.1)
    satisficing = satisficing_table(summary, "baseline", OUTCOMES).iloc[0]
    assert satisficing["share_no_worse_on_all"] == pytest.approx(1 - failing / 60)


def test_wilson_interval():
    low, high = wilson(8, 10)
    assert 0.49 < low < 0.8 < high < 0.95
    assert wilson(0, 10)[0] == pytest.approx(0.0, abs=1e-12)


def test_prim_finds_the_region_where_the_policy_fails_and_says_it_in_words():
    boxes = failure_boxes(hand_built(), "baseline", OUTCOMES, ["x", "z"])
    assert list(boxes["outcome"]) == ["cost_total"]  # wellbeing never fails
    sentence = boxes["sentence"].iloc[0]
    assert sentence.startswith("policy does not beat baseline on cost_total when x is above 0.")
    threshold = float(sentence.split("x is above ")[1].split(":")[0].split()[0])
    assert 0.6 < threshold <= 0.72 and " z " not in sentence
    assert boxes["density"].iloc[0] > 0.9 and boxes["coverage"].iloc[0] >= 0.8


def test_feature_scores_name_the_assumption_that_matters():
    scores = feature_scores(hand_built(), "baseline", OUTCOMES, ["x", "z"])
    assert scores["policy: cost_total"].idxmax() == "x"


def test_outcomes_and_reference_are_checked_with_file_and_line(tmp_path):
    from wijksim.experiments.design import ExperimentError, load_experiment

    path = tmp_path / "bad.yaml"
    path.write_text(f"""name: bad
scenarios: [{ROOT}/scenarios/baseline.yaml, {ROOT}/scenarios/generalist_teams.yaml]
reference: baseline_world
years: 1
replications: 1
master_seed: 1
outcomes:
  cost_totl: minimize
  wellbeing_p10: better
""")
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    text = "\n".join(caught.value.problems)
    assert f"{path}:3: reference: 'baseline_world' is not one of" in text
    assert f"{path}:8: outcomes.'cost_totl': unknown outcome; did you mean cost_total?" in text
    assert f"{path}:9: outcomes.wellbeing_p10: bad direction 'better'" in text


def test_wijksim_runs_under_ema_workbench_evaluators():
    from ema_workbench import Policy, SequentialEvaluator

    from wijksim.experiments.ema import ema_model, to_ema

    files = [str(ROOT / "scenarios" / "baseline.yaml"),
             str(ROOT / "scenarios" / "generalist_teams.yaml")]
    model = ema_model(uncertainties={"network.willing_child": (0.4, 0.8)}, policies=files,
                      outcomes={"cost_total": "minimize"}, years=0.1, residents=300,
                      seeds=[1, 2])
    policies = [Policy(Path(f).stem, scenario_file=f) for f in files]
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=2, policies=policies)
    assert len(experiments) == 4 and outcomes["cost_total"].shape == (4,)
    assert (outcomes["cost_total"] > 0).all()
    assert "network__willing_child" in experiments.columns

    summary = pd.DataFrame({"scenario": ["a", "b"], "seed": [1, 1], "point_id": [0, 0],
                            "network.willing_child": [0.5, 0.5], "cost_total": [1.0, 2.0]})
    ema_experiments, ema_outcomes = to_ema(summary, ["network.willing_child"], ["cost_total"])
    assert list(ema_experiments.columns) == ["network__willing_child", "seed", "scenario",
                                             "policy", "model"]
    assert list(ema_outcomes["cost_total"]) == [1.0, 2.0]


def test_robustness_command_runs_and_writes_the_report(tmp_path, capsys):
    from wijksim.cli.main import main

    path = tmp_path / "tiny.yaml"
    path.write_text(f"""name: tiny_robustness
scenarios: [{ROOT}/scenarios/baseline.yaml, {ROOT}/scenarios/generalist_teams.yaml]
years: 0.1
residents: 200
replications: 1
master_seed: 5
design:
  kind: lhs
  samples: 8
  parameters:
    network.willing_child: {{low: 0.4, high: 0.8}}
    generalists.mobilisation: {{low: 0.0, high: 1.0}}
outcomes: {{cost_total: minimize, unmet_need_hours: minimize}}
""")
    out = tmp_path / "out"
    assert main(["robustness", str(path), "--out", str(out), "--executor", "serial"]) == 0
    report = (out / "robustness" / "robustness.md").read_text()
    assert "generalist_teams" in report and "plausible worlds" in report
    table = pd.read_csv(out / "robustness" / "tables" / "robustness.csv")
    assert set(table["outcome"]) == {"cost_total", "unmet_need_hours"}
    assert (table["worlds"] == 8).all()
    assert "share_worlds_better" in capsys.readouterr().out

    # the sweep's report shows, beside the differences, where they hold across the worlds
    assert main(["report", str(out)]) == 0
    report = (out / "report" / "report.md").read_text()
    assert "Where a difference holds across the plausible worlds" in report
    assert "of worlds |" in report


def test_a_plausible_design_draws_worlds_from_the_calibration_set_by_weight(tmp_path):
    from wijksim.experiments.design import ExperimentError, load_experiment

    plausible = tmp_path / "posterior.csv"
    plausible.write_text("network.willing_child,problems.onset_per_year,weight\n"
                         "0.5,0.02,1.0\n0.7,0.01,0.0\n0.6,0.015,3.0\n")
    head = f"""name: plausible
scenarios: [{ROOT}/scenarios/baseline.yaml]
years: 0.1
residents: 200
replications: 1
master_seed: 3
design:
  kind: plausible
  from: posterior.csv
"""
    path = tmp_path / "exp.yaml"
    path.write_text(head + "  samples: 40\n")
    experiment = load_experiment(path)
    worlds = {c.point["network.willing_child"] for c in experiment.configs}
    assert worlds == {0.5, 0.6}  # a row of weight 0 is never drawn
    assert len(experiment.configs) == 40

    plausible.write_text("network.willing_chil,weight\n0.5,1\n")
    with pytest.raises(ExperimentError, match=r"exp.yaml:9: design.from: .*posterior.csv:1: "
                                              r"'network.willing_chil' is not a parameter; "
                                              r"did you mean network.willing_child"):
        load_experiment(path)
    plausible.write_text("network.willing_child\n1.5\n")
    with pytest.raises(ExperimentError, match=r"posterior.csv:2: network.willing_child: 1.5 "
                                              r"is outside 0 to 1"):
        load_experiment(path)


def test_policy_search_returns_a_pareto_set_of_packages(tmp_path, capsys):
    from wijksim.cli.main import main

    path = tmp_path / "search.yaml"
    path.write_text(f"""name: tiny_search
scenarios: [{ROOT}/scenarios/baseline.yaml]
years: 0.1
residents: 200
replications: 1
master_seed: 2
design:
  kind: lhs
  samples: 2
  parameters:
    network.willing_child: {{low: 0.4, high: 0.8}}
outcomes: {{cost_total: minimize, unmet_need_hours: minimize}}
levers:
  generalists.enabled: {{values: [false, true]}}
  generalists.per_1000_residents: {{low: 0.3, high: 2.4}}
search: {{nfe: 12, population: 4}}
""")
    out = tmp_path / "out"
    assert main(["search", str(path), "--out", str(out)]) == 0
    pareto = pd.read_csv(out / "pareto.csv")
    assert len(pareto) >= 1
    assert set(pareto["generalists.enabled"]) <= {True, False}
    assert pareto["generalists.per_1000_residents"].between(0.3, 2.4).all()
    # a Pareto set: no package is at least as good on both objectives and better on one
    values = pareto[["cost_total", "unmet_need_hours"]].to_numpy()
    for i, a in enumerate(values):
        assert not any((b <= a).all() and (b < a).any() for j, b in enumerate(values) if j != i)
    assert (out / "search.md").exists() and (out / "figures" / "pareto.png").exists()


def test_search_levers_are_checked_with_file_and_line(tmp_path):
    from wijksim.experiments.design import ExperimentError, load_experiment

    path = tmp_path / "bad_search.yaml"
    path.write_text(f"""name: bad_search
scenarios: [{ROOT}/scenarios/baseline.yaml]
years: 1
replications: 1
master_seed: 1
outcomes: {{cost_total: minimize}}
levers:
  generalists.per_1000_residents: {{low: 0.3, high: 900}}
  generalists.enabld: {{values: [false, true]}}
search: {{nfe: 0, epsilons: {{wellbeing_p10: 0.1}}}}
""")
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    text = "\n".join(caught.value.problems)
    assert f"{path}:8: levers.generalists.per_1000_residents: bad value 900" in text
    assert f"{path}:9: levers.'generalists.enabld': unknown parameter" in text
    assert "search.nfe: bad value 0" in text
    assert "search.epsilons.'wellbeing_p10': not one of the outcomes" in text


def test_app_notes_find_the_robustness_runs_that_compared_two_scenarios(tmp_path):
    from wijksim.app.robustness_notes import robustness_notes

    folder = tmp_path / "results" / "sweeps" / "run1" / "robustness"
    (folder / "tables").mkdir(parents=True)
    (folder / "robustness.md").write_text("# Robustness: run1\n")
    pd.DataFrame([{"scenario": "teams", "reference": "baseline", "outcome": "cost_total",
                   "share_worlds_better": 0.25, "low": 0.1, "high": 0.4, "worlds": 20}]
                 ).to_csv(folder / "tables" / "robustness.csv", index=False)
    assert robustness_notes("baseline", "teams", root=tmp_path) == [
        "teams beats baseline on Public cost (excl. informal care) in 25% (10%-40%) of 20 "
        "plausible worlds (robustness run run1)"]
    assert robustness_notes("baseline", "teams", root=tmp_path, lang="nl") == [
        "teams doet het beter dan baseline op Publieke kosten (excl. informele zorg) in 25% "
        "(10%-40%) van 20 plausibele werelden (robuustheidsrun run1)"]
    assert robustness_notes("teams", "baseline", root=tmp_path) == []
