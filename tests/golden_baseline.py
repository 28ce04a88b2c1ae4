"""Golden baseline: per-scenario summaries at a small size, kept in a committed file.

Every change in model results shows up as a failing test that names the outcomes that moved and
by how much. The file is refreshed only on purpose, with ``tests/update_golden.py --note ...``,
which also appends the note and the list of moved outcomes to ``tests/golden/CHANGES.md``.

Results are bit-for-bit reproducible on one machine, but floating-point reductions may round
differently on another processor or BLAS build, and a model with thresholds then takes other
paths. So the comparison is exact (relative 1e-9) when the recorded platform matches this one;
elsewhere each outcome's scenario mean over the seeds must stay within four standard errors of
the recorded seed-to-seed spread, and never less than 5% of its value (a statistical check,
announced in the failure message).
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
from pathlib import Path

import numpy as np

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN_FILE = GOLDEN_DIR / "summaries.json"
CHANGES_FILE = GOLDEN_DIR / "CHANGES.md"
SCENARIO_DIR = Path(__file__).parent.parent / "scenarios"

RESIDENTS = 2000
YEARS = 2.0
SEEDS = (1, 2)
EXACT = 1e-9
STANDARD_ERRORS = 4.0
FOREIGN_SHARE = 0.05


def platform_fingerprint() -> str:
    """Processor features, numpy version and BLAS build: what decides float rounding."""
    from numpy._core._multiarray_umath import __cpu_features__

    features = ",".join(sorted(name for name, on in __cpu_features__.items() if on))
    blas = np.__config__.CONFIG["Build Dependencies"]["blas"].get("openblas configuration", "")
    text = f"{platform.machine()}|numpy {np.__version__}|{blas}|{features}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compute() -> dict:
    """Run every shipped scenario on the golden seeds; summaries per scenario and seed."""
    from wijksim.analysis.summary import summarise_run
    from wijksim.experiments.runner import RunSpec, run_one
    from wijksim.experiments.scenarios import load_scenario, shipped_scenarios

    scenarios = {}
    for path in shipped_scenarios(SCENARIO_DIR):
        scenario = load_scenario(path)
        per_seed = {}
        for seed in SEEDS:
            spec = RunSpec.make(scenario, seed=seed, years=YEARS,
                                overrides={"population.n_residents": RESIDENTS})
            summary = summarise_run(run_one(spec))
            per_seed[str(seed)] = {name: _plain(value) for name, value in summary.items()}
        scenarios[scenario.name] = per_seed
    return {"residents": RESIDENTS, "years": YEARS, "seeds": list(SEEDS),
            "platform": platform_fingerprint(), "scenarios": scenarios}


def _plain(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def load() -> dict:
    """The committed golden summaries."""
    return json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))


def save(golden: dict) -> None:
    """Write the golden summaries (sorted, one stable layout so diffs are readable)."""
    GOLDEN_FILE.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def moved_outcomes(old: dict, new: dict, exact: bool) -> list[str]:
    """Outcomes that differ between two golden records, one readable line each.

    ``exact`` compares every seed's value at relative 1e-9; otherwise the mean over seeds is
    compared against four standard errors of the recorded seed-to-seed spread.
    """
    lines = []
    for scenario in sorted(set(old["scenarios"]) | set(new["scenarios"])):
        if scenario not in old["scenarios"] or scenario not in new["scenarios"]:
            lines.append(f"{scenario}: scenario added or removed")
            continue
        before, after = old["scenarios"][scenario], new["scenarios"][scenario]
        names = sorted(set().union(*(set(v) for v in before.values()),
                                   *(set(v) for v in after.values())))
        for name in names:
            line = _compare_outcome(scenario, name, before, after, exact)
            if line:
                lines.append(line)
    return lines


def _values(record: dict, name: str) -> list[float]:
    return [np.nan if seed.get(name) is None else seed[name] for seed in record.values()]


def _mean(values: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if finite.size else float("nan")


def _compare_outcome(scenario, name, before, after, exact) -> str | None:
    old, new = np.array(_values(before, name), float), np.array(_values(after, name), float)
    if old.shape != new.shape:
        return f"{scenario}.{name}: seeds differ"
    if np.isnan(old).all() and np.isnan(new).all():
        return None
    if exact:
        if np.isclose(new, old, rtol=EXACT, atol=1e-12, equal_nan=True).all():
            return None
    else:
        finite = old[~np.isnan(old)]
        spread = finite.std(ddof=1) / math.sqrt(finite.size) if finite.size > 1 else 0.0
        # two seeds estimate the spread poorly: never allow less than 5% of the value
        allowed = max(STANDARD_ERRORS * spread, FOREIGN_SHARE * abs(_mean(old))) + 1e-9
        if abs(_mean(new) - _mean(old)) <= allowed:
            return None
    change = _mean(new) - _mean(old)
    relative = change / abs(_mean(old)) if _mean(old) else float("inf")
    return (f"{scenario}.{name}: {_mean(old):.6g} -> {_mean(new):.6g} "
            f"({change:+.4g}, {relative:+.2%})")
