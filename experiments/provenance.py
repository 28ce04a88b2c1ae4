"""Provenance of a run: versions, commit, model source hash, scenario hash, seed, parameters."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from wijksim.sim.params import Timeline

PACKAGES = ("wijksim", "mesa", "numpy", "pandas", "pydantic", "pyyaml", "pyarrow")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape a run's results."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(directory: Path | None = None) -> str:
    """The git commit of the code (with ``+dirty`` when there are uncommitted changes)."""
    where = directory or Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=where, capture_output=True, text=True, check=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return commit + ("+dirty" if dirty else "")


# Packages whose versions can change a run's numbers (random streams, compiled kernels).
RESULT_PACKAGES = ("numpy", "numba", "mesa")


def model_source_hash(root: Path | None = None) -> str:
    """SHA-256 (16 hex digits) of the model's source: every ``.py`` file under ``sim/``.

    Computed from the files themselves, so it changes with any edit of the model, committed or
    not, and does not change when only docs, tests or the interfaces change. ``root`` is the
    model's folder (default: the imported ``sim`` package).
    """
    if root is None:
        from wijksim import sim
        root = Path(sim.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# The code, besides ``sim/``, that turns a municipality's table and its neighbourhoods' runs into
# stored rows: building the neighbourhoods from the table's rows, running them together, and
# making the municipal rows from theirs.
MUNICIPAL_MODULES = ("wijksim.experiments.neighbourhood_table",
                     "wijksim.experiments.municipality", "wijksim.analysis.municipal")


def source_files_hash(paths: list[Path]) -> str:
    """SHA-256 (16 hex digits) of these files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def municipal_code_hash() -> str:
    """:func:`source_files_hash` of the modules in :data:`MUNICIPAL_MODULES`.

    Part of the key of every stored municipal run (the code version covers ``sim/`` only), so
    an edit of how a municipality is built, run or added up never reuses rows made by the old
    code. Comments count too: an edited comment makes the runs again (time lost, never a wrong
    result). Cached per process: the code cannot change under a running process.
    """
    return source_files_hash([Path(importlib.util.find_spec(name).origin)
                              for name in MUNICIPAL_MODULES])


@functools.cache
def git_commit_of_process() -> str:
    """:func:`git_commit` of this checkout, asked once per process (cheap for many runs)."""
    return git_commit()


@functools.cache
def code_version() -> str:
    """The code a run's results depend on: model source hash and result-shaping packages.

    Part of every result key.
    An edited model, committed or not, gives new keys, so a sweep never reuses results of other
    code. Cached per process: the model cannot change under a running process.
    """
    versions = package_versions()
    packages = ",".join(f"{name}={versions.get(name) or _version(name)}"
                        for name in RESULT_PACKAGES)
    return f"sim-{model_source_hash()};{packages}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def timeline_parameters(timeline: Timeline) -> list[dict]:
    """Every stage of a timeline as plain data: the week it starts and all parameters."""
    return [{"week": week, "parameters": params.model_dump(mode="json")}
            for week, params in timeline.stages]


def timeline_hash(timeline: Timeline) -> str:
    """A short stable hash of the full parameters over time (what the run really used)."""
    canonical = json.dumps(timeline_parameters(timeline), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def manifest(scenario_name: str, scenario_source: str, timeline: Timeline, seed: int,
             weeks: int) -> dict:
    """The provenance manifest written beside a run's results."""
    return {
        "scenario": scenario_name,
        "scenario_file": scenario_source,
        "scenario_hash": timeline_hash(timeline),
        "seed": seed,
        "weeks": weeks,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "code_version": code_version(),
        "versions": package_versions(),
        "parameters": timeline_parameters(timeline),
    }
