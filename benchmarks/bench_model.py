"""Benchmark wijksim's weekly step against Mesa's own BoltzmannWealth example (the peer).

Usage::

    python benchmarks/bench_model.py [--sizes 10000 100000] [--steps 20] [--reps 3] [--million]

What is measured (see benchmarks/README.md):

* throughput: agent-steps (peer) or resident-steps (wijksim) per second = N x steps / wall
  seconds of stepping only. Setup (building the model) is timed separately. Each timed
  configuration: 2 untimed warm-up steps, then ``--steps`` timed steps (default 20 at <= 10k,
  10 above). Every repetition runs in a fresh process; peer and wijksim are interleaved
  (peer, wijksim, peer, wijksim, ...) and the median of ``--reps`` (default 3) is reported,
  so machine noise hits both.
* memory: peak RSS (``ru_maxrss``) of the worker process minus its RSS once the fixed costs are
  paid (interpreter, numpy, mesa and sim imported, and a 200-agent instance of the same model
  built and stepped so that its code, for wijksim the compiled loops, is loaded), divided by N.
  The fixed cost of loading the model's code is reported separately. Taken from the same fresh
  worker processes (memory is unaffected by timing); median of the repetitions.
* tracemalloc peak per resident: a separate, untimed fresh process per size (setup + 2 + 3
  steps traced), because tracemalloc slows Python down.
* ``--million``: one fresh process builds 1,000,000 residents and steps 52 weeks (all timed, no
  warm-up), reporting setup, step time and peak RSS per resident.

Results: a Markdown table on stdout and ``results/bench/latest.json`` (plus a timestamped copy;
``results/`` is gitignored).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "results" / "bench"
MARKER = "@@BENCH_RESULT@@"
WARMUP_STEPS = 2
WARMUP_YEARS = 1
TINY = 200  # residents (agents) of the instance built first to load each model's code
TARGET_RATIO = 20.0  # issue 10: at least 20x BoltzmannWealth at 10,000 and 100,000 residents
TARGET_BYTES_PER_RESIDENT_100K = 1.5 * 1024  # 1.5 KiB


# --------------------------------------------------------------------------------------------
# Worker side: runs in a fresh interpreter, prints one JSON line after MARKER.
# --------------------------------------------------------------------------------------------
def _current_rss_bytes() -> int:
    """Current resident set size of this process (Linux /proc; falls back to ru_maxrss)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _peak_rss_bytes()


def _peak_rss_bytes() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def _bench_params(params_class, with_changes, n: int):
    """``n`` residents; a one-year warm-up where the model has one (setup, not timed steps).

    A warm-up lets waiting lists, carers and care settle, so the timed weeks are typical
    weeks; an earlier model without the setting is built as it was.
    """
    try:
        return with_changes(params_class(), {"population.n_residents": n,
                                             "simulation.warmup_years": WARMUP_YEARS})
    except ValueError:
        return with_changes(params_class(), {"population.n_residents": n})


