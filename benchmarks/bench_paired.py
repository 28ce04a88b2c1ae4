"""Paired step timing: an earlier tree's model and this tree's model stepped alternately.

Usage::

    python benchmarks/bench_paired.py --before /tmp/before [--sizes 10000 100000] [--steps 30]
                                      [--block 1]

Both models (the same size, each after its own warm-up) live in one process and step in turn
(earlier, now, earlier, now, ...); each pair's ratio of step times (earlier / now, so above 1
means this tree is faster) is taken and the median and quartiles over the pairs are reported.
Machine noise on a shared machine moves both models of a pair alike, so these ratios scatter far
less than separate runs do (``bench_model.py --before`` runs each model in its own process, for
memory; its ratios per repetition scattered from 0.6 to 1.2 on this machine in one run).

The earlier tree is any checkout (``git worktree add /tmp/before <commit>``) whose model lives in
``sim/`` (imported as ``sim``, before the ``wijksim`` package existed, or as ``wijksim.sim``): its
``sim/`` is copied under another package name so that both models can be imported at once.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EARLIER = "wijk_earlier"  # the package name the earlier tree's model is imported under


def import_earlier(tree: Path, into: Path):
    """The earlier tree's ``sim`` package, copied into ``into`` as ``wijk_earlier.sim``."""
    source = tree / "sim"
    if not (source / "model.py").is_file():
        raise SystemExit(f"--before {tree}: no sim/model.py there (expected a wijksim checkout)")
    package = into / EARLIER
    shutil.copytree(source, package / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__init__.py").write_text("")
    for path in (package / "sim").rglob("*.py"):
        text = path.read_text()
        # both layouts: "from sim.x import" (top-level sim) and "from wijksim.sim[.x] import"
        # (the latter with or without a module after it: "from wijksim.sim import network")
        text = re.sub(r"\bwijksim\.sim\b", f"{EARLIER}.sim", text)
        text = re.sub(r"(?<![\w.])sim\.", f"{EARLIER}.sim.", text)
        text = re.sub(r"^(\s*)(from|import) sim\b", rf"\1\2 {EARLIER}.sim", text, flags=re.M)
        path.write_text(text)
    sys.path.insert(0, str(into))
    import importlib

    return importlib.import_module(f"{EARLIER}.sim"), importlib.import_module(
        f"{EARLIER}.sim.params")


def build(sim, params_module, n: int):
    """A model of ``n`` residents with a one-year warm-up where the tree has that setting."""
    params = params_module.with_changes(sim.Params(), {"population.n_residents": n})
    try:
        params = params_module.with_changes(params, {"simulation.warmup_years": 1})
    except Exception:  # an earlier tree without a warm-up setting
        pass
    return sim.WijkModel(params, seed=7)


def paired(earlier, now, steps: int, block: int = 1) -> dict:
    """Step both models in turn; per-pair ratios of step times (earlier / now).

    With ``block`` above 1 each model takes ``block`` steps in a row and only the last
    ``block - 1`` are timed (their mean is the pair's time): a run steps one model after
    another, so its columns are partly still in the processor's caches from its last step,
    which alternating single steps of two models never allows.
    """
    for _ in range(2):  # untimed: compiled code loaded, caches warm
        earlier.step()
        now.step()
    t_earlier, t_now = [], []
    for _ in range(steps):
        t_earlier.append(_block_time(earlier, block))
        t_now.append(_block_time(now, block))
    ratios = [a / b for a, b in zip(t_earlier, t_now, strict=True)]
    quartiles = statistics.quantiles(ratios, n=4)
    return {"earlier_ms": statistics.median(t_earlier) * 1e3,
            "now_ms": statistics.median(t_now) * 1e3, "ratio": statistics.median(ratios),
            "q1": quartiles[0], "q3": quartiles[2]}


def _block_time(model, block: int) -> float:
    """Mean time of a model's steps in a block of ``block`` steps (the first untimed if more)."""
    if block > 1:
        model.step()
    timed = max(block - 1, 1)
    start = time.perf_counter()
    for _ in range(timed):
        model.step()
    return (time.perf_counter() - start) / timed


def main(argv: list[str] | None = None) -> int:
    """Run the paired timing for each size and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the earlier checkout")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--steps", type=int, default=30, help="timed pairs per size")
    parser.add_argument("--block", type=int, default=1,
                        help="steps of one model in a row, the first untimed (default 1: "
                             "the models alternate step by step)")
    args = parser.parse_args(argv)
    if args.steps < 4:
        parser.error(f"--steps {args.steps}: at least 4 pairs are needed for quartiles")
    from wijksim import sim as now_sim
    from wijksim.sim import params as now_params

    with tempfile.TemporaryDirectory() as scratch:
        earlier_sim, earlier_params = import_earlier(args.before.resolve(), Path(scratch))
        print("| residents | earlier ms/step | now ms/step | speed now / earlier: median "
              "(quartiles) of pairs |")
        print("|---:|---:|---:|---|")
        for n in args.sizes:
            result = paired(build(earlier_sim, earlier_params, n),
                            build(now_sim, now_params, n), args.steps, args.block)
            print(f"| {n:,} | {result['earlier_ms']:.1f} | {result['now_ms']:.1f} | "
                  f"{result['ratio']:.2f} ({result['q1']:.2f}-{result['q3']:.2f}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
