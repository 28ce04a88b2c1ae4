"""Memory of a growing sweep: the parent's peak memory for a small and a ten times larger sweep.

Usage::

    python benchmarks/bench_sweep_memory.py [--small 20] [--large 200]

Each sweep runs in a fresh ``wijksim sweep`` process with the ``serial`` executor, so every run
happens in that one process and anything a sweep kept in memory would show in its peak. Results
are streamed to disk, so the peak should not grow with the number of runs. Runs are tiny
(200 residents, 0.2 years) so that bookkeeping, not the model, dominates.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIJKSIM = Path(sys.executable).parent / "wijksim"


def peak_mib(runs: int, folder: Path) -> float:
    """Peak RSS (MiB) of a `wijksim sweep` process running ``runs`` tiny runs serially."""
    experiment = folder / f"mem_{runs}.yaml"
    experiment.write_text(
        f"name: mem_{runs}\nscenarios: [{ROOT / 'scenarios' / 'baseline.yaml'}]\nyears: 0.2\n"
        f"residents: 200\nreplications: {runs}\nmaster_seed: 5\n", encoding="utf-8")
    script = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    output = subprocess.run(
        [sys.executable, "-c", script, str(WIJKSIM), "sweep", str(experiment), "--executor",
         "serial", "--no-progress", "--out", str(folder / f"out_{runs}")],
        check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return int(output.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small, large = peak_mib(args.small, folder), peak_mib(args.large, folder)
    print(f"| runs | peak RSS of the sweep process |\n|---:|---:|\n| {args.small} | "
          f"{small:.0f} MiB |\n| {args.large} | {large:.0f} MiB |")
    print(f"growth for {args.large / args.small:.0f}x the runs: {large - small:+.0f} MiB "
          f"({(large / small - 1):+.1%})")


if __name__ == "__main__":
    main()
