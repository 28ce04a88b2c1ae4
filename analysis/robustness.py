"""Robust conclusions: does a policy beat the reference across plausible worlds, and when not?

Input is a sweep's run summary (one row per run: ``scenario``, ``seed``, ``point_id``, the
varied parameters as dotted columns and every outcome summarised), from an experiment whose
design varies the uncertain assumptions (each design point is one plausible world), whose
scenario files are the policies, and whose ``outcomes`` say which direction is better.

Everything is paired: a policy and the reference are compared in the same world on the same
seed. The scenario-discovery and feature-scoring methods are the EMA Workbench's (PRIM and
extra-trees feature scores); nothing of them is re-implemented here.
"""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np
import pandas as pd

MIN_COVERAGE = 0.8   # a PRIM box described must hold at least 80% of the failures
MAX_DIMENSIONS = 3    # ... and restrict at most three assumptions (more is overfitting)
MIN_LIFT = 0.15       # ... and be this much denser in failures than the worlds as a whole
MIN_CASES = 4         # failures and successes each needed before PRIM is tried
PRIM_THRESHOLD = 0.8  # PRIM peels towards boxes where at least 80% of worlds fail
FEATURE_SEED = 0      # the extra-trees' random state: the same results give the same scores
MAX_SEEDS_SHOWN = 1000


def better_sign(direction: str) -> int:
    """+1 when larger is better (maximize), -1 when smaller is better (minimize)."""
    if direction not in ("minimize", "maximize"):
        raise ValueError(f"direction must be minimize or maximize, got {direction!r}")
    return 1 if direction == "maximize" else -1


