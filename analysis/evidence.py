"""The evidence report: the model's value of every fact against its band.

Tables in, tables and figures out: :func:`evidence_table` turns per-seed values into one row
per fact (model mean and 95% interval over the seeds, inside the band or not), and
:func:`write_report` writes ``evidence.md``, a self-contained ``evidence.html``, one small
figure per fact and the table as CSV.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from wijksim.analysis.document import Document, number
from wijksim.analysis.summary import mean_interval

ROLE_ORDER = {"validation": 0, "calibration": 1}


def evidence_table(values: pd.DataFrame, facts) -> pd.DataFrame:
    """One row per fact: band, model mean and 95% interval over the seeds, inside or not.

    Args:
        values: One row per fact and seed (``fact``, ``seed``, ``value``).
        facts: The facts (objects with ``name``, ``low``, ``high``, ``role``, ...).
    """
    rows = []
    for fact in facts:
        seeds = values.loc[values["fact"] == fact.name, "value"]
        mean, lo, hi = mean_interval(seeds)
        rows.append({"fact": fact.name, "role": fact.role, "input": fact.input,
                     "outcome": fact.outcome, "low": fact.low, "high": fact.high,
                     "unit": fact.unit, "mean": mean, "ci_low": lo, "ci_high": hi,
                     "seeds": int(seeds.notna().sum()),
                     "inside": bool(np.isfinite(mean) and fact.low <= mean <= fact.high),
                     "statement": fact.fact, "source": fact.source.get("title", ""),
                     "url": fact.source.get("url", ""), "note": fact.note})
    return pd.DataFrame(rows)


def verdict(table: pd.DataFrame) -> str:
    """One sentence: how many validation and calibration facts hold."""
    parts = []
    for role in ("validation", "calibration"):
        rows = table[table["role"] == role]
        held = int(rows["inside"].sum())
        parts.append(f"{held} of {len(rows)} {role} facts hold (the model's mean over the "
                     f"seeds lies inside the band)")
    inputs = table[(table["role"] == "validation") & table["input"]]
    tested = table[(table["role"] == "validation") & ~table["input"]]
    return (f"{parts[0]}; {parts[1]}. Of the validation facts, {len(inputs)} only check that "
            f"the model reproduces a figure it was given as a parameter; of the "
            f"{len(tested)} that test it, {int(tested['inside'].sum())} hold.")


def fact_figure(fact, seeds: pd.Series, row: pd.Series):
    """A small figure: the model's value on each seed (dots), its mean, and the target band."""
    fig, ax = plt.subplots(figsize=(5.0, 1.1))
    ax.axvspan(fact.low, fact.high, color="tab:green", alpha=0.25, label="target band")
    jitter = np.linspace(-0.15, 0.15, max(len(seeds), 1))[: len(seeds)]
    ax.scatter(seeds, jitter, s=12, color="tab:blue", alpha=0.8, label="model, one per seed")
    if np.isfinite(row["mean"]):
        ax.axvline(row["mean"], color="tab:blue", lw=1.5)
    values = [v for v in [*seeds, fact.low, fact.high] if np.isfinite(v)]
    span = (max(values) - min(values)) or abs(fact.high) or 1.0
    ax.set_xlim(min(values) - 0.15 * span, max(values) + 0.15 * span)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.set_title(f"{fact.name} ({fact.role}): {fact.unit}", fontsize=8, loc="left")
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


def write_report(values: pd.DataFrame, targets, out_dir: Path | str, provenance: dict) -> Path:
    """Write the evidence report; returns the path of ``evidence.md``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = evidence_table(values, targets.facts)
    doc = Document(out_dir)
    doc.heading("wijksim against the evidence", 1)
    doc.text(f"**{verdict(table)}**")
    doc.text(_provenance_text(provenance))
    doc.heading("Facts")
    doc.table(_shown(table), "evidence", raw=table)
    doc.csv("values_per_seed", values)
    doc.heading("Each fact: the model on every seed against the band")
    for fact in sorted(targets.facts, key=lambda f: ROLE_ORDER[f.role]):
        row = table.set_index("fact").loc[fact.name]
        seeds = values.loc[values["fact"] == fact.name, "value"].dropna()
        state = "inside" if row["inside"] else "OUTSIDE"
        caption = (f"{fact.name}: {fact.fact} Model {number(row['mean'])} "
                   f"({number(row['ci_low'])} to {number(row['ci_high'])}), band "
                   f"{number(fact.low)}-{number(fact.high)}: {state}. Source: "
                   f"{fact.source.get('title', '')} {fact.source.get('url', '')}"
                   + (f" Note: {fact.note}" if fact.note else ""))
        doc.figure(fact_figure(fact, seeds, row), f"fact_{fact.name}", caption)
    (out_dir / "evidence.md").write_text(doc.markdown(), encoding="utf-8")
    (out_dir / "evidence.html").write_text(doc.html("wijksim against the evidence"),
                                           encoding="utf-8")
    return out_dir / "evidence.md"


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    ordered = table.assign(order=table["role"].map(ROLE_ORDER)).sort_values(
        ["order", "inside"], kind="stable")
    return pd.DataFrame({
        "fact": ordered["fact"],
        "role": [f"{r} (input)" if i else r for r, i in zip(ordered["role"], ordered["input"],
                                                               strict=True)],
        "target": [f"{number(lo)}-{number(hi)}" for lo, hi in zip(ordered["low"],
                                                                 ordered["high"], strict=True)],
        "model (95% interval)": [f"{number(m)} ({number(a)} to {number(b)})" for m, a, b in zip(
            ordered["mean"], ordered["ci_low"], ordered["ci_high"], strict=True)],
        "unit": ordered["unit"],
        "holds": ordered["inside"],
        "source": ordered["source"]})


def _provenance_text(provenance: dict) -> str:
    items = [f"{key}: {value}" for key, value in provenance.items()]
    return "Made with " + "; ".join(items) + "."
