"""The sweep report: built from small real results directories, its tables hold what the runs
wrote, differences are paired on seeds, the frontier and the cost ratio are honest, Sobol
indices come with intervals, and failed runs are counted."""

import re
import shutil

import numpy as np
import pandas as pd
import pytest

from wijksim.analysis.document import number
from wijksim.analysis.report import build_report
from wijksim.analysis.results import NoRunsError, load_results
from wijksim.analysis.tables import (
    cost_effectiveness,
    differences,
    frontier,
    scenarios_of,
    sobol_indices,
    time_series,
)
from wijksim.cli.main import main
from wijksim.experiments import store
from wijksim.experiments.design import RunConfig, load_experiment
from wijksim.experiments.sweep import run_sweep

SCENARIOS = ["baseline", "generalist_teams", "austerity"]
SEEDS = [1, 2, 3]
SOBOL_PROBLEM = {"num_vars": 3,
                 "names": ["network.willing_kin", "problems.onset_per_year",
                           "specialists.per_1000_residents"],
                 "bounds": [[0.2, 1.0], [0.04, 0.16], [1.2, 4.8]]}


FAILED_KEY = "deadbeef" * 8  # a run key of the writer's form (64 hex digits)


def write_results(root, experiment_text: str):
    """Run a real (tiny) experiment with the sweep runner: the writer's own layout and keys."""
    path = root / "experiment.yaml"
    path.write_text(experiment_text, encoding="utf-8")
    experiment = load_experiment(path)
    run_sweep(experiment.configs, root / "out_runs", executor="serial", progress=False,
              experiment=experiment)
    for item in (root / "out_runs").iterdir():
        item.rename(root / item.name)
    return root


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory):
    """Three policies x 3 seeds, 200 residents, 0.3 years, plus one failed run."""
    root = tmp_path_factory.mktemp("policies")
    write_results(root, f"""name: policies
scenarios: [{", ".join(f"scenarios/{name}.yaml" for name in SCENARIOS)}]
years: 0.3
residents: 200
replications: {len(SEEDS)}
master_seed: 1
""")
    failed = RunConfig("scenarios/austerity.yaml", "austerity", {}, 4, 0.3, 0, FAILED_KEY)
    store.write_error(root, failed, "Traceback ...\nRuntimeError: boom")
    design = pd.read_parquet(root / "design.parquet")
    row = {"key": FAILED_KEY, "scenario": "austerity", "scenario_file": failed.scenario_path,
           "seed": 4, "point_id": 0, "weeks": failed.weeks}
    pd.concat([design, pd.DataFrame([row])]).to_parquet(root / "design.parquet", index=False)
    return root


@pytest.fixture(scope="module")
def policy_report(policy_dir):
    """The report built from ``policy_dir``."""
    return build_report(policy_dir, policy_dir / "out")


@pytest.fixture(scope="module")
def sobol_dir(tmp_path_factory):
    """A Sobol design of 3 parameters, N=8 (64 points) x 2 seeds, 100 residents, 0.1 year."""
    root = tmp_path_factory.mktemp("sobol")
    parameters = "".join(f"    {name}: {{low: {low}, high: {high}}}\n" for name, (low, high)
                         in zip(SOBOL_PROBLEM["names"], SOBOL_PROBLEM["bounds"], strict=True))
    return write_results(root, f"""name: sensitivity
scenarios: [scenarios/baseline.yaml]
years: 0.1
residents: 100
replications: 2
master_seed: 7
design:
  kind: sobol
  samples: 8
  parameters:
{parameters}""")


def _direct_summary(results_dir) -> pd.DataFrame:
    """Per run, straight from the Parquet files: cost per resident per year, mean wellbeing."""
    rows = []
    for path in sorted((results_dir / "runs").glob("*.parquet")):
        table = pd.read_parquet(path)
        weeks = table[table["week"] >= 1]
        residents = table["residents"].iloc[-1]
        rows.append({"scenario": table["scenario"].iloc[0], "seed": table["seed"].iloc[0],
                     "cost_total": weeks["cost_total"].sum() / (len(weeks) / 52) / residents,
                     "wellbeing_mean": weeks["wellbeing_mean"].mean()})
    return pd.DataFrame(rows)


def test_report_files_exist_and_html_is_self_contained(policy_report):
    """Markdown, HTML and PNG figures are written; the HTML fetches nothing from the web."""
    out = policy_report.parent
    assert policy_report.name == "report.md" and policy_report.exists()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", page, re.IGNORECASE)
    assert "<img src=\"data:image/png;base64," in page and "<table" in page
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert {"frontier.png", "time_series.png", "distribution.png"} <= set(figures)
    markdown = policy_report.read_text(encoding="utf-8")
    for figure in figures:
        assert f"](figures/{figure})" in markdown
    assert "Public cost (excl. informal care) [EUR per resident per year]" in markdown