def paired_differences(summary: pd.DataFrame, reference: str,
                       outcomes: dict[str, str]) -> pd.DataFrame:
    """Policy minus reference per world and seed, and whether the policy did better.

    Returns one row per (scenario, point_id, seed, outcome) with ``difference`` (policy minus
    reference, in the outcome's unit) and ``better`` (the difference points the better way).
    """
    keys = ["point_id", "seed"]
    base = summary[summary["scenario"] == reference].set_index(keys)
    if base.empty:
        raise ValueError(f"the reference scenario {reference!r} has no runs")
    rows = []
    for scenario, runs in summary[summary["scenario"] != reference].groupby("scenario"):
        runs = runs.set_index(keys)
        shared = runs.index.intersection(base.index)
        for outcome, direction in outcomes.items():
            difference = runs.loc[shared, outcome] - base.loc[shared, outcome]
            rows.append(pd.DataFrame({
                "scenario": scenario, "point_id": shared.get_level_values(0),
                "seed": shared.get_level_values(1), "outcome": outcome,
                "difference": difference.to_numpy(),
                "better": (better_sign(direction) * difference > 0).to_numpy()}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson 95% interval of a share."""
    if trials == 0:
        return math.nan, math.nan
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials ** 2)) / (
        1 + z * z / trials)
    return centre - half, centre + half


def per_world(differences: pd.DataFrame) -> pd.DataFrame:
    """Seed-averaged difference per (scenario, outcome, world), with a per-seed spread."""
    grouped = differences.groupby(["scenario", "outcome", "point_id"])
    return grouped["difference"].agg(["mean", "std", "count"]).reset_index()


def seeds_for_stable_sign(mean: float, std: float) -> float:
    """Seeds a paired difference needs before its 95% interval excludes zero (an estimate)."""
    if not np.isfinite(std) or mean == 0:
        return math.inf
    return max(1.0, math.ceil((1.96 * std / abs(mean)) ** 2))


def robustness_table(summary: pd.DataFrame, reference: str,
                     outcomes: dict[str, str]) -> pd.DataFrame:
    """Per policy and outcome: how often it beats the reference, by how much, how surely.

    Columns: ``worlds``; ``share_worlds_better`` (the seed-averaged difference points the
    better way) with its Wilson interval ``low``-``high``; ``share_runs_better`` over every
    (world, seed) pair; ``mean_difference``; ``mean_regret`` and ``max_regret`` (distance to
    the best scenario of that world, in the outcome's unit; 0 = best everywhere); and
    ``median_seeds_needed`` for a paired difference in one world to have a stable sign.
    """
    differences = paired_differences(summary, reference, outcomes)
    worlds = per_world(differences)
    regret = regret_table(summary, outcomes)
    rows = []
    for (scenario, outcome), group in worlds.groupby(["scenario", "outcome"]):
        sign = better_sign(outcomes[outcome])
        better = int((sign * group["mean"] > 0).sum())
        low, high = wilson(better, len(group))
        runs = differences[(differences["scenario"] == scenario)
                           & (differences["outcome"] == outcome)]
        needed = [seeds_for_stable_sign(m, s) for m, s in zip(group["mean"], group["std"],
                                                               strict=True)]
        mine = regret[(regret["scenario"] == scenario) & (regret["outcome"] == outcome)]
        rows.append({"scenario": scenario, "reference": reference, "outcome": outcome,
                     "direction": outcomes[outcome],
                     "worlds": len(group), "share_worlds_better": better / len(group),
                     "low": low, "high": high, "share_runs_better": runs["better"].mean(),
                     "mean_difference": group["mean"].mean(),
                     "mean_regret": mine["regret"].mean(), "max_regret": mine["regret"].max(),
                     "median_seeds_needed": min(float(np.median(needed)), MAX_SEEDS_SHOWN)})
    return pd.DataFrame(rows)


def regret_table(summary: pd.DataFrame, outcomes: dict[str, str]) -> pd.DataFrame:
    """Regret of every scenario in every world: how far it is from that world's best."""
    means = summary.groupby(["scenario", "point_id"])[list(outcomes)].mean().reset_index()
    rows = []
    for outcome, direction in outcomes.items():
        sign = better_sign(direction)
        best = means.groupby("point_id")[outcome].transform("max" if sign > 0 else "min")
        rows.append(pd.DataFrame({"scenario": means["scenario"], "point_id": means["point_id"],
                                  "outcome": outcome,
                                  "regret": (best - means[outcome]).abs()}))
    return pd.concat(rows, ignore_index=True)


def satisficing_table(summary: pd.DataFrame, reference: str,
                      outcomes: dict[str, str]) -> pd.DataFrame:
    """Per policy: share of worlds where it is no worse than the reference on every outcome.

    Seed-averaged per world, with its Wilson interval (a satisficing criterion).
    """
    worlds = per_world(paired_differences(summary, reference, outcomes))
    worlds["ok"] = [better_sign(outcomes[o]) * m >= 0
                    for o, m in zip(worlds["outcome"], worlds["mean"], strict=True)]
    rows = []
    for scenario, group in worlds.groupby("scenario"):
        ok = group.groupby("point_id")["ok"].all()
        low, high = wilson(int(ok.sum()), len(ok))
        rows.append({"scenario": scenario, "worlds": len(ok),
                     "share_no_worse_on_all": ok.mean(), "low": low, "high": high})
    return pd.DataFrame(rows)


def world_inputs(summary: pd.DataFrame, uncertainties: list[str]) -> pd.DataFrame:
    """The uncertain assumptions of each world (design point), indexed by point_id."""
    return summary.groupby("point_id")[uncertainties].first().astype(float)


def _quiet_ema():
    """Import EMA's analysis modules without its notices about optional extras."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        from ema_workbench.analysis import feature_scoring, prim
    return prim, feature_scoring


def failure_boxes(summary: pd.DataFrame, reference: str, outcomes: dict[str, str],
                  uncertainties: list[str], labels: dict[str, str] | None = None
                  ) -> pd.DataFrame:
    """PRIM (EMA Workbench) boxes of the worlds where a policy does not beat the reference.

    For every policy and outcome that fails in some worlds but not all, PRIM peels towards
    the worlds where it fails; the box described is the densest one on the peeling
    trajectory that still holds at least half the failures. Returns one row per box with a
    sentence, coverage (share of all failures inside the box) and density (share of the
    box's worlds that fail).
    """
    prim, _ = _quiet_ema()
    inputs = world_inputs(summary, uncertainties)
    worlds = per_world(paired_differences(summary, reference, outcomes))
    rows = []
    for (scenario, outcome), group in worlds.groupby(["scenario", "outcome"]):
        fails = (better_sign(outcomes[outcome]) * group.set_index("point_id")["mean"] <= 0)
        fails = fails.reindex(inputs.index).fillna(False).to_numpy(dtype=bool)
        what = f"{scenario} does not beat {reference} on {outcome}"
        if fails.all() or not fails.any():
            continue
        if min(fails.sum(), (~fails).sum()) < MIN_CASES:
            rows.append({"scenario": scenario, "outcome": outcome, "failing_share": fails.mean(),
                         "coverage": np.nan, "density": np.nan,
                         "sentence": f"{what} in {fails.sum()} of {len(fails)} worlds: too few "
                                     "worlds on one side to say where"})
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = prim.Prim(inputs.reset_index(drop=True), fails,
                            threshold=PRIM_THRESHOLD).find_box()
        rows.append(_describe_box(box, fails, what, labels or {}) | {
            "scenario": scenario, "outcome": outcome, "failing_share": fails.mean()})
    return pd.DataFrame(rows, columns=["scenario", "outcome", "failing_share", "coverage",
                                       "density", "sentence"])


def _describe_box(box, fails: np.ndarray, what: str, labels: dict[str, str]) -> dict:
    """The chosen box of a PRIM peeling trajectory in one sentence, or "no region"."""
    trajectory = box.peeling_trajectory
    eligible = trajectory[(trajectory["coverage"] >= MIN_COVERAGE)
                          & (trajectory["res_dim"] <= MAX_DIMENSIONS)
                          & (trajectory["density"] >= fails.mean() + MIN_LIFT)]
    if eligible.empty:
        return {"coverage": np.nan, "density": np.nan,
                "sentence": f"{what} in {fails.mean():.0%} of worlds, with no region of the "
                            "assumptions that stands out"}
    chosen = eligible.sort_values(["density", "coverage"], ascending=False).index[0]
    coverage, density = trajectory.loc[chosen, "coverage"], trajectory.loc[chosen, "density"]
    conditions = box_conditions(box.box_lims[chosen], box.prim.box_init, labels)
    return {"coverage": coverage, "density": density,
            "sentence": f"{what} when {conditions}: coverage {coverage:.2f}, density "
                        f"{density:.2f} (fails in {fails.mean():.0%} of all worlds)"}


def box_conditions(limits: pd.DataFrame, initial: pd.DataFrame,
                   labels: dict[str, str]) -> str:
    """A box's restricted dimensions in words: "x is below 3 and y is between 0.2 and 0.5"."""
    parts = []
    for name in limits.columns:
        low, high = float(limits[name].iloc[0]), float(limits[name].iloc[1])
        start_low, start_high = float(initial[name].iloc[0]), float(initial[name].iloc[1])
        span = (start_high - start_low) or 1.0
        raised, lowered = (low - start_low) / span > 1e-9, (start_high - high) / span > 1e-9
        label = labels.get(name, name)
        if raised and lowered:
            parts.append(f"{label} is between {low:.3g} and {high:.3g}")
        elif raised:
            parts.append(f"{label} is above {low:.3g}")
        elif lowered:
            parts.append(f"{label} is below {high:.3g}")
    return " and ".join(parts)


def feature_scores(summary: pd.DataFrame, reference: str, outcomes: dict[str, str],
                   uncertainties: list[str]) -> pd.DataFrame:
    """Which uncertainties drive each policy's difference from the reference.

    EMA's extra-trees feature scores: one row per uncertainty, one column per "policy:
    outcome"; each column sums to 1.
    """
    _, feature_scoring = _quiet_ema()
    inputs = world_inputs(summary, uncertainties)
    worlds = per_world(paired_differences(summary, reference, outcomes))
    targets = {f"{scenario}: {outcome}": group.set_index("point_id")["mean"]
               .reindex(inputs.index).to_numpy()
               for (scenario, outcome), group in worlds.groupby(["scenario", "outcome"])}
    if len(inputs) < 8 or not targets:
        return pd.DataFrame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = feature_scoring.get_feature_scores_all(inputs.reset_index(drop=True), targets,
                                                        random_state=FEATURE_SEED)
    return scores


# --------------------------------------------------------------------------- the report


def build_robustness_report(summary: pd.DataFrame, reference: str, outcomes: dict[str, str],
                            uncertainties: list[str], out_dir, title: str,
                            labels: dict[str, str] | None = None,
                            made_with: str = "") -> dict[str, pd.DataFrame]:
    """Write ``robustness.md`` and ``robustness.html`` with their tables; return the tables.

    Args:
        summary: One row per run (see the module docstring).
        reference: The scenario the policies are compared with.
        outcomes: Outcome name -> minimize or maximize.
        uncertainties: The varied assumptions (dotted columns of ``summary``).
        out_dir: Where to write.
        title: The report's title (the experiment's name).
        labels: Readable names of the uncertainties for the sentences.
        made_with: A line of provenance (date, commit, command) put under the title.
    """
    from pathlib import Path

    from wijksim.analysis.document import Document

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {"robustness": robustness_table(summary, reference, outcomes),
              "satisficing": satisficing_table(summary, reference, outcomes),
              "prim_boxes": failure_boxes(summary, reference, outcomes, uncertainties, labels),
              "feature_scores": feature_scores(summary, reference, outcomes, uncertainties)}
    worlds = summary["point_id"].nunique()
    seeds = summary["seed"].nunique()
    doc = Document(out_dir)
    doc.heading(f"Robustness: {title}", 1)
    if made_with:
        doc.text(made_with)
    doc.text(f"{summary['scenario'].nunique() - 1} policies against {reference} in {worlds} "
             f"plausible worlds (each a setting of {len(uncertainties)} uncertain "
             f"assumptions: {', '.join(uncertainties)}) on {seeds} seeds each, paired by world "
             "and seed. A policy 'beats' the reference in a world when its seed-averaged "
             "difference points the better way; intervals are Wilson 95% intervals over the "
             "worlds. Regret is the distance to the best scenario of the same world, in the "
             "outcome's unit.")
    doc.heading("How often each policy beats the reference")
    for row in tables["robustness"].itertuples():
        doc.text(f"**{row.scenario}**, {row.outcome} ({row.direction}): better in "
                 f"{row.share_worlds_better:.0%} of plausible worlds ({row.low:.0%}-"
                 f"{row.high:.0%}), in {row.share_runs_better:.0%} of world-seed pairs; "
                 f"mean difference {row.mean_difference:.4g}; a paired difference in one world "
                 f"needs about {row.median_seeds_needed:.0f} seeds for a stable sign.")
    doc.table(tables["robustness"], "robustness")
    doc.heading("No worse on every outcome at once (satisficing)")
    doc.table(tables["satisficing"], "satisficing")
    doc.heading("When does a policy fail? (PRIM, EMA Workbench)")
    if tables["prim_boxes"].empty:
        doc.text("No policy fails in some worlds but not in others (or too few worlds).")
    for sentence in tables["prim_boxes"]["sentence"]:
        doc.text(f"- {sentence}")
    doc.csv("prim_boxes", tables["prim_boxes"])
    doc.heading("Which uncertainties drive the differences (feature scores, EMA Workbench)")
    if tables["feature_scores"].empty:
        doc.text("Too few worlds for feature scores (at least 8 are needed).")
    else:
        shown = tables["feature_scores"].T.rename_axis("policy: outcome").reset_index()
        doc.table(shown, "feature_scores")
    (out_dir / "robustness.md").write_text(doc.markdown(), encoding="utf-8")
    (out_dir / "robustness.html").write_text(doc.html(f"Robustness: {title}"), encoding="utf-8")
    return tables


# --------------------------------------------------------------------------- policy search


def pareto_figure(pareto: pd.DataFrame, outcomes: dict[str, str]):
    """The Pareto set: the first two objectives as axes, the third (if any) as colour."""
    import matplotlib.pyplot as plt

    names = list(outcomes)
    figure, axes = plt.subplots(figsize=(6.4, 4.4))
    colour = pareto[names[2]] if len(names) > 2 else None
    points = axes.scatter(pareto[names[0]], pareto[names[1]], c=colour, cmap="viridis", s=36)
    axes.set_xlabel(f"{names[0]} ({outcomes[names[0]]})")
    axes.set_ylabel(f"{names[1]} ({outcomes[names[1]]})")
    if colour is not None:
        figure.colorbar(points, label=f"{names[2]} ({outcomes[names[2]]})")
    axes.set_title("Pareto set of policy packages (mean over the plausible worlds)")
    figure.tight_layout()
    return figure


def build_search_report(pareto: pd.DataFrame, outcomes: dict[str, str], levers: list[str],
                        out_dir, title: str, made_with: str = "") -> None:
    """Write ``search.md`` and ``search.html``: the Pareto set as a table and a figure."""
    from pathlib import Path

    from wijksim.analysis.document import Document

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = Document(out_dir)
    doc.heading(f"Policy search: {title}", 1)
    if made_with:
        doc.text(made_with)
    doc.text(f"{len(pareto)} policy packages that no other package found beats on every "
             f"objective ({', '.join(f'{k}: {v}' for k, v in outcomes.items())}); each "
             "objective is the mean over the plausible worlds of the seed-averaged outcome. "
             f"Levers searched: {', '.join(levers)}. Search: EMA Workbench robust_optimize "
             "(epsilon-NSGA-II, platypus).")
    ordered = pareto.sort_values(list(outcomes)[0]).reset_index(drop=True)
    doc.table(ordered[[*levers, *outcomes]], "pareto")
    if len(outcomes) >= 2 and len(pareto):
        doc.figure(pareto_figure(pareto, outcomes), "pareto",
                   "The Pareto set: every point is a policy package.")
    (out_dir / "search.md").write_text(doc.markdown(), encoding="utf-8")
    (out_dir / "search.html").write_text(doc.html(f"Policy search: {title}"), encoding="utf-8")
