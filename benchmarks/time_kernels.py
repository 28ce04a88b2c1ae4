"""Time single compiled passes of the weekly step on inputs captured from a settled model.

Usage::

    python benchmarks/time_kernels.py problems:_onset network:_update_ties [--n 100000]

Each ``module:function`` names a compiled loop in ``sim/`` (e.g. ``informal_care:_fill``). The
model is built (with its warm-up), then one week is stepped with the named functions wrapped so
that their arguments are copied; each is then run ``--reps`` times on fresh copies of those
arguments and the fastest time is printed. Whole-step noise on a shared machine is larger than
most single-pass changes; this isolates one pass. To compare two versions of a pass, time it
before and after the change in the same session (or import both and time them alternately).
"""

from __future__ import annotations

import argparse
import copy
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def capture(targets: list[tuple[str, str]], n: int, seed: int) -> dict:
    """The arguments of each target's first call in one settled week, and the real function."""
    from wijksim.sim import Params, WijkModel
    from wijksim.sim.params import with_changes

    armed = False
    calls: dict[tuple[str, str], list] = {target: [] for target in targets}
    real = {}
    for module_name, name in targets:
        module = importlib.import_module(f"wijksim.sim.{module_name}")
        function = real[(module_name, name)] = getattr(module, name)

        def wrapped(*args, _function=function, _key=(module_name, name)):
            if armed:  # the warm-up calls are not kept (they would fill the memory)
                calls[_key].append(copy.deepcopy(args))
            return _function(*args)
        setattr(module, name, wrapped)
    model = WijkModel(with_changes(Params(), {"population.n_residents": n}), seed=seed)
    armed = True
    model.step()
    return {target: (real[target], calls[target]) for target in targets}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("targets", nargs="+", help="module:function, e.g. problems:_onset")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    targets = []
    for text in args.targets:
        module_name, _, name = text.partition(":")
        if not name:
            parser.error(f"{text!r}: expected module:function, e.g. problems:_onset")
        try:
            module = importlib.import_module(f"wijksim.sim.{module_name}")
        except ModuleNotFoundError:
            parser.error(f"{text!r}: there is no module sim/{module_name}.py")
        if not callable(getattr(module, name, None)):
            parser.error(f"{text!r}: sim/{module_name}.py has no function {name}")
        targets.append((module_name, name))
    for (module_name, name), (function, calls) in capture(targets, args.n, args.seed).items():
        if not calls:
            print(f"{module_name}.{name}: not called in a baseline week")
            continue
        best = float("inf")
        for _ in range(args.reps):
            fresh = copy.deepcopy(calls[0])
            started = time.perf_counter()
            function(*fresh)
            best = min(best, time.perf_counter() - started)
        print(f"{module_name}.{name}: {best * 1e3:.3f} ms at {args.n:,} residents "
              f"(fastest of {args.reps}; called {len(calls)}x a week)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