def test_scenario_table_holds_what_the_runs_wrote(policy_dir, policy_report):
    """Means in the report's scenario table equal a direct recomputation from the run files."""
    table = pd.read_csv(policy_report.parent / "tables" / "scenarios.csv").set_index("scenario")
    direct = _direct_summary(policy_dir).groupby("scenario")[["cost_total", "wellbeing_mean"]]
    expected = direct.mean()
    assert set(table.index) == set(SCENARIOS) and (table["runs"] == len(SEEDS)).all()
    for name in ["cost_total", "wellbeing_mean"]:
        np.testing.assert_allclose(table.loc[expected.index, name], expected[name], rtol=1e-9)
        assert (table[f"{name}_lo"] <= table[name]).all()
        assert (table[name] <= table[f"{name}_hi"]).all()


def test_paired_differences_use_the_same_seeds(policy_dir, policy_report):
    """Differences against the baseline pair runs seed by seed; an unpaired run is left out."""
    saved = pd.read_csv(policy_report.parent / "tables" / "differences.csv")
    assert (saved["pairs"] == len(SEEDS)).all()
    direct = _direct_summary(policy_dir).set_index(["scenario", "seed"])["cost_total"]
    summary = load_results(policy_dir).summary
    first, middle, last = sorted(summary["seed"].unique())
    summary = summary[~((summary["scenario"] == "austerity") & (summary["seed"] == middle))]
    diffs = differences(summary, ["cost_total"]).set_index("scenario")
    assert diffs.loc["austerity", "pairs"] == 2
    by_hand = np.mean([direct["austerity", s] - direct["baseline", s] for s in (first, last)])
    assert diffs.loc["austerity", "cost_total"] == pytest.approx(by_hand, rel=1e-9)
    assert diffs.loc["generalist_teams", "pairs"] == 3


def test_frontier_marks_dominated_iff_another_is_cheaper_and_better(policy_report):
    """Hand-made and real tables: dominated exactly when another is no dearer and no worse."""
    table = pd.DataFrame({"scenario": ["a", "b", "c", "d"], "cost_total": [100, 90, 80, 120],
                          "wellbeing_mean": [0.5, 0.6, 0.4, 0.7]})
    marked = frontier(table).set_index("scenario")
    assert marked["dominated"].to_dict() == {"a": True, "b": False, "c": False, "d": False}
    assert marked.loc["a", "dominated_by"] == "b"
    real = pd.read_csv(policy_report.parent / "tables" / "frontier.csv")
    for _, row in real.iterrows():
        others = real[real["scenario"] != row["scenario"]]
        # identical points (e.g. austerity before its year-2 cut) do not dominate each other
        no_worse = ((others["cost_total"] <= row["cost_total"])
                    & (others["wellbeing_mean"] >= row["wellbeing_mean"]))
        strictly = ((others["cost_total"] < row["cost_total"])
                    | (others["wellbeing_mean"] > row["wellbeing_mean"]))
        better = (no_worse & strictly).any()
        assert row["dominated"] == better


def test_cost_per_point_gives_a_ratio_only_when_it_means_something():
    """A ratio when a scenario costs more and does better; otherwise NaN and a plain note."""
    cases = {"dearer_better": (20.0, 0.02), "dearer_worse": (20.0, -0.01),
             "cheaper_worse": (-20.0, -0.01), "cheaper_better": (-20.0, 0.01)}
    diffs = pd.DataFrame([{"scenario": name, "cost_total": c, "cost_total_lo": c - 1,
                           "cost_total_hi": c + 1, "wellbeing_mean": w,
                           "wellbeing_mean_lo": w - 0.001, "wellbeing_mean_hi": w + 0.001}
                          for name, (c, w) in cases.items()])
    table = cost_effectiveness(diffs).set_index("scenario")
    assert table.loc["dearer_better", "cost_per_point"] == pytest.approx(100.0)  # 20 / (0.02 / 0.1)
    assert table["cost_per_point"].drop("dearer_better").isna().all()
    assert table.loc["dearer_worse", "note"] == "costs more and does worse"
    assert table.loc["cheaper_worse", "note"] == "saves money and does worse"


def test_failed_runs_are_counted_and_listed(policy_report):
    """A fake failed run is counted and named in the report, not silently dropped."""
    markdown = policy_report.read_text(encoding="utf-8")
    assert "1 failed" in markdown and FAILED_KEY in markdown
    assert "RuntimeError: boom" in markdown
    assert "1 failed" in (policy_report.parent / "report.html").read_text(encoding="utf-8")