def _worker(spec: dict) -> dict:
    # Imports first, identical for every kind, so that the baseline RSS is comparable.
    sys.path.insert(0, spec.get("tree", str(ROOT)))  # "before": an earlier source tree
    import mesa  # noqa: F401
    import numpy  # noqa: F401
    from mesa.examples import BoltzmannWealth

    if (Path(spec.get("tree", ROOT)) / "wijksim").is_dir():
        from wijksim.sim import Params, WijkModel
        from wijksim.sim.params import with_changes
    else:  # an earlier tree (--before) with top-level packages
        from sim import Params, WijkModel
        from sim.params import with_changes

    kind, n, steps, warmup, seed = (spec["kind"], spec["n"], spec["steps"], spec["warmup"],
                                    spec["seed"])
    trace = spec.get("tracemalloc", False)

    import gc

    # Fixed costs are not per agent: load each model's code (for wijksim, its compiled loops)
    # by building and stepping a tiny instance before the baseline RSS is taken.
    rss_before_tiny = _current_rss_bytes()
    if kind == "peer":
        BoltzmannWealth(n=TINY, width=15, height=15, seed=seed).step()
    else:
        WijkModel(_bench_params(Params, with_changes, TINY), seed=seed).step()
    gc.collect()
    rss_after_imports = _current_rss_bytes()
    fixed_code_bytes = rss_after_imports - rss_before_tiny
    peak_after_imports = _peak_rss_bytes()

    if trace:
        import tracemalloc

        tracemalloc.start()

    t0 = time.perf_counter()
    if kind == "peer":
        side = math.ceil(math.sqrt(n))
        model = BoltzmannWealth(n=n, width=side, height=side, seed=seed)
        grid = [side, side]
    elif kind in ("wijksim", "before"):
        model = WijkModel(_bench_params(Params, with_changes, n), seed=seed)
        grid = [model.grid.width, model.grid.height]
    else:
        raise ValueError(kind)
    setup_s = time.perf_counter() - t0
    rss_after_setup = _current_rss_bytes()

    for _ in range(warmup):
        model.step()

    step_times = []
    t_start = time.perf_counter()
    for _ in range(steps):
        t = time.perf_counter()
        model.step()
        step_times.append(time.perf_counter() - t)
    step_s = time.perf_counter() - t_start

    result = {
        "kind": kind, "n": n, "steps": steps, "warmup": warmup, "seed": seed, "grid": grid,
        "n_mesa_agents": len(model.agents),
        "setup_s": setup_s,
        "step_s": step_s,
        "step_s_median": statistics.median(step_times) if step_times else None,
        "step_s_max": max(step_times) if step_times else None,
        "agent_steps_per_s": n * steps / step_s if steps else None,
        "rss_after_imports_bytes": rss_after_imports,
        "fixed_code_bytes": fixed_code_bytes,
        "peak_rss_after_imports_bytes": peak_after_imports,
        "rss_after_setup_bytes": rss_after_setup,
        "peak_rss_bytes": _peak_rss_bytes(),
    }
    result["peak_rss_minus_imports_bytes"] = result["peak_rss_bytes"] - rss_after_imports
    result["peak_rss_per_agent_bytes"] = result["peak_rss_minus_imports_bytes"] / n
    result["setup_rss_per_agent_bytes"] = (rss_after_setup - rss_after_imports) / n
    if trace:
        import tracemalloc

        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_bytes"] = peak
        result["tracemalloc_peak_per_agent_bytes"] = peak / n
    return result


def _run_worker(spec: dict, timeout: float | None = None) -> dict:
    """Run one configuration in a fresh interpreter and return its result dict."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {spec} failed (rc={proc.returncode}):\n{proc.stderr}")
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    raise RuntimeError(f"worker {spec} printed no result:\n{proc.stdout}\n{proc.stderr}")


# --------------------------------------------------------------------------------------------
# Driver side.
# --------------------------------------------------------------------------------------------
def _machine_info() -> dict:
    import mesa
    import numpy

    cpu_model = None
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "sim"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = None, None
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "numpy": numpy.__version__,
        "mesa": mesa.__version__,
        "cpu_count": os.cpu_count(),
        "cpu_affinity": affinity,
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "loadavg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "git_commit": commit,
        "sim_dirty": dirty,
        "sim_sha256_at_start": _sim_hash(),
    }


def _sim_hash() -> str:
    """Hash of the sim/ sources, to detect code changing under a running benchmark."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "sim").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _default_steps(n: int) -> int:
    return 20 if n <= 10_000 else 10


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _summarise(n: int, peer_runs: list[dict], wijk_runs: list[dict],
               trace: dict | None) -> dict:
    peer_rate = _median([r["agent_steps_per_s"] for r in peer_runs])
    wijk_rate = _median([r["agent_steps_per_s"] for r in wijk_runs])
    per_rep_ratios = [w["agent_steps_per_s"] / p["agent_steps_per_s"]
                      for p, w in zip(peer_runs, wijk_runs, strict=True)]
    wijk_mem = _median([r["peak_rss_per_agent_bytes"] for r in wijk_runs])
    return {
        "n": n,
        "steps": wijk_runs[0]["steps"],
        "warmup": wijk_runs[0]["warmup"],
        "reps": len(wijk_runs),
        "peer_agent_steps_per_s": peer_rate,
        "wijksim_resident_steps_per_s": wijk_rate,
        "ratio_wijksim_over_peer": wijk_rate / peer_rate,
        "ratio_per_rep": per_rep_ratios,
        "ratio_per_rep_median": statistics.median(per_rep_ratios),
        "peer_setup_s": _median([r["setup_s"] for r in peer_runs]),
        "wijksim_setup_s": _median([r["setup_s"] for r in wijk_runs]),
        "peer_step_s_median": _median([r["step_s_median"] for r in peer_runs]),
        "wijksim_step_s_median": _median([r["step_s_median"] for r in wijk_runs]),
        "peer_peak_rss_per_agent_bytes": _median([r["peak_rss_per_agent_bytes"]
                                                  for r in peer_runs]),
        "wijksim_peak_rss_per_resident_bytes": wijk_mem,
        "wijksim_peak_rss_mib": _median([r["peak_rss_bytes"] for r in wijk_runs]) / 2**20,
        "wijksim_rss_after_imports_mib": _median([r["rss_after_imports_bytes"]
                                                  for r in wijk_runs]) / 2**20,
        "wijksim_fixed_code_mib": _median([r["fixed_code_bytes"] for r in wijk_runs]) / 2**20,
        "wijksim_tracemalloc_peak_per_resident_bytes":
            trace["tracemalloc_peak_per_agent_bytes"] if trace else None,
        "meets_ratio_target": wijk_rate / peer_rate >= TARGET_RATIO,
        "meets_memory_target": (wijk_mem <= TARGET_BYTES_PER_RESIDENT_100K
                                if n >= 100_000 else None),
        "peer_runs": peer_runs,
        "wijksim_runs": wijk_runs,
        "wijksim_tracemalloc_run": trace,
    }


