"""Provenance of a run: package versions, git commit, scenario hash, seed, full parameters."""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from sim.params import Timeline

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


@functools.cache
def code_version() -> str:
    """The git commit of the code without ``+dirty``, or ``"unknown"`` (part of result keys)."""
    commit = git_commit()
    return "unknown" if commit.startswith("unknown") else commit.removesuffix("+dirty")


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
        "versions": package_versions(),
        "parameters": timeline_parameters(timeline),
    }