def test_time_series_bands_hold_the_mean(policy_dir):
    """Weekly bands across replications contain the mean, one row per scenario and week."""
    bands = time_series(load_results(policy_dir).series)
    assert (bands["runs"] == len(SEEDS)).all()
    assert (bands["wellbeing_mean_lo"] <= bands["wellbeing_mean"] + 1e-12).all()
    assert (bands["wellbeing_mean"] <= bands["wellbeing_mean_hi"] + 1e-12).all()


def test_sobol_indices_with_finite_intervals(sobol_dir):
    """A Sobol design gives S1 and ST with finite intervals for every parameter."""
    report = build_report(sobol_dir)
    assert report == sobol_dir / "report" / "report.md"
    indices = pd.read_csv(report.parent / "tables" / "sobol.csv")
    for outcome, group in indices.groupby("outcome"):
        assert sorted(group["parameter"]) == sorted(SOBOL_PROBLEM["names"]), outcome
    main_outcomes = indices[indices["outcome"].isin(["cost_total", "wellbeing_mean"])]
    assert np.isfinite(main_outcomes[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()).all()
    assert (report.parent / "figures" / "sobol_0.png").exists()
    assert "Sensitivity (Sobol indices)" in report.read_text(encoding="utf-8")
    points = pd.read_csv(report.parent / "tables" / "design_points.csv")
    assert len(points) == 64 and (points["runs"] == 2).all()


def test_sobol_needs_every_design_point(sobol_dir):
    """With a design point missing the indices are refused, not computed on shifted rows."""
    summary = load_results(sobol_dir).summary
    with pytest.raises(ValueError, match="design points have no finished run"):
        sobol_indices(summary[summary["point_id"] != 5], SOBOL_PROBLEM, n_base=8)


def test_cli_report_prints_path_and_headline(policy_dir, tmp_path, capsys):
    """`wijksim report DIR --out OUT` writes the report and prints a headline table."""
    assert main(["report", str(policy_dir), "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "r" / "report.md") in out and "Life satisfaction, mean" in out
    assert "1 failed runs" in out


def test_cli_report_without_runs_is_a_clean_error(tmp_path, capsys):
    """An empty or missing results directory exits 2 with a message, not a traceback."""
    (tmp_path / "runs").mkdir()
    for target in (tmp_path, tmp_path / "nowhere"):
        assert main(["report", str(target)]) == 2
        err = capsys.readouterr().err
        assert "wijksim report:" in err and "Traceback" not in err
    with pytest.raises(NoRunsError):
        build_report(tmp_path)


def test_scenarios_of_groups_by_design_point(sobol_dir):
    """Per design point, each group holds the replications of that point only."""
    table = scenarios_of(load_results(sobol_dir).summary, ["cost_total"], by_point=True)
    assert len(table) == 64 and (table["runs"] == 2).all()


def test_unreadable_run_file_counts_as_failed(policy_dir, tmp_path):
    """A result file that cannot be read is listed with the failures, not skipped."""
    copy = shutil.copytree(policy_dir / "runs", tmp_path / "runs")
    (copy / "broken-000000000000.parquet").write_bytes(b"not parquet")
    failures = load_results(tmp_path).failures
    assert set(failures["key"]) == {FAILED_KEY, "broken-000000000000"}
    assert failures.set_index("key").loc["broken-000000000000", "error"].startswith(
        "unreadable result file")


def test_report_of_a_real_sweep(tmp_path, capsys):
    """`wijksim sweep` then `wijksim report`: the report's tables hold what the runs wrote."""
    from wijksim.cli.main import COMMAND_MODULES

    if "wijksim.cli.sweep" not in COMMAND_MODULES:
        pytest.skip("the sweep command is not registered yet")
    out = tmp_path / "smoke"
    assert main(["sweep", "experiments/smoke.yaml", "--out", str(out), "--executor", "serial",
                 "--no-progress"]) == 0
    assert main(["report", str(out)]) == 0
    table = pd.read_csv(out / "report" / "tables" / "scenarios.csv").set_index("scenario")
    expected = _direct_summary(out).groupby("scenario")["cost_total"].mean()
    np.testing.assert_allclose(table.loc[expected.index, "cost_total"], expected, rtol=1e-9)
    assert "0 failed" in (out / "report" / "report.md").read_text(encoding="utf-8")


def test_design_decides_which_files_count(policy_dir, tmp_path):
    """Files of keys outside design.parquet are left out (and counted); design rows that
    share one result file each get their own copy."""
    root = tmp_path / "copy"
    shutil.copytree(policy_dir, root, ignore=shutil.ignore_patterns("out"))
    design = pd.read_parquet(root / "design.parquet")
    first = root / "runs" / f"{design[design['scenario'] == 'baseline']['key'].iloc[0]}.parquet"
    shutil.copy(first, root / "runs" / "baseline-0123456789ab.parquet")
    results = load_results(root)
    assert results.stale == 1 and len(results.summary) == len(SCENARIOS) * len(SEEDS)
    design = pd.read_parquet(root / "design.parquet")
    twin = design[design["key"] == first.stem].assign(point_id=1)
    pd.concat([design, twin]).to_parquet(root / "design.parquet", index=False)
    summary = load_results(root).summary
    assert sorted(summary.loc[summary["key"] == first.stem, "point_id"]) == [0, 1]


@pytest.mark.parametrize("content, expected", [
    ("[1, 2]", "expected a JSON object (a sweep's manifest), found list"),
    ('{"a": ', "not readable as JSON"),
])
def test_a_damaged_manifest_is_a_message_naming_it(policy_dir, tmp_path, capsys, content,
                                                   expected):
    import shutil

    from wijksim.cli.main import main

    broken = tmp_path / "broken"
    shutil.copytree(policy_dir, broken, ignore=shutil.ignore_patterns("out"))
    (broken / "manifest.json").write_text(content, encoding="utf-8")
    assert main(["report", str(broken), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{broken / 'manifest.json'}: {expected}" in err and "Traceback" not in err


# English that must not be left in the Dutch report (words, as whole words)
ENGLISH = ["the", "and", "with", "to", "per resident", "per year", "Runs", "runs", "failed",
           "Outcomes", "Differences", "Provenance", "Who gains", "Over time", "Public", "cost",
           "Cost", "wellbeing", "Wellbeing", "Life satisfaction", "informal care", "carers",
           "unmet", "mean", "seeds", "pairs", "outcome", "measure", "gap", "change", "note",
           "frontier", "dominated", "yes", "no", "item", "value", "key", "error", "share"]


def test_dutch_report_has_no_english_left(policy_dir, tmp_path):
    """`lang="nl"`: Dutch headings, texts, labels and notation; the CSVs keep their names."""
    report = build_report(policy_dir, tmp_path / "nl", lang="nl")
    markdown = report.read_text(encoding="utf-8")
    page = (report.parent / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "Uitkomsten per scenario" in page
    for heading in ("# wijksim-rapport: policies", "## Modelruns", "## Uitkomsten per scenario",
                    "## Verschillen met baseline", "## Kosten per gewonnen welzijnspunt",
                    "## Wie wint en wie valt tussen wal en schip", "## Herkomst"):
        assert heading in markdown, heading
    # a number with a decimal comma (and maybe a thousands point) in a table cell
    assert re.search(r"\| [-+]?\d{1,3}(\.\d{3})*,\d+ \(", markdown)
    # the frontier's dominated column says ja/nee (whether a scenario is dominated here rests
    # on last-digit ties between baseline and austerity, which are the same before year 2)
    assert "| nee |" in markdown and not re.search(r"\| (yes|no|True|False) \|", markdown)
    assert number(True, "nl") == "ja" and number(False, "nl") == "nee"
    assert "Publieke kosten (excl. informele zorg) [EUR per inwoner per jaar]" in markdown
    scenarios = pd.read_csv(report.parent / "tables" / "scenarios.csv")
    assert {"scenario", "runs", "cost_total", "cost_total_lo"} <= set(scenarios.columns)
    frontier_csv = pd.read_csv(report.parent / "tables" / "frontier.csv")
    assert {"dominated", "dominated_by"} <= set(frontier_csv.columns)
    # names that are not the report's words: the experiment and scenarios, files, the failed
    # run and its error, code, and the provenance table (the manifest's keys and values)
    text = markdown.split("## Herkomst")[0] + "\n".join(
        line for line in markdown.split("## Herkomst")[1].splitlines()
        if not line.startswith("| ") or line.startswith("| onderdeel"))
    text = re.sub(r"`[^`]*`|\b(tables|figures)/\w+\.(csv|png)\b|manifest\.json", " ", text)
    for name in [*SCENARIOS, "policies", FAILED_KEY, "RuntimeError: boom"]:
        text = text.replace(name, " ")
    left = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not left, left


def test_cli_report_refuses_an_unknown_language(policy_dir, tmp_path, capsys):
    """`wijksim report DIR --lang fr` is a usage error naming fr and the languages there are."""
    with pytest.raises(SystemExit) as stop:
        main(["report", str(policy_dir), "--out", str(tmp_path / "r"), "--lang", "fr"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "'fr'" in err and "'en'" in err and "'nl'" in err
    assert not (tmp_path / "r").exists()
    with pytest.raises(KeyError, match="'fr'"):
        build_report(policy_dir, tmp_path / "r", lang="fr")