def _fmt_rate(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k"


def _fmt_bytes(b: float | None) -> str:
    return "-" if b is None else f"{b:,.0f} B ({b / 1024:.2f} KiB)"


def _before(row: dict) -> str:
    """The earlier tree's ratio to the peer and memory (``--before``), or a dash."""
    ratio = row.get("ratio_before_over_peer")
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x, {_fmt_bytes(row['before_peak_rss_per_resident_bytes'])}"


def _table(rows: list[dict]) -> str:
    lines = [
        "| N | steps | peer agent-steps/s | wijksim resident-steps/s | wijksim/peer "
        f"(target >= {TARGET_RATIO:.0f}) | per-rep ratios | peer setup s | wijksim setup s "
        "| wijksim peak RSS/resident | wijksim tracemalloc peak/resident "
        "| peer peak RSS/agent | before: ratio, peak RSS/resident |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ok_ratio = "ok" if r["meets_ratio_target"] else "MISS"
        mem_flag = {None: "", True: " ok", False: " MISS"}[r["meets_memory_target"]]
        ratios = ", ".join(f"{x:.2f}" for x in r["ratio_per_rep"])
        lines.append(
            f"| {r['n']:,} | {r['warmup']}+{r['steps']} | {_fmt_rate(r['peer_agent_steps_per_s'])}"
            f" | {_fmt_rate(r['wijksim_resident_steps_per_s'])}"
            f" | **{r['ratio_wijksim_over_peer']:.2f}x** {ok_ratio}"
            f" | {ratios} | {r['peer_setup_s']:.3f} | {r['wijksim_setup_s']:.3f}"
            f" | {_fmt_bytes(r['wijksim_peak_rss_per_resident_bytes'])}"
            f"{mem_flag}"
            f" | {_fmt_bytes(r['wijksim_tracemalloc_peak_per_resident_bytes'])}"
            f" | {_fmt_bytes(r['peer_peak_rss_per_agent_bytes'])}"
            f" | {_before(r)} |")
    return "\n".join(lines)


def _million_table(m: dict) -> str:
    return "\n".join([
        "| N | weeks | setup s | step s total | s/week (median) | resident-steps/s "
        "| peak RSS | peak RSS/resident |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {m['n']:,} | {m['steps']} | {m['setup_s']:.2f} | {m['step_s']:.1f} "
        f"| {m['step_s_median']:.3f} | {_fmt_rate(m['agent_steps_per_s'])} "
        f"| {m['peak_rss_bytes'] / 2**20:,.0f} MiB "
        f"| {_fmt_bytes(m['peak_rss_per_agent_bytes'])} |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--steps", type=int, default=None,
                        help="timed steps per config (default 20 at <=10k, 10 above)")
    parser.add_argument("--reps", type=int, default=3, help="fresh-process repetitions")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--million", action="store_true",
                        help="also build 1,000,000 residents and step 52 weeks")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    parser.add_argument("--before", type=Path, default=None, metavar="TREE",
                        help="also time the model in an earlier source tree (e.g. a git "
                             "worktree of an older commit), interleaved in the same run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = _worker(json.loads(args.worker))
        print(MARKER + json.dumps(result), flush=True)
        return 0

    machine = _machine_info()
    print(f"# wijksim vs Mesa BoltzmannWealth - {machine['date']}")
    print(f"python {machine['python']}, numpy {machine['numpy']}, mesa {machine['mesa']}, "
          f"{machine['cpu_count']} cpus ({machine['cpu_model']}), "
          f"load {machine['loadavg_at_start']}",
          flush=True)
    t_all = time.perf_counter()
    # compile the model's loops once (numba caches them on disk) so no timed worker compiles
    _run_worker({"kind": "wijksim", "n": TINY, "steps": 1, "warmup": 0, "seed": args.seed})
    rows = []
    for n in args.sizes:
        steps = args.steps if args.steps is not None else _default_steps(n)
        peer_runs, wijk_runs, before_runs = [], [], []
        kinds = [("peer", peer_runs), ("wijksim", wijk_runs)]
        if args.before:
            kinds.append(("before", before_runs))
        for rep in range(args.reps):
            for kind, runs in kinds:
                spec = {"kind": kind, "n": n, "steps": steps, "warmup": WARMUP_STEPS,
                        "seed": args.seed + rep}
                if kind == "before":
                    spec["tree"] = str(args.before.resolve())
                r = _run_worker(spec)
                runs.append(r)
                print(f"  n={n:>9,} rep {rep + 1}/{args.reps} {kind:8s} "
                      f"{_fmt_rate(r['agent_steps_per_s']):>8}/s  setup {r['setup_s']:.3f} s  "
                      f"peak RSS/agent {r['peak_rss_per_agent_bytes']:,.0f} B", flush=True)
        trace = None
        if not args.no_tracemalloc:
            trace = _run_worker({"kind": "wijksim", "n": n, "steps": 3, "warmup": WARMUP_STEPS,
                                 "seed": args.seed, "tracemalloc": True})
            print(f"  n={n:>9,} tracemalloc peak/resident "
                  f"{trace['tracemalloc_peak_per_agent_bytes']:,.0f} B", flush=True)
        rows.append(_summarise(n, peer_runs, wijk_runs, trace))
        if before_runs:
            before = _summarise(n, peer_runs, before_runs, None)
            rows[-1]["before_resident_steps_per_s"] = before["wijksim_resident_steps_per_s"]
            rows[-1]["ratio_before_over_peer"] = before["ratio_wijksim_over_peer"]
            rows[-1]["ratio_before_per_rep"] = before["ratio_per_rep"]
            rows[-1]["before_peak_rss_per_resident_bytes"] = before[
                "wijksim_peak_rss_per_resident_bytes"]
            rows[-1]["before_runs"] = before_runs
            print(f"  n={n:>9,} ratio to the peer: before {before['ratio_wijksim_over_peer']:.1f}x"
                  f", now {rows[-1]['ratio_wijksim_over_peer']:.1f}x", flush=True)

    million = None
    if args.million:
        print("  n=1,000,000: building and stepping 52 weeks (one fresh process) ...", flush=True)
        million = _run_worker({"kind": "wijksim", "n": 1_000_000, "steps": 52, "warmup": 0,
                               "seed": args.seed})

    total_s = time.perf_counter() - t_all
    machine["sim_sha256_at_end"] = _sim_hash()
    if machine["sim_sha256_at_end"] != machine["sim_sha256_at_start"]:
        print("\nWARNING: sim/ changed while the benchmark ran; figures mix code versions.")
    print()
    print(_table(rows))
    if million:
        print()
        print(_million_table(million))
    print()
    fixed = ", ".join(f"{r['wijksim_fixed_code_mib']:.0f} MiB" for r in rows)
    print(f"RSS figures: peak ru_maxrss minus RSS after imports and after a {TINY}-agent "
          f"instance loaded the model's code (wijksim's fixed cost of that: {fixed}), / N "
          f"(median of {args.reps}); tracemalloc: separate untimed run (setup + 5 steps). "
          f"1 KiB = 1024 B. Total benchmark wall time {total_s:.0f} s.")

    payload = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine,
        "targets": {"ratio_wijksim_over_peer_min": TARGET_RATIO,
                    "peak_rss_per_resident_at_100k_max_bytes": TARGET_BYTES_PER_RESIDENT_100K},
        "metric": "agent-steps (resident-steps) per second = N x timed steps / wall seconds of "
                  "stepping only; median of fresh-process repetitions, peer and wijksim "
                  "interleaved",
        "peer": "mesa.examples.BoltzmannWealth shipped step() (shuffle_do + DataCollector), "
                "grid ceil(sqrt N)^2",
        "sizes": rows,
        "million": million,
        "total_wall_s": total_s,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=2)
    args.out.write_text(text)
    stamp = machine["date"].replace(":", "").replace("+0000", "Z")
    (args.out.parent / f"bench-{stamp}{'-million' if args.million else ''}.json").write_text(text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
